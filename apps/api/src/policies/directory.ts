/**
 * Who may bring the school's directory in and its records out: imports (SIECLE, STS-web, AAF, timetables),
 * credential sheets, the LSU export. The direction of the établissement only; outside it is a 404.
 */
import { forbidden, notFound } from '../http/problem.js';
import { type Access, hasRole, type PolicyContext, withinReach } from '../policies.js';

export const DIRECTORY_IMPORT: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: "La direction de l'établissement (imports SIECLE, STS-web, AAF, emplois du temps).",
};
export const DIRECTORY_CREDENTIALS: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: "La direction de l'établissement de la classe (fiches de codes d'accès).",
};
export const LSU_EXPORT: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: "La direction de l'établissement de la classe (export des bilans périodiques vers le LSU).",
};

/** The direction of this établissement; 404 outside the viewer's reach, 403 within it. */
export async function requireDirectionOf(ctx: PolicyContext, uai: string): Promise<{ uai: string }> {
  if (!(await withinReach(ctx.db, ctx.viewer, uai)))
    throw notFound('Cet établissement ne vous est pas accessible.');
  if (!(hasRole(ctx.viewer, ['direction']) && ctx.viewer.uai === uai)) {
    throw forbidden("Réservé à la direction de l'établissement.");
  }
  return { uai };
}

/** A class of the établissement the viewer directs. */
export async function requireDirectionOfClass(
  ctx: PolicyContext,
  classId: string,
): Promise<{ id: string; uai: string; name: string; schoolYear: number }> {
  const row = (
    await ctx.db.query<{ id: string; uai: string; name: string; schoolYear: number }>(
      'SELECT id, uai, name, school_year AS "schoolYear" FROM classes WHERE id = $1',
      [classId],
    )
  )[0];
  if (!row) throw notFound("Cette classe n'existe pas ou ne vous est pas accessible.");
  await requireDirectionOf(ctx, row.uai);
  return row;
}
