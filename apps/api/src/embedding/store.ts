/** The SQL of cross-site access tokens (migration 008). */
import type { SessionRow } from '../auth/store.js';
import type { Db } from '../db/types.js';

export async function insertAccessToken(
  db: Db,
  t: { id: string; sessionId: string; origin: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO access_tokens (id, session_id, origin, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $4)`,
    [t.id, t.sessionId, t.origin, t.createdAt, t.expiresAt],
  );
}

/** A token with its session and user (an open account), as the session cookie's lookup gives them. */
export interface AccessTokenRow extends Omit<SessionRow, 'id'> {
  token_id: string;
  session_id: string;
  origin: string;
  token_expires_at: Date;
  token_last_seen_at: Date;
}

export async function findAccessToken(db: Db, id: string): Promise<AccessTokenRow | undefined> {
  const [row] = await db.query<AccessTokenRow>(
    `SELECT t.id AS token_id, t.origin, t.expires_at AS token_expires_at, t.last_seen_at AS token_last_seen_at,
            s.id AS session_id, s.csrf_token, s.created_at, s.expires_at, s.last_seen_at,
            u.id AS user_id, u.login, u.first_name, u.last_name, u.profile, u.functions, u.uai, u.scope_kind,
            u.scope_code, u.must_change_password
       FROM access_tokens t JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
      WHERE t.id = $1 AND u.disabled_at IS NULL`,
    [id],
  );
  return row;
}

export async function touchAccessToken(db: Db, id: string, seenAt: Date, expiresAt: Date): Promise<void> {
  await db.query('UPDATE access_tokens SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
    id,
    seenAt,
    expiresAt,
  ]);
}

export async function deleteAccessToken(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM access_tokens WHERE id = $1', [id]);
}

/** Removes up to `limit` expired tokens (bounded work, run when tokens are issued). */
export async function purgeAccessTokens(db: Db, now: Date, limit = 50): Promise<void> {
  await db.query(
    'DELETE FROM access_tokens WHERE id IN (SELECT id FROM access_tokens WHERE expires_at <= $1 LIMIT $2)',
    [now, limit],
  );
}
