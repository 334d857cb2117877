/** The SQL of live notices (`live_notices`, migration 003) and of the quiet-hours settings they obey. */
import { type QuietHours, resolveQuietHours } from '@preau/core';
import type { Db } from '../db/types.js';

/** A notice as a stream sends it: `seq` is the event id. */
export interface Notice {
  seq: number;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface NoticeRow {
  recipientId: string;
  kind: string;
  payload: Record<string, unknown>;
  uai: string | null;
  deliverAt: Date;
  /** Delivered now: the row takes its `seq` at once; otherwise the due-notices job gives it later. */
  now: boolean;
}

/** Writes notices in one statement, inside the caller's transaction. */
export async function insertNotices(tx: Db, rows: readonly NoticeRow[], createdAt: Date): Promise<void> {
  if (rows.length === 0) return;
  // The rows travel as one JSON document (as `insertRows` does): one round trip, the same on both engines.
  await tx.query(
    `INSERT INTO live_notices (seq, recipient_id, kind, payload, uai, created_at, deliver_at, delivered_at)
     SELECT CASE WHEN (r.v->>'now')::boolean THEN nextval('live_notice_seq') END, r.v->>'recipient_id',
            r.v->>'kind', r.v->'payload', r.v->>'uai', $2, (r.v->>'deliver_at')::timestamptz,
            CASE WHEN (r.v->>'now')::boolean THEN $2::timestamptz END
       FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS r(v, n)
      ORDER BY r.n`,
    [
      JSON.stringify(
        rows.map((r) => ({
          recipient_id: r.recipientId,
          kind: r.kind,
          payload: r.payload,
          uai: r.uai,
          deliver_at: r.deliverAt.toISOString(),
          now: r.now,
        })),
      ),
      createdAt,
    ],
  );
}

/**
 * A recipient's delivered notices after `afterSeq`, oldest first; `areas` keeps the kinds of those areas only
 * (`attendance` → `attendance.*`), none means every area.
 */
export async function noticesAfter(
  db: Db,
  recipientId: string,
  afterSeq: number,
  areas: readonly string[],
  limit = 500,
): Promise<Notice[]> {
  const rows = await db.query<{
    seq: number;
    kind: string;
    payload: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT seq, kind, payload, created_at FROM live_notices
      WHERE recipient_id = $1 AND seq > $2 AND seq IS NOT NULL
        AND (cardinality($3::text[]) = 0 OR split_part(kind, '.', 1) = ANY($3::text[]))
      ORDER BY seq LIMIT $4`,
    [recipientId, afterSeq, areas, limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    kind: r.kind,
    payload: r.payload,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** The latest delivered notice of a recipient (a new stream without Last-Event-ID starts after it). */
export async function latestSeq(db: Db, recipientId: string): Promise<number> {
  const [row] = await db.query<{ seq: number | null }>(
    'SELECT max(seq) AS seq FROM live_notices WHERE recipient_id = $1',
    [recipientId],
  );
  return Number(row?.seq ?? 0);
}

/** Whether any waiting notice's time has come. */
export async function hasDueNotices(db: Db, now: Date): Promise<boolean> {
  const [row] = await db.query<{ due: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM live_notices WHERE seq IS NULL AND deliver_at <= $1) AS due',
    [now],
  );
  return row?.due === true;
}

/**
 * Gives waiting notices whose time has come their `seq` (up to `limit`, oldest due first): how many, and their
 * recipients. Rows another process is releasing are skipped, not waited for.
 */
export async function releaseDueNotices(
  tx: Db,
  now: Date,
  limit = 500,
): Promise<{ released: number; recipients: string[] }> {
  const rows = await tx.query<{ recipient_id: string }>(
    `WITH due AS (
       SELECT id FROM live_notices WHERE seq IS NULL AND deliver_at <= $1
        ORDER BY deliver_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE live_notices n SET seq = nextval('live_notice_seq'), delivered_at = $1
       FROM due WHERE n.id = due.id RETURNING n.recipient_id`,
    [now, limit],
  );
  return { released: rows.length, recipients: [...new Set(rows.map((r) => r.recipient_id))] };
}

/** Whether a session still stands: not signed out, not expired, its account not closed. */
export async function sessionStands(db: Db, sessionId: string, now: Date): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.id = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL) AS ok`,
    [sessionId, now],
  );
  return row?.ok === true;
}

/** An établissement's quiet hours (`etablissements.settings.quietHours`), defaults filled in. */
export async function quietHoursOf(db: Db, uai: string): Promise<QuietHours> {
  const [row] = await db.query<{ q: unknown }>(
    `SELECT settings -> 'quietHours' AS q FROM etablissements WHERE uai = $1`,
    [uai],
  );
  return resolveQuietHours(row?.q);
}

export async function saveQuietHours(db: Db, uai: string, quietHours: QuietHours): Promise<void> {
  await db.query(
    `UPDATE etablissements SET settings = jsonb_set(settings, '{quietHours}', $2::text::jsonb) WHERE uai = $1`,
    [uai, JSON.stringify(quietHours)],
  );
}
