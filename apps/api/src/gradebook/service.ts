/**
 * Grade book services: the teacher's class sheet, a student's results, and the writes (évaluations, marks in
 * batches, appréciations, compétences). Every write is checked whole before anything is written, then written in
 * one transaction: bad input names each bad cell and writes nothing.
 *
 * What students and parents receive is built here from published évaluations only, and without what the
 * établissement hides: the hidden numbers are never computed into the response.
 */
import { randomUUID } from 'node:crypto';
import {
  checkMarkValue,
  defaultPeriodId,
  domainLevel,
  type Evaluation,
  type evaluationInputSchema,
  type evaluationPatchSchema,
  evaluationStats,
  formatMark,
  type LsuLevel,
  type MarkEntry,
  type MarkValue,
  type Ratio,
  type ResultEvaluationView,
  type ResultSubjectView,
  ranks,
  SOCLE_DOMAINS,
  type SocleDomain,
  type Stats,
  type StudentResultsView,
  slugify,
  statsOf,
  subjectAverageDetail,
  weightedMean,
} from '@preau/core';
import type { Db } from '../db/index.js';
import { conflict, type FieldError, invalid, notFound } from '../http/problem.js';
import type { PolicyContext } from '../policies/index.js';
import {
  type GradebookClassFacts as GradebookClass,
  requireGradebookReader,
  requireGradebookWriter,
  requireHeadTeacher,
  requireResultsReader,
} from '../policies/index.js';
import { type ImportPreview, planImport, sheetToCsv } from './csv.js';
import {
  type AppreciationRow,
  appreciationsOf,
  type CellWrite,
  competencesOf,
  deleteEvaluation,
  type EvaluationRow,
  evaluationsByIds,
  evaluationsOf,
  getEvaluation,
  getPeriod,
  getSubject,
  gradebookSettings,
  insertEvaluation,
  loadSheetData,
  type MarkRow,
  marksOf,
  type PeriodRow,
  periodsOfClass,
  periodsWithMarks,
  periodsWithStudentMarks,
  type StudentRow,
  type SubjectRow,
  studentsOf,
  updateEvaluation,
  writeAppreciations,
  writeCompetences,
  writeMarks,
} from './store.js';
import type { SheetEvaluation, SheetView } from './views.js';

export interface GradebookContext extends PolicyContext {
  /** Today in Europe/Paris (YYYY-MM-DD): what is published is decided against it. */
  today: string;
}

/** Largest batch of cells in one request. */
export const MAX_CELLS_PER_BATCH = 5000;

// ---- the teacher's sheet -------------------------------------------------------------------------------------

export type { SheetEvaluation, SheetView } from './views.js';

async function sheetScope(
  ctx: PolicyContext,
  cls: GradebookClass,
  subjectId: string,
  periodId: string,
): Promise<{ subject: SubjectRow; period: PeriodRow }> {
  const [subject, period] = await Promise.all([getSubject(ctx.db, subjectId), getPeriod(ctx.db, periodId)]);
  const errors: FieldError[] = [];
  if (!subject || subject.uai !== cls.uai)
    errors.push({
      field: 'query.subjectId',
      message: `Matière inconnue dans cet établissement : ${subjectId}.`,
    });
  if (!period || period.uai !== cls.uai || period.schoolYear !== cls.schoolYear)
    errors.push({ field: 'query.periodId', message: `Période inconnue pour cette classe : ${periodId}.` });
  if (errors.length) throw invalid(errors);
  return { subject: subject!, period: period! };
}

function entriesFor(
  evaluations: readonly Evaluation[],
  marks: ReadonlyMap<string, MarkValue>,
): { entries: MarkEntry[]; ids: string[] } {
  return {
    entries: evaluations.map((e) => ({ evaluation: e, value: marks.get(e.id) ?? null })),
    ids: evaluations.map((e) => e.id),
  };
}

