import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export { migrate } from './migrate.js';
export { dumpPglite, openPglite } from './pglite.js';
export { openPostgres } from './postgres.js';
export { refreshStatistics } from './statistics.js';
export type { Db } from './types.js';

/** The configured database: the PostgreSQL server of `DATABASE_URL`, else PGlite under `<dataDir>/pg`. */
export async function openDb(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseConnections'>,
): Promise<Db> {
  if (config.databaseUrl)
    return openPostgres(config.databaseUrl, { connections: config.databaseConnections });
  const dir = join(config.dataDir, 'pg');
  await mkdir(dir, { recursive: true });
  return openPglite(dir);
}

/**
 * Inserts many rows with one statement per chunk: the rows travel as one JSON document that PostgreSQL spreads
 * over the table's own column types (`json_populate_recordset`). Thousands of rows per round trip instead of
 * one, and faster than a many-valued INSERT on PGlite (see bench/seed.bench.ts). `suffix` follows the SELECT,
 * e.g. `ON CONFLICT … DO UPDATE …`.
 */
export async function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  { chunk = 20_000, suffix = '' } = {},
): Promise<void> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  for (let start = 0; start < rows.length; start += chunk) {
    const objects = rows.slice(start, start + chunk).map((row) => {
      if (row.length !== columns.length) {
        throw new Error(`insertRows(${table}): a row has ${row.length} values for ${columns.length} columns`);
      }
      return Object.fromEntries(columns.map((c, i) => [c, row[i]]));
    });
    // Sent as text: the PostgreSQL client would otherwise encode a JSON parameter a second time.
    await db.query(
      `INSERT INTO "${table}" (${list})
       SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::text::json) ${suffix}`,
      [JSON.stringify(objects)],
    );
  }
}
