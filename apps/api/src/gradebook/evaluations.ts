/** Évaluations: create, read, change (a smaller barème must hold the marks entered) and delete. */
import { type evaluationInputSchema, type evaluationPatchSchema, formatMark } from '@preau/core';
import { type FieldError, invalid, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import { requireGradebookReader, requireGradebookWriter } from '../policies/index.js';
import { type GradebookContext, renameFields, sheetScope, stripUai } from './context.js';
import {
  deleteEvaluation,
  type EvaluationRow,
  getEvaluation,
  getPeriod,
  insertEvaluation,
  updateEvaluation,
} from './store.js';
import type { SheetEvaluation } from './views.js';

export async function createEvaluation(
  ctx: GradebookContext,
  input: ReturnType<typeof evaluationInputSchema.parse>,
): Promise<SheetEvaluation> {
  const { cls } = await requireGradebookWriter(ctx, input.classId, input.subjectId);
  await sheetScope(ctx, cls, input.subjectId, input.periodId).catch((err) => {
    throw renameFields(err, { 'query.subjectId': 'body.subjectId', 'query.periodId': 'body.periodId' });
  });
  return stripUai(await insertEvaluation(ctx.db, newId('ev'), cls.uai, input, ctx.viewer.id, ctx.now));
}

async function evaluationForWrite(ctx: GradebookContext, id: string): Promise<EvaluationRow> {
  const ev = await getEvaluation(ctx.db, id);
  if (!ev) throw notFound();
  await requireGradebookWriter(ctx, ev.classId, ev.subjectId);
  return ev;
}

export async function readEvaluation(ctx: GradebookContext, id: string): Promise<SheetEvaluation> {
  const ev = await getEvaluation(ctx.db, id);
  if (!ev) throw notFound();
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
    return stripUai(await updateEvaluation(tx, id, patch, ctx.now));
  });
}

export async function removeEvaluation(ctx: GradebookContext, id: string): Promise<void> {
  await evaluationForWrite(ctx, id);
  await deleteEvaluation(ctx.db, id);
}