/** Marks indexed by student, then évaluation. */
function indexMarks(marks: readonly MarkRow[]): Map<string, Map<string, MarkValue>> {
  const byStudent = new Map<string, Map<string, MarkValue>>();
  for (const m of marks) {
    const row = byStudent.get(m.studentId) ?? new Map<string, MarkValue>();
    row.set(m.evaluationId, m.value);
    byStudent.set(m.studentId, row);
  }
  return byStudent;
}

const stripUai = ({ uai: _uai, ...e }: EvaluationRow): SheetEvaluation => e;

/**
 * The teacher's sheet. `subjectId` may be left out by a teacher who teaches one subject in the class, `periodId`
 * for the period in course.
 */
export async function getSheet(
  ctx: GradebookContext,
  classId: string,
  q: { subjectId?: string; periodId?: string },
): Promise<SheetView> {
  const { cls, canEdit } = await requireGradebookReader(ctx, classId, q.subjectId);
  const subjectId = q.subjectId ?? (await onlySubjectOf(ctx, classId));
  const periods = await periodsOfClass(ctx.db, classId);
  const withMarks = q.periodId ? new Set<string>() : await periodsWithMarks(ctx.db, classId, subjectId);
  const periodId = q.periodId ?? defaultPeriodId(periods, ctx.today, (id) => withMarks.has(id));
  if (!periodId)
    throw invalid([{ field: 'query.periodId', message: 'Aucune période pour cette classe : précisez-la.' }]);
  const { subject, period, settings, students, evaluations, marks, appreciations } = await loadSheetData(
    ctx.db,
    {
      classId,
      uai: cls.uai,
      subjectId,
      periodId,
    },
  );
  const errors: FieldError[] = [];
  if (!subject)
    errors.push({
      field: 'query.subjectId',
      message: `Matière inconnue dans cet établissement : ${subjectId}.`,
    });
  if (!period || period.schoolYear !== cls.schoolYear)
    errors.push({ field: 'query.periodId', message: `Période inconnue pour cette classe : ${periodId}.` });
  if (!subject || !period || errors.length) throw invalid(errors);
  const byStudent = indexMarks(marks);
  // The head teacher (and direction) write the general appréciations: only they receive them.
  const general = await requireHeadTeacher(ctx, classId).then(
    () => appreciationsOf(ctx.db, { studentIds: students.map((s) => s.id), periodId, subjectId: null }),
    () => undefined,
  );
  const exactAverages: Ratio[] = [];
  const averages = students.map((s) => {
    const { entries, ids } = entriesFor(evaluations, byStudent.get(s.id) ?? new Map());
    const d = subjectAverageDetail(entries, settings);
    if (d) exactAverages.push(d.exact);
    return { studentId: s.id, average: d?.value ?? null, counted: d ? d.counted.map((i) => ids[i]!) : [] };
  });
  return {
    class: { id: cls.id, name: cls.name },
    subject: { id: subject.id, code: subject.code, name: subject.name, coefficient: subject.coefficient },
    period: { id: period.id, label: period.name, startsOn: period.startsOn, endsOn: period.endsOn },
    settings,
    canEdit,
    evaluations: evaluations.map(stripUai),
    students,
    marks,
    averages,
    evaluationStats: evaluations.map((e) => ({
      evaluationId: e.id,
      stats: evaluationStats(
        students.map((s) => byStudent.get(s.id)?.get(e.id) ?? null),
        e,
        settings,
      ),
    })),
    classStats: statsOf(exactAverages),
    appreciations: appreciations.map((a) => ({ studentId: a.studentId, text: a.text })),
    ...(general
      ? { generalAppreciations: general.map((a) => ({ studentId: a.studentId, text: a.text })) }
      : {}),
    periods: periods.map(({ id, label, startsOn, endsOn }) => ({ id, label, startsOn, endsOn })),
    links: {
      marks: `/api/v1/gradebook/classes/${encodeURIComponent(cls.id)}/marks`,
      evaluations: `/api/v1/gradebook/classes/${encodeURIComponent(cls.id)}/evaluations`,
    },
  };
}

