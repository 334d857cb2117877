import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/types.js';
import type { SessionInfo } from '../deps.js';
import type { Viewer } from '../policies/index.js';
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  insertSession,
  touchSession,
  viewerOf,
} from './store.js';

/**
 * Server-side sessions. The cookie carries a random token; the table keeps only its SHA-256, so a copy of the
 * table opens no session. Expiry slides with use (idle timeout = the configured lifetime), within an absolute cap.
 */
export const SESSION_COOKIE = 'preau_session';
/** However active, a session ends after this long. */
export const SESSION_ABSOLUTE_MAX_MS = 7 * 24 * 3600 * 1000;
/** last_seen/expiry are written at most this often per session (most requests then only read). */
const TOUCH_EVERY_MS = 60 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedSession extends SessionInfo {
  token: string;
}

export async function createSession(
  db: Db,
  userId: string,
  now: Date,
  ttlSeconds: number,
): Promise<IssuedSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const id = hashToken(token);
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await insertSession(db, { id, userId, csrfToken, createdAt: now, expiresAt });
  return { id, token, csrfToken, expiresAt };
}

/**
 * The live session of a token and its user, sliding its expiry; null when unknown, expired, or the account
 * is disabled. `refreshed` says the expiry moved (the cookie should be sent again).
 */
export async function loadSession(
  db: Db,
  token: string,
  now: Date,
  ttlSeconds: number,
): Promise<{ session: SessionInfo; viewer: Viewer; refreshed: boolean } | null> {
  const id = hashToken(token);
  const row = await findSession(db, id);
  if (!row) return null;
  const created = new Date(row.created_at).getTime();
  if (
    new Date(row.expires_at).getTime() <= now.getTime() ||
    now.getTime() - created >= SESSION_ABSOLUTE_MAX_MS
  ) {
    await deleteSession(db, id);
    return null;
  }
  let expiresAt = new Date(row.expires_at);
  let refreshed = false;
  if (now.getTime() - new Date(row.last_seen_at).getTime() >= TOUCH_EVERY_MS) {
    expiresAt = new Date(Math.min(now.getTime() + ttlSeconds * 1000, created + SESSION_ABSOLUTE_MAX_MS));
    await touchSession(db, id, now, expiresAt);
    refreshed = true;
  }
  return {
    session: { id, csrfToken: row.csrf_token, expiresAt },
    refreshed,
    viewer: viewerOf(row),
  };
}

/**
 * Removes up to `limit` sessions that expired (or passed the absolute cap) before `now`: called at each sign-in,
 * so the table does not grow with abandoned sessions, in bounded work per call.
 */
export async function purgeExpiredSessions(db: Db, now: Date, limit = 100): Promise<number> {
  return deleteExpiredSessions(db, now, new Date(now.getTime() - SESSION_ABSOLUTE_MAX_MS), limit);
}

export const readSessionToken = (c: Context) => getCookie(c, SESSION_COOKIE);

export function writeSessionCookie(
  c: Context,
  token: string,
  expiresAt: Date,
  now: Date,
  secure: boolean,
): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
}
