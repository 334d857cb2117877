import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { dumpPglite, migrate, openPglite, openPostgres } from '../src/db/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty PGlite data directory (tarball) that each test file's database starts from. */
    pgliteTemplate: string;
    /** On PostgreSQL: a migrated, empty database that each test file's database is created from. */
    postgresTemplate: string;
  }
}

/**
 * Migrates one empty database per run, so that a test file's database is a copy of it rather than a new
 * PostgreSQL initialisation plus every migration (seconds each on PGlite).
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.PREAU_TEST_DATABASE_URL;
  if (adminUrl) {
    const name = 'preau_test_template';
    const admin = await openPostgres(adminUrl);
    // (two statements: PostgreSQL refuses CREATE DATABASE inside a multi-statement block)
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.exec(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const template = await openPostgres(url.toString());
    await migrate(template);
    await template.close();
    await admin.close();
    project.provide('postgresTemplate', name);
    project.provide('pgliteTemplate', '');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'preau-pglite-template-'));
  const db = await openPglite();
  await migrate(db);
  const file = join(dir, 'template.tar');
  await writeFile(file, Buffer.from(await (await dumpPglite(db)).arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
  project.provide('postgresTemplate', '');
  return () => rm(dir, { recursive: true, force: true });
}
