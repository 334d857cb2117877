import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Db, insertRows, migrate } from '../src/db/index.js';
import { freshDb, testEngine } from './support/db.js';

describe(`database layer on ${testEngine}`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
  });
  afterAll(() => db.close());

  it('returns values in the same shapes on both engines', async () => {
    const [row] = await db.query(
      `SELECT 12::int8 AS big, 2.5::numeric(6,2) AS num, '2026-09-01'::date AS day,
              '2026-09-01T08:00:00Z'::timestamptz AS at, '{"a":1}'::jsonb AS doc, ARRAY['cpe'] AS arr,
              count(*) AS n FROM (VALUES (1), (2)) v`,
    );
    expect(row).toEqual({
      big: 12,
      num: 2.5,
      day: '2026-09-01',
      at: new Date('2026-09-01T08:00:00Z'),
      doc: { a: 1 },
      arr: ['cpe'],
      n: 2,
    });
  });

  it('passes array parameters', async () => {
    const rows = await db.query<{ n: number }>('SELECT cardinality($1::text[]) AS n', [['a', 'b', 'c']]);
    expect(rows[0]?.n).toBe(3);
  });

  it('rolls a failed transaction back whole, and a failed savepoint only in part', async () => {
    await db.exec('CREATE TABLE t_tx (v int PRIMARY KEY)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t_tx VALUES (1)');
        await tx.query('INSERT INTO t_tx VALUES (1)');
      }),
    ).rejects.toThrow();
    expect(await db.query('SELECT * FROM t_tx')).toEqual([]);

    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t_tx VALUES (2)');
      await expect(
        tx.transaction(async (inner) => {
          await inner.query('INSERT INTO t_tx VALUES (3)');
          throw new Error('abandon');
        }),
      ).rejects.toThrow('abandon');
    });
    expect(await db.query('SELECT v FROM t_tx ORDER BY v')).toEqual([{ v: 2 }]);
  });

  it('inserts many rows in chunks', async () => {
    await db.exec('CREATE TABLE t_bulk (id int PRIMARY KEY, label text)');
    const rows = Array.from({ length: 5000 }, (_, i) => [i, `n${i}`]);
    await insertRows(db, 't_bulk', ['id', 'label'], rows, { chunk: 1200 });
    const [count] = await db.query<{ n: number }>('SELECT count(*) AS n FROM t_bulk');
    expect(count?.n).toBe(5000);
  });

  it('applies each migration once, and a failing one leaves nothing behind', async () => {
    expect(await migrate(db)).toEqual([]); // already applied by freshDb
    const dir = await mkdtemp(join(tmpdir(), 'preau-mig-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE t_mig_ok (v int);');
    await writeFile(join(dir, '002_bad.sql'), 'CREATE TABLE t_mig_bad (v int); SELECT * FROM no_such_table;');
    await expect(migrate(db, dir)).rejects.toThrow(/002_bad\.sql/);
    const tables = await db.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 't_mig_%' ORDER BY 1",
    );
    expect(tables.map((t) => t.name)).toEqual(['t_mig_ok']);
    const recorded = await db.query<{ name: string }>(
      "SELECT name FROM schema_migrations WHERE name LIKE '00%_%'",
    );
    expect(recorded.map((r) => r.name)).toContain('001_ok.sql');
    expect(recorded.map((r) => r.name)).not.toContain('002_bad.sql');
  });
});
