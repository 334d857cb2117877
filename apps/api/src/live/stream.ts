import type { Db } from '../db/types.js';
import type { LiveHub } from './hub.js';
import { latestSeq, noticesAfter, sessionStands } from './store.js';

export interface NoticeStreamOptions {
  db: Db;
  hub: LiveHub;
  clock: () => Date;
  userId: string;
  /** The session the stream belongs to: the stream ends with it (sign-out, expiry, password change, closure). */
  sessionId: string;
  /** Areas whose notices to send (`['attendance']`); empty: all of them. */
  areas?: readonly string[];
  /** From the `Last-Event-ID` header (a reconnection) or the page's `?after=`; absent: start from now. */
  lastEventId?: number;
  /** Interval of the keep-alive comments that stop proxies from closing an idle stream (and of session checks). */
  keepAliveMs?: number;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** `false`: send what is pending after `lastEventId`, then end (for clients that poll instead of following). */
  follow?: boolean;
}

const encoder = new TextEncoder();
const BATCH = 500;

/** Parses a Last-Event-ID value; anything that is not a non-negative integer is ignored (fresh start). */
export function parseLastEventId(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/**
 * A server-sent-events stream of one viewer's notices: those addressed to them (`recipient_id`), of the asked
 * areas. It first replays the notices after `lastEventId`, then sends new ones as the hub wakes it; each event's
 * id is the notice's `seq`. Before sending what it read it checks that its session still stands, and ends when
 * it does not, so nothing reaches a signed-out, expired or closed account, whichever process ended the session. Reads are
 * serialised so a notice is sent once and in order; everything is released when the client disconnects.
 */
export function openNoticeStream(options: NoticeStreamOptions): ReadableStream<Uint8Array> {
  const { db, hub, clock, userId, sessionId, keepAliveMs = 20_000, signal } = options;
  const areas = options.areas ?? [];
  let last = options.lastEventId;
  let closed = false;
  let pumping: Promise<void> | null = null;
  let again = false;
  let remove = () => {};
  let timer: ReturnType<typeof setInterval> | undefined;
  let finish = () => {};

  const cleanup = () => {
    if (closed) return;
    closed = true;
    remove();
    if (timer) clearInterval(timer);
  };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      finish = () => {
        if (closed) return;
        send(': session terminée\n\n');
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed or errored
        }
      };
      const pump = async (): Promise<void> => {
        do {
          again = false;
          for (;;) {
            const batch = await noticesAfter(db, userId, last ?? 0, areas, BATCH);
            // Checked after reading, before sending: what was read goes out only if the session still stands.
            if (batch.length && !(await sessionStands(db, sessionId, clock()))) return finish();
            for (const n of batch) {
              send(
                `id: ${n.seq}\nevent: ${n.kind}\ndata: ${JSON.stringify({ ...n.payload, createdAt: n.createdAt })}\n\n`,
              );
              last = n.seq;
            }
            if (batch.length < BATCH || closed) break;
          }
        } while (again && !closed);
      };
      const wake = () => {
        if (closed) return;
        if (pumping) {
          again = true;
          return;
        }
        pumping = pump()
          .catch((err: unknown) => {
            // A database hiccup ends the stream; the browser reconnects with Last-Event-ID and loses nothing.
            cleanup();
            controller.error(err);
          })
          .finally(() => {
            pumping = null;
          });
      };
      // Join the hub before reading the starting point, so a notice written in between is not missed.
      remove = hub.add({ userId, sessionId, wake, end: () => finish() });
      signal?.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed or errored
        }
      });
      if (last === undefined) last = await latestSeq(db, userId);
      send('retry: 3000\n: flux des avis ouvert\n\n');
      if (options.follow === false) {
        try {
          await pump();
        } finally {
          cleanup();
          try {
            controller.close();
          } catch {
            // ended by its session already
          }
        }
        return;
      }
      // Idle streams check their session too: an expiry ends them within one interval.
      timer = setInterval(() => {
        send(': keep-alive\n\n');
        sessionStands(db, sessionId, clock()).then(
          (ok) => ok || finish(),
          () => finish(),
        );
      }, keepAliveMs);
      wake();
    },
    cancel() {
      cleanup();
    },
  });
}
