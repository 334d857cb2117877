/** Appréciations of a period: per subject (its teachers) or general (the head teacher), read and saved. */
import { type FieldError, invalid } from '../http/problem.js';
import { requireGradebookReader, requireGradebookWriter, requireHeadTeacher } from '../policies/index.js';
import type { GradebookContext } from './context.js';
import {
  type AppreciationRow,
  appreciationsOf,
  getPeriod,
  getSubject,
  type StudentRow,
  studentsOf,
  writeAppreciations,
} from './store.js';

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
      ctx.now,
    ),
  );
  return { saved: body.items.length };
}
