/**
 * Roll-call saves by 200 teachers at once, on PGlite and on PostgreSQL: 200 connections (autocannon), each a
 * teacher's séance already begun whose save changes one student per request (so every save writes an entry, its
 * history and the guardians' notices), while a teacher asks `GET /api/v1/me` on 4 more connections. Reported: the
 * saves' throughput and p99 in steady state (every connection already answered once), `/me`'s p99 during that load,
 * and `GET /api/v1/health` (one `SELECT 1`) alone as the same server's baseline. The real server (`startServer`)
 * runs in its own process (`bench/api-server.ts`).
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
  openConnections,
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
/** How long the server may take to take on all the teachers' connections before a round is given up. */
const RAMP_LIMIT_SECONDS = 60;
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

  /**
   * A round in steady state: the teachers' connections are opened by their first save, and the round is measured
   * from the moment every one has had its answer, for DURATION seconds. (A busy Node server takes one new
   * connection per turn of its event loop, so opening 200 at once into a server already saving takes seconds:
   * `rampMs`, reported beside.) `/me` is asked on connections opened before.
   */
  const steadyRound = async () => {
    const me = `${base}/api/v1/me`;
    const meAgent = await openConnections(me, { cookie: teacher.cookie }, ME_CONNECTIONS);
    const started = performance.now();
    const load = saves(RAMP_LIMIT_SECONDS + DURATION);
    const answered = new WeakSet<object>();
    let taken = 0;
    let allTaken!: () => void;
    const ramped = new Promise<void>((resolve) => {
      allTaken = resolve;
    });
    let window: number[] | undefined;
    load.on('response', (client, _status, _bytes, ms) => {
      if (answered.has(client)) {
        window?.push(ms);
        return;
      }
      answered.add(client);
      if (++taken === CONNECTIONS) allTaken();
    });
    if ((await Promise.race([ramped.then(() => true), load.then(() => false)])) === false) {
      throw new Error(
        `saves: only ${taken} of ${CONNECTIONS} connections answered in ${RAMP_LIMIT_SECONDS} s`,
      );
    }
    const rampMs = Math.round(performance.now() - started);
    await handledBy(base); // from here on
    window = [];
    const meTimes = await latenciesDuring(
      new Promise((resolve) => setTimeout(resolve, DURATION * 1000)),
      me,
      { cookie: teacher.cookie },
      { agent: meAgent, loops: ME_CONNECTIONS },
    );
    const measured = window;
    window = undefined;
    const server = await handledBy(base);
    load.stop();
    measure(await load, 'saves');
    meAgent.destroy();
    return {
      rampMs,
      handled: server,
      saves: {
        rps: Math.round(measured.length / DURATION),
        p50: Math.round(quantile(measured, 0.5)),
        p99: Math.round(quantile(measured, 0.99)),
      },
      me: {
        rps: Math.round(meTimes.length / DURATION),
        p50: Math.round(quantile(meTimes, 0.5)),
        p99: Math.round(quantile(meTimes, 0.99)),
      },
    };
  };

  const settle = () => drained(`${base}/api/v1/health`);
  await saves(2); // warm-up
  await settle();
  const rounds: { health: Measure; saves: Measure; me: Measure; handled: Handled; rampMs: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const alone = measure(await health(DURATION), 'health');
    await settle();
    rounds.push({ health: alone, ...(await steadyRound()) });
    await settle();
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
    /** Median over the rounds of the time all the teachers' connections took to be answered once. */
    rampMs: median(rounds.map((r) => r.rampMs)),
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
    // The default (four connections, two of them keeping plans) against half as many of each.
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
const md = `## Attendance API: roll-call saves by ${CONNECTIONS} teachers at once (loopback, server in its own process, ${ROUNDS} rounds of ${DURATION} s in steady state, medians)

Each save sends a whole class (${runs[0]?.studentsPerSave} students) and changes one student, so it writes an entry, its history and the guardians' notices; meanwhile a teacher asks \`GET /api/v1/me\` on ${ME_CONNECTIONS} connections. A round is measured once each teacher's connection has had its first answer; "connections taken" is how long that took (a busy Node server takes one new connection per turn of its event loop).

| engine | saves/s | save p50 | save p99 (aim) | /me p99 during the saves | server's own p99: save, /me | event loop delay p99, max | collector: share, longest pause | connections taken | /health alone: req/s, p99 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${runs
  .map(
    (r) =>
      `| ${r.engine}${'setting' in r ? `, ${r.setting}` : ''} (${r.teachers} teachers) | ${r.saves.rps} | ${r.saves.p50} ms | ${r.saves.p99} ms (≤ ${r.aimP99Ms} ms) | ${r.meDuringSaves.p99} ms | ${r.handledP99.saves} ms, ${r.handledP99.me} ms | ${r.loop.p99} ms, ${r.loop.max} ms | ${Math.round(r.loop.gcShare)} %, ${r.loop.gcMax} ms | ${(r.rampMs / 1000).toFixed(1)} s | ${r.health.rps}, ${r.health.p99} ms |`,
  )
  .join('\n')}

Latencies are timed by the load generator, on the same 2-core machine as the server and PostgreSQL; the server's own
p99 runs from the request parsed to the response ready (\`bench/api-server.ts\`), without the sockets' waits.
`;
const loadLine = `\nLoad average (1 / 5 / 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end.\n`;
writeFileSync(join(RESULTS, 'attendance-api.md'), `${md}${loadLine}`);
console.log(md);
