import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { problem } from './problem.js';

/**
 * Cross-site request forgery defence, in two layers:
 * 1. every unsafe request must carry an `Origin` that is the API's own or an allowed school site
 *    (browsers always send it on cross-origin and same-origin POST/PUT/PATCH/DELETE);
 * 2. every unsafe request made with a session must repeat the session's token in `X-CSRF-Token`
 *    (read from GET /api/v1/me: a readable cookie would not reach elements embedded on another origin).
 * Sign-in has no session yet: the Origin check alone guards it.
 */
export const CSRF_HEADER = 'X-CSRF-Token';

export const isUnsafeMethod = (method: string) => !/^(GET|HEAD|OPTIONS)$/i.test(method);
/** The unsafe methods the API has routes for. */
export const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function originCheck(allowed: readonly string[]): (c: Context) => void {
  const origins = new Set(allowed);
  return (c) => {
    if (!isUnsafeMethod(c.req.method)) return;
    // A server-to-server call with a bearer token and no cookie cannot be forged by a browser (browsers never
    // attach bearer tokens by themselves); the route checks the token.
    const bearerOnly = /^Bearer\s/i.test(c.req.header('authorization') ?? '') && !c.req.header('cookie');
    if (!bearerOnly) {
      const origin = c.req.header('origin');
      if (!origin) {
        throw problem(403, 'csrf', {
          detail: 'La requête ne dit pas de quel site elle vient (en-tête Origin absent) : elle est refusée.',
        });
      }
      if (!origins.has(origin)) {
        throw problem(403, 'origin-not-allowed', {
          detail: `Le site ${origin} n'est pas autorisé à modifier des données (PREAU_ALLOWED_ORIGINS).`,
        });
      }
    }
  };
}

export function checkCsrfToken(c: Context, expected: string): void {
  const given = c.req.header(CSRF_HEADER) ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw problem(403, 'csrf', {
      detail: `Jeton CSRF absent ou incorrect : envoyez l'en-tête ${CSRF_HEADER} reçu de GET /api/v1/me.`,
    });
  }
}
