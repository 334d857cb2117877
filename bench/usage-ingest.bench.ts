/**
 * Usage event ingestion: events per second over HTTP (`POST /api/v1/events`, batches of 1,000, a forwarding
 * server's platform token, 4 concurrent clients, a separate server process) as a ratio to the raw DuckDB
 * appender of the event store in the same run (same events, same 1,000-event commits; rounds alternate the two
 * so that a shared machine's load weighs on both alike), and the server's peak memory. `PREAU_BENCH_EVENTS` sets the count (default 1,000,000; the figure is 10,000,000).
 * Writes bench/results/usage-ingest.json and .md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toStoredEvent } from '../apps/api/src/events/ingest.js';
import { DuckDbEventStore, type StoredEvent } from '../apps/api/src/events/store.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'bench', 'results');
const N = Number(process.env.PREAU_BENCH_EVENTS ?? 1_000_000);
const BATCH = 1000;
const CLIENTS = 4;
const PORT = 8842;
const TOKEN = 'bench-forwarder-token-000000000001';
const UAIS = ['0511085C', '0511327R', '0511191T', '0080016Z'];
const SERVICES = ['notes', 'cahier_textes', 'absences', 'accueil', 'courrier_electronique'];
const PROFILES = ['ELEVE', 'PARENT', 'ENSEIGNANT'] as const;
const UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';

/** 64 distinct batch bodies, reused round-robin (building JSON must not weigh on the measure). */
function batchEvents(b: number) {
  return Array.from({ length: BATCH }, (_, i) => ({
    time: new Date(Date.UTC(2026, 2, 2 + (b % 20), 7 + (i % 14), i % 60)).toISOString(),
    service: SERVICES[i % SERVICES.length]!,
    action: 'view',
    visitId: `visit-${b}-${Math.floor(i / 4)}`,
    uai: UAIS[(b + i) % UAIS.length]!,
    profile: PROFILES[i % PROFILES.length]!,
    visitor: `ext-${(b * 31 + i) % 5000}`,
    userAgent: UA,
  }));
}
const POOL = Array.from({ length: 64 }, (_, b) => batchEvents(b));
const bodies = POOL.map((events) => JSON.stringify(events));

// Baseline: the store's appender, same events already validated and pseudonymized, one commit per 1,000.
const rawDir = mkdtempSync(join(tmpdir(), 'preau-bench-raw-'));
const stored: StoredEvent[][] = POOL.map((events) =>
  events.map((e) =>
    toStoredEvent(e, {
      uai: e.uai,
      profile: e.profile,
      visitor: createHash('sha256').update(e.visitor).digest('hex'),
      classe: null,
      families: { device: 'smartphone', os: 'Android', browser: 'Chrome' },
    }),
  ),
);
const store = await DuckDbEventStore.open(rawDir);

// HTTP: a separate server process.
const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-http-'));
const child: ChildProcess = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'bench', 'usage-server.ts')],
  {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      PREAU_DATA_DIR: dataDir,
      DATABASE_URL: '',
      PREAU_EVENT_TOKENS: `bench=${createHash('sha256').update(TOKEN).digest('hex')}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    const m = /ready (\S+)/.exec(out);
    if (m) resolve(m[1]!);
  });
  child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
});
process.on('exit', () => child.kill('SIGKILL'));
const peakRss = () => {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
};
const rssBefore = peakRss();
let accepted = 0;
let retries = 0;
let socketRetries = 0;
async function httpRound(batches: number, offset: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < batches) {
        const b = offset + next++;
        for (;;) {
          let res: Response;
          try {
            res = await fetch(`${url}/api/v1/events`, {
              method: 'POST',
              headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
              body: bodies[b % bodies.length],
            });
          } catch (error) {
            // A kept-alive connection the server closed while idle (during a baseline round): send again.
            if (++socketRetries > 100) throw error;
            continue;
          }
          if (res.status === 429) {
            retries++;
            await res.arrayBuffer();
            await new Promise((r) => setTimeout(r, 200));
            continue;
          }
          if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
          accepted += ((await res.json()) as { accepted: number }).accepted;
          break;
        }
      }
    }),
  );
}

// Rounds alternate baseline and HTTP, so that the load of a shared machine weighs on both alike.
const ROUNDS = 10;
const perRound = Math.ceil(N / BATCH / ROUNDS);
let rawMs = 0;
let httpMs = 0;
for (let r = 0; r < ROUNDS; r++) {
  let t = performance.now();
  for (let b = 0; b < perRound; b++) await store.append(stored[(r * perRound + b) % stored.length]!);
  rawMs += performance.now() - t;
  t = performance.now();
  await httpRound(perRound, r * perRound);
  httpMs += performance.now() - t;
}
const rawCount = await store.count();
await store.close();
rmSync(rawDir, { recursive: true, force: true });
const rssPeak = peakRss();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
const check = await DuckDbEventStore.open(dataDir);
const httpCount = await check.count();
await check.close();
rmSync(dataDir, { recursive: true, force: true });

const rawRate = (rawCount / rawMs) * 1000;
const httpRate = (httpCount / httpMs) * 1000;
const result = {
  events: N,
  batch: BATCH,
  clients: CLIENTS,
  raw: { ms: Math.round(rawMs), eventsPerSecond: Math.round(rawRate), stored: rawCount },
  http: {
    ms: Math.round(httpMs),
    eventsPerSecond: Math.round(httpRate),
    accepted,
    stored: httpCount,
    retriesAfter429: retries,
    resentAfterClosedConnection: socketRetries,
  },
  ratio: Number((httpRate / rawRate).toFixed(3)),
  serverPeakRssMiB: Math.round(rssPeak / 2 ** 20),
  serverRssAtStartMiB: Math.round(rssBefore / 2 ** 20),
  cores: (await import('node:os')).availableParallelism(),
  loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))),
};
console.log(result);
writeFileSync(join(results, 'usage-ingest.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(
  join(results, 'usage-ingest.md'),
  `## Usage event ingestion (${N.toLocaleString('en')} events, batches of ${BATCH}, ${CLIENTS} clients)

| measure | value | baseline | ratio | aim |
|---|---|---|---|---|
| HTTP POST /api/v1/events, events/s (durable before reply) | ${result.http.eventsPerSecond.toLocaleString('en')} | raw appender ${result.raw.eventsPerSecond.toLocaleString('en')} | ${result.ratio}× | ≥ 0.5× |
| events stored (HTTP / raw) | ${httpCount.toLocaleString('en')} / ${rawCount.toLocaleString('en')} | | | all |
| server peak RSS | ${result.serverPeakRssMiB} MiB | ${result.serverRssAtStartMiB} MiB at start | | bounded |
| 429 retries | ${retries} | | | |

Machine: ${result.cores} cores, load average ${result.loadAverage.join(' / ')} at the end (shared machine).
`,
);