/** A student's main class of the latest school year (its periods are the student's). */
async function mainClassOf(db: Db, studentId: string): Promise<string | null> {
  const rows = await db.query<{ id: string }>(
    `SELECT c.id FROM enrolments e JOIN classes c ON c.id = e.class_id
      WHERE e.student_id = $1 ORDER BY c.school_year DESC, c.kind = 'classe' DESC LIMIT 1`,
    [studentId],
  );
  return rows[0]?.id ?? null;
}

/** The subject a teacher teaches in a class, when there is exactly one (what the sheet's URL may leave out). */
async function onlySubjectOf(ctx: GradebookContext, classId: string): Promise<string> {
  const taught = await ctx.db.query<{ subjectId: string }>(
    'SELECT DISTINCT subject_id AS "subjectId" FROM teaching_assignments WHERE class_id = $1 AND teacher_id = $2',
    [classId, ctx.viewer.id],
  );
  if (taught.length !== 1)
    throw invalid([{ field: 'query.subjectId', message: 'Précisez la matière (subjectId).' }]);
  return taught[0]!.subjectId;
}

// ---- évaluations ---------------------------------------------------------------------------------------------

export async function createEvaluation(
  ctx: GradebookContext,
  input: ReturnType<typeof evaluationInputSchema.parse>,
): Promise<SheetEvaluation> {
  const { cls } = await requireGradebookWriter(ctx, input.classId, input.subjectId);
  await sheetScope(ctx, cls, input.subjectId, input.periodId).catch((err) => {
    throw renameFields(err, { 'query.subjectId': 'body.subjectId', 'query.periodId': 'body.periodId' });
  });
  return stripUai(await insertEvaluation(ctx.db, randomUUID(), cls.uai, input, ctx.viewer.id));
}

function renameFields(err: unknown, names: Record<string, string>): unknown {
  const p = (err as { problem?: { errors?: FieldError[] } }).problem;
  for (const e of p?.errors ?? []) e.field = names[e.field] ?? e.field;
  return err;
}

async function evaluationForWrite(ctx: GradebookContext, id: string): Promise<EvaluationRow> {
  const ev = await getEvaluation(ctx.db, id);
  if (!ev) throw notFound("Cette évaluation n'existe pas ou ne vous est pas accessible.");
  await requireGradebookWriter(ctx, ev.classId, ev.subjectId);
  return ev;
}

export async function readEvaluation(ctx: GradebookContext, id: string): Promise<SheetEvaluation> {
  const ev = await getEvaluation(ctx.db, id);
  if (!ev) throw notFound("Cette évaluation n'existe pas ou ne vous est pas accessible.");
  await requireGradebookReader(ctx, ev.classId, ev.subjectId);
  return stripUai(ev);
}

export async function patchEvaluation(
  ctx: GradebookContext,
  id: string,
  patch: ReturnType<typeof evaluationPatchSchema.parse>,
): Promise<SheetEvaluation> {
  const ev = await evaluationForWrite(ctx, id);
  return ctx.db.transaction(async (tx) => {
    const errors: FieldError[] = [];
    if (patch.periodId !== undefined) {
      const period = await getPeriod(tx, patch.periodId);
      if (!period || period.uai !== ev.uai)
        errors.push({ field: 'body.periodId', message: `Période inconnue : ${patch.periodId}.` });
    }
    if (patch.outOf !== undefined && patch.outOf < ev.outOf) {
      // A smaller barème must still hold every mark already entered.
      const over = await tx.query<{ n: number }>(
        'SELECT count(*) AS n FROM marks WHERE evaluation_id = $1 AND value > $2',
        [id, patch.outOf],
      );
      const n = Number(over[0]?.n ?? 0);
      if (n > 0)
        errors.push({
          field: 'body.outOf',
          message: `${n} note${n > 1 ? 's dépassent' : ' dépasse'} le nouveau barème (${formatMark(patch.outOf)}) : corrigez-les d'abord.`,
        });
    }
    if (errors.length) throw invalid(errors);
    return stripUai(await updateEvaluation(tx, id, patch));
  });
}

export async function removeEvaluation(ctx: GradebookContext, id: string): Promise<void> {
  await evaluationForWrite(ctx, id);
  await deleteEvaluation(ctx.db, id);
}

