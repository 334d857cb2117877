import { randomUUID } from 'node:crypto';
import { nextAllowedDelivery, type QuietHours } from '@preau/core';
import type { Db } from '../db/types.js';
import { problem } from '../http/problem.js';
import { LiveHub } from './hub.js';
import {
  hasDueNotices,
  insertNotices,
  type NoticeRow,
  type NoticeWrite,
  quietHoursOf,
  releaseDueNotices,
} from './store.js';
import { openNoticeStream } from './stream.js';

/** What an area publishes: one notice for each user of the audience. */
export interface Publication {
  /** The users who receive it, chosen by the area under its own rules (the guardians of the student…). */
  audience: readonly string[];
  /** `'<area>.<event>'`: `'attendance.entry'`, `'lesson-log.work'`, `'messages.new'`… Streams filter on the area. */
  kind: string;
  /** What the element needs to show it (JSON); the stream adds `createdAt`. */
  payload: Record<string, unknown>;
  /** The établissement it concerns: its quiet hours apply. `null`: no établissement, no quiet hours. */
  uai: string | null;
  /** Not before this instant (a scheduled message, a publication date); default: now. */
  deliverAt?: Date;
  /** `'bypass'` only for what cannot wait (see attendance): default `'respect'` the établissement's quiet hours. */
  quietHours?: 'respect' | 'bypass';
}

/** Notices ready to be written by an area's own statement (`LiveService.prepare`). */
export interface PreparedNotices {
  write: NoticeWrite;
  /** For each publication: when it is delivered, to how many. */
  results: { deliverAt: Date; recipients: number }[];
}

/** At most this many open streams per session and process; one more is a 429. */
export const MAX_STREAMS_PER_SESSION = 6;
/** How often the server releases notices whose time has come. */
export const DUE_EVERY_MS = 30_000;

const KIND = /^[a-z][a-z0-9-]*\.[a-z0-9.-]+$/;
/** NOTIFY channel between API processes on one PostgreSQL server. */
const CHANNEL = 'preau_live';
/** Payloads of NOTIFY are capped at 8000 bytes: a larger wake names nobody and wakes every stream. */
const MAX_NOTIFY_BYTES = 7000;

type Signal = {
  o: string;
  wake?: string[] | 'all';
  endSessions?: string[];
  endUser?: [string, string | null];
};

/** A signal as NOTIFY carries it: a wake too large names nobody and wakes every stream. */
function notifyText(s: Signal): string {
  const text = JSON.stringify(s);
  if (Buffer.byteLength(text) <= MAX_NOTIFY_BYTES) return text;
  if (!s.wake) throw new Error('live: a session signal too large for NOTIFY');
  return JSON.stringify({ o: s.o, wake: 'all' });
}

/**
 * Live updates as a platform service: areas publish notices inside their own transaction, and every open stream
 * of a recipient receives them once committed and due. `live_notices` is the source of truth; waking is only a
 * hint to read it again: in-process after the commit, and on PostgreSQL through NOTIFY to the other processes.
 *
 * Delivery order: a notice delivered now takes the next `seq` (the stream's event id) in its transaction, under
 * its recipient's transaction-scoped lock (`insertNotices`): one recipient's `seq` follows commit order, so a
 * stream that has read up to `seq` n never finds a smaller one committed later, and only transactions telling
 * the same person wait for each other.
 */
export class LiveService {
  readonly hub = new LiveHub();
  private readonly origin = randomUUID();
  private readonly db: Db;
  private readonly clock: () => Date;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(options: { db: Db; clock: () => Date }) {
    this.db = options.db;
    this.clock = options.clock;
  }

  /**
   * Writes the notices inside `tx` (the caller's transaction): nothing is seen before it commits, and nothing is
   * left if it rolls back. Returns when they will be delivered: now, or later when the établissement's quiet
   * hours or `deliverAt` hold them (the due-notices job sends them then).
   */
  async publish(tx: Db, p: Publication): Promise<{ deliverAt: Date; recipients: number }> {
    const [result] = await this.publishAll(tx, [p]);
    return result!;
  }

  /** Several publications in one write (a roll call telling several families): `publish` for each, batched. */
  async publishAll(
    tx: Db,
    publications: readonly Publication[],
  ): Promise<{ deliverAt: Date; recipients: number }[]> {
    const prepared = await this.prepare(tx, publications);
    await insertNotices(tx, prepared.write);
    this.published(tx, prepared);
    return prepared.results;
  }

