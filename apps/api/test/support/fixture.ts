import { hashPassword } from '../../src/auth/password.js';
import { type Db, insertRows } from '../../src/db/index.js';

/**
 * A small, deterministic school world for API tests, with known logins and passwords:
 * - établissement `a` (Terres Rouges, Épernay, Marne) and `b` (Marie-Hélène Cardot, Douzy, Ardennes) in the
 *   académie de Reims; `c` (Charlemagne, Laon, Aisne) in the académie d'Amiens;
 * - in each: classes 4e A and 3e B; students s1, s2 (4e A) and s3 (3e B), each with two guardians
 *   (`s1a`, `s1b`…); a maths teacher (professeur principal of 4e A, teaches 4e A) and a French teacher (teaches
 *   3e B only); one séance for each; a CPE; a principal;
 * - analysts (national, académie de Reims, Marne) and an inspector of the académie de Reims;
 * - `newcomer` (a guardian in `a`) who has only an issued access code.
 * Every user but the newcomer signs in with `FIXTURE_PASSWORD`.
 */
export const FIXTURE_PASSWORD = 'Préau-fixture-2026';
export const FIXTURE_ACCESS_CODE = 'K7P2-QX9M-4TLB';
export const SCHOOL_YEAR = 2026;

export interface FxUser {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
}

export interface SchoolFixture {
  key: 'a' | 'b' | 'c';
  uai: string;
  name: string;
  departement: string;
  academie: string;
  classes: { c4a: string; c3b: string };
  subjects: { maths: string; francais: string };
  seances: { maths4a: string; francais3b: string };
  students: { s1: FxUser; s2: FxUser; s3: FxUser };
  guardians: { s1a: FxUser; s1b: FxUser; s2a: FxUser; s2b: FxUser; s3a: FxUser; s3b: FxUser };
  teachers: { maths: FxUser; francais: FxUser };
  cpe: FxUser;
  principal: FxUser;
}

export interface Fixture {
  password: string;
  accessCode: string;
  schools: { a: SchoolFixture; b: SchoolFixture; c: SchoolFixture };
  analysts: { national: FxUser; academie: FxUser; departement: FxUser };
  inspector: FxUser;
  newcomer: FxUser;
}

const SCHOOLS = [
  { key: 'a', uai: '0511327R', name: 'Collège Terres Rouges', commune: 'Épernay', dep: '051', aca: '19' },
  { key: 'b', uai: '0080016Z', name: 'Collège Marie-Hélène Cardot', commune: 'Douzy', dep: '008', aca: '19' },
  { key: 'c', uai: '0020090M', name: 'Collège Charlemagne', commune: 'Laon', dep: '002', aca: '20' },
] as const;

let hashes: Promise<[string, string]> | undefined;
/** Hashed once per test process: scrypt is slow on purpose. */
const fixtureHashes = () => {
  hashes ??= Promise.all([hashPassword(FIXTURE_PASSWORD), hashPassword(FIXTURE_ACCESS_CODE)]);
  return hashes;
};

