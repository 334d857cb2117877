/**
 * Who may bring the school's directory in and its records out: imports (SIECLE, STS-web, AAF, timetables),
 * credential sheets, the LSU export. The direction of the établissement only; outside its reach is a 404.
 * Federated sign-in (SAML, CAS) is public by nature: its endpoints check the identity provider's signature or
 * the CAS ticket, not a session (see `routes/sso.ts`).
 */
import { notFound } from '../http/problem.js';
import type { Access, PolicyContext } from './access.js';
import { requireEtablissement } from './platform.js';

const DIRECTION_ONLY = ['direction'] as const;

export const DIRECTORY_IMPORT: Access = {
  who: DIRECTION_ONLY,
  relation: 'own-etablissement',
  summary: "La direction de l'établissement (imports SIECLE, STS-web, AAF).",
};
export const TIMETABLE_IMPORT: Access = {
  who: DIRECTION_ONLY,
  relation: 'own-etablissement',
  summary: "La direction de l'établissement (imports EDT, UnDeuxTEMPS et calendrier des vacances).",
};
export const DIRECTORY_CREDENTIALS: Access = {
  who: DIRECTION_ONLY,
  relation: 'own-etablissement',
  summary: "La direction de l'établissement de la classe (fiches de codes d'accès).",
};
export const LSU_EXPORT: Access = {
  who: DIRECTION_ONLY,
  relation: 'own-etablissement',
  summary: "La direction de l'établissement de la classe (export des bilans périodiques vers le LSU).",
};

/** The direction of this établissement; 404 outside the viewer's reach, 403 within it. */
export const requireDirectionOf = (ctx: PolicyContext, uai: string): Promise<{ uai: string }> =>
  requireEtablissement(ctx, uai, DIRECTION_ONLY);

export interface DirectionClassFacts {
  id: string;
  uai: string;
  name: string;
  schoolYear: number;
}

/** A class of the établissement the viewer directs. */
export async function requireDirectionOfClass(
  ctx: PolicyContext,
  classId: string,
): Promise<DirectionClassFacts> {
  const row = (
    await ctx.db.query<DirectionClassFacts>(
      'SELECT id, uai, name, school_year AS "schoolYear" FROM classes WHERE id = $1',
      [classId],
    )
  )[0];
  if (!row) throw notFound();
  await requireDirectionOf(ctx, row.uai);
  return row;
}
