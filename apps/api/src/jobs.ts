/**
 * The server's periodic jobs (due live notices, purges, planner statistics, usage retention…), run once per
 * period across every API process sharing the database. On PostgreSQL a process takes a job's turn under a
 * transaction-scoped advisory lock named after it, and `job_runs` remembers when it last ran: a process whose
 * timer fires while another takes the turn, or after another ran it within the period, skips its turn. The lock
 * is held only while the turn is taken, not while the job runs (a run longer than its period could then meet the
 * next one: jobs are idempotent). PGlite has one process: the job just runs.
 */
import type { Db } from './db/types.js';

export interface Job {
  /** Stable, e.g. `live.deliverDue`: names its lock and its row in `job_runs`. */
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Another process ran the job within this share of its period: this one skips. */
const RECENT = 0.9;

export class Jobs {
  private readonly jobs: Job[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly running = new Map<string, Promise<unknown>>();
  private started = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly onError: (job: Job, err: unknown) => void = (job, err) =>
      console.error(`job ${job.name}:`, err),
  ) {}

  /** Registers a job; once started, it runs at once and then every `everyMs`. */
  add(job: Job): void {
    this.jobs.push(job);
    if (this.started) this.schedule(job);
  }

  start(): void {
    this.started = true;
    for (const job of this.jobs) this.schedule(job);
  }

  /** Stops the timers and waits for the jobs under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    await Promise.allSettled([...this.running.values()]);
  }

  /** Runs `job` now unless another process holds it or ran it within its period; says whether it ran. */
  async runOnce(job: Job): Promise<boolean> {
    if (this.db.engine !== 'postgres') {
      await job.run();
      return true;
    }
    const turn = await this.claim(job);
    if (!turn) return false;
    try {
      await job.run();
    } catch (err) {
      await this.giveBack(job, turn).catch(() => {}); // the error reported is the job's
      throw err;
    }
    return true;
  }

  /**
   * Takes the job's turn in one short transaction (its advisory lock, then its row in `job_runs`), so that no
   * connection stays held while the job runs (its own statements need them). Undefined when another process
   * holds the lock or ran the job within its period.
   */
  private claim(job: Job): Promise<{ at: Date; before: Date | null } | undefined> {
    return this.db.transaction(async (tx) => {
      const [lock] = await tx.query<{ got: boolean }>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS got',
        [`preau_job:${job.name}`],
      );
      if (!lock?.got) return undefined;
      const at = this.clock();
      const [last] = await tx.query<{ last_run_at: Date }>(
        'SELECT last_run_at FROM job_runs WHERE name = $1',
        [job.name],
      );
      const before = last ? new Date(last.last_run_at) : null;
      if (before && at.getTime() - before.getTime() < job.everyMs * RECENT) return undefined;
      await tx.query(
        `INSERT INTO job_runs (name, last_run_at) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET last_run_at = EXCLUDED.last_run_at`,
        [job.name, at],
      );
      return { at, before };
    });
  }

  /** A failed run gives its turn back: the next tick, here or in another process, tries again. */
  private async giveBack(job: Job, turn: { at: Date; before: Date | null }): Promise<void> {
    await this.db.query(
      turn.before
        ? 'UPDATE job_runs SET last_run_at = $3 WHERE name = $1 AND last_run_at = $2'
        : 'DELETE FROM job_runs WHERE name = $1 AND last_run_at = $2',
      turn.before ? [job.name, turn.at, turn.before] : [job.name, turn.at],
    );
  }

  private schedule(job: Job): void {
    const tick = () => {
      // A run longer than the period is not doubled: the next tick waits for its own turn.
      if (this.closed || this.running.has(job.name)) return;
      const run = this.runOnce(job)
        .catch((err: unknown) => this.onError(job, err))
        .finally(() => this.running.delete(job.name));
      this.running.set(job.name, run);
    };
    tick();
    const timer = setInterval(tick, job.everyMs);
    timer.unref?.();
    this.timers.push(timer);
  }
}
