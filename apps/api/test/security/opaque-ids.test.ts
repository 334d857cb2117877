import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/seed/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { freshDb, testEngine } from '../support/db.js';
import { recordProbe } from '../support/probe-report.js';
import { samplePdf, uploadForm } from '../support/samples.js';

/**
 * Identifiers reveal nothing: not the établissement, not a rank, not how many there are. Every id the API
 * makes (évaluations, files, absences, justifications, hardware) and every id of the demo data (students,
 * classes, séances, évaluations…) is random.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const OPAQUE = [
  /^[a-z]{1,5}_[A-Za-z0-9_-]{22}$/, // prefix_ and 128 random bits (newId)
  /^[A-Za-z0-9_-]{22}$/, // 128 random bits, earlier uploads
  new RegExp(`^([a-z]{1,5}_)?${UUID}$`), // UUID v4, earlier records
];
const opaque = (id: string) => OPAQUE.some((p) => p.test(id));

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe(`identifiers reveal nothing (${testEngine})`, () => {
  const revealing: string[] = [];
  let tried = 0;
  const check = (kind: string, ids: string[]) => {
    for (const id of ids) {
      tried++;
      if (!opaque(id)) revealing.push(`${kind} ${id}`);
    }
  };

  it('makes random ids for what the API creates', async () => {
    const a = t.fixture.schools.a;
    await t.db.query(
      `INSERT INTO periods (id, uai, school_year, scheme, number, name, starts_on, ends_on, grades_deadline)
       VALUES ('a_per_ids', $1, 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25')`,
      [a.uai],
    );
    const teacher = await t.as(a.teachers.maths);
    const ev = await teacher.post(`/api/v1/gradebook/classes/${a.classes.c4a}/evaluations`, {
      json: {
        title: 'Puissances',
        date: '2026-10-09',
        subjectId: a.subjects.maths,
        periodId: 'a_per_ids',
        publishOn: '2026-10-16',
      },
    });
    const roll = await teacher.put(`/api/v1/attendance/seances/${a.seances.maths4a}/roll-call`, {
      json: {
        marks: [
          { studentId: a.students.s1.id, status: 'absent' },
          { studentId: a.students.s2.id, status: 'present' },
        ],
      },
    });
    const parent = await t.as(a.guardians.s1a);
    const file = await parent.post('/api/v1/files', {
      body: uploadForm('absence_justification', samplePdf(), 'mot.pdf'),
    });
    const fileId = ((await file.json()) as { id: string }).id;
    const entries = ((await roll.json()) as { entries: { id: string; studentId: string }[] }).entries;
    const absence = entries.find((e) => e.studentId === a.students.s1.id)!;
    const just = await parent.post('/api/v1/attendance/justifications', {
      json: { studentId: a.students.s1.id, entryIds: [absence.id], motif: 'maladie', fileId },
    });
    const hw = await (await t.as(a.principal)).post(`/api/v1/etablissements/${a.uai}/hardware`, {
      json: {
        category: 'laptop',
        count: 3,
        acquiredOn: '2026-09-01',
        costCents: 150000,
        funding: 'departement',
      },
    });
    check('évaluation', [((await ev.json()) as { id: string }).id]);
    check(
      'saisie',
      entries.map((e) => e.id),
    );
    check('fichier', [fileId]);
    check('justification', [((await just.json()) as { id: string }).id]);
    check('matériel', [((await hw.json()) as { id: string }).id]);
  });

  it('makes random ids in the demo data', async () => {
    const db = await freshDb();
    try {
      await seedDemo(db, { scale: 'school', today: '2026-11-19', hashSecret: async (s) => `plain$${s}` });
      const sample = async (kind: string, sql: string) =>
        check(
          kind,
          (await db.query<{ id: string }>(`${sql} ORDER BY random() LIMIT 40`)).map((r) => r.id),
        );
      await sample('élève', "SELECT id FROM users WHERE profile = 'student'");
      await sample('responsable', "SELECT id FROM users WHERE profile = 'guardian'");
      await sample('enseignant', "SELECT id FROM users WHERE profile = 'teacher'");
      await sample('classe', 'SELECT id FROM classes');
      await sample('séance', 'SELECT id FROM seances');
      await sample('évaluation', 'SELECT id FROM evaluations');
      await sample('saisie', 'SELECT id FROM attendance_entries');
      await sample('justification', 'SELECT id FROM absence_justifications');
      await sample('matériel', 'SELECT id FROM hardware_assets');
    } finally {
      await db.close();
    }
  }, 120_000);

  it('counts no revealing identifier', () => {
    recordProbe({
      finding: 'Identifiants séquentiels ou parlants',
      tried,
      failed: revealing.length,
      examples: revealing,
    });
    expect(revealing).toEqual([]);
  });
});
