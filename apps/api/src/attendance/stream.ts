import type { Db } from '../db/index.js';
import { latestNoticeId, type NoticeHub, noticesAfter } from './notices.js';

export interface NoticeStreamOptions {
  db: Db;
  hub: NoticeHub;
  userId: string;
  /** From the `Last-Event-ID` header (a reconnection) or the page's `?after=`; absent: start from now. */
  lastEventId?: number;
  /** Interval of the keep-alive comments that stop proxies from closing an idle stream. */
  keepAliveMs?: number;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** `false`: send what is pending after `lastEventId`, then end (for clients that poll instead of following). */
  follow?: boolean;
}

const encoder = new TextEncoder();

/** Parses a Last-Event-ID value; anything that is not a non-negative integer is ignored (fresh start). */
export function parseLastEventId(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/**
 * A server-sent-events stream of one user's attendance notices. It first replays the notices after
 * `lastEventId`, then sends new ones as the hub wakes it; each event's id is the notice id. Reads are serialised
 * so a notice is sent once and in order. Everything is released when the client disconnects.
 */
export function openNoticeStream(options: NoticeStreamOptions): ReadableStream<Uint8Array> {
  const { db, hub, userId, keepAliveMs = 20_000, signal } = options;
  let last = options.lastEventId;
  let closed = false;
  let pumping: Promise<void> | null = null;
  let again = false;
  let unsubscribe = () => {};
  let timer: ReturnType<typeof setInterval> | undefined;

  const cleanup = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    if (timer) clearInterval(timer);
  };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const pump = async (): Promise<void> => {
        do {
          again = false;
          for (;;) {
            const batch = await noticesAfter(db, userId, last ?? 0);
            for (const n of batch) {
              send(
                `id: ${n.id}\nevent: ${n.kind}\ndata: ${JSON.stringify({ ...n.payload, createdAt: n.createdAt })}\n\n`,
              );
              last = n.id;
            }
            if (batch.length < 500 || closed) break;
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
      // Subscribe before reading the starting point, so a notice written in between is not missed.
      unsubscribe = hub.subscribe(userId, wake);
      signal?.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed or errored
        }
      });
      if (last === undefined) last = await latestNoticeId(db, userId);
      send('retry: 3000\n: flux des absences ouvert\n\n');
      if (options.follow === false) {
        try {
          await pump();
        } finally {
          cleanup();
          controller.close();
        }
        return;
      }
      timer = setInterval(() => send(': keep-alive\n\n'), keepAliveMs);
      wake();
    },
    cancel() {
      cleanup();
    },
  });
}
