/** Compétences of the socle assessed in a subject and period, optionally against one of its évaluations. */
import type { LsuLevel, SocleDomain } from '@preau/core';
import { type FieldError, invalid } from '../http/problem.js';
import { requireGradebookWriter } from '../policies/index.js';
import { type GradebookContext, renameFields, sheetScope } from './context.js';
import { evaluationsByIds, studentsOf, writeCompetences } from './store.js';

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
    writeCompetences(tx, { classId, ...body }, body.assessments, ctx.viewer.id, ctx.now),
  );
  return { saved: body.assessments.length };
}
