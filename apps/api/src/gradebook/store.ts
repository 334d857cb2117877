/** The grade book's SQL: reads and writes of évaluations, marks, appréciations and compétence assessments. */
import {
  type Evaluation,
  type EvaluationInput,
  type EvaluationPatch,
  type evaluationInputSchema,
  type evaluationPatchSchema,
  type GradebookSettings,
  gradebookSettingsSchema,
  type LsuLevel,
  type MarkValue,
  type SocleDomain,
} from '@preau/core';
import type { Db } from '../db/index.js';
import { insertRows } from '../db/index.js';

export interface EvaluationRow extends Evaluation {
  uai: string;
}

const EVALUATION_COLUMNS = `e.id, e.uai, e.class_id AS "classId", e.subject_id AS "subjectId", e.period_id AS "periodId",
  e.title, e.date, e.coefficient, e.out_of AS "outOf", e.rescale_to_20 AS "rescaleTo20", e.publish_on AS "publishOn",
  e.type, e.kind`;

export async function getEvaluation(db: Db, id: string): Promise<EvaluationRow | null> {
  const rows = await db.query<EvaluationRow>(
    `SELECT ${EVALUATION_COLUMNS} FROM evaluations e WHERE e.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function evaluationsByIds(db: Db, ids: readonly string[]): Promise<EvaluationRow[]> {
  if (ids.length === 0) return [];
  return db.query<EvaluationRow>(
    `SELECT ${EVALUATION_COLUMNS} FROM evaluations e WHERE e.id = ANY($1::text[])`,
    [[...new Set(ids)]],
  );
}

/** Évaluations of class/groups for a period, oldest first; `publishedBy` keeps only those visible on that day. */
export async function evaluationsOf(
  db: Db,
  where: { classIds: readonly string[]; periodId: string; subjectId?: string; publishedBy?: string },
): Promise<EvaluationRow[]> {
  const params: unknown[] = [[...where.classIds], where.periodId];
  let sql = `SELECT ${EVALUATION_COLUMNS} FROM evaluations e WHERE e.class_id = ANY($1::text[]) AND e.period_id = $2`;
  if (where.subjectId) {
    params.push(where.subjectId);
    sql += ` AND e.subject_id = $${params.length}`;
  }
  if (where.publishedBy) {
    params.push(where.publishedBy);
    sql += ` AND e.publish_on <= $${params.length}::date`;
  }
  return db.query<EvaluationRow>(`${sql} ORDER BY e.date, e.created_at, e.id`, params);
}

export async function insertEvaluation(
  db: Db,
  id: string,
  uai: string,
  input: ReturnType<typeof evaluationInputSchema.parse>,
  authorId: string,
): Promise<EvaluationRow> {
  await db.query(
    `INSERT INTO evaluations (id, uai, class_id, subject_id, period_id, title, date, coefficient, out_of,
       rescale_to_20, publish_on, type, kind, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      id,
      uai,
      input.classId,
      input.subjectId,
      input.periodId,
      input.title,
      input.date,
      input.coefficient,
      input.outOf,
      input.rescaleTo20,
      input.publishOn,
      input.type,
      input.kind,
      authorId,
    ],
  );
  return (await getEvaluation(db, id))!;
}

const PATCH_COLUMNS: Record<keyof ReturnType<typeof evaluationPatchSchema.parse>, string> = {
  title: 'title',
  date: 'date',
  periodId: 'period_id',
  coefficient: 'coefficient',
  outOf: 'out_of',
  rescaleTo20: 'rescale_to_20',
  publishOn: 'publish_on',
  type: 'type',
  kind: 'kind',
};

