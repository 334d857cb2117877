/**
 * Access tokens: connected mode on a school site of another *site* than the ENT, where browsers never send the
 * ENT's SameSite=Lax session cookie. See docs/cross-site.md (the choice and its threat model).
 *
 * - Issued by `POST /api/v1/auth/access-tokens` to the ENT's own sign-in window only (a cookie session, Origin =
 *   the ENT itself), for one origin of `PREAU_ALLOWED_ORIGINS`. The window hands it to that origin with
 *   `postMessage(…, origin)`; the element keeps it in memory.
 * - Used as `Authorization: Bearer`: accepted only from the origin it was issued for (the browser's `Origin`),
 *   never with a cookie; no CSRF token (a browser never attaches it by itself).
 * - Short-lived: 30 minutes without use ends it; it ends with the session that issued it (sign-out, password
 *   change, expiry), and the table keeps only its SHA-256.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { hashToken, SESSION_ABSOLUTE_MAX_MS } from '../auth/sessions.js';
import { touchSession, viewerOf } from '../auth/store.js';
import type { ApiEnv, RouteDeps, SessionInfo } from '../deps.js';
import type { BeforeStep } from '../http/before.js';
import { invalid, problem } from '../http/problem.js';
import {
  deleteAccessToken,
  findAccessToken,
  insertAccessToken,
  purgeAccessTokens,
  touchAccessToken,
} from './store.js';

/** Idle lifetime of an access token. */
export const ACCESS_TOKEN_IDLE_MS = 30 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;
const PREFIX = 'preau_at_';
const TOKEN = /^Bearer\s+(preau_at_[A-Za-z0-9_-]{40,60})$/;

export interface IssuedAccessToken {
  accessToken: string;
  expiresAt: string;
  origin: string;
}

/** Issues a token for `origin` to the session of the ENT's own page (the caller checked who asks). */
export async function issueAccessToken(
  deps: Pick<RouteDeps, 'db' | 'clock' | 'config'>,
  session: SessionInfo,
  origin: string,
): Promise<IssuedAccessToken> {
  const allowed = deps.config.allowedOrigins.includes(origin) && origin !== deps.config.publicOrigin;
  if (!allowed) {
    throw invalid(
      [{ field: 'body.origin', message: `le site ${origin} n'est pas dans PREAU_ALLOWED_ORIGINS` }],
      `Le site ${origin} n'est pas autorisé à utiliser l'ENT : son administrateur doit l'ajouter à PREAU_ALLOWED_ORIGINS.`,
    );
  }
  const now = deps.clock();
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Math.min(now.getTime() + ACCESS_TOKEN_IDLE_MS, session.expiresAt.getTime()));
  await purgeAccessTokens(deps.db, now);
  await insertAccessToken(deps.db, {
    id: hashToken(token),
    sessionId: session.id,
    origin,
    createdAt: now,
    expiresAt,
  });
  return { accessToken: token, expiresAt: expiresAt.toISOString(), origin };
}

/** Ends the token of a bearer request (the school site's « Se déconnecter »). */
export async function revokeAccessToken(deps: Pick<RouteDeps, 'db'>, authorization: string): Promise<void> {
  const token = TOKEN.exec(authorization)?.[1];
  if (token) await deleteAccessToken(deps.db, hashToken(token));
}

const refused = (detail: string) => problem(401, 'unauthenticated', { detail });

/**
 * Signs in a request that carries an access token (`Authorization: Bearer preau_at_…`) and no session cookie. A
 * token that is unknown, expired, or used from another origin than its own is a 401: the element then offers
 * « Se connecter à l'ENT » again. Other bearer tokens (the usage endpoint's platform tokens) are left alone.
 */
export function accessTokenSession(deps: Pick<RouteDeps, 'db' | 'clock' | 'config'>): BeforeStep {
  const { db, clock, config } = deps;
  const signIn = async (c: Context<ApiEnv>, token: string) => {
    if (c.req.header('cookie')?.includes('preau_session=')) {
      throw refused('Un jeton d’accès s’envoie sans cookie de session.');
    }
    const now = clock();
    const row = await findAccessToken(db, hashToken(token));
    const sessionEnd = row
      ? Math.min(
          new Date(row.expires_at).getTime(),
          new Date(row.created_at).getTime() + SESSION_ABSOLUTE_MAX_MS,
        )
      : 0;
    if (!row || new Date(row.token_expires_at).getTime() <= now.getTime() || sessionEnd <= now.getTime()) {
      throw refused('Votre accès à l’ENT depuis ce site a expiré : reconnectez-vous.');
    }
    const origin = c.req.header('origin');
    if (origin !== row.origin || !config.allowedOrigins.includes(origin)) {
      throw refused('Ce jeton d’accès a été délivré pour un autre site.');
    }
    let expiresAt = new Date(row.token_expires_at);
    if (now.getTime() - new Date(row.token_last_seen_at).getTime() >= TOUCH_EVERY_MS) {
      // Used: it lives on, and so does the ENT session behind it, within the session's own limits.
      const sessionExpiry = new Date(
        Math.min(
          now.getTime() + config.sessionTtlSeconds * 1000,
          new Date(row.created_at).getTime() + SESSION_ABSOLUTE_MAX_MS,
        ),
      );
      expiresAt = new Date(Math.min(now.getTime() + ACCESS_TOKEN_IDLE_MS, sessionExpiry.getTime()));
      await touchSession(db, row.session_id, now, sessionExpiry);
      await touchAccessToken(db, row.token_id, now, expiresAt);
    }
    c.set('viewer', viewerOf(row));
    c.set('session', { id: row.session_id, csrfToken: row.csrf_token, expiresAt, via: 'bearer' });
  };
  // Most requests carry no token: they pass through without waiting.
  return (c) => {
    const token = TOKEN.exec(c.req.header('authorization') ?? '')?.[1];
    return !token || c.get('viewer') ? undefined : signIn(c, token);
  };
}
