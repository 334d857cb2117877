import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAdaptorServer, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { clockStartingAt, parisToday, systemClock } from '@preau/core';
import type { MiddlewareHandler } from 'hono';
import { type ApiApp, createApp } from './app.js';
import { SessionCache } from './auth/session-cache.js';
import { purgeExpiredSessions } from './auth/sessions.js';
import { openControlSocket } from './backup/control.js';
import type { Config } from './config.js';
import { type Db, migrate, openDb, refreshStatistics } from './db/index.js';
import { closeUsageService, RETENTION_EVERY_MS, usageServiceFor } from './events/service.js';
import { type FileStore, localFileStore } from './files/store.js';
import { purgePendingUploads } from './files/uploads.js';
import { purgeClosedAccounts } from './imports/closures.js';
import { Jobs } from './jobs.js';
import { DUE_EVERY_MS, LiveService } from './live/service.js';
import { createMailer } from './messages/mailer.js';
import { runMessageJobs } from './messages/worker.js';
import { isDatabaseEmpty, type SeedScale, type SeedSummary, seedDemo } from './seed/index.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** What the server serves besides the API, and from where. */
export const STATIC_SITES = [
  { prefix: '/cdn', root: repo('packages/components/dist/cdn'), what: 'the elements (CDN bundle)' },
  { prefix: '/dashboard', root: repo('apps/dashboard/dist'), what: 'the dashboard' },
  // A school page made with a CMS (jQuery, no build), embedding the elements: examples/cms-page.
  {
    prefix: '/exemples/cms/vendor',
    root: repo('node_modules/jquery/dist'),
    what: 'jQuery for the CMS example',
  },
  { prefix: '/exemples/cms', root: repo('examples/cms-page'), what: 'the CMS-like example page' },
  { prefix: '', root: repo('examples/college-site'), what: 'the demo collège site' },
] as const;

/**
 * `/cdn/<version>/…` never changes once published (a school page pins it with its integrity hash): cached for a
 * year without revalidation. The unversioned `/cdn/…` follows the latest build: revalidated at every use.
 */
const cdnCaching: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status !== 200) return;
  const versioned = /^\/cdn\/\d+\.\d+\.\d+[^/]*\//.test(c.req.path);
  c.res.headers.set('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache');
};

export interface RunningServer {
  url: string;
  db: Db;
  app: ApiApp;
  /** Set when this start loaded the demo data into an empty database. */
  seeded?: SeedSummary;
  /** With `usage: { owner: true }`: where the other processes send the usage routes. */
  privateUrl?: string;
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
  /**
   * One of several processes (`--workers`) with an embedded event store, which only one process may open:
   * `owner` opens it and also listens on a private loopback port (`port`, else any: `RunningServer.privateUrl`);
   * `via` (that port's URL) forwards the usage routes there instead.
   */
  usage?: { owner: true; port?: number } | { via: string };
}