// ---- marks in batches ----------------------------------------------------------------------------------------

export interface CellInput {
  evaluationId: string;
  studentId: string;
  value: unknown;
}

/**
 * Checks every cell (the évaluation belongs to the class, the student is enrolled, the value fits the barème, no
 * cell twice) and writes all of them in one transaction, or none. Each bad cell is named as
 * `<prefix>[i].value` (or `.evaluationId` / `.studentId`) with the student and the évaluation.
 */
export async function saveMarks(
  ctx: GradebookContext,
  classId: string,
  cells: readonly CellInput[],
  prefix = 'body.marks',
): Promise<{ saved: number }> {
  const { cls } = await requireGradebookReader(ctx, classId);
  const { db } = ctx;
  const [evaluations, students] = await Promise.all([
    evaluationsByIds(
      db,
      cells.map((c) => c.evaluationId),
    ),
    studentsOf(db, classId),
  ]);
  const evById = new Map(evaluations.filter((e) => e.classId === classId).map((e) => [e.id, e]));
  const studentById = new Map(students.map((s) => [s.id, s]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const writes: CellWrite[] = [];
  cells.forEach((c, i) => {
    const at = `${prefix}[${i}]`;
    const ev = evById.get(c.evaluationId);
    const student = studentById.get(c.studentId);
    if (!ev)
      errors.push({
        field: `${at}.evaluationId`,
        message: `Évaluation inconnue dans cette classe : ${c.evaluationId}.`,
      });
    if (!student)
      errors.push({ field: `${at}.studentId`, message: `Élève inconnu dans cette classe : ${c.studentId}.` });
    if (!ev || !student) return;
    const who = `${student.firstName} ${student.lastName}, « ${ev.title} »`;
    const key = `${ev.id}\u0000${student.id}`;
    if (seen.has(key)) {
      errors.push({ field: `${at}`, message: `${who} : cette case figure deux fois dans l'envoi.` });
      return;
    }
    seen.add(key);
    const value = c.value as MarkValue | null;
    const bad = checkMarkValue(value, ev.outOf);
    if (bad) {
      errors.push({ field: `${at}.value`, message: `${who} : ${bad.message.fr}.` });
      return;
    }
    writes.push({ evaluationId: ev.id, studentId: student.id, value });
  });
  if (errors.length)
    throw invalid(
      errors,
      `${errors.length} case${errors.length > 1 ? 's' : ''} à corriger : rien n'a été enregistré.`,
    );
  // The teacher must teach every subject touched (direction may write all).
  for (const subjectId of new Set(writes.map((w) => evById.get(w.evaluationId)!.subjectId))) {
    await requireGradebookWriter(ctx, cls.id, subjectId);
  }
  await db
    .transaction((tx) => writeMarks(tx, writes, ctx.viewer.id))
    .catch((err: unknown) => {
      // An évaluation deleted (or a student removed) between the checks and the write: nothing was written.
      if ((err as { code?: unknown }).code === '23503')
        throw conflict(
          "Une évaluation ou un élève a changé pendant l'enregistrement : rechargez la feuille de notes.",
        );
      throw err;
    });
  return { saved: writes.length };
}

// ---- appréciations and compétences ---------------------------------------------------------------------------

/**
 * A class's appréciations for a period: of one subject (its teachers, the head teacher, direction), or the head
 * teacher's general ones (`subjectId` null: the head teacher and direction), with the students in register order.
 */
export async function listAppreciations(
  ctx: GradebookContext,
  classId: string,
  q: { periodId: string; subjectId: string | null },
): Promise<{
  periodId: string;
  subjectId: string | null;
  students: StudentRow[];
  appreciations: AppreciationRow[];
}> {
  const cls =
    q.subjectId === null
      ? await requireHeadTeacher(ctx, classId)
      : (await requireGradebookReader(ctx, classId, q.subjectId)).cls;
  const period = await getPeriod(ctx.db, q.periodId);
  if (!period || period.uai !== cls.uai)
    throw invalid([
      { field: 'query.periodId', message: `Période inconnue pour cette classe : ${q.periodId}.` },
    ]);
  const students = await studentsOf(ctx.db, classId);
  const appreciations = await appreciationsOf(ctx.db, {
    studentIds: students.map((s) => s.id),
    periodId: q.periodId,
    subjectId: q.subjectId,
  });
  return { periodId: q.periodId, subjectId: q.subjectId, students, appreciations };
}

export async function saveAppreciations(
  ctx: GradebookContext,
  classId: string,
  body: { periodId: string; subjectId: string | null; items: { studentId: string; text: string }[] },
): Promise<{ saved: number }> {
  const cls =
    body.subjectId === null
      ? await requireHeadTeacher(ctx, classId)
      : (await requireGradebookWriter(ctx, classId, body.subjectId)).cls;
  const period = await getPeriod(ctx.db, body.periodId);
  const errors: FieldError[] = [];
  if (!period || period.uai !== cls.uai)
    errors.push({ field: 'body.periodId', message: `Période inconnue : ${body.periodId}.` });
  if (body.subjectId !== null) {
    const subject = await getSubject(ctx.db, body.subjectId);
    if (!subject || subject.uai !== cls.uai)
      errors.push({ field: 'body.subjectId', message: `Matière inconnue : ${body.subjectId}.` });
  }
  const enrolled = new Set((await studentsOf(ctx.db, classId)).map((s) => s.id));
  body.items.forEach((item, i) => {
    if (!enrolled.has(item.studentId))
      errors.push({
        field: `body.items[${i}].studentId`,
        message: `Élève inconnu dans cette classe : ${item.studentId}.`,
      });
  });
  if (errors.length) throw invalid(errors);
  await ctx.db.transaction((tx) =>
    writeAppreciations(
      tx,
      { classId, periodId: body.periodId, subjectId: body.subjectId },
      body.items,
      ctx.viewer.id,
    ),
  );
  return { saved: body.items.length };
}

export async function saveCompetences(
  ctx: GradebookContext,
  classId: string,
  body: {
    subjectId: string;
    periodId: string;
    assessments: {
      studentId: string;
      domain: SocleDomain;
      level: LsuLevel | null;
      evaluationId: string | null;
    }[];
  },
): Promise<{ saved: number }> {
  const { cls } = await requireGradebookWriter(ctx, classId, body.subjectId);
  await sheetScope(ctx, cls, body.subjectId, body.periodId).catch((err) => {
    throw renameFields(err, { 'query.subjectId': 'body.subjectId', 'query.periodId': 'body.periodId' });
  });
  const enrolled = new Set((await studentsOf(ctx.db, classId)).map((s) => s.id));
  const evIds = body.assessments.map((a) => a.evaluationId).filter((x): x is string => x !== null);
  const evs = new Map((await evaluationsByIds(ctx.db, evIds)).map((e) => [e.id, e]));
  const errors: FieldError[] = [];
  body.assessments.forEach((a, i) => {
    if (!enrolled.has(a.studentId))
      errors.push({
        field: `body.assessments[${i}].studentId`,
        message: `Élève inconnu dans cette classe : ${a.studentId}.`,
      });
    if (a.evaluationId !== null) {
      const e = evs.get(a.evaluationId);
      if (!e || e.classId !== classId || e.subjectId !== body.subjectId || e.periodId !== body.periodId)
        errors.push({
          field: `body.assessments[${i}].evaluationId`,
          message: `Évaluation inconnue pour cette classe, matière et période : ${a.evaluationId}.`,
        });
    }
  });
  if (errors.length) throw invalid(errors);
  await ctx.db.transaction((tx) =>
    writeCompetences(tx, { classId, ...body }, body.assessments, ctx.viewer.id),
  );
  return { saved: body.assessments.length };
}

// ---- a student's results -------------------------------------------------------------------------------------

export interface ResultEvaluation extends ResultEvaluationView {
  id: string;
  title: string;
  date: string;
  type: Evaluation['type'];
  kind: Evaluation['kind'];
  coefficient: number;
  outOf: number;
  rescaleTo20: boolean;
  publishOn: string;
  mark: MarkValue | null;
  /** Only when the établissement shows class statistics. */
  classStats?: Stats | null;
}

export interface ResultSubject extends ResultSubjectView {
  id: string;
  code: string;
  name: string;
  coefficient: number;
  evaluations: ResultEvaluation[];
  /** Only when the établissement shows subject averages; null when no mark counts. */
  average?: number | null;
  /** Only when the établissement shows class statistics. */
  classStats?: Stats | null;
  appreciation: string | null;
  competences: { domain: SocleDomain; level: LsuLevel | null }[];
}

export interface StudentResults extends StudentResultsView {
  student: { id: string; firstName: string; lastName: string };
  class: { id: string; name: string } | null;
  period: { id: string; label: string; startsOn: string; endsOn: string };
  periods: { id: string; label: string; startsOn: string; endsOn: string }[];
  subjects: ResultSubject[];
  /** Only when shown: the general average. */
  generalAverage?: number | null;
  /** Only when shown: the rank among the students of the class who have a general average. */
  rank?: { position: number; of: number } | null;
  /** The head teacher's general appréciation. */
  appreciation: string | null;
  /** Level per domain of the socle over all subjects (rounded mean of the period's assessments). */
  competences: { domain: SocleDomain; level: LsuLevel | null }[];
}

/**
 * A student's results for a period. Students and guardians receive published évaluations only, and only what the
 * établissement shows; school staff receive everything.
 */
export async function studentResults(
  ctx: GradebookContext,
  studentId: string,
  periodIdOrCurrent?: string,
): Promise<StudentResults> {
  const { student, restricted } = await requireResultsReader(ctx, studentId);
  const { db } = ctx;
  const classId = await mainClassOf(db, studentId);
  const periods = classId ? await periodsOfClass(db, classId) : [];
  // With no period asked for: the one in course if it has marks (published ones, for the family), else the latest.
  const withMarks = periodIdOrCurrent
    ? new Set<string>()
    : await periodsWithStudentMarks(db, studentId, restricted ? ctx.today : undefined);
  const periodId = periodIdOrCurrent ?? defaultPeriodId(periods, ctx.today, (id) => withMarks.has(id));
  if (!periodId)
    throw invalid([{ field: 'query.periodId', message: 'Aucune période pour cet élève : précisez-la.' }]);
  const period = await getPeriod(db, periodId);
  if (!period || period.uai !== student.uai)
    throw invalid([{ field: 'query.periodId', message: `Période inconnue pour cet élève : ${periodId}.` }]);
  const settings = await gradebookSettings(db, student.uai);
  const show = restricted
    ? settings.visibility
    : { subjectAverages: true, generalAverage: true, classStats: true, rank: true };

  // The student's classes and groups of that school year, and their main classe.
  const myClasses = await db.query<{ id: string; name: string; kind: string }>(
    `SELECT c.id, c.name, c.kind FROM enrolments e JOIN classes c ON c.id = e.class_id
      WHERE e.student_id = $1 AND c.school_year = $2 ORDER BY c.kind, c.name`,
    [studentId, period.schoolYear],
  );
  const mainClass = myClasses.find((c) => c.kind === 'classe') ?? null;
  // Everyone who shares a class or group with the student, and the groups of the main classe's students (rank).
  const peerRows = await db.query<{ studentId: string; classId: string }>(
    `SELECT DISTINCT e2.student_id AS "studentId", e2.class_id AS "classId"
       FROM enrolments e2 JOIN classes c ON c.id = e2.class_id AND c.school_year = $3
      WHERE e2.student_id IN (
        SELECT e.student_id FROM enrolments e WHERE e.class_id = ANY($1::text[])
        UNION SELECT e.student_id FROM enrolments e WHERE e.class_id = $2)`,
    [myClasses.map((c) => c.id), mainClass?.id ?? null, period.schoolYear],
  );
  const classesOf = new Map<string, Set<string>>();
  for (const r of peerRows) {
    const set = classesOf.get(r.studentId) ?? new Set<string>();
    set.add(r.classId);
    classesOf.set(r.studentId, set);
  }
  const allClassIds = [...new Set(peerRows.map((r) => r.classId))];
  const evaluations = await evaluationsOf(db, {
    classIds: allClassIds,
    periodId,
    publishedBy: restricted ? ctx.today : undefined,
  });
  const marks = await marksOf(
    db,
    evaluations.map((e) => e.id),
  );
  const byStudent = indexMarks(marks);
  const subjectIds = [...new Set(evaluations.map((e) => e.subjectId))];
  const subjects = new Map(
    (
      await db.query<SubjectRow>(
        'SELECT id, uai, code, name, coefficient FROM subjects WHERE id = ANY($1::text[])',
        [subjectIds],
      )
    ).map((s) => [s.id, s]),
  );

  /** One student's exact subject averages over the évaluations of their own classes and groups (memoized). */
  const averagesCache = new Map<string, Map<string, Ratio | null>>();
  const averagesOf = (sid: string) => {
    const cached = averagesCache.get(sid);
    if (cached) return cached;
    const mine = classesOf.get(sid) ?? new Set<string>();
    const perSubject = new Map<string, EvaluationRow[]>();
    for (const e of evaluations) {
      if (!mine.has(e.classId)) continue;
      const list = perSubject.get(e.subjectId) ?? [];
      list.push(e);
      perSubject.set(e.subjectId, list);
    }
    const marksOfStudent = byStudent.get(sid) ?? new Map<string, MarkValue>();
    const result = new Map<string, Ratio | null>();
    for (const [subjectId, evs] of perSubject) {
      result.set(
        subjectId,
        subjectAverageDetail(entriesFor(evs, marksOfStudent).entries, settings)?.exact ?? null,
      );
    }
    averagesCache.set(sid, result);
    return result;
  };

  const myAverages = averagesOf(studentId);
  const myMarks = byStudent.get(studentId) ?? new Map<string, MarkValue>();
  const myClassIds = classesOf.get(studentId) ?? new Set<string>();
  const [appreciations, competences] = await Promise.all([
    appreciationsOf(db, { studentIds: [studentId], periodId }),
    competencesOf(db, { studentIds: [studentId], periodId }),
  ]);

  const resultSubjects: ResultSubject[] = [...myAverages.keys()]
    .map((subjectId) => subjects.get(subjectId)!)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    .map((subject) => {
      const evs = evaluations.filter((e) => e.subjectId === subject.id && myClassIds.has(e.classId));
      const out: ResultSubject = {
        id: subject.id,
        code: subject.code,
        name: subject.name,
        coefficient: subject.coefficient,
        evaluations: evs.map((e) => {
          const r: ResultEvaluation = {
            id: e.id,
            title: e.title,
            date: e.date,
            type: e.type,
            kind: e.kind,
            coefficient: e.coefficient,
            outOf: e.outOf,
            rescaleTo20: e.rescaleTo20,
            publishOn: e.publishOn,
            mark: myMarks.get(e.id) ?? null,
          };
          if (show.classStats) {
            const values = [...classesOf.entries()]
              .filter(([, cs]) => cs.has(e.classId))
              .map(([sid]) => byStudent.get(sid)?.get(e.id) ?? null);
            r.classStats = evaluationStats(values, e, settings);
          }
          return r;
        }),
        appreciation: appreciations.find((a) => a.subjectId === subject.id)?.text ?? null,
        competences: levelsByDomain(competences.filter((c) => c.subjectId === subject.id)),
      };
      if (show.subjectAverages) out.average = myAverages.get(subject.id)?.toNumber() ?? null;
      if (show.classStats) {
        // Over the students who take this subject in the same classes or groups as the student.
        const groupIds = new Set(evs.map((e) => e.classId));
        const peers = [...classesOf.entries()].filter(([, cs]) => [...cs].some((c) => groupIds.has(c)));
        const exact = peers
          .map(([sid]) => averagesOf(sid).get(subject.id) ?? null)
          .filter((x): x is Ratio => x !== null);
        out.classStats = statsOf(exact);
      }
      return out;
    });

  const result: StudentResults = {
    student: { id: student.id, firstName: student.firstName, lastName: student.lastName },
    class: mainClass ? { id: mainClass.id, name: mainClass.name } : null,
    period: { id: period.id, label: period.name, startsOn: period.startsOn, endsOn: period.endsOn },
    periods: periods.map(({ id, label, startsOn, endsOn }) => ({ id, label, startsOn, endsOn })),
    subjects: resultSubjects,
    appreciation: appreciations.find((a) => a.subjectId === null)?.text ?? null,
    competences: levelsByDomain(competences),
  };
  const generalOf = (sid: string) => {
    const avgs = averagesOf(sid);
    return weightedMean(
      [...avgs].map(([subjectId, average]) => ({
        coefficient: subjects.get(subjectId)!.coefficient,
        average,
      })),
    );
  };
  if (show.generalAverage) result.generalAverage = generalOf(studentId)?.toNumber() ?? null;
  if (show.rank) {
    if (!mainClass) result.rank = null;
    else {
      const classmates = peerRows.filter((r) => r.classId === mainClass.id).map((r) => r.studentId);
      const generals = classmates.map((sid) => generalOf(sid)?.toNumber() ?? null);
      const positions = ranks(generals);
      const mine = positions[classmates.indexOf(studentId)] ?? null;
      result.rank = mine === null ? null : { position: mine, of: generals.filter((g) => g !== null).length };
    }
  }
  return result;
}

function levelsByDomain(rows: readonly { domain: SocleDomain; level: LsuLevel }[]) {
  return SOCLE_DOMAINS.map((domain) => ({
    domain,
    level: domainLevel(rows.filter((r) => r.domain === domain).map((r) => r.level)),
  })).filter((d) => d.level !== null);
}

// ---- CSV export and import -----------------------------------------------------------------------------------

/** The class sheet as a CSV file for French spreadsheet software. */
export async function exportSheetCsv(
  ctx: GradebookContext,
  classId: string,
  q: { subjectId?: string; periodId?: string },
): Promise<{ filename: string; csv: string }> {
  const sheet = await getSheet(ctx, classId, q);
  const filename = `notes-${slugify(sheet.class.name)}-${slugify(sheet.subject.name)}-${slugify(sheet.period.label)}.csv`;
  return { filename, csv: sheetToCsv(sheet) };
}

export interface ImportBody {
  subjectId: string;
  periodId: string;
  /** CSV (`;` or `,`) or a block pasted from a spreadsheet (tab-separated), header row first. */
  text: string;
}

/** What importing would change (new, changed, unchanged marks) and each row's errors; writes nothing. */
export async function previewImport(
  ctx: GradebookContext,
  classId: string,
  body: ImportBody,
): Promise<ImportPreview> {
  await requireGradebookWriter(ctx, classId, body.subjectId);
  const sheet = await getSheet(ctx, classId, body).catch((err) => {
    throw renameFields(err, { 'query.subjectId': 'body.subjectId', 'query.periodId': 'body.periodId' });
  });
  return planImport(sheet, body.text);
}

/** Imports every mark of the text, or none when any row has an error. */
export async function applyImport(
  ctx: GradebookContext,
  classId: string,
  body: ImportBody,
): Promise<{ saved: number; summary: ImportPreview['summary'] }> {
  const preview = await previewImport(ctx, classId, body);
  if (preview.errors.length > 0) {
    throw invalid(
      preview.errors.map((e) => ({
        field: `body.text[${e.line}]`,
        message: `Ligne ${e.line}${e.column ? `, colonne « ${e.column} »` : ''} : ${e.message}`,
      })),
      `${preview.errors.length} erreur${preview.errors.length > 1 ? 's' : ''} dans le fichier : rien n'a été importé.`,
    );
  }
  const cells = preview.changes
    .filter((c) => c.status !== 'unchanged')
    .map((c) => ({ evaluationId: c.evaluationId, studentId: c.studentId, value: c.after }));
  const { saved } = await saveMarks(ctx, classId, cells, 'body.text');
  return { saved, summary: preview.summary };
}
