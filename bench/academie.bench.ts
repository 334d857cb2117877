/**
 * The vie scolaire's heavy reads on the académie data, on PGlite and on PostgreSQL: the CPE's week grid of the
 * whole collège (`GET /api/v1/attendance/week`) and the établissement's tallies since the school year began (JSON
 * and CSV), each requested while a teacher asks `GET /api/v1/me` every 20 ms on the same server. Reported: each
 * request's time (median of the runs) and the slowest `/me` seen meanwhile. Aims: week grid ≤ 1 s, tallies ≤ 2 s,
 * `/me` ≤ 250 ms. The real server (`startServer`) runs in its own process (`bench/api-server.ts`).
 * Writes bench/results/academie.json and .md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACADEMIE_TODAY, academiePglite, academiePostgres } from './academie-data.js';
import { loadAverage, median, quantile, RESULTS, startBenchServer, timed } from './support.js';

/** The machine's load when the run starts and ends (a shared 2-core machine). */
const loadAtStart = loadAverage();

const RUNS = Number(process.env.ACADEMIE_BENCH_RUNS ?? 5);
const ME_EVERY_MS = 20;
const AIMS = { week: 1000, tallies: 2000, me: 250 };

function signIn(base: string, origin: string, login: string): Promise<{ cookie: string; uai: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/api/v1/auth/login`,
      { method: 'POST', agent: false, headers: { origin, 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`${login}: ${res.statusCode} ${body}`));
          const cookie = String(res.headers['set-cookie']?.[0]).split(';')[0]!;
          resolve({ cookie, uai: (JSON.parse(body) as { user: { uai: string } }).user.uai });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ login, password: 'preau-demo' }));
  });
}

async function run(engine: 'pglite' | 'postgres', env: Record<string, string>) {
  const server = await startBenchServer<Record<string, never>>({
    ...env,
    PREAU_CLOCK: `${ACADEMIE_TODAY}T10:00:00+01:00`,
    BENCH_PREP: 'none',
  });
  const { base, origin } = server.ready;
  const cpe = await signIn(base, origin, 'cpe.demo');
  const teacher = await signIn(base, origin, 'prof.demo');
  const range = `from=2026-09-01&to=${ACADEMIE_TODAY}`;
  const reads = [
    { name: 'week grid (whole collège)', path: '/api/v1/attendance/week?week=2026-12-01', aim: AIMS.week },
    {
      name: 'tallies (établissement, JSON)',
      path: `/api/v1/attendance/tallies?scope=etablissement&id=${cpe.uai}&${range}`,
      aim: AIMS.tallies,
    },
    {
      name: 'tallies (établissement, CSV)',
      path: `/api/v1/attendance/tallies?scope=etablissement&id=${cpe.uai}&${range}&format=csv`,
      aim: AIMS.tallies,
    },
  ];
  const rows = [];
  for (const read of reads) {
    const times: number[] = [];
    const me: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      let done = false;
      const seen: number[] = [];
      const meLoop = (async () => {
        while (!done) {
          seen.push((await timed(`${base}/api/v1/me`, { cookie: teacher.cookie })).ms);
          await new Promise((r) => setTimeout(r, ME_EVERY_MS));
        }
      })();
      const r = await timed(`${base}${read.path}`, { cookie: cpe.cookie });
      done = true;
      await meLoop;
      if (i === 0) continue; // the first run warms the caches
      times.push(r.ms);
      me.push(...seen);
      bytes = r.bytes;
    }
    rows.push({
      name: read.name,
      medianMs: Math.round(median(times)),
      maxMs: Math.round(Math.max(...times)),
      aimMs: read.aim,
      bytes,
      meMaxMs: Math.round(Math.max(...me)),
      meP99Ms: Math.round(quantile(me, 0.99)),
      meCount: me.length,
    });
  }
  await server.stop();
  return { engine, rows };
}

const runs = [];
const pgliteDir = mkdtempSync(join(tmpdir(), 'preau-bench-academie-'));
try {
  await academiePglite(pgliteDir);
  runs.push(await run('pglite', { PREAU_DATA_DIR: pgliteDir }));
} finally {
  rmSync(pgliteDir, { recursive: true, force: true });
}
const pgDir = mkdtempSync(join(tmpdir(), 'preau-bench-academie-pg-'));
try {
  const pg = await academiePostgres(pgDir);
  if ('url' in pg) {
    try {
      runs.push(await run('postgres', { PREAU_DATA_DIR: pgDir, DATABASE_URL: pg.url }));
    } finally {
      await pg.stop();
    }
  } else {
    console.log(`PostgreSQL skipped: ${pg.skipped}`);
  }
} finally {
  rmSync(pgDir, { recursive: true, force: true });
}

const out = { benchmark: 'academie', date: new Date().toISOString(), runs: RUNS, engines: runs };
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'academie.json'), `${JSON.stringify(out, null, 2)}\n`);
const md = `## The vie scolaire's heavy reads on the académie data (${RUNS} runs each, server in its own process)

While each is requested, a teacher asks \`GET /api/v1/me\` every ${ME_EVERY_MS} ms on the same server. Aims: week grid ≤ ${AIMS.week} ms, tallies ≤ ${AIMS.tallies} ms, \`/me\` ≤ ${AIMS.me} ms.

| engine | request | median | slowest | aim | /me slowest meanwhile | /me p99 |
|---|---|---:|---:|---:|---:|---:|
${runs
  .flatMap((e) =>
    e.rows.map(
      (r) =>
        `| ${e.engine} | ${r.name} | ${r.medianMs} ms | ${r.maxMs} ms | ≤ ${r.aimMs} ms | ${r.meMaxMs} ms | ${r.meP99Ms} ms |`,
    ),
  )
  .join('\n')}
`;
const loadLine = `\nLoad average (1 / 5 / 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end.\n`;
writeFileSync(join(RESULTS, 'academie.md'), `${md}${loadLine}`);
console.log(md);
