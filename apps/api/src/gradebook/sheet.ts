/** The teacher's class sheet: évaluations, marks, averages, statistics and appréciations of one subject and period. */
import { defaultPeriodId, evaluationStats, type Ratio, statsOf, subjectAverageDetail } from '@preau/core';
import { type FieldError, invalid } from '../http/problem.js';
import { requireGradebookReader, requireHeadTeacher } from '../policies/index.js';
import { entriesFor, type GradebookContext, indexMarks, stripUai } from './context.js';
import { appreciationsOf, loadSheetData, periodsOfClass, periodsWithMarks } from './store.js';
import type { SheetView } from './views.js';

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
