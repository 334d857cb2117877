import { createHash, randomBytes } from 'node:crypto';
import type { Profile } from '@preau/core';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/types.js';
import type { SessionInfo } from '../http/route.js';
import type { Viewer } from '../policies.js';

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
  await db.query(
    `INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $4)`,
    [id, userId, csrfToken, now, expiresAt],
  );
  return { id, token, csrfToken, expiresAt };
}

interface SessionRow {
  id: string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  login: string;
  first_name: string;
  last_name: string;
  profile: Profile;
  functions: string[];
  uai: string | null;
  scope_kind: Viewer['scopeKind'];
  scope_code: string | null;
  must_change_password: boolean;
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
  const row = (
    await db.query<SessionRow>(
      `SELECT s.id, s.csrf_token, s.created_at, s.expires_at, s.last_seen_at, u.id AS user_id, u.login,
              u.first_name, u.last_name, u.profile, u.functions, u.uai, u.scope_kind, u.scope_code,
              u.must_change_password
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND u.disabled_at IS NULL`,
      [id],
    )
  )[0];
  if (!row) return null;
  const created = new Date(row.created_at).getTime();
  if (
    new Date(row.expires_at).getTime() <= now.getTime() ||
    now.getTime() - created >= SESSION_ABSOLUTE_MAX_MS
  ) {
    await db.query('DELETE FROM sessions WHERE id = $1', [id]);
    return null;
  }
  let expiresAt = new Date(row.expires_at);
  let refreshed = false;
  if (now.getTime() - new Date(row.last_seen_at).getTime() >= TOUCH_EVERY_MS) {
    expiresAt = new Date(Math.min(now.getTime() + ttlSeconds * 1000, created + SESSION_ABSOLUTE_MAX_MS));
    await db.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
      id,
      now,
      expiresAt,
    ]);
    refreshed = true;
  }
  return {
    session: { id, csrfToken: row.csrf_token, expiresAt },
    refreshed,
    viewer: {
      id: row.user_id,
      login: row.login,
      firstName: row.first_name,
      lastName: row.last_name,
      profile: row.profile,
      functions: row.functions,
      uai: row.uai,
      scopeKind: row.scope_kind,
      scopeCode: row.scope_code,
      mustChangePassword: row.must_change_password,
    },
  };
}

/**
 * Removes up to `limit` sessions that expired (or passed the absolute cap) before `now`: called at each sign-in,
 * so the table does not grow with abandoned sessions, in bounded work per call.
 */
export async function purgeExpiredSessions(db: Db, now: Date, limit = 100): Promise<number> {
  const rows = await db.query(
    `DELETE FROM sessions WHERE id IN (
       SELECT id FROM sessions WHERE expires_at <= $1 OR created_at <= $2 LIMIT $3
     ) RETURNING id`,
    [now, new Date(now.getTime() - SESSION_ABSOLUTE_MAX_MS), limit],
  );
  return rows.length;
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [id]);
}

/** Ends every other session of a user (after a password change). */
export async function deleteOtherSessions(db: Db, userId: string, keepId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2', [userId, keepId]);
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
