import type { Db } from './types.js';

/**
 * Keeps the query planner's statistics up to date. Without them PostgreSQL guesses a few rows per table and picks
 * plans that are thousands of times too slow on real volumes (the week grid of a collège: a minute instead of a
 * tenth of a second). A PostgreSQL server's autovacuum refreshes them by itself; PGlite has no such background
 * process, so the server runs this job (and the demo data runs it once loaded): each table never analysed, or
 * whose size moved by a fifth since, is analysed on its own, so that other statements run in between.
 * Returns the tables analysed.
 */
export async function refreshStatistics(db: Db, { everything = false } = {}): Promise<string[]> {
  const stale = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = current_schema()
        AND ($1 OR c.reltuples < 0
             OR (c.reltuples > 0 AND NOT EXISTS (
                   SELECT 1 FROM pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = c.relname))
             OR abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages)
                > greatest(8, c.relpages / 5))
      ORDER BY c.relname`,
    [everything],
  );
  for (const { name } of stale) await db.exec(`ANALYZE "${name}"`);
  return stale.map((t) => t.name);
}
