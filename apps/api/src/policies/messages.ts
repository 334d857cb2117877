/**
 * Messaging access. Every messaging route is for school people and families (a mailbox of one's own); analysts
 * and inspectors have none. Who may write to whom is not a route rule but the établissement's rule set, applied to
 * each addressee (`messages/reach.ts`). Reports and the rule set belong to the direction of the établissement.
 */
import { SCHOOL_PROFILES } from '@preau/core';
import { forbidden, notFound } from '../http/problem.js';
import { type Access, hasRole, type PolicyContext, type Role } from './access.js';
import { withinReach } from './relations.js';

/** School people and families: the profiles that hold a mailbox. */
const MESSAGING_ROLES: readonly Role[] = SCHOOL_PROFILES;

export const MESSAGING: Access = {
  who: MESSAGING_ROLES,
  relation: 'self',
  summary:
    'Sa propre messagerie ; on n’écrit qu’aux personnes et groupes que les règles de l’établissement permettent.',
};
export const MESSAGING_SETTINGS_READ: Access = {
  who: MESSAGING_ROLES,
  relation: 'own-etablissement',
  summary: "Les membres de l'établissement et les parents de ses élèves.",
};
export const MESSAGING_SETTINGS_WRITE: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: "La direction de l'établissement.",
};
export const MESSAGING_REPORTS: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: "La direction de l'établissement du message signalé.",
};

/** The direction of the établissement (reports, rule set); 404 outside the viewer's reach, 403 within. */
export async function requireMessagingDirection(ctx: PolicyContext, uai: string): Promise<{ uai: string }> {
  if (!(await withinReach(ctx.db, ctx.viewer, uai))) throw notFound();
  if (!(hasRole(ctx.viewer, ['direction']) && ctx.viewer.uai === uai)) {
    throw forbidden("Réservé à la direction de l'établissement.");
  }
  return { uai };
}

/** Anyone of the établissement, or a parent of one of its students; 404 otherwise. */
export async function requireMessagingMember(ctx: PolicyContext, uai: string): Promise<{ uai: string }> {
  if (!(await withinReach(ctx.db, ctx.viewer, uai))) throw notFound();
  return { uai };
}
