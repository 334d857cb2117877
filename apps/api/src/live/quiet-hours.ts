/** The établissement's quiet hours, as its members read them and its direction sets them. */
import type { QuietHours } from '@preau/core';
import { type PolicyContext, requireEtablissement } from '../policies/index.js';
import { quietHoursOf, saveQuietHours } from './store.js';

export async function readQuietHours(ctx: PolicyContext, uai: string): Promise<QuietHours> {
  await requireEtablissement(ctx, uai);
  return quietHoursOf(ctx.db, uai);
}

export async function writeQuietHours(ctx: PolicyContext, uai: string, q: QuietHours): Promise<QuietHours> {
  await requireEtablissement(ctx, uai, ['direction']);
  await saveQuietHours(ctx.db, uai, q);
  return quietHoursOf(ctx.db, uai);
}
