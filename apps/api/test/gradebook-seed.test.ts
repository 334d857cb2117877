import {
  addDays,
  classDays,
  type PeriodScheme,
  parisToday,
  periodOn,
  schoolCalendar,
  schoolYearOf,
} from '@preau/core';
import { suiteClock } from '@preau/core/testing/suite-clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import type { GradebookContext } from '../src/gradebook/context.js';
import { studentResults } from '../src/gradebook/results.js';
import { getSheet } from '../src/gradebook/sheet.js';
import type { Viewer } from '../src/policies/index.js';
import { gradebookSeed } from '../src/seed/gradebook.js';
import type { SeedContext } from '../src/seed/index.js';
import { testEngine } from './support/db.js';
import { rowsOfModule, seedWithModule, viewerOf } from './support/seed.js';

/** The suite's date (`PREAU_TEST_CLOCK`, else now): `npm test` runs this file on several days of the year. */
const NOW = suiteClock()();
const TODAY = parisToday(() => NOW);
const CALENDAR = schoolCalendar(schoolYearOf(TODAY));
/** Class days of this school year already over. */
const HELD = classDays(CALENDAR).filter((d) => d < TODAY);
/** The period in course and whether any of its class days is over (it did not begin today). */
const inCourse = (scheme: PeriodScheme) => {
  const p = periodOn(scheme, TODAY);
  return p && { ...p, begun: HELD.some((d) => d >= p.startsOn) };
};
const rowsOf = (seed: number) => rowsOfModule(gradebookSeed, seed, TODAY);

describe(`grade book demo data on ${TODAY} (generator)`, () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    const a = await rowsOf(7);
    expect(await rowsOf(7)).toBe(a);
    expect(await rowsOf(8)).not.toBe(a);
  });
});

