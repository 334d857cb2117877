import {
  EtablissementSchema,
  isValidUai,
  PeriodSchema,
  parisToday,
  SchoolClassSchema,
  SeanceSchema,
  SubjectSchema,
  schoolCalendar,
  schoolYearOf,
  UserSchema,
} from '@preau/core';
import { suiteClock } from '@preau/core/testing/suite-clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/password.js';
import type { Db } from '../src/db/index.js';
import {
  DEMO_ACCESS_CODE,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  DEMO_UAI,
  eraseAllData,
  generateDemo,
  type SeedContext,
  SeedRefusedError,
  seedDemo,
} from '../src/seed/index.js';
import { loadReferenceData } from '../src/seed/reference.js';
import { freshDb, testEngine } from './support/db.js';

/** The day the demo data is generated for: the suite's date (`PREAU_TEST_CLOCK`, else today). */
const TODAY = parisToday(suiteClock());
const YEAR = schoolYearOf(TODAY);
const CALENDAR = schoolCalendar(YEAR);

describe('reference data', () => {
  const ref = loadReferenceData();

  it('lists every académie and département, and all collèges and lycées with valid UAIs', () => {
    expect(ref.departements).toHaveLength(107);
    expect(ref.academies.find((a) => a.code === '19')?.name).toBe('Reims');
    expect(ref.departements.find((d) => d.code === '002')?.academieCode).toBe('20');
    expect(ref.etablissements.filter((e) => e.kind === 'college').length).toBeGreaterThan(7000);
    expect(ref.etablissements.filter((e) => e.kind === 'lycee').length).toBeGreaterThan(3500);
    expect(ref.etablissements.filter((e) => e.sector === 'prive').length).toBeGreaterThan(3000);
    const bad = ref.etablissements.filter((e) => !isValidUai(e.uai)).map((e) => e.uai);
    expect(bad).toEqual([]);
    expect(new Set(ref.etablissements.map((e) => e.uai)).size).toBe(ref.etablissements.length);
  });

  it('has exactly 47 public collèges in the Marne, among them the three pilots', () => {
    const marne = ref.etablissements.filter(
      (e) => e.departementCode === '051' && e.kind === 'college' && e.sector === 'public',
    );
    expect(marne).toHaveLength(47);
    const named = (uai: string) => ref.etablissements.find((e) => e.uai === uai);
    expect(named('0511327R')).toMatchObject({ name: 'Collège Terres Rouges', commune: 'Epernay' });
    expect(named('0511085C')).toMatchObject({ name: 'Collège Robert Schuman', commune: 'Reims' });
    expect(named('0511191T')).toMatchObject({
      name: 'Collège Jean-Baptiste Drouet',
      commune: 'Sainte-Menehould',
    });
    expect(named('0020090M')).toMatchObject({ name: 'Collège Charlemagne', commune: 'Laon' });
    expect(named('0020046P')).toMatchObject({ name: 'Collège de La Chesnoye', commune: 'Saint-Gobain' });
    expect(named('0511085C')?.studentCount).toBeGreaterThan(500);
  });
});

describe('generator (in memory)', () => {
  it('gives the same data for the same seed and other data for another seed', () => {
    const a = generateDemo({ scale: 'school', seed: 7, today: TODAY });
    const b = generateDemo({ scale: 'school', seed: 7, today: TODAY });
    const c = generateDemo({ scale: 'school', seed: 8, today: TODAY });
    const dump = (g: typeof a) =>
      JSON.stringify([g.rows, g.schools, g.demo], (_, v) => (v instanceof Map ? [...v] : v));
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
  });

  it('produces data that the core schemas accept', () => {
    const g = generateDemo({ scale: 'school', today: TODAY });
    for (const u of g.rows.users) {
      const scope =
        u.scopeKind === null
          ? null
          : u.scopeKind === 'national'
            ? { kind: 'national' }
            : { kind: u.scopeKind, code: u.scopeCode };
      const r = UserSchema.safeParse({ ...u, scope });
      expect(r.error?.issues ?? [], u.login).toEqual([]);
    }
    for (const school of g.schools) {
      for (const c of school.classes) {
        expect(SchoolClassSchema.parse({ ...c, uai: school.uai, schoolYear: g.schoolYear }).id).toBe(c.id);
      }
      for (const x of school.subjects)
        expect(SubjectSchema.parse({ ...x, uai: school.uai }).code).toBe(x.code);
      for (const p of school.periods) {
        expect(PeriodSchema.parse({ ...p, uai: school.uai, schoolYear: g.schoolYear }).id).toBe(p.id);
      }
      for (const x of school.seances.filter((_, i) => i % 97 === 0))
        expect(SeanceSchema.parse(x).id).toBe(x.id);
    }
    for (const e of loadReferenceData().etablissements.filter((_, i) => i % 11 === 0)) {
      expect(EtablissementSchema.safeParse(e).error?.issues ?? [], e.uai).toEqual([]);
    }
  });

  it('gives EPS in two-hour blocks and keeps teachers within a service of 18 to 20 hours', () => {
    const g = generateDemo({ scale: 'school', today: TODAY });
    const school = g.schools[0]!;
    const eps = school.weekly.filter((w) => w.subjectId.endsWith('-EPS'));
    const paired = eps.filter((w) =>
      eps.some((o) => o.classId === w.classId && o.weekday === w.weekday && Math.abs(o.slot - w.slot) === 1),
    );
    expect(paired.length / eps.length).toBeGreaterThan(0.6);
    for (const t of school.teachers) {
      expect(t.weeklyHours).toBeGreaterThan(0);
      expect(t.weeklyHours).toBeLessThanOrEqual(20);
    }
  });

  it('takes the school year from today: before 1 September it is the previous one', () => {
    expect(generateDemo({ scale: 'school', today: '2027-08-31' }).schoolYear).toBe(2026);
    expect(generateDemo({ scale: 'school', today: '2027-09-01' }).schoolYear).toBe(2027);
  });
});

