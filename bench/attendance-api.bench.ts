/**
 * Roll-call saves by 200 teachers at once, on PGlite and on PostgreSQL: 200 connections (autocannon), each a
 * teacher's séance already begun whose save changes one student per request (so every save writes an entry, its
 * history and the guardians' notices), while a teacher asks `GET /api/v1/me` on 4 more connections. Reported: the
 * saves' throughput and p99, `/me`'s p99 during that load, and `GET /api/v1/health` (one `SELECT 1`) alone as the
 * same server's baseline. The real server (`startServer`) runs in its own process (`bench/api-server.ts`).
 * Writes bench/results/attendance-api.json and .md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../scripts/postgres-server.mjs';
import {
  autocannon,
  type CannonResult,
  drained,
  latenciesDuring,
  loadAverage,
  median,
  quantile,
  RESULTS,
  startBenchServer,
} from './support.js';

/** The machine's load when the run starts and ends (a shared 2-core machine). */
const loadAtStart = loadAverage();

const CONNECTIONS = 200;
/** `/me` is asked in turn on this many connections during the saves (each waits for its answer). */
const ME_CONNECTIONS = 4;
const DURATION = Number(process.env.ATTENDANCE_BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.ATTENDANCE_BENCH_ROUNDS ?? 3);
/** The server's clock: a Thursday afternoon, when the day's séances have begun. */
const CLOCK = '2026-11-19T17:00:00+01:00';
/** p99 aims of the saves. */
const AIMS = { pglite: 1500, postgres: 500 } as const;

interface Session {
  cookie: string;
  csrf: string;
  csrfHeader: string;
}
interface Ready {
  teacher: Session;
  teachers: number;
  seances: { id: string; students: string[]; session: Session }[];
}

/** The class present but for one student, a different one at each save. */
const batchBody = (students: string[], turn: number) =>
  JSON.stringify({
    marks: students.map((id, i) => ({
      studentId: id,
      status: i === turn % students.length ? (turn % 2 ? 'retard' : 'absent') : 'present',
      ...(i === turn % students.length && turn % 2 ? { lateMinutes: 5 } : {}),
    })),
    close: true,
  });

type Measure = { rps: number; p50: number; p99: number };
type Handled = Record<'saves' | 'me', { n: number; p50: number; p99: number }> & {
  /** The server's event loop delay (ms) and its collector's pauses (total and longest, ms). */
  loop: { p99: number; max: number };
  gc: { ms: number; max: number };
};
/** The server's own time over the saves and `/me` since the last call (see `bench/api-server.ts`). */
const handledBy = async (base: string): Promise<Handled> =>
  (await fetch(`${base}/bench/handled`)).json() as Promise<Handled>;
