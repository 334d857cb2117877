import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPglite } from '../src/db/index.js';

/** Statements kept prepared (`planOnce`) on the embedded database. */
describe('statements planned once on PGlite', () => {
  let db: Db;
  const LOOKUP = 'SELECT v FROM t_plans WHERE k = $1 AND seen_at <= $2';
  beforeAll(async () => {
    db = await openPglite();
    await db.exec(
      `CREATE TABLE t_plans (k int PRIMARY KEY, v text, seen_at timestamptz);
       INSERT INTO t_plans VALUES (1, 'a', '2026-09-01T08:00:00Z'), (2, 'b', '2026-09-01T08:00:00Z')`,
    );
  });
  afterAll(() => db.close());

  const prepared = () =>
    db.query<{ runs: number }>(
      'SELECT generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE statement LIKE $1',
      [`%${LOOKUP}`],
    );

  it('prepares a planOnce statement once and runs it with its values, typed as they would have been', async () => {
    const at = new Date('2026-12-01T08:00:00Z');
    const seen: unknown[] = [];
    for (const k of [1, 2, 1]) seen.push(await db.query(LOOKUP, [k, at], { planOnce: true }));
    expect(seen).toEqual([[{ v: 'a' }], [{ v: 'b' }], [{ v: 'a' }]]);
    expect(await db.query(LOOKUP, [1, new Date('2026-08-01T08:00:00Z')], { planOnce: true })).toEqual([]);
    expect(await prepared()).toEqual([{ runs: 4 }]);
    // Without the option, the same text is not kept.
    await db.query(LOOKUP, [2, at]);
    expect(await prepared()).toEqual([{ runs: 4 }]);
  });

  it('runs a planOnce statement inside a transaction as any other, seeing its writes', async () => {
    const seen = await db.transaction(async (tx) => {
      await tx.query('UPDATE t_plans SET v = $1 WHERE k = 1', ['changed']);
      return tx.query<{ v: string }>(LOOKUP, [1, new Date('2026-12-01T08:00:00Z')], { planOnce: true });
    });
    expect(seen).toEqual([{ v: 'changed' }]);
    expect(await prepared()).toEqual([{ runs: 4 }]);
  });

  it('fails a statement that cannot be prepared as it would have failed, and tries again next time', async () => {
    const broken = 'SELECT nothing_here FROM t_plans WHERE k = $1';
    for (let i = 0; i < 2; i++) {
      await expect(db.query(broken, [1], { planOnce: true })).rejects.toMatchObject({ code: '42703' });
    }
    expect(await db.query('SELECT v FROM t_plans WHERE k = $1', [2], { planOnce: true })).toEqual([
      { v: 'b' },
    ]);
  });
});