export async function updateEvaluation(
  db: Db,
  id: string,
  patch: ReturnType<typeof evaluationPatchSchema.parse>,
): Promise<EvaluationRow> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[key as keyof typeof patch];
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  if (sets.length > 0) {
    await db.query(`UPDATE evaluations SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }
  return (await getEvaluation(db, id))!;
}

export async function deleteEvaluation(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM evaluations WHERE id = $1', [id]);
}

export interface MarkRow {
  evaluationId: string;
  studentId: string;
  value: MarkValue;
}

export async function marksOf(db: Db, evaluationIds: readonly string[], studentIds?: readonly string[]) {
  if (evaluationIds.length === 0) return [];
  const params: unknown[] = [[...evaluationIds]];
  let sql = `SELECT evaluation_id AS "evaluationId", student_id AS "studentId", value, annotation
               FROM marks WHERE evaluation_id = ANY($1::text[])`;
  if (studentIds) {
    params.push([...studentIds]);
    sql += ' AND student_id = ANY($2::text[])';
  }
  const rows = await db.query<{
    evaluationId: string;
    studentId: string;
    value: number | null;
    annotation: MarkValue | null;
  }>(sql, params);
  return rows.map(
    (r): MarkRow => ({
      evaluationId: r.evaluationId,
      studentId: r.studentId,
      value: r.annotation ?? r.value!,
    }),
  );
}

/** One cell to write: null clears it. */
export interface CellWrite {
  evaluationId: string;
  studentId: string;
  value: MarkValue | null;
}

/** Writes cells (call inside a transaction for all-or-nothing). */
export async function writeMarks(db: Db, cells: readonly CellWrite[], authorId: string): Promise<void> {
  const clear = cells.filter((c) => c.value === null);
  const set = cells.filter((c) => c.value !== null);
  if (clear.length > 0) {
    await db.query(
      `DELETE FROM marks m USING unnest($1::text[], $2::text[]) AS c(evaluation_id, student_id)
        WHERE m.evaluation_id = c.evaluation_id AND m.student_id = c.student_id`,
      [clear.map((c) => c.evaluationId), clear.map((c) => c.studentId)],
    );
  }
  if (set.length > 0) {
    await insertRows(
      db,
      'marks',
      ['evaluation_id', 'student_id', 'value', 'annotation', 'updated_by'],
      set.map((c) => [
        c.evaluationId,
        c.studentId,
        typeof c.value === 'number' ? c.value : null,
        typeof c.value === 'string' ? c.value : null,
        authorId,
      ]),
      {
        suffix: `ON CONFLICT (evaluation_id, student_id) DO UPDATE SET value = EXCLUDED.value,
                 annotation = EXCLUDED.annotation, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      },
    );
  }
}

export interface StudentRow {
  id: string;
  lastName: string;
  firstName: string;
}

/** Students enrolled in a class or group, in register order. */
export async function studentsOf(db: Db, classId: string): Promise<StudentRow[]> {
  return db.query<StudentRow>(
    `SELECT u.id, u.last_name AS "lastName", u.first_name AS "firstName"
       FROM enrolments e JOIN users u ON u.id = e.student_id
      WHERE e.class_id = $1 AND u.profile = 'student'
      ORDER BY u.last_name, u.first_name, u.id`,
    [classId],
  );
}

export interface SubjectRow {
  id: string;
  uai: string;
  code: string;
  name: string;
  coefficient: number;
}

