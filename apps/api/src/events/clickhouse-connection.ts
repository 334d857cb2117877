/**
 * The two ways the ClickHouse event store reaches ClickHouse, behind one small connection:
 * - a server over its HTTP interface (`CLICKHOUSE_URL`, e.g. `http://user:password@host:8123/preau`), with
 *   asynchronous inserts that the server acknowledges once written (`wait_for_async_insert`);
 * - the embedded engine of the `chdb` package (the same ClickHouse, in process, on a data directory). The package
 *   weighs ~540 MB, so it is not a dependency of the API: `node scripts/chdb.mjs` installs it into `.cache/chdb/`
 *   (or `PREAU_CHDB_DIR`), and the tests install it there on demand.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export interface ClickHouseConnection {
  readonly kind: 'server' | 'chdb';
  /** Runs statements separated by `;` (DDL, mutations). */
  exec(sql: string): Promise<void>;
  /** Rows of a query as plain objects (JSONEachRow: 64-bit integers come back as strings). */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Columns of a query, by name in select order. */
  columns(sql: string): Promise<Record<string, unknown[]>>;
  /** The result of a query in a binary format (Parquet). */
  bytes(sql: string, format: string): Promise<Uint8Array>;
  /** Inserts rows given as JSON lines; resolves once the server has written them. */
  insert(table: string, jsonLines: string): Promise<void>;
  close(): Promise<void>;
}

const splitStatements = (sql: string) =>
  sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);

/** One statement at a time on a connection (chdb sessions, and ordering of DDL). */
class Serial {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(fn, fn);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

/** Where `chdb` is installed: `PREAU_CHDB_DIR`, else `.cache/chdb` of the working directory, else node_modules. */
export function chdbModulePath(): string | null {
  for (const dir of [process.env.PREAU_CHDB_DIR, resolve('.cache/chdb')]) {
    if (dir && existsSync(join(dir, 'node_modules/chdb/package.json'))) return join(dir, 'node_modules/chdb');
  }
  try {
    return createRequire(import.meta.url).resolve('chdb');
  } catch {
    return null;
  }
}

interface ChdbResult {
  text(): string;
  bytes(): Uint8Array;
}
interface ChdbSession {
  queryAsync(sql: string, opts?: { format?: string }): Promise<ChdbResult>;
  insert(p: { table: string; values: Buffer; format: 'JSONEachRow' }): Promise<unknown>;
  close(): void;
}

/** ClickHouse embedded (chdb) on a data directory (a temporary one when omitted). */
export function chdbConnection(dataDir?: string): ClickHouseConnection {
  const path = chdbModulePath();
  if (!path) {
    throw new Error(
      'Le paquet chdb (ClickHouse embarqué) n’est pas installé : node scripts/chdb.mjs / chdb is not installed.',
    );
  }
  const { Session } = createRequire(import.meta.url)(path) as {
    Session: new (path?: string) => ChdbSession;
  };
  const session = new Session(dataDir);
  const serial = new Serial();
  const text = (sql: string, format: string) =>
    serial.run(async () => (await session.queryAsync(sql, { format })).text());
  return {
    kind: 'chdb',
    async exec(sql) {
      for (const statement of splitStatements(sql)) await text(statement, 'TabSeparated');
    },
    async rows<T>(sql: string) {
      const out = await text(sql, 'JSONEachRow');
      return out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as T);
    },
    async columns(sql) {
      const out = await text(sql, 'JSONColumns');
      return out.trim() ? (JSON.parse(out) as Record<string, unknown[]>) : {};
    },
    bytes(sql, format) {
      return serial.run(async () => (await session.queryAsync(sql, { format })).bytes());
    },
    async insert(table, jsonLines) {
      if (!jsonLines) return;
      await serial.run(() =>
        session.insert({ table, values: Buffer.from(jsonLines), format: 'JSONEachRow' }),
      );
    },
    async close() {
      await serial.run(async () => session.close());
    },
  };
}

/** A ClickHouse server over HTTP. The URL's path names the database; credentials go in the URL. */
export function httpConnection(url: string): ClickHouseConnection {
  const u = new URL(url);
  const database = u.pathname.replace(/^\/+|\/+$/g, '') || 'default';
  const headers: Record<string, string> = {};
  if (u.username) {
    headers.Authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  }
  const base = `${u.protocol}//${u.host}/`;
  const post = async (sql: string, params: Record<string, string> = {}, body?: string) => {
    const q = new URLSearchParams({ database, ...params });
    if (body !== undefined) q.set('query', sql);
    const res = await fetch(`${base}?${q}`, { method: 'POST', headers, body: body ?? sql });
    if (!res.ok) throw new Error(`ClickHouse ${res.status}: ${(await res.text()).slice(0, 500)}`);
    return res;
  };
  return {
    kind: 'server',
    async exec(sql) {
      for (const statement of splitStatements(sql)) await (await post(statement)).arrayBuffer();
    },
    async rows<T>(sql: string) {
      const out = await (await post(sql, { default_format: 'JSONEachRow' })).text();
      return out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as T);
    },
    async columns(sql) {
      const out = await (await post(sql, { default_format: 'JSONColumns' })).text();
      return out.trim() ? (JSON.parse(out) as Record<string, unknown[]>) : {};
    },
    async bytes(sql, format) {
      return new Uint8Array(await (await post(sql, { default_format: format })).arrayBuffer());
    },
    async insert(table, jsonLines) {
      if (!jsonLines) return;
      // Asynchronous inserts: the server batches small inserts from many API processes into few parts, and
      // answers once they are written.
      await (
        await post(
          `INSERT INTO ${table} FORMAT JSONEachRow`,
          { async_insert: '1', wait_for_async_insert: '1' },
          jsonLines,
        )
      ).arrayBuffer();
    },
    async close() {},
  };
}