describe(`demo data in the database (${testEngine})`, () => {
  let db: Db;
  let moduleContext: SeedContext | undefined;
  const q = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => db.query<T>(sql, params);

  beforeAll(async () => {
    db = await freshDb();
    // A fast stand-in for scrypt keeps the suite quick; one test below checks the real hash separately.
    await seedDemo(db, {
      scale: 'school',
      today: TODAY,
      hashSecret: async (s) => `plain$${s}`,
      modules: [
        {
          name: 'probe',
          async run(ctx) {
            moduleContext = ctx;
            await ctx.db.query('SELECT 1');
          },
        },
      ],
    });
  }, 120_000);
  afterAll(() => db.close());

  it('stores the national list and the named établissements with their real UAIs', async () => {
    const rows = await q<{ uai: string; name: string; departement_code: string }>(
      `SELECT uai, name, departement_code FROM etablissements
        WHERE uai IN ('0511327R','0511085C','0511191T','0020090M','0020046P') ORDER BY uai`,
    );
    expect(rows.map((r) => `${r.uai} ${r.name}`)).toEqual([
      '0020046P Collège de La Chesnoye',
      '0020090M Collège Charlemagne',
      '0511085C Collège Robert Schuman',
      '0511191T Collège Jean-Baptiste Drouet',
      '0511327R Collège Terres Rouges',
    ]);
    const [marne] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM etablissements WHERE departement_code = '051' AND kind = 'college' AND sector = 'public'`,
    );
    expect(marne?.n).toBe(47);
    const [all] = await q<{ n: number }>('SELECT count(*)::int AS n FROM etablissements');
    expect(all?.n).toBeGreaterThan(11000);
  });

  it('puts every student in exactly one classe, of the demo collège', async () => {
    const rows = await q<{ id: string; classes: number }>(
      `SELECT u.id, count(c.id) FILTER (WHERE c.kind = 'classe')::int AS classes
         FROM users u LEFT JOIN enrolments e ON e.student_id = u.id LEFT JOIN classes c ON c.id = e.class_id
        WHERE u.profile = 'student' GROUP BY u.id`,
    );
    expect(rows.length).toBeGreaterThan(500);
    expect(rows.filter((r) => r.classes !== 1)).toEqual([]);
    const [sizes] = await q<{ min: number; max: number; n: number }>(
      `SELECT min(n)::int AS min, max(n)::int AS max, count(*)::int AS n FROM (
         SELECT count(*) AS n FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE c.kind = 'classe'
          GROUP BY c.id) s`,
    );
    expect(sizes?.min).toBeGreaterThanOrEqual(18);
    expect(sizes?.max).toBeLessThanOrEqual(30);
  });

  it('gives LV2 groups students from several classes of one level, and every 5e–3e student one LV2 group', async () => {
    const groups = await q<{ name: string; levels: number; classes: number }>(
      `SELECT g.name, count(DISTINCT c.level)::int AS levels, count(DISTINCT c.id)::int AS classes
         FROM classes g JOIN enrolments eg ON eg.class_id = g.id
         JOIN enrolments ec ON ec.student_id = eg.student_id
         JOIN classes c ON c.id = ec.class_id AND c.kind = 'classe'
        WHERE g.kind = 'groupe' GROUP BY g.name`,
    );
    expect(groups.length).toBeGreaterThan(6);
    expect(groups.every((g) => g.levels === 1)).toBe(true);
    expect(groups.some((g) => g.classes >= 2)).toBe(true);
    const missing = await q(
      `SELECT e.student_id FROM enrolments e JOIN classes c ON c.id = e.class_id
        WHERE c.kind = 'classe' AND c.level IN ('5e','4e','3e')
          AND (SELECT count(*) FROM enrolments e2 JOIN classes g ON g.id = e2.class_id
                WHERE e2.student_id = e.student_id AND g.kind = 'groupe') <> 1`,
    );
    expect(missing).toEqual([]);
  });

  it('gives most students two guardians, some one, and some siblings shared guardians', async () => {
    const [g] = await q<{ none: number; one: number; two: number; shared: number; students: number }>(
      `SELECT count(*) FILTER (WHERE n = 0)::int AS none, count(*) FILTER (WHERE n = 1)::int AS one,
              count(*) FILTER (WHERE n = 2)::int AS two, count(*)::int AS students,
              (SELECT count(*)::int FROM (SELECT guardian_id FROM guardianships GROUP BY guardian_id
                                           HAVING count(*) > 1) s) AS shared
         FROM (SELECT u.id, count(g.guardian_id) AS n FROM users u
                 LEFT JOIN guardianships g ON g.student_id = u.id WHERE u.profile = 'student' GROUP BY u.id) t`,
    );
    expect(g!.none).toBe(0);
    expect(g!.two / g!.students).toBeGreaterThan(0.7);
    expect(g!.one).toBeGreaterThan(0);
    expect(g!.shared).toBeGreaterThan(10);
    const relations = await q<{ profile: string }>(
      `SELECT DISTINCT u.profile FROM guardianships g JOIN users u ON u.id = g.guardian_id`,
    );
    expect(relations.map((r) => r.profile)).toEqual(['guardian']);
  });

  it("assigns every séance's teacher to that class and subject", async () => {
    const orphans = await q(
      `SELECT s.id FROM seances s LEFT JOIN teaching_assignments t
           ON t.teacher_id = s.teacher_id AND t.class_id = s.class_id AND t.subject_id = s.subject_id
        WHERE t.id IS NULL LIMIT 5`,
    );
    expect(orphans).toEqual([]);
    const [n] = await q<{ n: number }>('SELECT count(*)::int AS n FROM seances');
    expect(n!.n).toBeGreaterThan(10000);
  });

  it('books no teacher, class or student twice at the same time', async () => {
    const teacher = await q(
      `SELECT teacher_id, starts_at FROM seances GROUP BY teacher_id, starts_at HAVING count(*) > 1 LIMIT 5`,
    );
    expect(teacher).toEqual([]);
    const cls = await q(
      `SELECT class_id, starts_at FROM seances GROUP BY class_id, starts_at HAVING count(*) > 1 LIMIT 5`,
    );
    expect(cls).toEqual([]);
    const student = await q(
      `SELECT e.student_id, s.starts_at FROM seances s JOIN enrolments e ON e.class_id = s.class_id
        GROUP BY e.student_id, s.starts_at HAVING count(*) > 1 LIMIT 5`,
    );
    expect(student).toEqual([]);
  });

  it('holds séances on class days only, in Paris hours, within the school year', async () => {
    const [r] = await q<{
      first: string;
      last: string;
      sundays: number;
      wednesday_pm: number;
      early: number;
    }>(
      `SELECT min(starts_at AT TIME ZONE 'Europe/Paris')::date::text AS first,
              max(starts_at AT TIME ZONE 'Europe/Paris')::date::text AS last,
              count(*) FILTER (WHERE extract(isodow FROM starts_at AT TIME ZONE 'Europe/Paris') > 5)::int AS sundays,
              count(*) FILTER (WHERE extract(isodow FROM starts_at AT TIME ZONE 'Europe/Paris') = 3
                                 AND (starts_at AT TIME ZONE 'Europe/Paris')::time >= '12:00')::int AS wednesday_pm,
              count(*) FILTER (WHERE (starts_at AT TIME ZONE 'Europe/Paris')::time < '08:00')::int AS early
         FROM seances`,
    );
    expect(r).toEqual({
      first: CALENDAR.firstClassDay,
      last: CALENDAR.lastClassDay,
      sundays: 0,
      wednesday_pm: 0,
      early: 0,
    });
    const toussaint = CALENDAR.holidays[0]!;
    const [during] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM seances
        WHERE (starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN $1::date AND $2::date`,
      [toussaint.from, toussaint.to],
    );
    expect(during!.n).toBe(0);
  });

  it('has periods for each scheme in use, trimestres for most classes and semestres for the 3e', async () => {
    const schemes = await q<{ level: string; scheme: string }>(
      `SELECT DISTINCT level, period_scheme AS scheme FROM classes WHERE kind = 'classe' ORDER BY level`,
    );
    expect(schemes).toEqual([
      { level: '3e', scheme: 'semestre' },
      { level: '4e', scheme: 'trimestre' },
      { level: '5e', scheme: 'trimestre' },
      { level: '6e', scheme: 'trimestre' },
    ]);
    const periods = await q<{ name: string; starts_on: string; grades_deadline: string }>(
      `SELECT name, starts_on, grades_deadline FROM periods WHERE uai = $1 ORDER BY scheme DESC, number`,
      [DEMO_UAI],
    );
    expect(periods.map((p) => p.name)).toEqual([
      'Trimestre 1',
      'Trimestre 2',
      'Trimestre 3',
      'Semestre 1',
      'Semestre 2',
    ]);
    expect(periods[0]!.starts_on).toBe(`${YEAR}-09-01`);
  });

  it('gives subjects their coefficients and each class a professeur principal who teaches it', async () => {
    const subjects = await q<{ code: string; coefficient: number }>(
      `SELECT code, coefficient FROM subjects WHERE uai = $1 ORDER BY code`,
      [DEMO_UAI],
    );
    expect(subjects.map((s) => s.code)).toEqual(
      expect.arrayContaining([
        'FRANC',
        'MATHS',
        'HIGEO',
        'ANGL',
        'ESP',
        'ALL',
        'SVT',
        'PHYCH',
        'TECHN',
        'EPS',
      ]),
    );
    expect(subjects.find((s) => s.code === 'MATHS')?.coefficient).toBe(3);
    const bad = await q(
      `SELECT c.name FROM classes c JOIN users u ON u.id = c.head_teacher_id
        WHERE c.kind = 'classe' AND (NOT 'professeur_principal' = ANY(u.functions)
          OR NOT EXISTS (SELECT 1 FROM teaching_assignments t WHERE t.class_id = c.id AND t.teacher_id = u.id))`,
    );
    expect(bad).toEqual([]);
    const [noHead] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM classes WHERE kind = 'classe' AND head_teacher_id IS NULL`,
    );
    expect(noHead!.n).toBe(0);
  });

  it('has the demo logins, related as the banner says', async () => {
    const users = await q<{
      login: string;
      id: string;
      profile: string;
      functions: string[];
      uai: string | null;
    }>(
      `SELECT login, id, profile, functions, uai, scope_kind, scope_code FROM users WHERE login = ANY($1::text[])`,
      [DEMO_ACCOUNTS.map((a) => a.login)],
    );
    expect(users.map((u) => u.login).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.login).sort());
    const by = Object.fromEntries(users.map((u) => [u.login, u]));
    for (const a of DEMO_ACCOUNTS) {
      expect(by[a.login]!.profile).toBe(a.profile);
      for (const f of a.functions) expect(by[a.login]!.functions).toContain(f);
    }
    // The parent has the student and one more child.
    const children = await q<{ student_id: string }>(
      'SELECT student_id FROM guardianships WHERE guardian_id = $1 ORDER BY student_id',
      [by['parent.demo']!.id],
    );
    expect(children.map((c) => c.student_id)).toContain(by['eleve.demo']!.id);
    expect(children.length).toBe(2);
    // The teacher teaches the student.
    const [teaches] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM teaching_assignments t JOIN enrolments e ON e.class_id = t.class_id
        WHERE t.teacher_id = $1 AND e.student_id = $2`,
      [by['prof.demo']!.id, by['eleve.demo']!.id],
    );
    expect(teaches!.n).toBeGreaterThan(0);
    for (const login of ['eleve.demo', 'parent.demo', 'prof.demo', 'cpe.demo', 'principal.demo']) {
      expect(by[login]!.uai).toBe(DEMO_UAI);
    }
    const scopes = await q<{ login: string; scope_kind: string; scope_code: string | null }>(
      `SELECT login, scope_kind, scope_code FROM users WHERE profile IN ('analyst', 'inspector') ORDER BY login`,
    );
    expect(scopes).toEqual([
      { login: 'analyste.amiens', scope_kind: 'academie', scope_code: '20' },
      { login: 'analyste.marne', scope_kind: 'departement', scope_code: '051' },
      { login: 'analyste.national', scope_kind: 'national', scope_code: null },
      { login: 'analyste.reims', scope_kind: 'academie', scope_code: '19' },
      { login: 'inspecteur.reims', scope_kind: 'academie', scope_code: '19' },
    ]);
  });

  it('gives demo logins the demo password and everyone else an access code to change', async () => {
    const rows = await q<{
      demo: boolean;
      password: string | null;
      code: string | null;
      must: boolean;
      n: number;
    }>(
      `SELECT login = ANY($1::text[]) AS demo, password_hash AS password, access_code_hash AS code,
              must_change_password AS must, count(*)::int AS n
         FROM users GROUP BY 1, 2, 3, 4 ORDER BY 1`,
      [DEMO_ACCOUNTS.map((a) => a.login)],
    );
    expect(rows).toEqual([
      { demo: false, password: null, code: `plain$${DEMO_ACCESS_CODE}`, must: true, n: expect.any(Number) },
      { demo: true, password: `plain$${DEMO_PASSWORD}`, code: null, must: false, n: DEMO_ACCOUNTS.length },
    ]);
  });

  it('gives area modules the context they build on, in the same transaction', () => {
    const ctx = moduleContext!;
    expect(ctx.today).toBe(TODAY);
    expect(ctx.schoolYear).toBe(YEAR);
    expect(ctx.demoSchool.uai).toBe(DEMO_UAI);
    expect(ctx.users.get(ctx.demo.studentId)?.login).toBe('eleve.demo');
    expect(ctx.demoSchool.seances.length).toBeGreaterThan(10000);
    expect(ctx.demoSchool.classes.find((c) => c.id === ctx.demo.classId)?.studentIds).toContain(
      ctx.demo.studentId,
    );
    expect(ctx.rng.name).toContain('module/probe');
  });

  it('refuses to seed a database that holds data, writing nothing', async () => {
    const before = await q<{ n: number }>('SELECT count(*)::int AS n FROM users');
    await expect(
      seedDemo(db, { scale: 'school', today: TODAY, hashSecret: async (s) => s }),
    ).rejects.toBeInstanceOf(SeedRefusedError);
    const after = await q<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(after).toEqual(before);
  });

  it('writes the same rows twice for the same seed (but for the salted hashes)', async () => {
    const snapshot = async () => {
      const parts: string[] = [];
      for (const [table, order] of [
        ['users', 'id'],
        ['classes', 'id'],
        ['enrolments', 'class_id, student_id'],
        ['guardianships', 'student_id, guardian_id'],
        ['subjects', 'id'],
        ['teaching_assignments', 'id'],
        ['periods', 'id'],
        ['seances', 'id'],
      ] as const) {
        const rows = await q(`SELECT * FROM ${table} ORDER BY ${order}`);
        parts.push(JSON.stringify(rows, (k, v) => (k === 'created_at' ? undefined : v)));
      }
      return parts.join('\n');
    };
    const first = await snapshot();
    await eraseAllData(db);
    await seedDemo(db, { scale: 'school', today: TODAY, hashSecret: async (s) => `plain$${s}`, modules: [] });
    expect(await snapshot()).toBe(first);
  }, 120_000);

  it('rolls everything back when an area module fails', async () => {
    await eraseAllData(db);
    await expect(
      seedDemo(db, {
        scale: 'school',
        today: TODAY,
        hashSecret: async (s) => s,
        modules: [
          {
            name: 'broken',
            async run() {
              throw new Error('boom');
            },
          },
        ],
      }),
    ).rejects.toThrow('seed module "broken" failed: boom');
    const [n] = await q<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(n!.n).toBe(0);
  }, 120_000);
});

describe('demo password hashing', () => {
  it('hashes the demo password with the API scrypt so that sign-in accepts it', async () => {
    const db = await freshDb();
    try {
      await seedDemo(db, { scale: 'school', today: TODAY, modules: [] });
      const [row] = await db.query<{ password_hash: string; access_code_hash: string }>(
        `SELECT (SELECT password_hash FROM users WHERE login = 'eleve.demo') AS password_hash,
                (SELECT access_code_hash FROM users WHERE login <> 'eleve.demo' AND access_code_hash IS NOT NULL
                  LIMIT 1) AS access_code_hash`,
      );
      expect(row!.password_hash).toMatch(/^scrypt\$/);
      expect(await verifyPassword(DEMO_PASSWORD, row!.password_hash)).toBe(true);
      expect(await verifyPassword('wrong-password', row!.password_hash)).toBe(false);
      expect(await verifyPassword(DEMO_ACCESS_CODE, row!.access_code_hash)).toBe(true);
    } finally {
      await db.close();
    }
  }, 120_000);
});
