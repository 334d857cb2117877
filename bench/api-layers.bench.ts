/**
 * What the server's own layers cost: requests per second of `GET /api/v1/health` and `GET /api/v1/me` (a
 * teacher), and of stacks adding the platform's layers one at a time (security headers, CORS, Origin check,
 * session loading) on a route that does nothing, each as a ratio to a bare Hono route of the same server in the
 * same run. The server runs in its own process (`bench/api-server.ts`, the real `startServer` on PGlite in a
 * data folder, demo collège people) on a core of its own, autocannon in this one. Writes
 * bench/results/api-layers.json and .md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autocannon, loadAverage, median, RESULTS, startBenchServer } from './support.js';

/** The machine's load when the run starts and ends (a shared 2-core machine). */
const loadAtStart = loadAverage();

const CONNECTIONS = Number(process.env.LAYERS_BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.LAYERS_BENCH_SECONDS ?? 5);
// Five: on the shared 2-core machine a 5 s window's ratio moves by ±0.04 from one round to the next.
const ROUNDS = Number(process.env.LAYERS_BENCH_ROUNDS ?? 5);

interface Ready {
  teacher: { cookie: string };
  stacks: string[];
}
const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-layers-'));
const server = await startBenchServer<Ready>(
  { PREAU_DATA_DIR: dataDir, PREAU_CLOCK: '2026-11-19T09:30:00+01:00', BENCH_PREP: 'layers' },
  { ownCore: true },
);
const { base, teacher, stacks } = server.ready;

interface Target {
  name: string;
  path: string;
  headers?: Record<string, string>;
}
const targets: Target[] = [
  { name: 'bare Hono route (baseline)', path: '/bare' },
  { name: 'GET /api/v1/health', path: '/api/v1/health' },
  { name: 'GET /api/v1/me (teacher)', path: '/api/v1/me', headers: { cookie: teacher.cookie } },
  ...stacks.slice(1).map((name, i) => ({
    name: `stack ${name}`,
    path: '/api/v1/ping',
    headers: { 'x-bench-stack': String(i + 1), cookie: teacher.cookie },
  })),
];

async function rate(t: Target, duration: number): Promise<{ rps: number; p99: number }> {
  const r = await autocannon({
    url: `${base}${t.path}`,
    connections: CONNECTIONS,
    duration,
    timeout: 30,
    headers: t.headers,
  });
  if (r.non2xx || r.errors) throw new Error(`${t.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

for (const t of targets) await rate(t, 1); // warm-up
const rounds: { rps: number; p99: number }[][] = [];
for (let i = 0; i < ROUNDS; i++) {
  const round = [];
  for (const t of targets) round.push(await rate(t, DURATION));
  rounds.push(round);
}
await server.stop();
rmSync(dataDir, { recursive: true, force: true });

const rows = targets.map((t, k) => ({
  name: t.name,
  rps: Math.round(median(rounds.map((r) => r[k]!.rps))),
  p99: median(rounds.map((r) => r[k]!.p99)),
  ratio: Math.round(median(rounds.map((r) => r[k]!.rps / r[0]!.rps)) * 1000) / 1000,
}));
const out = {
  benchmark: 'api-layers',
  date: new Date().toISOString(),
  engine: server.ready.engine,
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  rounds: ROUNDS,
  rows,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'api-layers.json'), `${JSON.stringify(out, null, 2)}\n`);
const md = `## The server's layers against a bare Hono route (same server, ${out.engine}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s, medians)

Aims: \`/health\` ≥ 0.5×, \`/me\` ≥ 0.25× of the bare route's throughput.

| route | ratio to bare | requests/s | p99 |
|---|---:|---:|---:|
${rows.map((r) => `| ${r.name} | ${r.ratio}× | ${r.rps} | ${r.p99} ms |`).join('\n')}
`;
const loadLine = `\nLoad average (1 / 5 / 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end.\n`;
writeFileSync(join(RESULTS, 'api-layers.md'), `${md}${loadLine}`);
console.log(md);
