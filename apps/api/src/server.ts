import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { clockStartingAt, parisToday, systemClock } from '@preau/core';
import { type ApiApp, createApp } from './app.js';
import { openControlSocket } from './backup/control.js';
import type { Config } from './config.js';
import { type Db, migrate, openDb } from './db/index.js';
import { closeUsageService, usageServiceFor } from './events/service.js';
import { localFileStore } from './files/store.js';
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

/** Opens (and migrates) the database, loads demo data into an empty one, and serves everything on one port. */
export async function startServer({
  config,
  seedScale = 'school',
  today,
}: StartOptions): Promise<RunningServer> {
  const db = await openDb(config);
  // The server's one clock (the app's, the live notices', the seed's): the real time, or `PREAU_CLOCK` moving on.
  const clock = config.clockStart ? clockStartingAt(config.clockStart) : systemClock;
  const live = new LiveService({ db, clock });
  try {
    await migrate(db);
    // The event store opens first, on the server's clock (the demo's usage module writes into it): rollups catch
    // up on events of a previous crash, retention runs (then daily).
    const usage = await usageServiceFor(config.dataDir, clock);
    let seeded: SeedSummary | undefined;
    if (seedScale && (await isDatabaseEmpty(db))) {
      seeded = await seedDemo(db, {
        scale: seedScale,
        today: today ?? parisToday(clock),
        dataDir: config.dataDir,
      });
    }
    await usage.ensurePlaces(db);
    // Live notices: the due-notices job runs here, and on PostgreSQL the other processes' notices arrive.
    await live.start();
    const app = createApp({ db, config, files: localFileStore(config.dataDir), clock, live });
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
    // `npm run backup` reaches the running server here (a Unix socket in the data folder).
    const control = await openControlSocket({ dataDir: config.dataDir, db, events: usage.store, clock });
    return {
      url: `http://localhost:${port}`,
      db,
      app,
      seeded,
      async close() {
        await control?.close();
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
    await closeUsageService(config.dataDir);
    await db.close();
    throw err;
  }
}
