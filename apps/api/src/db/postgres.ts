import postgres from 'postgres';
import { type CommitHooks, runCommitHooks } from './commit-hooks.js';
import type { Db, QueryOptions } from './types.js';

/**
 * Connections of one API process to the server for its ordinary statements and transactions
 * (`PREAU_DB_CONNECTIONS`). Four: a statement waiting on a lock holds up those sent after it on its connection, so
 * a transaction that waits for another must leave connections for everyone else (live-stream.pg.test.ts).
 */
export const DEFAULT_CONNECTIONS = 4;

/**
 * Connections keeping plans (`planOnce`): half as many. They carry single statements only (never a transaction),
 * so none waits on anything that needs them; and fewer backends at once share out the server's cores better (on
 * two rather than four, `bench/attendance-api.bench.ts` saves ~15 % more roll calls a second, p99 0.47 s not 0.55).
 */
const plannedConnections = (connections: number) => Math.max(1, Math.ceil(connections / 2));

/**
 * The settings of the connections keeping plans. A plan kept is made on first use, maybe while a table is still
 * small (a new school year): lookups must then go through indexes, or the plan would read the whole table once it
 * has grown (`roll-call-plans.pg.test.ts` holds the roll-call statements to that).
 */
export const PLANNED_SETTINGS = { plan_cache_mode: 'force_generic_plan', enable_seqscan: 'off' } as const;

/**
 * A PostgreSQL server. Values come back in the same shapes as from PGlite: bigint and numeric as numbers,
 * dates as 'YYYY-MM-DD' strings, timestamps as Date.
 */
export async function openPostgres(url: string, { connections = DEFAULT_CONNECTIONS } = {}): Promise<Db> {
  const options = (
    max: number,
    settings: Record<string, string>,
  ): postgres.Options<Record<string, postgres.PostgresType>> => ({
    // Few connections, each carrying several statements in a row (pipelined): a save's two statements never
    // wait for a free connection, and the server's cores are not shared out between many backends at once.
    max,
    onnotice: () => {},
    connection: settings,
    types: TYPES,
  });
  // Statements are prepared once per connection (see `query` below) but still planned for each call's values,
  // as unprepared ones are: a plan made for one class or day is never reused for another.
  const sql = postgres(url, options(connections, { plan_cache_mode: 'force_custom_plan' }));
  await sql`select 1`; // fail now, with the driver's message, when the server is unreachable
  // Statements whose plan does not depend on their values (`planOnce`) go to connections that keep each plan,
  // opened on first use (`PLANNED_SETTINGS`).
  let planned: postgres.Sql | undefined;
  const pools = {
    planned: () => (planned ??= postgres(url, options(plannedConnections(connections), PLANNED_SETTINGS))),
    async end() {
      await Promise.all([sql.end({ timeout: 5 }), planned?.end({ timeout: 5 })]);
    },
  };
  return wrap(pools, sql, sql, 0, null);
}

const TYPES = {
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
};

/** Beside the ordinary connections: those keeping plans (`planOnce`), and how to close both. */
interface Pools {
  planned(): postgres.Sql;
  end(): Promise<void>;
}

type Sql = postgres.Sql | postgres.TransactionSql;

function wrap(pools: Pools, root: postgres.Sql, q: Sql, depth: number, hooks: CommitHooks | null): Db {
  return {
    engine: 'postgres',
    async query<T>(text: string, params?: readonly unknown[], options?: QueryOptions) {
      const on = options?.planOnce && depth === 0 ? pools.planned() : q;
      // Prepared: a statement with parameters is otherwise described first, a round trip of its own each time.
      const rows = await on.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[], {
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
          fn(wrap(pools, root, sp, depth + 1, mine)),
        )) as T;
        hooks?.push(...mine);
        return result;
      }
      const result = (await root.begin((tx) => fn(wrap(pools, root, tx, 1, mine)))) as T;
      runCommitHooks(mine);
      return result;
    },
    afterCommit(fn) {
      if (hooks) hooks.push(fn);
      else runCommitHooks([fn]);
    },
    async close() {
      if (depth === 0) await pools.end();
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
