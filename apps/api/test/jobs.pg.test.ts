import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres } from '../src/db/index.js';
import { Jobs } from '../src/jobs.js';
import { TestClock } from './support/app.js';
import { databaseUrlOf, freshDb } from './support/db.js';

const MINUTE = 60_000;

/** Periodic jobs across the API processes of one PostgreSQL server (see also jobs.test.ts). */
describe('periodic jobs on PostgreSQL', () => {
  let db: Db;
  const clock = new TestClock();
  beforeAll(async () => {
    db = await freshDb();
  });
  afterAll(async () => {
    await db.close();
  });

  /** jobs run at once hold no connection while they run, whatever their number. */
  async function moreJobsThanConnections() {
    const small = await openPostgres(databaseUrlOf(db)!, { connections: 2 });
    try {
      const jobs = new Jobs(small, clock.now);
      const queried = Array.from({ length: 5 }, (_, i) => ({
        name: `test.many.${i}`,
        everyMs: 10 * MINUTE,
        run: () => small.query('SELECT pg_sleep(0.05)'),
      }));
      expect(await Promise.all(queried.map((job) => jobs.runOnce(job)))).toEqual([
        true,
        true,
        true,
        true,
        true,
      ]);
    } finally {
      await small.close();
    }
  }

  /** a failed run gives its turn back, for another process to take at once. */
  async function failedTurnGivenBack() {
    const otherDb = await openPostgres(databaseUrlOf(db)!);
    try {
      const job = { name: 'test.given-back', everyMs: 10 * MINUTE, run: async () => {} };
      const failing = { ...job, run: () => Promise.reject(new Error('nope')) };
      await expect(new Jobs(db, clock.now).runOnce(failing)).rejects.toThrow('nope');
      expect(await new Jobs(otherDb, clock.now).runOnce(job)).toBe(true);
    } finally {
      await otherDb.close();
    }
  }

  it('runs more jobs at once than it has connections, holding none while they run', moreJobsThanConnections);
  it('gives a failed run’s turn back: another process takes it at once', failedTurnGivenBack);
});
