/** Marks saved in batches: every cell checked, then all written in one transaction or none. */
import { checkMarkValue, type MarkValue } from '@preau/core';
import { conflict, type FieldError, invalid } from '../http/problem.js';
import { requireGradebookReader, requireGradebookWriter } from '../policies/index.js';
import type { GradebookContext } from './context.js';
import { type CellWrite, evaluationsByIds, studentsOf, writeMarks } from './store.js';

/** Largest batch of cells in one request. */
export const MAX_CELLS_PER_BATCH = 5000;

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
    .transaction((tx) => writeMarks(tx, writes, ctx.viewer.id, ctx.now))
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
