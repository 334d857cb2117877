/**
 * What every grade book service shares: the request context, the check that a subject and a period belong to a
 * class's établissement, and the marks indexed for averages (the sheet and a student's results compute them alike).
 */
import type { Evaluation, MarkEntry, MarkValue } from '@preau/core';
import { type FieldError, invalid } from '../http/problem.js';
import type { GradebookClassFacts as GradebookClass, PolicyContext } from '../policies/index.js';
import {
  type EvaluationRow,
  getPeriod,
  getSubject,
  type MarkRow,
  type PeriodRow,
  type SubjectRow,
} from './store.js';
import type { SheetEvaluation } from './views.js';

export interface GradebookContext extends PolicyContext {
  /** The request's instant (from the server's clock): written as the time of every change. */
  now: Date;
  /** Today in Europe/Paris (YYYY-MM-DD) at `now`: what is published is decided against it. */
  today: string;
}

/** A sheet's subject and period, checked against the class's établissement and school year. */
export async function sheetScope(
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

/** Mark entries of the given évaluations (`ids[i]` names `entries[i]`), as averages take them. */
export function entriesFor(
  evaluations: readonly Evaluation[],
  marks: ReadonlyMap<string, MarkValue>,
): { entries: MarkEntry[]; ids: string[] } {
  return {
    entries: evaluations.map((e) => ({ evaluation: e, value: marks.get(e.id) ?? null })),
    ids: evaluations.map((e) => e.id),
  };
}

/** Marks indexed by student, then évaluation. */
export function indexMarks(marks: readonly MarkRow[]): Map<string, Map<string, MarkValue>> {
  const byStudent = new Map<string, Map<string, MarkValue>>();
  for (const m of marks) {
    const row = byStudent.get(m.studentId) ?? new Map<string, MarkValue>();
    row.set(m.evaluationId, m.value);
    byStudent.set(m.studentId, row);
  }
  return byStudent;
}

/** An évaluation as answered: its établissement is the class's, not repeated. */
export const stripUai = ({ uai: _uai, ...e }: EvaluationRow): SheetEvaluation => e;

/** Renames the fields of a problem's errors (a check written for the query, reused for a body). */
export function renameFields(err: unknown, names: Record<string, string>): unknown {
  const p = (err as { problem?: { errors?: FieldError[] } }).problem;
  for (const e of p?.errors ?? []) e.field = names[e.field] ?? e.field;
  return err;
}
