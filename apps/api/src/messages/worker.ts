/**
 * The messaging jobs of a running server: deferred messages whose time has come are delivered (and announced
 * live), then due notification e-mails leave. The server runs it as one of its periodic jobs (jobs.ts: once per
 * period across processes, never overlapping); rows are also claimed with SKIP LOCKED.
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
