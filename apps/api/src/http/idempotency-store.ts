/** The SQL of `Idempotency-Key` (migration 008): one row per user and key, the answer kept once known. */
import type { Db } from '../db/types.js';

export interface IdempotencyRow {
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
  created_at: Date;
}

/** Claims the key for a first request; false when the user already used it. */
export async function claimKey(
  db: Db,
  userId: string,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
    [userId, key, fingerprint, now],
  );
  return rows.length === 1;
}

export async function findKey(db: Db, userId: string, key: string): Promise<IdempotencyRow | undefined> {
  const [row] = await db.query<IdempotencyRow>(
    'SELECT fingerprint, status, content_type, body, created_at FROM idempotency_keys WHERE user_id = $1 AND key = $2',
    [userId, key],
  );
  return row;
}

/** Takes over a claim whose first request never finished (a crash): only if it is still that old claim. */
export async function retakeKey(
  db: Db,
  userId: string,
  key: string,
  claimedAt: Date,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE idempotency_keys SET created_at = $4
      WHERE user_id = $1 AND key = $2 AND status IS NULL AND created_at = $3 RETURNING key`,
    [userId, key, claimedAt, now],
  );
  return rows.length === 1;
}

export async function storeAnswer(
  db: Db,
  userId: string,
  key: string,
  answer: { status: number; contentType: string | null; body: string },
): Promise<void> {
  await db.query(
    'UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5 WHERE user_id = $1 AND key = $2',
    [userId, key, answer.status, answer.contentType, answer.body],
  );
}

export async function releaseKey(db: Db, userId: string, key: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status IS NULL', [
    userId,
    key,
  ]);
}

/** Removes up to `limit` keys claimed before `before` (bounded work, run with new claims). */
export async function purgeKeys(db: Db, before: Date, limit = 50): Promise<void> {
  await db.query(
    `DELETE FROM idempotency_keys WHERE (user_id, key) IN (
       SELECT user_id, key FROM idempotency_keys WHERE created_at < $1 LIMIT $2)`,
    [before, limit],
  );
}
