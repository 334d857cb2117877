import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPostgres } from '../src/db/index.js';
import { databaseUrlOf, freshDb } from './support/db.js';

/** Plans kept or made again (`planOnce`) on a PostgreSQL server: one connection per pool, so each is the same. */
describe('statements planned once on PostgreSQL', () => {
  let db: Db;
  let one: Db;
  const LOOKUP = 'SELECT v FROM t_plans WHERE k = $1';
  beforeAll(async () => {
    db = await freshDb();
    await db.exec(
      'CREATE TABLE t_plans (k int PRIMARY KEY, v text); INSERT INTO t_plans VALUES (1, $$a$$), (2, $$b$$)',
    );
    one = await openPostgres(databaseUrlOf(db)!, { connections: 1 });
  });
  afterAll(async () => {
    await one.close();
    await db.close();
  });

  const plans = (options: { planOnce?: boolean }) =>
    one.query<{ generic: number; custom: number }>(
      'SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE statement = $1',
      [LOOKUP],
      options,
    );

  it('keeps the plan of a planOnce statement, and plans the others at each call', async () => {
    for (const k of [1, 2, 1]) {
      await one.query(LOOKUP, [k], { planOnce: true });
      await one.query(LOOKUP, [k]);
    }
    expect(await plans({ planOnce: true })).toEqual([{ generic: 3, custom: 0 }]);
    expect(await plans({})).toEqual([{ generic: 0, custom: 3 }]);
  });

  it('runs a planOnce statement inside a transaction on that transaction, seeing its writes', async () => {
    const seen = await one.transaction(async (tx) => {
      await tx.query('UPDATE t_plans SET v = $1 WHERE k = 1', ['changed']);
      return tx.query<{ v: string }>(LOOKUP, [1], { planOnce: true });
    });
    expect(seen).toEqual([{ v: 'changed' }]);
  });
});
