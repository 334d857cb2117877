import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngine } from '../support/db.js';
import { captureLog } from '../support/log-capture.js';
import { recordProbe } from '../support/probe-report.js';

/**
 * The ordinary bad input: duplicate rows in every kind of batch, a body on DELETE, impossible calendar
 * dates. Each is a 400 problem+json naming the field or the row, nothing is written, and the server log never
 * shows what was sent (appréciation texts, names, identifiers).
 */
const t: TestApp = await buildTestApp();
const PERIOD = 'a_per_t1';
/** Personal text an attacker (or a teacher's mistake) sends: it must never reach the log. */
const SECRET_TEXT = 'Obsèques de sa grand-mère, élève très affecté';

beforeAll(async () => {
  const a = t.fixture.schools.a;
  await t.db.query(
    `INSERT INTO periods (id, uai, school_year, scheme, number, name, starts_on, ends_on, grades_deadline)
     VALUES ($1, $2, 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25')`,
    [PERIOD, a.uai],
  );
  await t.db.query(
    `INSERT INTO evaluations (id, uai, class_id, subject_id, period_id, title, date, publish_on)
     VALUES ('a_ev_bad', $1, $2, $3, $4, 'Fractions', '2026-10-01', '2026-10-02')`,
    [a.uai, a.classes.c4a, a.subjects.maths, PERIOD],
  );
  await t.db.query(
    `INSERT INTO attendance_entries (id, seance_id, student_id, uai, starts_at, status, recorded_by)
     VALUES ('a_ent_abs', $1, $2, $3, '2026-11-16T07:00:00Z', 'absent', $4)`,
    [a.seances.maths4a, a.students.s1.id, a.uai, a.teachers.maths.id],
  );
});
afterAll(() => t.close());

interface Case {
  name: string;
  who: 'teacher' | 'principal' | 'guardian' | 'cpe' | 'analyst';
  method: string;
  path: () => string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** The field (or row) the problem must name. */
  field: RegExp;
  /** Counts rows after the request: the same as before (nothing half-written). */
  written?: () => Promise<number>;
}

const count = (sql: string) => async () => Number((await t.db.query<{ n: number }>(sql))[0]!.n);

