/**
 * The one database interface of the API. Two implementations speak the PostgreSQL dialect:
 * PGlite (embedded, file-backed under the data directory) and a PostgreSQL server (`DATABASE_URL`).
 * Queries use positional parameters ($1, $2…).
 */
export interface Db {
  readonly engine: 'pglite' | 'postgres';
  /** Runs one statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