export async function getSubject(db: Db, id: string): Promise<SubjectRow | null> {
  const rows = await db.query<SubjectRow>(
    'SELECT id, uai, code, name, coefficient FROM subjects WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

export interface PeriodRow {
  id: string;
  uai: string;
  schoolYear: number;
  name: string;
  startsOn: string;
  endsOn: string;
}

export async function getPeriod(db: Db, id: string): Promise<PeriodRow | null> {
  const rows = await db.query<PeriodRow>(
    `SELECT id, uai, school_year AS "schoolYear", name, starts_on AS "startsOn", ends_on AS "endsOn"
       FROM periods WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The établissement's grade book choices; anything unreadable falls back to the defaults. */
export async function gradebookSettings(db: Db, uai: string): Promise<GradebookSettings> {
  const rows = await db.query<{ s: unknown }>(
    `SELECT settings -> 'gradebook' AS s FROM etablissements WHERE uai = $1`,
    [uai],
  );
  const parsed = gradebookSettingsSchema.safeParse(rows[0]?.s ?? {});
  return parsed.success ? parsed.data : gradebookSettingsSchema.parse({});
}

export async function saveGradebookSettings(db: Db, uai: string, settings: GradebookSettings): Promise<void> {
  await db.query(
    `UPDATE etablissements SET settings = jsonb_set(settings, '{gradebook}', $2::text::jsonb, true) WHERE uai = $1`,
    [uai, JSON.stringify(settings)],
  );
}

export interface AppreciationRow {
  studentId: string;
  subjectId: string | null;
  text: string;
}

export async function appreciationsOf(
  db: Db,
  where: { studentIds: readonly string[]; periodId: string; subjectId?: string | null },
): Promise<AppreciationRow[]> {
  const params: unknown[] = [[...where.studentIds], where.periodId];
  let sql = `SELECT student_id AS "studentId", subject_id AS "subjectId", text FROM appreciations
              WHERE student_id = ANY($1::text[]) AND period_id = $2`;
  if (where.subjectId !== undefined) {
    params.push(where.subjectId);
    sql += ' AND subject_id IS NOT DISTINCT FROM $3::text';
  }
  return db.query<AppreciationRow>(sql, params);
}

export async function writeAppreciations(
  db: Db,
  where: { classId: string; periodId: string; subjectId: string | null },
  items: readonly { studentId: string; text: string }[],
  authorId: string,
): Promise<void> {
  const clear = items.filter((i) => i.text === '');
  const set = items.filter((i) => i.text !== '');
  if (clear.length > 0) {
    await db.query(
      `DELETE FROM appreciations WHERE student_id = ANY($1::text[]) AND period_id = $2
          AND subject_id IS NOT DISTINCT FROM $3::text`,
      [clear.map((i) => i.studentId), where.periodId, where.subjectId],
    );
  }
  if (set.length > 0) {
    await insertRows(
      db,
      'appreciations',
      ['student_id', 'period_id', 'subject_id', 'class_id', 'text', 'author_id'],
      set.map((i) => [i.studentId, where.periodId, where.subjectId, where.classId, i.text, authorId]),
      {
        suffix: `ON CONFLICT (student_id, period_id, subject_id) DO UPDATE SET text = EXCLUDED.text,
                 class_id = EXCLUDED.class_id, author_id = EXCLUDED.author_id, updated_at = now()`,
      },
    );
  }
}

export interface CompetenceRow {
  studentId: string;
  subjectId: string;
  domain: SocleDomain;
  level: LsuLevel;
  evaluationId: string | null;
}

export async function competencesOf(
  db: Db,
  where: { studentIds: readonly string[]; periodId: string; subjectId?: string },
): Promise<CompetenceRow[]> {
  const params: unknown[] = [[...where.studentIds], where.periodId];
  let sql = `SELECT student_id AS "studentId", subject_id AS "subjectId", domain, level,
                    evaluation_id AS "evaluationId"
               FROM competence_assessments WHERE student_id = ANY($1::text[]) AND period_id = $2`;
  if (where.subjectId) {
    params.push(where.subjectId);
    sql += ' AND subject_id = $3';
  }
  return db.query<CompetenceRow>(`${sql} ORDER BY student_id, domain`, params);
}

export async function writeCompetences(
  db: Db,
  where: { classId: string; subjectId: string; periodId: string },
  items: readonly {
    studentId: string;
    domain: SocleDomain;
    level: LsuLevel | null;
    evaluationId: string | null;
  }[],
  authorId: string,
): Promise<void> {
  for (const i of items.filter((x) => x.level === null)) {
    await db.query(
      `DELETE FROM competence_assessments WHERE student_id = $1 AND subject_id = $2 AND period_id = $3
          AND domain = $4 AND evaluation_id IS NOT DISTINCT FROM $5::text`,
      [i.studentId, where.subjectId, where.periodId, i.domain, i.evaluationId],
    );
  }
  const set = items.filter((x) => x.level !== null);
  if (set.length > 0) {
    await insertRows(
      db,
      'competence_assessments',
      [
        'student_id',
        'class_id',
        'subject_id',
        'period_id',
        'domain',
        'level',
        'evaluation_id',
        'assessed_by',
      ],
      set.map((i) => [
        i.studentId,
        where.classId,
        where.subjectId,
        where.periodId,
        i.domain,
        i.level,
        i.evaluationId,
        authorId,
      ]),
      {
        suffix: `ON CONFLICT (student_id, subject_id, period_id, domain, evaluation_id) DO UPDATE
                 SET level = EXCLUDED.level, assessed_by = EXCLUDED.assessed_by, assessed_at = now()`,
      },
    );
  }
}

export type { EvaluationInput, EvaluationPatch };

export interface SheetData {
  subject: SubjectRow | null;
  period: PeriodRow | null;
  settings: GradebookSettings;
  students: StudentRow[];
  evaluations: EvaluationRow[];
  marks: MarkRow[];
  appreciations: { studentId: string; text: string }[];
}

/**
 * Everything a class sheet shows, in one round trip (the sheet is the grade book's busiest read): the subject and
 * period (null when not of this établissement), settings, enrolled students, the évaluations of the class, subject
 * and period, their marks and the subject's appréciations.
 */
export async function loadSheetData(
  db: Db,
  where: { classId: string; uai: string; subjectId: string; periodId: string },
): Promise<SheetData> {
  const [row] = await db.query<{
    subject: SubjectRow | null;
    period: PeriodRow | null;
    settings: unknown;
    students: StudentRow[] | null;
    evaluations: EvaluationRow[] | null;
    marks:
      | { evaluationId: string; studentId: string; value: number | null; annotation: MarkValue | null }[]
      | null;
    appreciations: { studentId: string; text: string }[] | null;
  }>(
    `WITH enrolled AS (
       SELECT u.id, u.last_name, u.first_name FROM enrolments e JOIN users u ON u.id = e.student_id
        WHERE e.class_id = $1),
     evs AS (
       SELECT * FROM evaluations WHERE class_id = $1 AND subject_id = $3 AND period_id = $4)
     SELECT
       (SELECT jsonb_build_object('id', id, 'uai', uai, 'code', code, 'name', name, 'coefficient', coefficient)
          FROM subjects WHERE id = $3 AND uai = $2) AS subject,
       (SELECT jsonb_build_object('id', id, 'uai', uai, 'schoolYear', school_year, 'name', name,
                                  'startsOn', starts_on, 'endsOn', ends_on)
          FROM periods WHERE id = $4 AND uai = $2) AS period,
       (SELECT settings -> 'gradebook' FROM etablissements WHERE uai = $2) AS settings,
       (SELECT jsonb_agg(jsonb_build_object('id', id, 'lastName', last_name, 'firstName', first_name)
                         ORDER BY last_name, first_name, id) FROM enrolled) AS students,
       (SELECT jsonb_agg(jsonb_build_object('id', id, 'uai', uai, 'classId', class_id, 'subjectId', subject_id,
                         'periodId', period_id, 'title', title, 'date', date, 'coefficient', coefficient,
                         'outOf', out_of, 'rescaleTo20', rescale_to_20, 'publishOn', publish_on, 'type', type,
                         'kind', kind) ORDER BY date, created_at, id) FROM evs) AS evaluations,
       (SELECT jsonb_agg(jsonb_build_object('evaluationId', m.evaluation_id, 'studentId', m.student_id,
                         'value', m.value, 'annotation', m.annotation))
          FROM marks m JOIN evs ON evs.id = m.evaluation_id
         WHERE m.student_id IN (SELECT id FROM enrolled)) AS marks,
       (SELECT jsonb_agg(jsonb_build_object('studentId', a.student_id, 'text', a.text))
          FROM appreciations a
         WHERE a.student_id IN (SELECT id FROM enrolled) AND a.period_id = $4 AND a.subject_id = $3) AS appreciations`,
    [where.classId, where.uai, where.subjectId, where.periodId],
  );
  const parsed = gradebookSettingsSchema.safeParse(row?.settings ?? {});
  return {
    subject: row?.subject ?? null,
    period: row?.period ?? null,
    settings: parsed.success ? parsed.data : gradebookSettingsSchema.parse({}),
    students: row?.students ?? [],
    evaluations: row?.evaluations ?? [],
    marks: (row?.marks ?? []).map((m) => ({
      evaluationId: m.evaluationId,
      studentId: m.studentId,
      value: m.annotation ?? m.value!,
    })),
    appreciations: row?.appreciations ?? [],
  };
}

export interface ClassPeriodRow {
  id: string;
  label: string;
  startsOn: string;
  endsOn: string;
}

/** A class's periods (its scheme, its school year), in order. */
export async function periodsOfClass(db: Db, classId: string): Promise<ClassPeriodRow[]> {
  return db.query<ClassPeriodRow>(
    `SELECT p.id, p.name AS label, p.starts_on AS "startsOn", p.ends_on AS "endsOn"
       FROM classes c JOIN periods p
         ON p.uai = c.uai AND p.school_year = c.school_year AND p.scheme = c.period_scheme
      WHERE c.id = $1
      ORDER BY p.starts_on`,
    [classId],
  );
}

/** Periods in which a class has at least one mark in a subject. */
export async function periodsWithMarks(db: Db, classId: string, subjectId: string): Promise<Set<string>> {
  const rows = await db.query<{ periodId: string }>(
    `SELECT DISTINCT e.period_id AS "periodId" FROM evaluations e
      WHERE e.class_id = $1 AND e.subject_id = $2 AND EXISTS (SELECT 1 FROM marks m WHERE m.evaluation_id = e.id)`,
    [classId, subjectId],
  );
  return new Set(rows.map((r) => r.periodId));
}

/** Periods in which a student has a mark (published by `publishedBy` when given). */
export async function periodsWithStudentMarks(
  db: Db,
  studentId: string,
  publishedBy: string | undefined,
): Promise<Set<string>> {
  const rows = await db.query<{ periodId: string }>(
    `SELECT DISTINCT e.period_id AS "periodId" FROM marks m JOIN evaluations e ON e.id = m.evaluation_id
      WHERE m.student_id = $1 AND ($2::date IS NULL OR e.publish_on <= $2::date)`,
    [studentId, publishedBy ?? null],
  );
  return new Set(rows.map((r) => r.periodId));
}