function cases(): Case[] {
  const a = t.fixture.schools.a;
  const s1 = a.students.s1.id;
  const cls = `/api/v1/gradebook/classes/${a.classes.c4a}`;
  return [
    {
      name: 'appréciations: the same student twice',
      who: 'teacher',
      method: 'PUT',
      path: () => `${cls}/appreciations`,
      json: {
        periodId: PERIOD,
        subjectId: a.subjects.maths,
        items: [
          { studentId: s1, text: SECRET_TEXT },
          { studentId: a.students.s2.id, text: 'Bon trimestre.' },
          { studentId: s1, text: `${SECRET_TEXT} (bis)` },
        ],
      },
      field: /^body\.items\.2/,
      written: count('SELECT count(*)::int AS n FROM appreciations'),
    },
    {
      name: 'compétences: the same student, domain and évaluation twice',
      who: 'teacher',
      method: 'PUT',
      path: () => `${cls}/competences`,
      json: {
        subjectId: a.subjects.maths,
        periodId: PERIOD,
        assessments: [
          { studentId: s1, domain: 'CPD_SCI', level: 3 },
          { studentId: s1, domain: 'CPD_SCI', level: 2 },
        ],
      },
      field: /^body\.assessments\.1/,
      written: count('SELECT count(*)::int AS n FROM competence_assessments'),
    },
    {
      name: 'marks: the same cell twice',
      who: 'teacher',
      method: 'POST',
      path: () => `${cls}/marks`,
      json: {
        marks: [
          { evaluationId: 'a_ev_bad', studentId: s1, value: 12 },
          { evaluationId: 'a_ev_bad', studentId: s1, value: 14 },
        ],
      },
      field: /^body\.marks\.1/,
      written: count('SELECT count(*)::int AS n FROM marks'),
    },
    {
      name: 'marks import: one student on two lines',
      who: 'teacher',
      method: 'POST',
      path: () => `${cls}/marks/import`,
      json: {
        subjectId: a.subjects.maths,
        periodId: PERIOD,
        text: `Nom;Prénom;Fractions\n${a.students.s1.lastName};${a.students.s1.firstName};12\n${a.students.s1.lastName};${a.students.s1.firstName};15\n`,
      },
      field: /^body\.text/,
      written: count('SELECT count(*)::int AS n FROM marks'),
    },
    {
      name: 'roll call: one student twice',
      who: 'teacher',
      method: 'PUT',
      path: () => `/api/v1/attendance/seances/${a.seances.maths4a}/roll-call`,
      json: {
        marks: [
          { studentId: s1, status: 'present' },
          { studentId: s1, status: 'absent', note: SECRET_TEXT },
        ],
      },
      field: /^body\.marks\.1/,
      written: count('SELECT count(*)::int AS n FROM attendance_entries'),
    },
    {
      name: 'justification: one absence twice',
      who: 'guardian',
      method: 'POST',
      path: () => '/api/v1/attendance/justifications',
      json: { studentId: s1, entryIds: ['a_ent_abs', 'a_ent_abs'], motif: 'maladie', comment: SECRET_TEXT },
      field: /^body\.entryIds\.1/,
      written: count('SELECT count(*)::int AS n FROM absence_justifications'),
    },
    {
      name: 'ENT accounts: one profile and date twice',
      who: 'principal',
      method: 'PUT',
      path: () => `/api/v1/etablissements/${a.uai}/ent/accounts`,
      json: [
        { profile: 'ELEVE', asOf: '2026-11-01', opened: 400, activated: 300 },
        { profile: 'ELEVE', asOf: '2026-11-01', opened: 410, activated: 310 },
      ],
      field: /^body\.1/,
      written: count('SELECT count(*)::int AS n FROM ent_accounts'),
    },
    {
      name: 'DELETE with a JSON body',
      who: 'teacher',
      method: 'DELETE',
      path: () => '/api/v1/gradebook/evaluations/a_ev_bad',
      body: JSON.stringify({ reason: SECRET_TEXT }),
      headers: { 'Content-Type': 'application/json' },
      field: /^body$/,
      written: count("SELECT count(*)::int AS n FROM evaluations WHERE id = 'a_ev_bad'"),
    },
    {
      name: 'DELETE with a form body',
      who: 'principal',
      method: 'DELETE',
      path: () => '/api/v1/gradebook/evaluations/a_ev_bad',
      body: `note=${encodeURIComponent(SECRET_TEXT)}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      field: /^body$/,
      written: count("SELECT count(*)::int AS n FROM evaluations WHERE id = 'a_ev_bad'"),
    },
    ...['2026-13-01', '2026-12-32', '9999-99-99', '2026-02-30'].flatMap((day): Case[] => [
      {
        name: `week grid, week=${day}`,
        who: 'cpe',
        method: 'GET',
        path: () => `/api/v1/attendance/week?classId=${a.classes.c4a}&week=${day}`,
        field: /^query\.week$/,
      },
      {
        name: `class roll call, date=${day}`,
        who: 'teacher',
        method: 'GET',
        path: () => `/api/v1/attendance/classes/${a.classes.c4a}/roll-call?date=${day}`,
        field: /^query\.date$/,
      },
    ]),
  ];
}

async function clientFor(who: Case['who']) {
  const a = t.fixture.schools.a;
  const user = {
    teacher: a.teachers.maths,
    principal: a.principal,
    guardian: a.guardians.s1a,
    cpe: a.cpe,
    analyst: t.fixture.analysts.academie,
  }[who];
  return t.as(user);
}

describe(`bad input is a 400 naming the row, and stays out of the log (${testEngine})`, () => {
  const failures: string[] = [];
  let tried = 0;
  const log = captureLog();

  for (const c of cases()) {
    it(c.name, async () => {
      const before = await c.written?.();
      const client = await clientFor(c.who);
      const res = await log.during(() =>
        client.request(c.method, c.path(), { json: c.json, body: c.body, headers: c.headers }),
      );
      const type = res.headers.get('content-type') ?? '';
      const text = await res.text();
      const problem = type.includes('problem+json')
        ? (JSON.parse(text) as { errors?: { field: string }[] })
        : undefined;
      const fields = problem?.errors?.map((e) => e.field) ?? [];
      const ok = res.status === 400 && problem !== undefined && fields.some((f) => c.field.test(f));
      const after = await c.written?.();
      tried++;
      if (!ok || before !== after) failures.push(`${c.name}: ${res.status} ${fields.join(', ')}`);
      expect({
        status: res.status,
        problem: problem !== undefined,
        named: fields.some((f) => c.field.test(f)),
      }).toEqual({ status: 400, problem: true, named: true });
      expect(after).toBe(before);
    });
  }

  it('wrote nothing personal to the server log', () => {
    const a = t.fixture.schools.a;
    const personal = [SECRET_TEXT, a.students.s1.id, a.students.s1.lastName, a.students.s2.id];
    const leaks = log.lines().filter((line) => personal.some((p) => line.includes(p)));
    recordProbe({
      finding: 'Entrées invalides (doublons, DELETE avec corps, dates impossibles) : réponses hors 400',
      tried,
      failed: failures.length,
      examples: failures,
    });
    recordProbe({
      finding: 'Journal du serveur : lignes contenant des données personnelles',
      tried: log.lines().length,
      failed: leaks.length,
      examples: leaks.map((l) => l.slice(0, 160)),
    });
    expect(leaks).toEqual([]);
  });
});
