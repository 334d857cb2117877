import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Several API processes may start together on one PostgreSQL server: one migrates at a time. */
async function lockMigrations(tx: Db): Promise<void> {
  if (tx.engine === 'postgres') await tx.query("SELECT pg_advisory_xact_lock(hashtext('preau_migrations'))");
}

/**
 * Applies each numbered SQL file of the migrations folder once, in order, each in its own transaction
 * together with its record in `schema_migrations`: a failing migration leaves nothing behind.
 * Returns the names of the migrations applied now.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  const numbers = files.map((f) => f.slice(0, 3));
  const clash = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (clash) throw new Error(`Two migrations share the number ${clash} in ${dir}`);
  const done = new Set(
    (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = await readFile(`${dir}/${file}`, 'utf8');
    let ran = false;
    try {
      await db.transaction(async (tx) => {
        await lockMigrations(tx);
        // Another process may have applied it while this one waited for the lock.
        if ((await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [file])).length) return;
        await tx.exec(sql);
        await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        ran = true;
      });
    } catch (err) {
      throw new Error(`Migration ${file} failed: ${(err as Error).message}`, { cause: err });
    }
    if (ran) applied.push(file);
  }
  return applied;
}
