import { PGlite, types } from '@electric-sql/pglite';
import { type CommitHooks, runCommitHooks } from './commit-hooks.js';
import type { Db } from './types.js';

/** Values come back in the same shapes as from a PostgreSQL server (see `./postgres.ts`). */
const parsers = {
  [types.NUMERIC]: (v: string) => Number(v),
  [types.DATE]: (v: string) => v,
};

/**
 * Opens the embedded database: in a directory, or in memory when `dir` is undefined. `from` starts it from a
 * dump of another one (`dumpPglite`), which skips PostgreSQL's initialisation.
 */
export async function openPglite(dir?: string, { from }: { from?: Blob } = {}): Promise<Db> {
  const pg = await PGlite.create({
    parsers,
    ...(dir ? { dataDir: dir } : {}),
    ...(from ? { loadDataDir: from } : {}),
  });
  return wrap(pg, pg, 0, null);
}

const dumps = new WeakMap<object, () => Promise<Blob>>();

/** A copy of a PGlite database's whole data directory, to start others from (`openPglite(…, { from })`). */
export async function dumpPglite(db: Db): Promise<Blob> {
  const dump = db.engine === 'pglite' ? dumps.get(db) : undefined;
  if (!dump) throw new Error('dumpPglite: not a PGlite database opened by openPglite');
  return dump();
}

type Queryable = Pick<PGlite, 'query' | 'exec'>;

function wrap(pg: PGlite, q: Queryable, depth: number, hooks: CommitHooks | null): Db {
  const db: Db = {
    engine: 'pglite',
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<T>(sql, params as unknown[] | undefined);
      return res.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      const mine: CommitHooks = [];
      if (depth > 0) {
        const result = await savepoint(q, depth, (inner) => fn(wrap(pg, inner, depth + 1, mine)));
        hooks?.push(...mine);
        return result;
      }
      const result = await pg.transaction((tx) => fn(wrap(pg, tx, 1, mine)));
      runCommitHooks(mine);
      return result;
    },
    afterCommit(fn) {
      if (hooks) hooks.push(fn);
      else runCommitHooks([fn]);
    },
    async close() {
      if (depth === 0) await pg.close();
    },
  };
  if (depth === 0) dumps.set(db, () => pg.dumpDataDir('none'));
  return db;
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
