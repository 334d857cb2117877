import type { Db } from '../db/index.js';

/**
 * Live notices for attendance: rows of `attendance_notices` (the durable part: their ids are the stream's event
 * ids, so a reconnecting client replays what it missed) and an in-process hub that wakes the open streams of
 * the recipients after a commit. A stream reads the table from its last sent id on every wake, so nothing is lost
 * between a wake and a read, and nothing is sent twice.
 */

export type NoticeKind =
  | 'attendance.entry' // a new or changed absence, lateness, early departure, exclusion
  | 'attendance.correction' // an entry corrected back to present, or marked erroneous
  | 'attendance.justification-submitted'
  | 'attendance.justification-decided';

export interface Notice {
  id: number;
  kind: NoticeKind;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface NewNotice {
  recipientId: string;
  kind: NoticeKind;
  payload: Record<string, unknown>;
}

/** Writes notices (inside the caller's transaction) and returns their recipients, to wake after the commit. */
export async function insertNotices(tx: Db, notices: readonly NewNotice[]): Promise<string[]> {
  if (notices.length === 0) return [];
  const params: unknown[] = [];
  const tuples = notices.map((n) => {
    params.push(n.recipientId, n.kind, n.payload);
    const k = params.length;
    return `($${k - 2}, $${k - 1}, $${k}::jsonb)`;
  });
  await tx.query(
    `INSERT INTO attendance_notices (recipient_id, kind, payload) VALUES ${tuples.join(',')}`,
    params,
  );
  return [...new Set(notices.map((n) => n.recipientId))];
}

/** A recipient's notices after `afterId`, oldest first. */
export async function noticesAfter(
  db: Db,
  recipientId: string,
  afterId: number,
  limit = 500,
): Promise<Notice[]> {
  const rows = await db.query<{
    id: number;
    kind: NoticeKind;
    payload: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT id, kind, payload, created_at FROM attendance_notices
      WHERE recipient_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [recipientId, afterId, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    payload: r.payload,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** The id of a recipient's latest notice (a new stream without Last-Event-ID starts after it). */
export async function latestNoticeId(db: Db, recipientId: string): Promise<number> {
  const [row] = await db.query<{ id: number | null }>(
    'SELECT max(id) AS id FROM attendance_notices WHERE recipient_id = $1',
    [recipientId],
  );
  return Number(row?.id ?? 0);
}

/** Wakes the open streams of a user. One process; several API processes would relay wakes via LISTEN/NOTIFY. */
export class NoticeHub {
  private readonly listeners = new Map<string, Set<() => void>>();

  subscribe(userId: string, wake: () => void): () => void {
    let set = this.listeners.get(userId);
    if (!set) {
      set = new Set();
      this.listeners.set(userId, set);
    }
    set.add(wake);
    return () => {
      const s = this.listeners.get(userId);
      if (!s) return;
      s.delete(wake);
      if (s.size === 0) this.listeners.delete(userId);
    };
  }

  wake(userIds: Iterable<string>): void {
    for (const id of userIds) {
      for (const fn of this.listeners.get(id) ?? []) fn();
    }
  }

  /** Open streams, for tests and health checks. */
  get openStreams(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}
