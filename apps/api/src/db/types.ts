/**
 * The one database interface of the API. Two implementations speak the PostgreSQL dialect:
 * PGlite (embedded, file-backed under the data directory) and a PostgreSQL server (`DATABASE_URL`).
 * Queries use positional parameters ($1, $2…).
 */
export interface Db {
  readonly engine: 'pglite' | 'postgres';
  /** Runs one statement and returns its rows. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` once what this handle wrote is committed: after the outermost transaction commits (dropped if it
   * or the savepoint around the call rolls back), or at once outside a transaction. For side effects that must
   * not be seen before the data (waking live streams); an error in `fn` is logged, never thrown.
   */
  afterCommit(fn: () => void): void;
  /**
   * PostgreSQL servers only: receives the NOTIFY payloads of a channel (on a connection of its own) until
   * `unlisten`. Several API processes on one server learn of each other's writes this way; PGlite, one process,
   * has none.
   */
  listen?(channel: string, onPayload: (payload: string) => void): Promise<{ unlisten(): Promise<void> }>;
  close(): Promise<void>;
}

export interface QueryOptions {
  /**
   * The statement's best plan is the same whatever its values (lookups by key, as a roll call's save): on a
   * PostgreSQL server it is planned once per connection rather than at each call, where planning costs as much as
   * running it; PGlite keeps it prepared (parsed once, planned as PostgreSQL's plan cache decides). Outside a
   * transaction only; inside one it changes nothing.
   */
  planOnce?: boolean;
}