const measure = (r: CannonResult, what: string): Measure => {
  if (r.non2xx || r.errors) throw new Error(`${what}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 };
};

async function run(engine: 'pglite' | 'postgres', env: Record<string, string>) {
  const server = await startBenchServer<Ready>({ ...env, PREAU_CLOCK: CLOCK, BENCH_PREP: 'rollcall' });
  const { base, origin, seances, teacher } = server.ready;
  const saves = (duration: number) => {
    let next = 0;
    return autocannon({
      url: base,
      connections: CONNECTIONS,
      duration,
      timeout: 60,
      setupClient: (client) => {
        const s = seances[next++ % seances.length]!;
        let turn = 1;
        client.setRequests([
          {
            method: 'PUT',
            path: `/api/v1/attendance/seances/${s.id}/roll-call`,
            headers: {
              cookie: s.session.cookie,
              [s.session.csrfHeader]: s.session.csrf,
              origin,
              'content-type': 'application/json',
            },
            setupRequest: (req) => ({ ...req, body: batchBody(s.students, turn++) }),
          },
        ]);
      },
    });
  };
  const health = (duration: number) =>
    autocannon({ url: `${base}/api/v1/health`, connections: CONNECTIONS, duration, timeout: 60 });

  const settle = () => drained(`${base}/api/v1/health`);
  await saves(2); // warm-up
  await settle();
  const rounds: { health: Measure; saves: Measure; me: Measure; handled: Handled }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const h = measure(await health(DURATION), 'health');
    await settle();
    await handledBy(base); // from here on
    const load = saves(DURATION);
    const me = await latenciesDuring(
      load,
      `${base}/api/v1/me`,
      { cookie: teacher.cookie },
      {
        loops: ME_CONNECTIONS,
      },
    );
    const s = measure(await load, 'saves');
    const server = await handledBy(base);
    await settle();
    rounds.push({
      handled: server,
      health: h,
      saves: s,
      me: { rps: Math.round(me.length / DURATION), p50: quantile(me, 0.5), p99: quantile(me, 0.99) },
    });
  }
  await server.stop();
  const pick = (key: 'health' | 'saves' | 'me'): Measure => ({
    rps: median(rounds.map((r) => r[key].rps)),
    p50: median(rounds.map((r) => r[key].p50)),
    p99: Math.round(median(rounds.map((r) => r[key].p99))),
  });
  return {
    engine,
    teachers: server.ready.teachers,
    studentsPerSave: median(seances.map((s) => s.students.length)),
    health: pick('health'),
    saves: pick('saves'),
    meDuringSaves: pick('me'),
    /** Medians over the rounds of the server's own p99 (request parsed → response ready). */
    handledP99: {
      saves: median(rounds.map((r) => r.handled.saves.p99)),
      me: median(rounds.map((r) => r.handled.me.p99)),
    },
    /** Medians over the rounds of the event loop's delay and of the collector's pauses. */
    loop: {
      p99: median(rounds.map((r) => r.handled.loop.p99)),
      max: median(rounds.map((r) => r.handled.loop.max)),
      gcShare: median(rounds.map((r) => r.handled.gc.ms / (DURATION * 10))),
      gcMax: median(rounds.map((r) => r.handled.gc.max)),
    },
    aimP99Ms: AIMS[engine],
    perRound: rounds,
  };
}

const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const runs = [];
const pgliteDir = mkdtempSync(join(tmpdir(), 'preau-bench-attendance-'));
try {
  if (ENGINES.includes('pglite')) runs.push(await run('pglite', { PREAU_DATA_DIR: pgliteDir }));
} finally {
  rmSync(pgliteDir, { recursive: true, force: true });
}
const pg = ENGINES.includes('postgres') ? await startPostgres() : { skipped: 'not asked for' };
if ('url' in pg) {
  const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-attendance-pg-'));
  try {
    runs.push(await run('postgres', { PREAU_DATA_DIR: dataDir, DATABASE_URL: pg.url }));
    // The default (four connections per pool) against half as many: fewer backends at once share out the cores.
    runs.push({
      ...(await run('postgres', {
        PREAU_DATA_DIR: dataDir,
        DATABASE_URL: pg.url,
        PREAU_DB_CONNECTIONS: '2',
      })),
      setting: 'PREAU_DB_CONNECTIONS=2',
    });
  } finally {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
} else {
  console.log(`PostgreSQL skipped: ${pg.skipped}`);
}

const out = {
  benchmark: 'attendance-api',
  date: new Date().toISOString(),
  connections: CONNECTIONS,
  meConnections: ME_CONNECTIONS,
  durationSeconds: DURATION,
  rounds: ROUNDS,
  runs,
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'attendance-api.json'), `${JSON.stringify(out, null, 2)}\n`);
const md = `## Attendance API: roll-call saves by ${CONNECTIONS} teachers at once (loopback, server in its own process, ${ROUNDS} rounds of ${DURATION} s, medians)

Each save sends a whole class (${runs[0]?.studentsPerSave} students) and changes one student, so it writes an entry, its history and the guardians' notices; meanwhile a teacher asks \`GET /api/v1/me\` on ${ME_CONNECTIONS} connections.

| engine | saves/s | save p50 | save p99 (aim) | /me p99 during the saves | server's own p99: save, /me | event loop delay p99, max | collector: share, longest pause | /health alone: req/s, p99 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${runs
  .map(
    (r) =>
      `| ${r.engine}${'setting' in r ? `, ${r.setting}` : ''} (${r.teachers} teachers) | ${r.saves.rps} | ${r.saves.p50} ms | ${r.saves.p99} ms (≤ ${r.aimP99Ms} ms) | ${r.meDuringSaves.p99} ms | ${r.handledP99.saves} ms, ${r.handledP99.me} ms | ${r.loop.p99} ms, ${r.loop.max} ms | ${Math.round(r.loop.gcShare)} %, ${r.loop.gcMax} ms | ${r.health.rps}, ${r.health.p99} ms |`,
  )
  .join('\n')}

Latencies are timed by the load generator, on the same 2-core machine as the server and PostgreSQL; the server's own
p99 runs from the request parsed to the response ready (\`bench/api-server.ts\`), without the sockets' waits.
`;
const loadLine = `\nLoad average (1 / 5 / 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end.\n`;
writeFileSync(join(RESULTS, 'attendance-api.md'), `${md}${loadLine}`);
console.log(md);