export async function loadFixture(db: Db): Promise<Fixture> {
  const [passwordHash, codeHash] = await fixtureHashes();
  const users: unknown[][] = [];
  const person = (
    id: string,
    firstName: string,
    lastName: string,
    profile: string,
    extra: { functions?: string[]; uai?: string | null; scopeKind?: string; scopeCode?: string | null } = {},
  ): FxUser => {
    const login = id.replace(/_/g, '.');
    users.push([
      id,
      login,
      firstName,
      lastName,
      profile,
      extra.functions ?? [],
      extra.uai ?? null,
      extra.scopeKind ?? null,
      extra.scopeCode ?? null,
      passwordHash,
      false,
    ]);
    return { id, login, firstName, lastName };
  };

  await db.query("INSERT INTO academies (code, name) VALUES ('19', 'Reims'), ('20', 'Amiens')");
  await db.query(
    `INSERT INTO departements (code, name, academie_code, region_code, region_name) VALUES
       ('051', 'Marne', '19', '44', 'Grand Est'), ('008', 'Ardennes', '19', '44', 'Grand Est'),
       ('002', 'Aisne', '20', '32', 'Hauts-de-France')`,
  );
  await insertRows(
    db,
    'etablissements',
    ['uai', 'name', 'kind', 'sector', 'commune', 'departement_code'],
    SCHOOLS.map((s) => [s.uai, s.name, 'college', 'public', s.commune, s.dep]),
  );

  const classes: unknown[][] = [];
  const subjects: unknown[][] = [];
  const enrolments: unknown[][] = [];
  const guardianships: unknown[][] = [];
  const assignments: unknown[][] = [];
  const seances: unknown[][] = [];
  const schools = {} as Fixture['schools'];

  for (const s of SCHOOLS) {
    const k = s.key;
    const uai = { uai: s.uai };
    const st = (n: number, first: string) =>
      person(`${k}_eleve${n}`, first, `Élève${k.toUpperCase()}${n}`, 'student', uai);
    const students = { s1: st(1, 'Camille'), s2: st(2, 'Lucas'), s3: st(3, 'Inès') };
    const g = (n: number, side: 'a' | 'b', first: string) =>
      person(`${k}_parent${n}${side}`, first, `Élève${k.toUpperCase()}${n}`, 'guardian', uai);
    const guardians = {
      s1a: g(1, 'a', 'Sophie'),
      s1b: g(1, 'b', 'Marc'),
      s2a: g(2, 'a', 'Nadia'),
      s2b: g(2, 'b', 'Karim'),
      s3a: g(3, 'a', 'Claire'),
      s3b: g(3, 'b', 'Paul'),
    };
    const teachers = {
      maths: person(`${k}_prof_maths`, 'Hélène', `Maths${k.toUpperCase()}`, 'teacher', {
        ...uai,
        functions: ['professeur_principal'],
      }),
      francais: person(`${k}_prof_francais`, 'Julien', `Français${k.toUpperCase()}`, 'teacher', uai),
    };
    const cpe = person(`${k}_cpe`, 'Martine', `Cpe${k.toUpperCase()}`, 'vie_scolaire', {
      ...uai,
      functions: ['cpe'],
    });
    const principal = person(`${k}_principal`, 'Bernard', `Principal${k.toUpperCase()}`, 'direction', {
      ...uai,
      functions: ['principal'],
    });
    const ids = {
      c4a: `${k}_cls_4a`,
      c3b: `${k}_cls_3b`,
      maths: `${k}_sub_maths`,
      francais: `${k}_sub_francais`,
      maths4a: `${k}_sea_maths_4a`,
      francais3b: `${k}_sea_francais_3b`,
    };
    classes.push(
      [ids.c4a, s.uai, 'classe', '4e A', '4e', SCHOOL_YEAR, teachers.maths.id],
      [ids.c3b, s.uai, 'classe', '3e B', '3e', SCHOOL_YEAR, null],
    );
    subjects.push(
      [ids.maths, s.uai, 'MATHS', 'Mathématiques', 3],
      [ids.francais, s.uai, 'FRANC', 'Français', 3],
    );
    enrolments.push([ids.c4a, students.s1.id], [ids.c4a, students.s2.id], [ids.c3b, students.s3.id]);
    for (const n of [1, 2, 3] as const) {
      const stu = students[`s${n}`];
      guardianships.push([stu.id, guardians[`s${n}a`].id, 'mere'], [stu.id, guardians[`s${n}b`].id, 'pere']);
    }
    assignments.push(
      [`${k}_ta_maths_4a`, teachers.maths.id, ids.c4a, ids.maths],
      [`${k}_ta_francais_3b`, teachers.francais.id, ids.c3b, ids.francais],
    );
    seances.push(
      [
        ids.maths4a,
        ids.c4a,
        ids.maths,
        teachers.maths.id,
        '2026-11-16T08:00:00+01:00',
        '2026-11-16T09:00:00+01:00',
        'B12',
      ],
      [
        ids.francais3b,
        ids.c3b,
        ids.francais,
        teachers.francais.id,
        '2026-11-16T10:00:00+01:00',
        '2026-11-16T11:00:00+01:00',
        'A03',
      ],
    );
    schools[k] = {
      key: k,
      uai: s.uai,
      name: s.name,
      departement: s.dep,
      academie: s.aca,
      classes: { c4a: ids.c4a, c3b: ids.c3b },
      subjects: { maths: ids.maths, francais: ids.francais },
      seances: { maths4a: ids.maths4a, francais3b: ids.francais3b },
      students,
      guardians,
      teachers,
      cpe,
      principal,
    };
  }

  const analysts = {
    national: person('analyste_national', 'Anne', 'National', 'analyst', { scopeKind: 'national' }),
    academie: person('analyste_reims', 'Yves', 'Rectorat', 'analyst', {
      scopeKind: 'academie',
      scopeCode: '19',
    }),
    departement: person('analyste_marne', 'Lise', 'Departement', 'analyst', {
      scopeKind: 'departement',
      scopeCode: '051',
    }),
  };
  const inspector = person('inspecteur_reims', 'Hugo', 'Inspecteur', 'inspector', {
    scopeKind: 'academie',
    scopeCode: '19',
  });
  const newcomer = person('a_nouveau_parent', 'Zoé', 'Nouvelle', 'guardian', { uai: SCHOOLS[0].uai });
  const last = users[users.length - 1]!;
  last[9] = null; // no password yet…
  last[10] = true; // …and a new one to choose

  await insertRows(
    db,
    'users',
    [
      'id',
      'login',
      'first_name',
      'last_name',
      'profile',
      'functions',
      'uai',
      'scope_kind',
      'scope_code',
      'password_hash',
      'must_change_password',
    ],
    users,
  );
  await db.query('UPDATE users SET access_code_hash = $2 WHERE id = $1', [newcomer.id, codeHash]);
  // Accounts opened before the school year (a fixed day: the database's own clock is not the test's).
  await db.query("UPDATE users SET created_at = '2026-08-25T06:00:00Z'");
  await insertRows(
    db,
    'classes',
    ['id', 'uai', 'kind', 'name', 'level', 'school_year', 'head_teacher_id'],
    classes,
  );
  await insertRows(db, 'subjects', ['id', 'uai', 'code', 'name', 'coefficient'], subjects);
  await insertRows(db, 'enrolments', ['class_id', 'student_id'], enrolments);
  await insertRows(db, 'guardianships', ['student_id', 'guardian_id', 'relation'], guardianships);
  await insertRows(db, 'teaching_assignments', ['id', 'teacher_id', 'class_id', 'subject_id'], assignments);
  await insertRows(
    db,
    'seances',
    ['id', 'class_id', 'subject_id', 'teacher_id', 'starts_at', 'ends_at', 'room'],
    seances,
  );
  return {
    password: FIXTURE_PASSWORD,
    accessCode: FIXTURE_ACCESS_CODE,
    schools,
    analysts,
    inspector,
    newcomer,
  };
}