  /**
   * `publishAll` in two halves, for an area writing the notices in its own statement (`noticeStatement`) with
   * the rows they are about: the rows to write (quiet hours and `deliverAt` applied, read from `db`), then
   * `published` once that statement has run (or inside its transaction), which wakes the streams after commit.
   */
  async prepare(db: Db, publications: readonly Publication[]): Promise<PreparedNotices> {
    const now = this.clock();
    const quiet = new Map<string, QuietHours>();
    const rows: NoticeRow[] = [];
    const results: { deliverAt: Date; recipients: number }[] = [];
    for (const p of publications) {
      if (!KIND.test(p.kind)) throw new Error(`live.publish: kind "${p.kind}" is not '<area>.<event>'`);
      let deliverAt = p.deliverAt && p.deliverAt > now ? p.deliverAt : now;
      if (p.uai && p.quietHours !== 'bypass') {
        let q = quiet.get(p.uai);
        if (!q) {
          q = await quietHoursOf(db, p.uai);
          quiet.set(p.uai, q);
        }
        deliverAt = nextAllowedDelivery(deliverAt, q);
      }
      const audience = [...new Set(p.audience)];
      const immediate = deliverAt <= now;
      for (const recipientId of audience) {
        rows.push({ recipientId, kind: p.kind, payload: p.payload, uai: p.uai, deliverAt, now: immediate });
      }
      results.push({ deliverAt, recipients: audience.length });
    }
    const woken = [...new Set(rows.filter((r) => r.now).map((r) => r.recipientId))];
    // The wake of the other processes travels with the insert (NOTIFY itself is sent at commit).
    const notify =
      woken.length && db.engine === 'postgres'
        ? { channel: CHANNEL, payload: notifyText({ o: this.origin, wake: woken }) }
        : undefined;
    return { write: { rows, woken, createdAt: now, ...(notify ? { notify } : {}) }, results };
  }

  /** Wakes this process's streams of the notices' recipients once `db` commits (see `prepare`). */
  published(db: Db, prepared: PreparedNotices): void {
    const { woken } = prepared.write;
    if (woken.length) db.afterCommit(() => this.hub.wake(woken));
  }

  /** Sends the notices whose time has come (by the injected clock); returns how many. */
  async deliverDue(): Promise<number> {
    const now = this.clock();
    if (!(await hasDueNotices(this.db, now))) return 0; // the usual case: no lock, one index probe
    let total = 0;
    for (;;) {
      const { released } = await this.db.transaction(async (tx) => {
        const r = await releaseDueNotices(tx, now);
        if (r.recipients.length) await this.signal(tx, { o: this.origin, wake: r.recipients });
        return r;
      });
      total += released;
      if (released < 500) return total;
    }
  }

  /**
   * A viewer's stream, refused with a 429 beyond `MAX_STREAMS_PER_SESSION` open streams of the same session.
   * See `openNoticeStream` for what it sends.
   */
  openStream(options: {
    userId: string;
    sessionId: string;
    areas?: readonly string[];
    lastEventId?: number;
    signal?: AbortSignal;
    follow?: boolean;
    keepAliveMs?: number;
  }): ReadableStream<Uint8Array> {
    if (this.hub.sessionStreams(options.sessionId) >= MAX_STREAMS_PER_SESSION) {
      throw problem(429, 'too-many-streams', {
        detail:
          `Trop de flux ouverts pour cette session (${MAX_STREAMS_PER_SESSION} au plus) : fermez des onglets ` +
          'de Préau, ou rechargez la page.',
        headers: { 'Retry-After': '30' },
      });
    }
    return openNoticeStream({ db: this.db, hub: this.hub, clock: this.clock, ...options });
  }

  /** Ends the streams of these sessions, in every process (sign-out). */
  async endSessions(sessionIds: readonly string[]): Promise<void> {
    this.hub.endSessions(sessionIds);
    await this.signal(this.db, { o: this.origin, endSessions: [...sessionIds] });
  }

  /** Ends every stream of a user but those of `keepSessionId`, in every process (password change, closure). */
  async endUser(userId: string, keepSessionId?: string): Promise<void> {
    this.hub.endUser(userId, keepSessionId);
    await this.signal(this.db, { o: this.origin, endUser: [userId, keepSessionId ?? null] });
  }

  /**
   * Starts the server's side: on PostgreSQL, listening to the other processes. The due-notices job
   * (`deliverDue` every `DUE_EVERY_MS`) is one of the server's periodic jobs (`jobs.ts`), run once across
   * processes. Tests do not start it: they call `deliverDue()` after moving the clock.
   */
  async start(): Promise<void> {
    if (this.db.listen) {
      const { unlisten } = await this.db.listen(CHANNEL, (payload) => this.receive(payload));
      this.unlisten = unlisten;
    }
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  /** Acts here once `db` commits, and tells the other processes (NOTIFY is itself sent at commit). */
  private async signal(db: Db, s: Signal): Promise<void> {
    const wake = s.wake;
    if (wake) db.afterCommit(() => this.hub.wake(wake));
    if (db.engine === 'postgres') await db.query('SELECT pg_notify($1, $2)', [CHANNEL, notifyText(s)]);
  }

  /** A signal from another process. */
  private receive(payload: string): void {
    let s: Signal;
    try {
      s = JSON.parse(payload) as Signal;
    } catch {
      return;
    }
    if (s.o === this.origin) return;
    if (s.wake) this.hub.wake(s.wake);
    if (s.endSessions) this.hub.endSessions(s.endSessions);
    if (s.endUser) this.hub.endUser(s.endUser[0], s.endUser[1] ?? undefined);
  }
}
