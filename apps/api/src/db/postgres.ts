import postgres from 'postgres';
import { type CommitHooks, runCommitHooks } from './commit-hooks.js';
import type { Db } from './types.js';

/** Connections of one API process to the server (`PREAU_DB_CONNECTIONS`). */
export const DEFAULT_CONNECTIONS = 4;

/**
 * A PostgreSQL server. Values come back in the same shapes as from PGlite: bigint and numeric as numbers,
 * dates as 'YYYY-MM-DD' strings, timestamps as Date.
 */
export async function openPostgres(url: string, { connections = DEFAULT_CONNECTIONS } = {}): Promise<Db> {
  const sql = postgres(url, {
    // Few connections, each carrying several statements in a row (pipelined): a save's two statements never
    // wait for a free connection, and the server's cores are not shared out between many backends at once.
    max: connections,
    onnotice: () => {},
    // Statements are prepared once per connection (see `query` below) but still planned for each call's values,
    // as unprepared ones are: a plan made for one class or day is never reused for another.
    connection: { plan_cache_mode: 'force_custom_plan' },
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
      // Prepared: a statement with parameters is otherwise described first, a round trip of its own each time.
      const rows = await q.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      });
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
