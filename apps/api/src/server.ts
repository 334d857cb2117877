import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { type ApiApp, createApp } from './app.js';
import { SessionCache } from './auth/session-cache.js';
import { purgeExpiredSessions } from './auth/sessions.js';
import type { Config } from './config.js';
import { type Db, migrate, openDb, refreshStatistics } from './db/index.js';
import { closeUsageService, RETENTION_EVERY_MS, usageServiceFor } from './events/service.js';
import { type FileStore, localFileStore } from './files/store.js';
import { purgePendingUploads } from './files/uploads.js';
import { Jobs } from './jobs.js';
import { DUE_EVERY_MS, LiveService } from './live/service.js';
import { isDatabaseEmpty, type SeedScale, type SeedSummary, seedDemo } from './seed/index.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** What the server serves besides the API, and from where. */
export const STATIC_SITES = [
  { prefix: '/cdn', root: repo('packages/components/dist/cdn'), what: 'the elements (CDN bundle)' },
  { prefix: '/dashboard', root: repo('apps/dashboard/dist'), what: 'the dashboard' },
  { prefix: '', root: repo('examples/college-site'), what: 'the demo collège site' },
] as const;

export interface RunningServer {
  url: string;
  db: Db;
  app: ApiApp;
  /** Set when this start loaded the demo data into an empty database. */
  seeded?: SeedSummary;
  /** Stops accepting connections, then closes the stores. */
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  /** Load demo data when the database is empty (default: school). `false`: never. */
  seedScale?: SeedScale | false;
  /** Today for the demo data (YYYY-MM-DD); defaults to the current date in Europe/Paris. */
  today?: string;
  /** A handler in front of the app (benchmarks put a bare route beside the API this way). */
  front?: (app: ApiApp) => (request: Request, env: unknown) => Response | Promise<Response>;
}

/** The real time, or a time that started at `start` when the server did and moves on at the same pace. */
function serverClock(start?: Date): () => Date {
  if (!start) return () => new Date();
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

function parisToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

/** Opens (and migrates) the database, loads demo data into an empty one, and serves everything on one port. */
export async function startServer({
  config,
  seedScale = 'school',
  today,
  front,
}: StartOptions): Promise<RunningServer> {
  const db = await openDb(config);
  const clock = serverClock(config.clockStart); // the server's one clock: the app's, the live notices', the seed's
  const live = new LiveService({ db, clock });
  const sessions = new SessionCache(db, config.sessionCacheMs);
  const jobs = new Jobs(db, clock);
  const files = localFileStore(config.dataDir);
  try {
    await migrate(db);
    let seeded: SeedSummary | undefined;
    if (seedScale && (await isDatabaseEmpty(db))) {
      seeded = await seedDemo(db, {
        scale: seedScale,
        today: today ?? parisToday(clock()),
        dataDir: config.dataDir,
      });
    }
    // The event store opens now: rollups catch up on events of a previous crash, retention runs (then daily).
    const usage = await usageServiceFor(config.dataDir);
    await usage.ensurePlaces(db);
    jobs.add({ name: 'usage.retention', everyMs: RETENTION_EVERY_MS, run: () => usage.runRetention() });
    // On PostgreSQL the other processes' notices arrive; the due ones are released by a job.
    await live.start();
    await sessions.start();
    for (const job of platformJobs(db, files, live, clock)) jobs.add(job);
    jobs.start();
    const app = createApp({ db, config, files, clock, live, sessions });
    for (const site of STATIC_SITES) {
      if (!existsSync(site.root)) {
        console.warn(`Absent : ${site.root} (${site.what}) — lancez « npm run build » ou « npm start ».`);
        continue;
      }
      const prefix = site.prefix;
      app.use(
        `${prefix}/*`,
        serveStatic({
          root: site.root,
          rewriteRequestPath: (p) => (prefix ? p.slice(prefix.length) || '/' : p),
          // The builds write file.gz beside each compressible file (scripts/precompress.mjs).
          precompressed: true,
        }),
      );
    }
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const fetch = front ? front(app) : app.fetch;
      const s = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://localhost:${port}`,
      db,
      app,
      seeded,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Long-lived live-update streams would hold close() forever: end them.
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await jobs.close();
        await live.close();
        await sessions.close();
        await closeUsageService(config.dataDir);
        await db.close();
      },
    };
  } catch (err) {
    await jobs.close();
    await live.close();
    await sessions.close();
    await db.close();
    throw err;
  }
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Runs a bounded purge again until a pass finds less than a full batch. */
async function drain(pass: () => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < 100; i++) {
    const n = await pass();
    total += n;
    if (n < batch) break;
  }
  return total;
}

/** The platform's periodic jobs, each run once across the API processes sharing the database. */
function platformJobs(db: Db, files: FileStore, live: LiveService, clock: () => Date) {
  return [
    { name: 'live.deliverDue', everyMs: DUE_EVERY_MS, run: () => live.deliverDue() },
    {
      name: 'files.purgePendingUploads',
      everyMs: HOUR,
      run: () => drain(() => purgePendingUploads({ db, files }, clock(), 200), 200),
    },
    {
      name: 'sessions.purgeExpired',
      everyMs: HOUR,
      run: () => drain(() => purgeExpiredSessions(db, clock(), 1000), 1000),
    },
    // PGlite has no autovacuum to keep the planner's statistics fresh (see refreshStatistics).
    ...(db.engine === 'pglite'
      ? [{ name: 'db.statistics', everyMs: 10 * MINUTE, run: () => refreshStatistics(db) }]
      : []),
  ];
}
