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

/**
 * Takes, in a fixed order, the transaction-scoped lock of each recipient of `recipients` (a text[] expression):
 * whoever hands out `seq` to a recipient's notices holds that recipient's lock until commit, so one recipient's
 * `seq` follows commit order (a stream that has read up to n never finds a smaller one committed later) while
 * transactions telling different people never wait for each other. As a one-row CTE joined to the writing
 * statement: no row is written, so no `nextval` runs, before every lock is held.
 */
const recipientLocks = (recipients: string, when = 'true') => `recipient_locks AS MATERIALIZED (
       SELECT count(pg_advisory_xact_lock(k)::text) AS n
         FROM (SELECT DISTINCT hashtext('preau_live:' || r) AS k FROM unnest(${recipients}) AS r WHERE ${when}
                ORDER BY 1) keys)`;

/** Notices to write: their rows, when, and the NOTIFY telling the other processes (PostgreSQL). */
export interface NoticeWrite {
  rows: readonly NoticeRow[];
  /** The recipients of the rows delivered now (their streams are woken after commit). */
  woken: readonly string[];
  createdAt: Date;
  notify?: { channel: string; payload: string };
}

/**
 * The notices' writes as parts of one statement, which may write other rows in the same go (one round trip, one
 * implicit transaction): `ctes` go in its WITH list and `columns` in its final SELECT (the NOTIFY, sent at commit,
 * goes only when selected). Parameters are numbered from `$first`. `when`, an SQL condition: false writes, locks
 * and sends nothing. The rows delivered now take their `seq` under their recipients' locks (`recipientLocks`).
 */
export function noticeStatement(
  w: NoticeWrite,
  first: number,
  when = 'true',
): { ctes: string; columns: string; params: unknown[] } {
  const $ = (i: number) => `$${first + i}`;
  return {
    ctes: `${recipientLocks(`${$(2)}::text[]`, when)},
     notices_written AS (
       INSERT INTO live_notices (seq, recipient_id, kind, payload, uai, created_at, deliver_at, delivered_at)
       SELECT CASE WHEN (r.v->>'now')::boolean THEN nextval('live_notice_seq') END, r.v->>'recipient_id',
              r.v->>'kind', r.v->'payload', r.v->>'uai', ${$(1)}, (r.v->>'deliver_at')::timestamptz,
              CASE WHEN (r.v->>'now')::boolean THEN ${$(1)}::timestamptz END
         FROM jsonb_array_elements(${$(0)}::text::jsonb) WITH ORDINALITY AS r(v, n)
         JOIN recipient_locks l ON l.n >= 0
        WHERE ${when}
        ORDER BY r.n
       RETURNING 1)`,
    columns: `(SELECT count(*) FROM notices_written) AS notices_written,
            CASE WHEN ${$(3)}::text IS NOT NULL AND ${when} THEN pg_notify(${$(3)}::text, ${$(4)}::text)::text END
              AS notified`,
    // The rows travel as one JSON document (as `insertRows` does): the same on both engines.
    params: [
      JSON.stringify(
        w.rows.map((r) => ({
          recipient_id: r.recipientId,
          kind: r.kind,
          payload: r.payload,
          uai: r.uai,
          deliver_at: r.deliverAt.toISOString(),
          now: r.now,
        })),
      ),
      w.createdAt,
      w.woken,
      w.notify?.channel ?? null,
      w.notify?.payload ?? null,
    ],
  };
}

/** Writes notices in one statement, inside the caller's transaction (see `noticeStatement`). */
export async function insertNotices(tx: Db, w: NoticeWrite): Promise<void> {
  if (w.rows.length === 0) return;
  const { ctes, columns, params } = noticeStatement(w, 1);
  await tx.query(`WITH ${ctes} SELECT ${columns}`, params);
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
 * Gives waiting notices whose time has come their `seq` (up to `limit`, oldest due first), under their recipients'
 * locks (see `recipientLocks`): how many, and their recipients. Rows another process is releasing are skipped,
 * not waited for.
 */
export async function releaseDueNotices(
  tx: Db,
  now: Date,
  limit = 500,
): Promise<{ released: number; recipients: string[] }> {
  const rows = await tx.query<{ recipient_id: string }>(
    `WITH due AS MATERIALIZED (
       SELECT id, recipient_id FROM live_notices WHERE seq IS NULL AND deliver_at <= $1
        ORDER BY deliver_at, id LIMIT $2 FOR UPDATE SKIP LOCKED),
     ${recipientLocks('ARRAY(SELECT recipient_id FROM due)')}
     UPDATE live_notices n SET seq = nextval('live_notice_seq'), delivered_at = $1
       FROM due JOIN recipient_locks l ON l.n >= 0 WHERE n.id = due.id RETURNING n.recipient_id`,
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
