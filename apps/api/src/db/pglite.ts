import { PGlite, types } from '@electric-sql/pglite';
import type { Db } from './types.js';

/** Values come back in the same shapes as from a PostgreSQL server (see `./postgres.ts`). */
const parsers = {
  [types.NUMERIC]: (v: string) => Number(v),
  [types.DATE]: (v: string) => v,
};

/** Opens the embedded database: in a directory, or in memory when `dir` is undefined. */
export async function openPglite(dir?: string): Promise<Db> {
  const pg = await PGlite.create(dir ? { dataDir: dir, parsers } : { parsers });
  return wrap(pg, pg, 0);
}

type Queryable = Pick<PGlite, 'query' | 'exec'>;

function wrap(pg: PGlite, q: Queryable, depth: number): Db {
  return {
    engine: 'pglite',
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<T>(sql, params as unknown[] | undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (depth > 0) return savepoint(q, depth, (inner) => fn(wrap(pg, inner, depth + 1)));
      return pg.transaction((tx) => fn(wrap(pg, tx, 1)));
    },
    async close() {
      if (depth === 0) await pg.close();
    },
  };
}

async function savepoint<T>(q: Queryable, depth: number, fn: (q: Queryable) => Promise<T>): Promise<T> {
  const name = `sp_${depth}`;
  await q.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn(q);
    await q.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await q.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    throw err;
  }
}
