/**
 * The messaging jobs of a running server: deferred messages whose time has come are delivered, then due
 * notification e-mails leave. Runs every `intervalMs`; a run never overlaps the previous one. Several API
 * processes may each run it (rows are claimed with SKIP LOCKED).
 */
import type { Db } from '../db/types.js';
import { deliverDueMessages } from './delivery.js';
import { sendDueMail } from './mail.js';
import type { Mailer } from './mailer.js';
import { type PublishMessageNotices, publishMessageNotices } from './notices.js';

export interface MessageJobsDeps {
  db: Db;
  mailer: Mailer;
  clock: () => Date;
  publicOrigin: string;
  publish?: PublishMessageNotices;
}

/** One pass of the jobs at the clock's time. */
export async function runMessageJobs(deps: MessageJobsDeps) {
  const now = deps.clock();
  const notices = await deliverDueMessages(deps.db, now);
  (deps.publish ?? publishMessageNotices)(notices);
  const mail = await sendDueMail(deps, now);
  return { delivered: notices.filter((n) => n.kind === 'message.received').length, mail };
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
