import postgres from 'postgres';
import { type CommitHooks, runCommitHooks } from './commit-hooks.js';
import type { Db } from './types.js';

/**
 * A PostgreSQL server. Values come back in the same shapes as from PGlite: bigint and numeric as numbers,
 * dates as 'YYYY-MM-DD' strings, timestamps as Date.
 */
export async function openPostgres(url: string): Promise<Db> {
  const sql = postgres(url, {
    max: 10,
    onnotice: () => {},
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (v: number | bigint) => String(v),
        parse: (v: string) => Number(v),
      },
      numeric: {
        to: 1700,
        from: [1700],
        serialize: (v: number) => String(v),
        parse: (v: string) => Number(v),
      },
      dateOnly: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v },
    },
  });
  await sql`select 1`; // fail now, with the driver's message, when the server is unreachable
  return wrap(sql, sql, 0, null);
}

type Sql = postgres.Sql | postgres.TransactionSql;

function wrap(root: postgres.Sql, q: Sql, depth: number, hooks: CommitHooks | null): Db {
  return {
    engine: 'postgres',
    async query<T>(text: string, params?: readonly unknown[]) {
      const rows = await q.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]);
      return rows as unknown as T[];
    },
    async exec(text: string) {
      await q.unsafe(text).simple();
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      const mine: CommitHooks = [];
      if (depth > 0) {
        const result = (await (q as postgres.TransactionSql).savepoint((sp) =>
          fn(wrap(root, sp, depth + 1, mine)),
        )) as T;
        hooks?.push(...mine);
        return result;
      }
      const result = (await root.begin((tx) => fn(wrap(root, tx, 1, mine)))) as T;
      runCommitHooks(mine);
      return result;
    },
    afterCommit(fn) {
      if (hooks) hooks.push(fn);
      else runCommitHooks([fn]);
    },
    async close() {
      if (depth === 0) await root.end({ timeout: 5 });
    },
    ...(depth === 0
      ? {
          async listen(channel: string, onPayload: (payload: string) => void) {
            const { unlisten } = await root.listen(channel, onPayload);
            return { unlisten };
          },
        }
      : {}),
  };
}
