import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db } from './types.js';

export { migrate } from './migrate.js';
export { dumpPglite, openPglite } from './pglite.js';
export { openPostgres } from './postgres.js';
export type { Db } from './types.js';

/** The configured database: the PostgreSQL server of `DATABASE_URL`, else PGlite under `<dataDir>/pg`. */
export async function openDb(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const dir = join(config.dataDir, 'pg');
  await mkdir(dir, { recursive: true });
  return openPglite(dir);
}

/**
 * Inserts many rows with one statement per chunk (`INSERT … VALUES ($1,$2),($3,$4)…`): thousands of rows per
 * round trip instead of one, which is what makes seeding and imports fast on PGlite.
 */
export async function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  { chunk = Math.floor(30000 / Math.max(columns.length, 1)), suffix = '' } = {},
): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const params: unknown[] = [];
    const tuples = part.map((row) => {
      if (row.length !== columns.length) {
        throw new Error(`insertRows(${table}): a row has ${row.length} values for ${columns.length} columns`);
      }
      const marks = row.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${marks.join(',')})`;
    });
    await db.query(
      `INSERT INTO ${table} (${columns.join(',')}) VALUES ${tuples.join(',')} ${suffix}`,
      params,
    );
  }
}
