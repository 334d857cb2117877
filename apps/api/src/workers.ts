/**
 * `npm start -- --workers N`: N server processes sharing one port (node:cluster; the primary only hands out
 * connections and restarts a process that died). What they share lives in PostgreSQL: sessions, sign-in
 * counters, live notices (LISTEN/NOTIFY), periodic jobs (run once, under an advisory lock). The embedded event
 * store (DuckDB, chDB) opens in one process only: the first, which also listens on a private loopback port where
 * the others send the usage routes (`/api/v1/events`, `/api/v1/analytics/…`). A ClickHouse server is opened by all.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:net';
import type { Config } from './config.js';
import { usageSettingsFromEnv } from './events/service.js';
import type { StartOptions } from './server.js';

export const MAX_WORKERS = 64;

/** The N of `--workers N` or `--workers=N` (1 when absent); throws a French message when N is not 1…64. */
export function workersOption(argv: readonly string[]): number {
  const i = argv.findIndex((a) => a === '--workers' || a.startsWith('--workers='));
  if (i < 0) return 1;
  const raw = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const n = Number(raw);
  if (!raw || !Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new Error(`--workers attend un nombre entier de 1 à ${MAX_WORKERS} (reçu : « ${raw ?? ''} »).`);
  }
  return n;
}

/** Why these settings cannot run several processes, or null when they can. */
export function workersRefusal(config: Config): string | null {
  if (config.databaseUrl) return null;
  return (
    'Plusieurs processus demandent une base PostgreSQL (DATABASE_URL) : la base embarquée (PGlite) ' +
    "n'appartient qu'à un processus."
  );
}

/** In a process started by `runPrimary`: its part of the event store (see `StartOptions.usage`). */
export function workerUsage(env: NodeJS.ProcessEnv = process.env): StartOptions['usage'] {
  if (env.PREAU_USAGE_VIA) return { via: env.PREAU_USAGE_VIA };
  if (env.PREAU_USAGE_PORT) return { owner: true, port: Number(env.PREAU_USAGE_PORT) };
  return undefined;
}

/** In a process started by `runPrimary`: tells the primary it listens. */
export function reportReady(url: string): void {
  if (cluster.isWorker) process.send?.({ ready: url });
}

/** A loopback port free now (the owner of the event store listens there, the same one after a restart). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Restarts allowed within a minute before the primary gives up (a process that dies again and again). */
const RESTARTS_PER_MINUTE = 5;

/**
 * The primary: starts the first process (it applies the migrations, loads the demo data into an empty database
 * and owns an embedded event store), then the others; restarts a process that dies once all listen; stops them
 * all on SIGINT/SIGTERM. Resolves with the URL once every process listens.
 */
export async function runPrimary(count: number, log = console): Promise<{ url: string }> {
  const embedded = usageSettingsFromEnv().engine !== 'clickhouse';
  const usagePort = embedded ? await freePort() : undefined;
  const envOf = (index: number): NodeJS.ProcessEnv => ({
    PREAU_WORKER: String(index),
    ...(usagePort === undefined
      ? {}
      : index === 1
        ? { PREAU_USAGE_PORT: String(usagePort) }
        : { PREAU_USAGE_VIA: `http://127.0.0.1:${usagePort}` }),
  });
  const restarts: number[] = [];
  let running = false;
  let stopping = false;
  const stopAll = (code: number) => {
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    let left = alive.length;
    if (left === 0) process.exit(code);
    for (const w of alive) {
      w.once('exit', () => {
        if (--left === 0) process.exit(code);
      });
      w.process.kill('SIGTERM');
    }
  };
  const start = (index: number) =>
    new Promise<string>((resolve, reject) => {
      const worker = cluster.fork(envOf(index));
      worker.on('message', (m: { ready?: string }) => {
        if (m?.ready) resolve(m.ready);
      });
      worker.once('exit', (code, signal) => {
        const why = signal ?? code;
        reject(new Error(`le processus ${index} s'est arrêté au démarrage (${why})`));
        if (stopping || !running) return; // at start, the primary gives up (see below)
        const now = performance.now();
        restarts.push(now);
        while (restarts.length && now - restarts[0]! > 60_000) restarts.shift();
        if (restarts.length > RESTARTS_PER_MINUTE) {
          log.error('Trop de processus arrêtés en une minute : arrêt de Préau.');
          stopAll(1);
          return;
        }
        log.error(`Le processus ${index} s'est arrêté (${why}) : il redémarre.`);
        start(index).catch((err: Error) => log.error(err.message));
      });
    });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll(0));
  try {
    const url = await start(1);
    await Promise.all(Array.from({ length: count - 1 }, (_, k) => start(k + 2)));
    running = true;
    return { url };
  } catch (err) {
    stopAll(1);
    throw err;
  }
}
