import { hash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/types.js';
import type { SessionInfo } from '../deps.js';
import type { Viewer } from '../policies/index.js';
import type { CachedSession, SessionCache } from './session-cache.js';
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  insertSession,
  type SessionRow,
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

/** What the database keeps of a secret token (sessions, access tokens, calendar feeds): its SHA-256, in hex. */
export const hashToken = (token: string) => hash('sha256', token, 'hex');

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
 * is disabled. `refreshed` says the expiry moved (the cookie should be sent again). With a `cache`, the row is
 * read from the database at most once per cache TTL; expiry is checked against `now` every time.
 */
export async function loadSession(
  db: Db,
  token: string,
  now: Date,
  ttlSeconds: number,
  cache?: SessionCache,
): Promise<{ session: SessionInfo; viewer: Viewer; refreshed: boolean } | null> {
  const id = hashToken(token);
  // Nothing made per call on a cache hit (this runs on every request).
  let found = cache
    ? (cache.session(id) ?? (await cache.lookup(id, () => readSession(db, id))))
    : await readSession(db, id);
  if (found && cache && isOver(found.row, now)) {
    // Another process may have slid the expiry since this copy was read: only the database says it is over.
    const since = cache.mark();
    found = await readSession(db, id);
    if (found) cache.keepSession(id, found, since);
  }
  if (!found) return null;
  const { row, viewer } = found;
  if (isOver(row, now)) {
    await deleteSession(db, id);
    await cache?.forgetSessions([id]);
    return null;
  }
  let expiresAt = new Date(row.expires_at);
  let refreshed = false;
  if (now.getTime() - new Date(row.last_seen_at).getTime() >= TOUCH_EVERY_MS) {
    const created = new Date(row.created_at).getTime();
    expiresAt = new Date(Math.min(now.getTime() + ttlSeconds * 1000, created + SESSION_ABSOLUTE_MAX_MS));
    // The cached row moves first (a copy: requests under way keep the one they read), so that the requests
    // arriving meanwhile do not write the same thing again.
    found.row = { ...row, last_seen_at: now, expires_at: expiresAt };
    await touchSession(db, id, now, expiresAt);
    refreshed = true;
  }
  return { session: { id, csrfToken: row.csrf_token, expiresAt }, refreshed, viewer };
}

async function readSession(db: Db, id: string): Promise<CachedSession | undefined> {
  const row = await findSession(db, id);
  return row && { row, viewer: viewerOf(row) };
}

/** Past its sliding expiry or its absolute cap. */
function isOver(row: SessionRow, now: Date): boolean {
  return (
    new Date(row.expires_at).getTime() <= now.getTime() ||
    now.getTime() - new Date(row.created_at).getTime() >= SESSION_ABSOLUTE_MAX_MS
  );
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