describe(`grade book demo data on ${TODAY} (${testEngine})`, () => {
  let db: Db;
  let demo: SeedContext['demo'];
  const q = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => db.query<T>(sql, params);
  const ctx = (v: Viewer): GradebookContext => ({ db, viewer: v, now: NOW, today: TODAY });

  beforeAll(async () => {
    ({ db, demo } = await seedWithModule(gradebookSeed, TODAY));
  }, 180_000);
  afterAll(() => db.close());

  it('holds nothing after today: marks for évaluations already held, rows written before now', async () => {
    const [r] = await q<{ future_marks: number; announced: number; later: string | null; unbegun: number }>(
      `SELECT (SELECT count(*)::int FROM marks m JOIN evaluations e ON e.id = m.evaluation_id
                WHERE e.date >= $1::date) AS future_marks,
              (SELECT coalesce(max(n), 0)::int FROM (SELECT count(*) AS n FROM evaluations
                WHERE date >= $1::date GROUP BY class_id, subject_id, period_id) s) AS announced,
              (SELECT max(t)::text FROM (
                 SELECT max(created_at) AS t FROM evaluations UNION ALL SELECT max(updated_at) FROM evaluations
                 UNION ALL SELECT max(updated_at) FROM marks UNION ALL SELECT max(updated_at) FROM appreciations
                 UNION ALL SELECT max(assessed_at) FROM competence_assessments) w WHERE t > $2) AS later,
              (SELECT count(*)::int FROM evaluations e JOIN periods p ON p.id = e.period_id
                WHERE p.starts_on > $1::date) AS unbegun`,
      [TODAY, NOW],
    );
    expect(r).toEqual({ future_marks: 0, announced: r!.announced, later: null, unbegun: 0 });
    expect(r!.announced).toBeLessThanOrEqual(1);
  });

  it('gives every class and subject évaluations with realistic marks once classes have been held', async () => {
    const [counts] = await q<{ evaluations: number; sheets: number; marks: number }>(
      `SELECT count(*)::int AS evaluations, count(DISTINCT (class_id, subject_id))::int AS sheets,
              (SELECT count(*)::int FROM marks) AS marks FROM evaluations WHERE date < $1::date`,
      [TODAY],
    );
    if (HELD.length === 0) {
      // The first day of classes: nothing has been marked yet.
      expect(counts).toEqual({ evaluations: 0, sheets: 0, marks: 0 });
      return;
    }
    expect(counts!.sheets).toBeGreaterThan(50);
    expect(counts!.marks).toBeGreaterThan(counts!.sheets * 15);
    const annotations = await q<{ annotation: string }>(
      'SELECT DISTINCT annotation FROM marks WHERE annotation IS NOT NULL ORDER BY 1',
    );
    expect(annotations.map((a) => a.annotation)).toEqual(['Abs', 'Disp', 'NN']);
    const [spread] = await q<{ avg: number; hi: number }>(
      `SELECT avg(m.value / e.out_of * 20)::float8 AS avg, max(m.value / e.out_of * 20)::float8 AS hi
         FROM marks m JOIN evaluations e ON e.id = m.evaluation_id WHERE m.value IS NOT NULL`,
    );
    expect(spread!.avg).toBeGreaterThan(10);
    expect(spread!.avg).toBeLessThan(15);
    expect(spread!.hi).toBeLessThanOrEqual(20);
    if (HELD.length >= 20) {
      expect(counts!.evaluations).toBeGreaterThan(counts!.sheets * 2);
      const kinds = await q<{ kind: string }>('SELECT DISTINCT kind FROM evaluations ORDER BY 1');
      expect(kinds.map((k) => k.kind)).toEqual(['bonus', 'normal', 'optional']);
    }
  });

  it('has, in the period in course, a marked évaluation handed back for every sheet, unless it began today', async () => {
    for (const scheme of ['trimestre', 'semestre'] as const) {
      const p = inCourse(scheme);
      if (!p) continue; // the summer holidays: no period in course
      const rows = await q<{ sheet: string; handed_back: boolean; marks: number }>(
        `SELECT e.class_id || '/' || e.subject_id AS sheet,
                bool_or(e.date < $2::date AND e.publish_on <= $2::date AND EXISTS (
                  SELECT 1 FROM marks m WHERE m.evaluation_id = e.id) AND pr.starts_on = $3::date) AS handed_back,
                count(m.*) FILTER (WHERE pr.starts_on = $3::date)::int AS marks
           FROM evaluations e JOIN periods pr ON pr.id = e.period_id
           JOIN classes c ON c.id = e.class_id AND c.period_scheme = $1
           LEFT JOIN marks m ON m.evaluation_id = e.id
          GROUP BY 1`,
        [scheme, TODAY, p.startsOn],
      );
      if (p.begun) expect(rows.filter((r) => !r.handed_back).map((r) => r.sheet)).toEqual([]);
      else expect(rows.reduce((n, r) => n + r.marks, 0)).toBe(0);
    }
  });

  it('shows the demo parent the period in course, or the last one with marks, and only what is published', async () => {
    const parent = await viewerOf(db, demo.guardianId);
    const results = await studentResults(ctx(parent), demo.studentId);
    for (const s of results.subjects) for (const e of s.evaluations) expect(e.publishOn <= TODAY).toBe(true);
    if (HELD.length === 0) {
      // What a family sees on the first day of classes: « Aucune note publiée ».
      expect(results.subjects).toEqual([]);
      return;
    }
    const current = inCourse('trimestre'); // the demo student is in 4e: trimestres
    if (current?.begun) expect(results.period.startsOn).toBe(current.startsOn);
    else expect(results.period.startsOn < TODAY).toBe(true);
    expect(results.subjects.length).toBeGreaterThan(5);
    const [period] = await q<{ grades_deadline: string }>(
      'SELECT grades_deadline::text FROM periods WHERE id = $1',
      [results.period.id],
    );
    if (TODAY >= addDays(period!.grades_deadline, -7)) {
      expect(results.appreciation).toMatch(/trimestre/i);
      expect(results.competences.filter((c) => c.level !== null).length).toBeGreaterThan(0);
    } else {
      expect(results.appreciation).toBeNull();
    }
  });

  it('shows the demo teacher a sheet of the class on the same period', async () => {
    const teacher = await viewerOf(db, demo.teacherId);
    const [assignment] = await q<{ subjectId: string }>(
      `SELECT subject_id AS "subjectId" FROM teaching_assignments WHERE teacher_id = $1 AND class_id = $2 LIMIT 1`,
      [demo.teacherId, demo.classId],
    );
    const sheet = await getSheet(ctx(teacher), demo.classId, assignment!);
    expect(sheet.students.length).toBeGreaterThan(15);
    const held = sheet.evaluations.filter((e) => e.date < TODAY);
    if (HELD.length > 0) expect(held.length).toBeGreaterThanOrEqual(1);
    if (HELD.length > 0) expect(sheet.averages.filter((a) => a.average !== null).length).toBeGreaterThan(10);
    else expect(held).toEqual([]);
  });
});
