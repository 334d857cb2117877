/**
 * The messaging jobs of a running server: deferred messages whose time has come are delivered (and announced
 * live), then due notification e-mails leave. Runs every `intervalMs` on the server's clock; a run never overlaps
 * the previous one. Several API processes may each run it (rows are claimed with SKIP LOCKED).
 */
import type { Db } from '../db/types.js';
import type { LiveService } from '../live/service.js';
import { deliverDueMessages } from './delivery.js';
import { sendDueMail } from './mail.js';
import type { Mailer } from './mailer.js';

export interface MessageJobsDeps {
  db: Db;
  live: LiveService;
  mailer: Mailer;
  clock: () => Date;
  publicOrigin: string;
}

/** One pass of the jobs at the clock's time. */
export async function runMessageJobs(deps: MessageJobsDeps) {
  const now = deps.clock();
  const delivered = await deliverDueMessages(deps.db, deps.live, now);
  const mail = await sendDueMail(deps, now);
  return { delivered, mail };
}

export function startMessageWorker(deps: MessageJobsDeps, intervalMs = 30_000): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runMessageJobs(deps)
      .catch((err: unknown) => console.error(`Messagerie : tâche interrompue (${(err as Error).message})`))
      .finally(() => {
        running = null;
      });
  };
  // At once (a server starting at the morning's opening delivers what waited), then at each interval.
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      deps.mailer.close();
    },
  };
}
