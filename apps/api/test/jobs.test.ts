import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres } from '../src/db/index.js';
import { type Job, Jobs } from '../src/jobs.js';
import { TestClock } from './support/app.js';
import { databaseUrlOf, freshDb, testEngine } from './support/db.js';

const MINUTE = 60_000;

describe(`periodic jobs (${testEngine})`, () => {
  let db: Db;
  const clock = new TestClock();
  beforeAll(async () => {
    db = await freshDb();
  });
  afterAll(async () => {
    await db.close();
  });

  /** A job that counts its runs and, while `hold` is pending, stays under way. */
  function counting(name: string, hold?: Promise<void>) {
    const job = {
      name,
      everyMs: 10 * MINUTE,
      runs: 0,
      async run() {
        job.runs++;
        await hold;
      },
    };
    return job satisfies Job;
  }

  /** PGlite: one process owns the database, so a job runs whenever its timer asks. */
  async function runsWheneverAsked() {
    const jobs = new Jobs(db, clock.now);
    const job = counting('test.pglite');
    expect(await jobs.runOnce(job)).toBe(true);
    expect(await jobs.runOnce(job)).toBe(true);
    expect(job.runs).toBe(2);
  }

  /** PostgreSQL: a job runs once across processes — not while another holds it, not again within its period. */
  async function runsOnceAcrossProcesses() {
    // Another process: connections of its own to the same server.
    const otherDb = await openPostgres(databaseUrlOf(db)!);
    try {
      const mine = new Jobs(db, clock.now);
      const other = new Jobs(otherDb, clock.now);
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      const job = counting('test.once', held);
      const first = mine.runOnce(job);
      // wait until the first run is under way (its turn taken, `held` pending)
      while (job.runs === 0) await new Promise((r) => setTimeout(r, 10));
      expect(await other.runOnce(job)).toBe(false);
      release();
      expect(await first).toBe(true);
      // just ran: the other process's turn a minute later is skipped…
      clock.advance(MINUTE);
      expect(await other.runOnce(job)).toBe(false);
      // …and taken once the period has passed
      clock.advance(10 * MINUTE);
      expect(await other.runOnce(job)).toBe(true);
      expect(job.runs).toBe(2);
    } finally {
      await otherDb.close();
    }
  }

  it(
    testEngine === 'pglite'
      ? 'runs a job whenever asked on PGlite, where one process owns the database'
      : 'runs a job once across processes: not while another holds it, not again within its period',
    () => (testEngine === 'pglite' ? runsWheneverAsked() : runsOnceAcrossProcesses()),
  );

  it('logs a failing job and keeps its timer for the next turn', async () => {
    const errors: string[] = [];
    const jobs = new Jobs(db, clock.now, (job, err) => errors.push(`${job.name}: ${(err as Error).message}`));
    let attempts = 0;
    jobs.add({
      name: 'test.failing',
      everyMs: 3_600_000,
      async run() {
        attempts++;
        throw new Error('nope');
      },
    });
    jobs.start();
    while (errors.length === 0) await new Promise((r) => setTimeout(r, 10));
    await jobs.close();
    expect(attempts).toBe(1);
    expect(errors).toEqual(['test.failing: nope']);
  });
});
