import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { type GradebookContext, getSheet, studentResults } from '../src/gradebook/service.js';
import type { Viewer } from '../src/policies/index.js';
import { gradebookSeed } from '../src/seed/gradebook.js';
import type { SeedContext } from '../src/seed/index.js';
import { testEngine } from './support/db.js';
import { rowsOfModule, seedWithModule, viewerOf } from './support/seed.js';

const TODAY = '2026-11-22';
const rowsOf = (seed: number) => rowsOfModule(gradebookSeed, seed, TODAY);

describe('grade book demo data (generator)', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    const a = await rowsOf(7);
    expect(await rowsOf(7)).toBe(a);
    expect(await rowsOf(8)).not.toBe(a);
  });
});

describe(`grade book demo data (${testEngine})`, () => {
  let db: Db;
  let demo: SeedContext['demo'];

  beforeAll(async () => {
    ({ db, demo } = await seedWithModule(gradebookSeed, TODAY));
  }, 180_000);
  afterAll(() => db.close());

  it('gives every class and subject of the demo collège a trimester of évaluations with realistic marks', async () => {
    const [counts] = await db.query<{ evaluations: number; sheets: number; marks: number }>(
      `SELECT count(*)::int AS evaluations, count(DISTINCT (class_id, subject_id))::int AS sheets,
              (SELECT count(*)::int FROM marks) AS marks FROM evaluations`,
    );
    expect(counts!.sheets).toBeGreaterThan(50);
    expect(counts!.evaluations).toBeGreaterThan(counts!.sheets * 2);
    const annotations = await db.query<{ annotation: string; n: number }>(
      'SELECT annotation, count(*)::int AS n FROM marks WHERE annotation IS NOT NULL GROUP BY 1 ORDER BY 1',
    );
    expect(annotations.map((a) => a.annotation)).toEqual(['Abs', 'Disp', 'NN']);
    const [spread] = await db.query<{ avg: number; lo: number; hi: number }>(
      `SELECT avg(m.value / e.out_of * 20)::float8 AS avg, min(m.value) AS lo, max(m.value / e.out_of * 20)::float8 AS hi
         FROM marks m JOIN evaluations e ON e.id = m.evaluation_id WHERE m.value IS NOT NULL`,
    );
    expect(spread!.avg).toBeGreaterThan(10);
    expect(spread!.avg).toBeLessThan(15);
    expect(spread!.hi).toBeLessThanOrEqual(20);
    const kinds = await db.query<{ kind: string }>('SELECT DISTINCT kind FROM evaluations ORDER BY 1');
    expect(kinds.map((k) => k.kind)).toEqual(['bonus', 'normal', 'optional']);
  });

  it('shows the demo teacher a sheet and the demo parent results with appréciations and compétences', async () => {
    const teacher = await viewerOf(db, demo.teacherId);
    const [assignment] = await db.query<{ subjectId: string; periodId: string }>(
      `SELECT e.subject_id AS "subjectId", e.period_id AS "periodId" FROM evaluations e
         JOIN teaching_assignments t ON t.class_id = e.class_id AND t.subject_id = e.subject_id
        WHERE t.teacher_id = $1 AND e.class_id = $2 LIMIT 1`,
      [demo.teacherId, demo.classId],
    );
    const ctx = (v: Viewer): GradebookContext => ({ db, viewer: v, today: TODAY });
    const sheet = await getSheet(ctx(teacher), demo.classId, assignment!);
    expect(sheet.students.length).toBeGreaterThan(15);
    expect(sheet.evaluations.length).toBeGreaterThanOrEqual(3);
    expect(sheet.averages.filter((a) => a.average !== null).length).toBeGreaterThan(10);
    expect(sheet.appreciations.length).toBeGreaterThan(10);

    const parent = await viewerOf(db, demo.guardianId);
    const results = await studentResults(ctx(parent), demo.studentId, assignment!.periodId);
    expect(results.subjects.length).toBeGreaterThan(5);
    expect(results.appreciation).toMatch(/trimestre/i);
    expect(results.competences.length).toBeGreaterThan(0);
    for (const s of results.subjects) for (const e of s.evaluations) expect(e.publishOn <= TODAY).toBe(true);
  });
});
