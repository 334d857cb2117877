import { forbidden } from '../http/problem.js';
import type { Access } from './access.js';

/**
 * Cross-site connected mode (docs/cross-site.md). Tokens are issued to the ENT's own sign-in window only: a
 * cookie session on a request whose Origin is the ENT itself, never to a school site calling with its own
 * credentials, nor to a token-bearing request (a token cannot beget another).
 */
export const ACCESS_TOKEN_ISSUE: Access = {
  who: 'signed-in',
  relation: 'self',
  summary: 'Sa propre session, depuis la fenêtre de connexion de l’ENT lui-même.',
};
export const ACCESS_TOKEN_REVOKE: Access = {
  who: 'signed-in',
  relation: 'self',
  summary: 'Le jeton d’accès de la requête elle-même.',
};

/** The request comes from the ENT's own page with its session cookie. */
export function requireEntPage(origin: string | undefined, publicOrigin: string, via?: 'bearer'): void {
  if (via === 'bearer' || origin !== publicOrigin) {
    throw forbidden('Un jeton d’accès se demande depuis la fenêtre de connexion de l’ENT.');
  }
}
