import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { type Db, migrate, openPglite, openPostgres } from '../../src/db/index.js';

/**
 * The engine the API suite runs on: the test script runs it once on PGlite and, where the machine has a
 * PostgreSQL server, once more with PREAU_TEST_DATABASE_URL pointing at a throwaway server.
 */
export const testEngine: Db['engine'] = process.env.PREAU_TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A new, empty, migrated database for one test file: in-memory PGlite, or a database of its own on the
 * test PostgreSQL server, dropped again by `close()`. Both are copies of the template the suite's global
 * setup migrated once; `migrate` then only confirms there is nothing left to apply.
 */
/** The URL of a test database on the PostgreSQL server (to open more connections to it, as another process would). */
const urls = new WeakMap<Db, string>();
export const databaseUrlOf = (db: Db): string | undefined => urls.get(db);

export async function freshDb(): Promise<Db> {
  const adminUrl = process.env.PREAU_TEST_DATABASE_URL;
  if (!adminUrl) {
    const template = inject('pgliteTemplate');
    const db = await openPglite(undefined, template ? { from: new Blob([await readFile(template)]) } : {});
    await migrate(db);
    return db;
  }
  const name = `preau_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(adminUrl);
  const template = inject('postgresTemplate');
  await admin.exec(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  await migrate(db);
  const test: Db = {
    ...db,
    async close() {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
  urls.set(test, url.toString());
  return test;
}
