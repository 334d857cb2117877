import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { type ApiApp, createApp } from './app.js';
import type { Config } from './config.js';
import { type Db, migrate, openDb } from './db/index.js';
import { closeUsageService, usageServiceFor } from './events/service.js';
import { localFileStore } from './files/store.js';
import { startRetentionJob } from './imports/closures.js';
import { LiveService } from './live/service.js';
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
}: StartOptions): Promise<RunningServer> {
  const db = await openDb(config);
  const clock = serverClock(config.clockStart); // the server's one clock: the app's, the live notices', the seed's
  const live = new LiveService({ db, clock });
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
    await (await usageServiceFor(config.dataDir)).ensurePlaces(db);
    // Live notices: the due-notices job runs here, and on PostgreSQL the other processes' notices arrive.
    await live.start();
    const files = localFileStore(config.dataDir);
    const app = createApp({ db, config, files, clock, live });
    // Departed users' personal data is removed once its retention has passed (CNIL), by the same clock.
    const stopRetention = startRetentionJob({ db, files }, clock);
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
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://localhost:${port}`,
      db,
      app,
      seeded,
      async close() {
        await stopRetention();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Long-lived live-update streams would hold close() forever: end them.
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await live.close();
        await closeUsageService(config.dataDir);
        await db.close();
      },
    };
  } catch (err) {
    await live.close();
    await db.close();
    throw err;
  }
}