/** Opens (and migrates) the database, loads demo data into an empty one, and serves everything on one port. */
export async function startServer({
  config,
  seedScale = 'school',
  today,
  front,
  usage: shared,
}: StartOptions): Promise<RunningServer> {
  const db = await openDb(config);
  // The server's one clock (the app's, the live notices', the seed's): the real time, or `PREAU_CLOCK` moving on.
  const clock = config.clockStart ? clockStartingAt(config.clockStart) : systemClock;
  const live = new LiveService({ db, clock });
  const sessions = new SessionCache(db, config.sessionCacheMs);
  const jobs = new Jobs(db, clock);
  const files = localFileStore(config.dataDir);
  let closeMailer = () => {};
  try {
    await migrate(db);
    // The event store opens first, on the server's clock (the demo's usage module writes into it): rollups catch
    // up on events of a previous crash, retention runs (then daily). One process of several forwards instead.
    const usage = shared && 'via' in shared ? undefined : await usageServiceFor(config.dataDir, clock);
    let seeded: SeedSummary | undefined;
    if (seedScale && (await isDatabaseEmpty(db))) {
      seeded = await seedDemo(db, {
        scale: seedScale,
        today: today ?? parisToday(clock),
        dataDir: config.dataDir,
      });
    }
    if (usage) {
      await usage.ensurePlaces(db);
      jobs.add({ name: 'usage.retention', everyMs: RETENTION_EVERY_MS, run: () => usage.runRetention() });
    }
    // On PostgreSQL the other processes' notices arrive; the due ones are released by a job.
    await live.start();
    await sessions.start();
    for (const job of platformJobs(db, files, live, clock)) jobs.add(job);
    // Deferred messages and notification e-mails (PREAU_SMTP_URL, else <dataDir>/outbox).
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
    closeMailer = () => mailer.close();
    const messageDeps = { db, live, clock, mailer, publicOrigin: config.publicOrigin };
    jobs.add({
      name: 'messages.deliver',
      everyMs: MESSAGES_EVERY_MS,
      run: () => runMessageJobs(messageDeps),
    });
    // Departed users' personal data is removed once its retention has passed (CNIL), by the same clock.
    jobs.add({
      name: 'directory.retention',
      everyMs: DAY,
      run: () => purgeClosedAccounts({ db, files }, clock()),
    });
    jobs.start();
    const app = createApp({ db, config, files, clock, live, sessions });
    for (const site of STATIC_SITES) {
      if (!existsSync(site.root)) {
        console.warn(`Absent : ${site.root} (${site.what}) — lancez « npm run build » ou « npm start ».`);
        continue;
      }
      const prefix = site.prefix;
      if (prefix === '/cdn') app.use('/cdn/*', cdnCaching);
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
    const handler = front ? front(app) : app.fetch;
    const forward = shared && 'via' in shared ? usageForwarder(shared.via) : undefined;
    const fetch = forward
      ? (request: Request, env: unknown) => forward(request) ?? handler(request, env)
      : handler;
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    // `npm run backup` reaches the running server here (a Unix socket in the data folder), in the process that
    // holds the event store.
    const control = usage
      ? await openControlSocket({ dataDir: config.dataDir, db, events: usage.store, clock })
      : undefined;
    const inside = shared && 'owner' in shared ? await privateListener(handler, shared.port) : undefined;
    return {
      url: `http://localhost:${port}`,
      privateUrl: inside?.url,
      db,
      app,
      seeded,
      async close() {
        await control?.close();
        await inside?.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Long-lived live-update streams would hold close() forever: end them.
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        await jobs.close();
        closeMailer();
        await live.close();
        await sessions.close();
        await closeUsageService(config.dataDir);
        await db.close();
      },
    };
  } catch (err) {
    await jobs.close();
    closeMailer();
    await live.close();
    await sessions.close();
    await closeUsageService(config.dataDir);
    await db.close();
    throw err;
  }
}

const MINUTE = 60_000;
/** Deferred messages and notification e-mails: how often due ones are looked for. */
const MESSAGES_EVERY_MS = 30_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

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

/** The usage routes: they need the embedded event store. */
const USAGE_ROUTES = /^\/api\/v1\/(events|analytics\/)/;

/** Sends the usage routes to the process that owns the event store; null for any other request. */
function usageForwarder(via: string): (request: Request) => Promise<Response> | null {
  return (request) => {
    const url = new URL(request.url);
    if (!USAGE_ROUTES.test(url.pathname)) return null;
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body;
    return fetch(new URL(url.pathname + url.search, via), {
      method: request.method,
      headers: request.headers,
      body,
      redirect: 'manual',
      ...(body ? { duplex: 'half' } : {}),
    } as RequestInit).then((res) => {
      // fetch has already decoded the body: it goes on as it is now.
      const headers = new Headers(res.headers);
      headers.delete('content-encoding');
      headers.delete('content-length');
      return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
    });
  };
}

/** The same handler on a loopback port of this process only (not shared with the other processes). */
async function privateListener(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  port = 0,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createAdaptorServer({ fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/**
 * For a server run as a child process (benchmarks, tests of several processes): it stops on SIGINT/SIGTERM or
 * when its parent ends its standard input, so that it never outlives the parent, even a killed one.
 */
export function stopWithParent(server: RunningServer): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  process.stdin.on('end', stop).resume();
}
