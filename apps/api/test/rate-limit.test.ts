import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { consume } from '../src/http/rate-limit.js';
import { freshDb, testEngine } from './support/db.js';

/** Rate limits counted in the database: shared by every process, kept across restarts, exact under concurrency. */
let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(() => db.close());

const rule = { key: 'test:session:s1', limit: 10, windowMs: 3600_000 };
const at = (iso: string) => new Date(iso);

describe(`rate limits in the database (${testEngine})`, () => {
  it('counts up to the limit, refuses without counting, and starts again with the next window', async () => {
    expect(await consume(db, rule, 4, at('2026-11-16T09:05:00Z'))).toEqual({
      allowed: true,
      count: 4,
      retryAfterSeconds: 55 * 60,
    });
    expect((await consume(db, rule, 6, at('2026-11-16T09:10:00Z'))).count).toBe(10);
    const refused = await consume(db, rule, 1, at('2026-11-16T09:20:00Z'));
    expect(refused).toEqual({ allowed: false, count: 10, retryAfterSeconds: 40 * 60 });
    // A request larger than the whole limit is refused at once.
    expect((await consume(db, { ...rule, key: 'test:other' }, 11, at('2026-11-16T09:20:00Z'))).allowed).toBe(
      false,
    );
    // Next hour: counted afresh; the old window is purged.
    expect(await consume(db, rule, 1, at('2026-11-16T10:00:01Z'))).toMatchObject({ allowed: true, count: 1 });
    const windows = await db.query('SELECT 1 FROM rate_counters WHERE key = $1', [rule.key]);
    expect(windows).toHaveLength(1);
  });

  it('stays exact when requests race', async () => {
    const racing = { key: 'test:race', limit: 25, windowMs: 3600_000 };
    const now = at('2026-11-16T11:00:00Z');
    const decisions = await Promise.all(Array.from({ length: 40 }, () => consume(db, racing, 1, now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(25);
    const [row] = await db.query<{ count: string }>('SELECT count::text FROM rate_counters WHERE key = $1', [
      racing.key,
    ]);
    expect(Number(row!.count)).toBe(25);
  });
});
