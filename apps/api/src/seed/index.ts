import { addDays, classDays, mondayOf, parisDateTime, schoolCalendar, schoolYearOf } from '@preau/core';
import { hashPassword } from '../auth/password.js';
import { insertRows } from '../db/index.js';
import { refreshStatistics } from '../db/statistics.js';
import type { Db } from '../db/types.js';
import { derivedId } from '../ids.js';
import { DEMO_ACCESS_CODE, DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.js';
import type { DemoPeople, SeedContext, SeedModule, SeedScale } from './context.js';
import { SEED_MODULES } from './modules.js';
import { LoginBook } from './people.js';
import { loadReferenceData, type ReferenceEtablissement } from './reference.js';
import { Rng } from './rng.js';
import { populateSchool } from './school.js';
import type { SeededSchool, SeedRows, SeedUser } from './school-types.js';

export { DEMO_ACCESS_CODE, DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.js';
export type { DemoPeople, SeedContext, SeedModule, SeedScale } from './context.js';
export { SEED_SCALES } from './context.js';

/** The demo collège: Robert Schuman, Reims (one of the Marne's three pilot collèges of 2011). */
export const DEMO_UAI = '0511085C';
/** Académie de Reims (Ardennes, Aube, Marne, Haute-Marne) and the Aisne (académie d'Amiens). */
export const DEMO_DEPARTEMENTS = ['008', '010', '051', '052', '002'] as const;
export const DEFAULT_SEED = 20110930; // the Marne's pilot was signed on 30 September 2011

export interface SeedOptions {
  scale: SeedScale;
  /** Same seed, same data. */
  seed?: number;
  /** Today (YYYY-MM-DD); the school year is the one it falls in (before 1 September: the previous one). */
  today: string;
  /** Area modules to run (default: all registered ones). */
  modules?: readonly SeedModule[];
  /** Password hashing (default: the API's scrypt). */
  hashSecret?: (secret: string) => Promise<string>;
  /** The data directory, for stores outside PostgreSQL (usage events in DuckDB). */
  dataDir?: string;
}

export interface SeedSummary {
  scale: SeedScale;
  seed: number;
  schoolYear: number;
  /** Rows per table after seeding. */
  counts: Record<string, number>;
  /** Milliseconds spent generating in memory, inserting, and in area modules. */
  timings: {
    generate: number;
    insert: number;
    modules: number;
    total: number;
    byModule: Record<string, number>;
  };
}

/** Thrown when the database already holds data: the demo data is loaded into an empty database only. */
export class SeedRefusedError extends Error {
  constructor() {
    super(
      'La base contient déjà des données : les données de démonstration ne sont chargées que dans une base vide ' +
        '(npm run seed -- --reset pour tout effacer). / The database is not empty: demo data is only loaded into ' +
        'an empty database (npm run seed -- --reset erases everything).',
    );
    this.name = 'SeedRefusedError';
  }
}

/** Whether the database holds no établissement and no user yet. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.query<{ used: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM etablissements) OR EXISTS (SELECT 1 FROM users) AS used',
  );
  return !row?.used;
}

/** Everything the generator makes before touching the database: a pure function of the options. */
export interface GeneratedDemo {
  schoolYear: number;
  schools: SeededSchool[];
  rows: SeedRows;
  demo: DemoPeople;
}

/** Generates the demo population in memory (deterministic from `seed` and `today`). */
export function generateDemo(options: Pick<SeedOptions, 'scale' | 'seed' | 'today'>): GeneratedDemo {
  const seed = options.seed ?? DEFAULT_SEED;
  const root = new Rng(seed);
  const schoolYear = schoolYearOf(options.today);
  const calendar = schoolCalendar(schoolYear);
  const ref = loadReferenceData();
  const demoRef = ref.etablissements.find((e) => e.uai === DEMO_UAI);
  if (!demoRef) throw new Error(`reference data lacks the demo collège ${DEMO_UAI}`);

  const populated: ReferenceEtablissement[] = [demoRef];
  if (options.scale === 'academie') {
    const deps = new Set<string>(DEMO_DEPARTEMENTS);
    populated.push(...ref.etablissements.filter((e) => deps.has(e.departementCode) && e.uai !== DEMO_UAI));
  }
  // Beyond the demo collège, séances cover the weeks around today (attendance and the cahier de textes need the
  // recent past and the coming days); the demo collège has the whole year.
  const window = {
    from: addDays(mondayOf(options.today), -14),
    to: addDays(mondayOf(options.today), 11),
  };
  const rows: SeedRows = { users: [], guardianships: [] };
  const logins = new LoginBook();
  for (const account of DEMO_ACCOUNTS) logins.reserve(account.login);
  const days = classDays(calendar);
  const schools = populated.map((e) =>
    populateSchool(e, {
      rng: root.fork(`school/${e.uai}`),
      schoolYear,
      calendar,
      classDays: days,
      logins,
      rows,
      demo: e.uai === DEMO_UAI,
      timetableRange: e.uai === DEMO_UAI ? undefined : window,
    }),
  );
  const demo = pickDemoPeople(schools[0]!, rows, root.fork('territorial'));
  return { schoolYear, schools, rows, demo };
}

/** Gives the demo logins to people of the demo collège, and adds the territorial analysts and inspector. */
function pickDemoPeople(school: SeededSchool, rows: SeedRows, rng: Rng): DemoPeople {
  const byId = new Map(rows.users.map((u) => [u.id, u]));
  const childrenOf = new Map<string, string[]>();
  for (const s of school.students) {
    for (const g of s.guardianIds) childrenOf.set(g, [...(childrenOf.get(g) ?? []), s.id]);
  }
  const student =
    school.students.find(
      (s) =>
        s.level === '4e' &&
        s.guardianIds.length === 2 &&
        (childrenOf.get(s.guardianIds[0]!)?.length ?? 0) >= 2,
    ) ?? school.students.find((s) => s.level === '4e')!;
  const guardianId = student.guardianIds[0]!;
  const siblingId = (childrenOf.get(guardianId) ?? []).find((id) => id !== student.id) ?? student.id;
  const cls = school.classes.find((c) => c.id === student.classId)!;
  const teacherId = cls.headTeacherId!;
  const set = (id: string, login: string) => {
    byId.get(id)!.login = login;
  };
  set(student.id, 'eleve.demo');
  set(guardianId, 'parent.demo');
  set(teacherId, 'prof.demo');
  set(school.cpeIds[0]!, 'cpe.demo');
  set(school.principalId, 'principal.demo');
  set(school.adjointId!, 'adjoint.demo');

  const territorial: Record<string, string> = {};
  const scoped: [string, SeedUser['profile'], SeedUser['scopeKind'], string | null, string, string][] = [
    ['analyste.reims', 'analyst', 'academie', '19', 'Hélène', 'Jacquemin'],
    ['analyste.amiens', 'analyst', 'academie', '20', 'Yannick', 'Delattre'],
    ['analyste.marne', 'analyst', 'departement', '051', 'Bruno', 'Lallement'],
    ['analyste.national', 'analyst', 'national', null, 'Cécile', 'Vasseur'],
    ['inspecteur.reims', 'inspector', 'academie', '19', 'Patrice', 'Gobert'],
  ];
  for (const [login, profile, scopeKind, scopeCode, firstName, lastName] of scoped) {
    const id = derivedId('u', `${rng.name}/${login}/${rng.int(1000, 9999)}`);
    territorial[login] = id;
    rows.users.push({
      id,
      login,
      firstName,
      lastName,
      profile,
      functions: [],
      uai: null,
      scopeKind,
      scopeCode,
    });
  }
  return {
    studentId: student.id,
    siblingId,
    guardianId,
    teacherId,
    classId: cls.id,
    cpeId: school.cpeIds[0]!,
    principalId: school.principalId,
    adjointId: school.adjointId!,
    territorial,
  };
}

/**
 * Loads the demo data into an empty, migrated database, in one transaction: the national reference list of
 * établissements, the generated people, classes and timetable, then each registered area module.
 * Refuses (SeedRefusedError) when the database already holds data.
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedSummary> {
  const t0 = performance.now();
  if (!(await isDatabaseEmpty(db))) throw new SeedRefusedError();
  const seed = options.seed ?? DEFAULT_SEED;
  const hash = options.hashSecret ?? hashPassword;
  // scrypt is slow on purpose: two hashes in all (started now, they run while the generator works).
  const hashes = Promise.all([hash(DEMO_PASSWORD), hash(DEMO_ACCESS_CODE)]);
  const generated = generateDemo({ scale: options.scale, seed, today: options.today });
  const [passwordHash, accessCodeHash] = await hashes;
  const t1 = performance.now();

  const demoLogins = new Set(DEMO_ACCOUNTS.map((a) => a.login));
  const { rows, schools } = generated;
  // The accounts were opened the week before the school year began (never after `today`).
  const accountsOpenedAt = parisDateTime(addDays(`${generated.schoolYear}-09-01`, -7), '08:00');
  let t2 = 0;
  const byModule: Record<string, number> = {};
  await db.transaction(async (tx) => {
    const insert = (table: string, columns: readonly string[], data: readonly (readonly unknown[])[]) =>
      insertRows(tx, table, columns, data);
    await insertReference(insert);
    await insert(
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
        'access_code_hash',
        'must_change_password',
        'created_at',
      ],
      rows.users.map((u) => {
        const isDemo = demoLogins.has(u.login);
        return [
          u.id,
          u.login,
          u.firstName,
          u.lastName,
          u.profile,
          u.functions,
          u.uai,
          u.scopeKind,
          u.scopeCode,
          isDemo ? passwordHash : null,
          isDemo ? null : accessCodeHash,
          !isDemo,
          accountsOpenedAt,
        ];
      }),
    );
    await insert(
      'classes',
      ['id', 'uai', 'kind', 'name', 'level', 'school_year', 'period_scheme', 'head_teacher_id'],
      schools.flatMap((s) =>
        s.classes.map((c) => [
          c.id,
          s.uai,
          c.kind,
          c.name,
          c.level,
          generated.schoolYear,
          c.periodScheme,
          c.headTeacherId,
        ]),
      ),
    );
    await insert(
      'enrolments',
      ['class_id', 'student_id'],
      schools.flatMap((s) => s.classes.flatMap((c) => c.studentIds.map((id) => [c.id, id]))),
    );
    await insert(
      'guardianships',
      ['student_id', 'guardian_id', 'relation'],
      rows.guardianships.map((g) => [g.studentId, g.guardianId, g.relation]),
    );
    await insert(
      'subjects',
      ['id', 'uai', 'code', 'name', 'coefficient'],
      schools.flatMap((s) => s.subjects.map((x) => [x.id, s.uai, x.code, x.name, x.coefficient])),
    );
    await insert(
      'teaching_assignments',
      ['id', 'teacher_id', 'class_id', 'subject_id'],
      schools.flatMap((s) => s.assignments.map((a) => [a.id, a.teacherId, a.classId, a.subjectId])),
    );
    await insert(
      'periods',
      ['id', 'uai', 'school_year', 'scheme', 'number', 'name', 'starts_on', 'ends_on', 'grades_deadline'],
      schools.flatMap((s) =>
        s.periods.map((p) => [
          p.id,
          s.uai,
          generated.schoolYear,
          p.scheme,
          p.number,
          p.name,
          p.startsOn,
          p.endsOn,
          p.gradesDeadline,
        ]),
      ),
    );
    await insert(
      'seances',
      ['id', 'class_id', 'subject_id', 'teacher_id', 'starts_at', 'ends_at', 'room'],
      schools.flatMap((s) =>
        s.seances.map((x) => [x.id, x.classId, x.subjectId, x.teacherId, x.startsAt, x.endsAt, x.room]),
      ),
    );
    // The area modules read what was just inserted: the planner needs statistics on it (see refreshStatistics).
    await tx.exec('ANALYZE');
    t2 = performance.now();

    const root = new Rng(seed);
    const users = new Map(rows.users.map((u) => [u.id, u]));
    for (const module of options.modules ?? SEED_MODULES) {
      const ctx: SeedContext = {
        db: tx,
        insert,
        rng: root.fork(`module/${module.name}`),
        scale: options.scale,
        seed,
        today: options.today,
        schoolYear: generated.schoolYear,
        calendar: schoolCalendar(generated.schoolYear),
        schools,
        demoSchool: schools[0]!,
        demo: generated.demo,
        users,
        dataDir: options.dataDir,
      };
      try {
        const started = performance.now();
        await module.run(ctx);
        byModule[module.name] = Math.round(performance.now() - started);
      } catch (err) {
        throw new Error(`seed module "${module.name}" failed: ${(err as Error).message}`, { cause: err });
      }
    }
  });
  await refreshStatistics(db, { everything: true });
  const t3 = performance.now();
  return {
    scale: options.scale,
    seed,
    schoolYear: generated.schoolYear,
    counts: await countRows(db),
    timings: {
      generate: Math.round(t1 - t0),
      insert: Math.round(t2 - t1),
      modules: Math.round(t3 - t2),
      total: Math.round(t3 - t0),
      byModule,
    },
  };
}

type Insert = (
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
) => Promise<void>;

/** Académies, départements and every collège and lycée of France (the national map and benchmarks need them). */
async function insertReference(insert: Insert): Promise<void> {
  const ref = loadReferenceData();
  await insert(
    'academies',
    ['code', 'name'],
    ref.academies.map((a) => [a.code, a.name]),
  );
  await insert(
    'departements',
    ['code', 'name', 'academie_code', 'region_code', 'region_name'],
    ref.departements.map((d) => [d.code, d.name, d.academieCode, d.regionCode, d.regionName]),
  );
  await insert(
    'etablissements',
    [
      'uai',
      'name',
      'kind',
      'sector',
      'commune',
      'departement_code',
      'latitude',
      'longitude',
      'student_count',
    ],
    ref.etablissements.map((e) => [
      e.uai,
      e.name,
      e.kind,
      e.sector,
      e.commune,
      e.departementCode,
      e.latitude,
      e.longitude,
      e.studentCount,
    ]),
  );
}

/** The application's tables (every table of the schema but the migrations record). */
export async function applicationTables(db: Db): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
      ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** Rows per application table. */
export async function countRows(db: Db): Promise<Record<string, number>> {
  const tables = await applicationTables(db);
  if (tables.length === 0) return {};
  const rows = await db.query<{ t: string; n: number }>(
    tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

/** Empties every application table (the schema and its migrations stay). */
export async function eraseAllData(db: Db): Promise<void> {
  const tables = await applicationTables(db);
  if (tables.length > 0) await db.exec(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} CASCADE`);
}
