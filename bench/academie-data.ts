/**
 * The académie demo data (`npm run seed -- --scale academie`: the académie de Reims and the Aisne, ~425,000
 * accounts, ~620,000 séances) for the benchmarks, on PGlite and on PostgreSQL. Loading it takes minutes, so it is
 * kept under bench/.cache/, keyed by the migrations and the seed's sources: a run after a change to either loads
 * it again. Each benchmark run works on a copy. The usage events are left out (another store, not read here).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, openDb } from '../apps/api/src/db/index.js';
import { seedDemo } from '../apps/api/src/seed/index.js';
import { SEED_MODULES } from '../apps/api/src/seed/modules.js';
import { startPostgres } from '../scripts/postgres-server.mjs';
import { ROOT } from './support.js';

/** The day the data is generated for (a Thursday of Trimestre 2, with marks and roll calls up to it). */
export const ACADEMIE_TODAY = '2026-12-03';
const CACHE = join(ROOT, 'bench', '.cache');

function sourcesKey(): string {
  const hash = createHash('sha256').update(ACADEMIE_TODAY);
  for (const dir of ['apps/api/migrations', 'apps/api/src/seed', 'apps/api/src/seed/reference']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) {
      const path = join(ROOT, dir, f);
      if (/\.(sql|ts|json|csv)$/.test(f)) hash.update(f).update(readFileSync(path));
    }
  }
  return hash.digest('hex').slice(0, 12);
}

async function load(env: { dataDir: string; databaseUrl?: string }): Promise<void> {
  const db = await openDb(env);
  try {
    await migrate(db);
    const started = performance.now();
    await seedDemo(db, {
      scale: 'academie',
      today: ACADEMIE_TODAY,
      modules: SEED_MODULES.filter((m) => m.name !== 'usage'),
      dataDir: env.dataDir,
    });
    console.log(
      `académie data loaded on ${db.engine} in ${Math.round((performance.now() - started) / 1000)} s`,
    );
  } finally {
    await db.close();
  }
}

/** A data folder holding a copy of the académie data on PGlite; the caller removes `dir` when done. */
export async function academiePglite(dir: string): Promise<void> {
  const cached = join(CACHE, `academie-${sourcesKey()}`, 'pglite');
  if (!existsSync(join(cached, 'ready'))) {
    rmSync(cached, { recursive: true, force: true });
    mkdirSync(cached, { recursive: true });
    await load({ dataDir: cached });
    mkdirSync(join(cached, 'ready'));
  }
  cpSync(join(cached, 'pg'), join(dir, 'pg'), { recursive: true });
}

/** A PostgreSQL server on a copy of the académie data; `stop()` ends it and removes the copy. */
export async function academiePostgres(
  dir: string,
): Promise<{ url: string; stop(): Promise<void> } | { skipped: string }> {
  const cached = join(CACHE, `academie-${sourcesKey()}`, 'postgres');
  if (!existsSync(join(cached, 'ready'))) {
    rmSync(cached, { recursive: true, force: true });
    mkdirSync(cached, { recursive: true });
    chmodSync(cached, 0o777);
    const pg = await startPostgres({ data: join(cached, 'data') });
    if (!('url' in pg)) return pg;
    try {
      await load({ dataDir: join(cached, 'files'), databaseUrl: pg.url });
    } finally {
      await pg.stop();
    }
    mkdirSync(join(cached, 'ready'));
  }
  chmodSync(dir, 0o777);
  // A copy keeping its owner (the `postgres` user when run as root): `cp -a`.
  const copy = spawnSync('cp', ['-a', join(cached, 'data'), join(dir, 'data')]);
  if (copy.status !== 0) throw new Error(`cannot copy the PostgreSQL data: ${copy.stderr}`);
  const pg = await startPostgres({ data: join(dir, 'data') });
  return pg;
}
