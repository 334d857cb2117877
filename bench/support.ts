/**
 * What the benchmarks share: the statistic they report, the system Chromium with a page bundled for the run, and
 * the HTTP load generator. Each benchmark keeps its own baseline, measured in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from '../scripts/chromium.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS = join(ROOT, 'bench', 'results');

/** The middle value (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The system Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Bundles `entry` (a bench page script, minified as in production) and opens it in an empty French page of the
 * system Chromium. `close()` ends the browser and removes the bundle.
 */
export async function openBenchPage(
  entry: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'preau-bench-'));
  const outfile = join(dir, 'page.js');
  await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    conditions: ['production'],
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    outfile,
    logLevel: 'warning',
  });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  await page.setContent('<!doctype html><html lang="fr"><body></body></html>');
  await page.addScriptTag({ path: outfile });
  return {
    page,
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The parts of autocannon's interface the benchmarks use. */
export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
}
export interface CannonClient {
  setRequests(requests: CannonRequest[]): void;
}
export interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
/** A run under way: its result when it ends, each answer as it comes, and a way to end it early. */
export type CannonRun = Promise<CannonResult> & {
  on(event: 'response', fn: (client: object, status: number, bytes: number, ms: number) => void): void;
  stop(): void;
};
export type Cannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  headers?: Record<string, string>;
  setupClient?: (client: CannonClient) => void;
}) => CannonRun;
/** The machine's cores, read before `ownCore` narrows this process to some of them. */
const MACHINE_CORES = availableParallelism();

export const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

/** A benchmark's API server in a child process (`bench/api-server.ts`), once it says READY. */
export interface BenchServer<T> {
  ready: T & { base: string; origin: string; engine: 'pglite' | 'postgres' };
  stop(): Promise<void>;
}

/** A port free on loopback now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * `ownCore`: on a machine of two cores or more, the server (all its threads) runs on the last core and this
 * process (the load generator) on the others, so that the scheduler never puts both on one core for a round:
 * without it, figures of the same code varied by a quarter from one run to the next on the 2-core machine.
 */
export async function startBenchServer<T>(
  env: Record<string, string>,
  { ownCore = false } = {},
): Promise<BenchServer<T>> {
  const port = await freePort();
  // BENCH_PROFILE=<dir>: the server writes CPU profiles of its threads there (to see where a bench's time goes).
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', join(ROOT, 'bench', 'api-server.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PREAU_PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        ...env,
      },
      // The server ends when its stdin does: it does not outlive this process.
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  if (ownCore) pinApart(child.pid);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ready = await new Promise<BenchServer<T>['ready']>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const line = /^READY (.*)\n/m.exec(out);
      if (line) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(JSON.parse(line[1]!));
      }
    };
    child.stdout.on('data', onData);
    void exited.then((code) => reject(new Error(`bench server exited (${code}) before READY:\n${out}`)));
  });
  return {
    ready,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Server `pid` on the last core, this process on the others (`taskset`, util-linux); nothing where it is missing. */
function pinApart(pid: number | undefined): void {
  const cores = MACHINE_CORES;
  if (cores < 2 || pid === undefined) return;
  const last = String(cores - 1);
  const server = spawnSync('taskset', ['-a', '-pc', last, String(pid)]);
  if (server.status !== 0) return;
  spawnSync('taskset', ['-a', '-pc', `0-${cores - 2}`, String(process.pid)]);
}

/**
 * Latency of one request (ms), the status checked: on a connection of its own, or of `agent` (kept alive, as a
 * browser keeps its connection to a site).
 */
export async function timed(
  url: string,
  headers: Record<string, string>,
  expected = 200,
  agent: Agent | false = false,
): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
    const req = httpRequest(url, { headers, agent }, (r) => {
      let bytes = 0;
      r.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      r.on('end', () => resolve({ status: r.statusCode ?? 0, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
  if (res.status !== expected) throw new Error(`${url}: ${res.status}, expected ${expected}`);
  return { ms: performance.now() - started, bytes: res.bytes };
}

/** The p-quantile (0–1) of a list, nearest rank. */
export function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

/**
 * Latencies (ms) of `url` asked again and again on `loops` connections of `agent` (see `openConnections`, left
 * open) until `during` settles; requests still in flight then are waited for and counted (a request stuck behind
 * the load must show).
 */
export async function latenciesDuring(
  during: Promise<unknown>,
  url: string,
  headers: Record<string, string>,
  { agent, loops = 1, pauseMs = 0 }: { agent: Agent; loops?: number; pauseMs?: number },
): Promise<number[]> {
  let done = false;
  const settled = Promise.resolve(during).finally(() => {
    done = true;
  });
  const seen: number[] = [];
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (!done) {
        seen.push((await timed(url, headers, 200, agent)).ms);
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
    }),
  );
  await settled;
  return seen;
}

/**
 * `count` kept-alive connections to `url`'s server, each opened by one request (the status checked), as browsers
 * keep theirs, for requests timed later to wait on the server only: a new connection per request would time the
 * machine's TCP handshakes too, and a busy Node server takes one new connection per turn of its event loop
 * (libuv), so a request on a connection not yet taken waits for that as well.
 */
export async function openConnections(url: string, headers: Record<string, string>, count: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: count });
  await Promise.all(Array.from({ length: count }, () => timed(url, headers, 200, agent)));
  return agent;
}

/** Waits until the server answers `url` within `ms` (the backlog of a load phase is drained). */
export async function drained(url: string, headers: Record<string, string> = {}, ms = 200): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await timed(url, headers)).ms < ms) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The machine's load average (1, 5 and 15 min) and its cores: what a timing measured on a shared machine means. */
export function loadAverage(): string {
  return `${loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ')} on ${MACHINE_CORES} cores`;
}
