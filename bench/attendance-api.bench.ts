/**
 * The attendance API under load, on loopback (@hono/node-server, PGlite in memory, demo collège at `school` scale):
 * - roll-call saves by 200 concurrent connections (autocannon), each a teacher's séance whose save changes one
 *   student per request (so every save writes: entry, history, notices to the guardians) — throughput and p99 as
 *   ratios to a bare route of the same server in the same run (`GET /api/v1/health`, one `SELECT 1`);
 * - the time from a roll-call save to a parent's open SSE stream receiving the notice (median over runs).
 * Writes bench/results/attendance-api.json and .md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from '../apps/api/src/app.js';
import { createSession, SESSION_COOKIE } from '../apps/api/src/auth/sessions.js';
import type { Config } from '../apps/api/src/config.js';
import { migrate, openPglite } from '../apps/api/src/db/index.js';
import { LocalDiskStore } from '../apps/api/src/files/store.js';
import { CSRF_HEADER } from '../apps/api/src/http/csrf.js';
import { seedDemo } from '../apps/api/src/seed/index.js';
import { autocannon, median } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'bench', 'results');
const PORT = Number(process.env.ATTENDANCE_BENCH_PORT ?? 8862);
const CONNECTIONS = 200;
const DURATION = Number(process.env.ATTENDANCE_BENCH_SECONDS ?? 10);
const ROUNDS = 3;
const LATENCY_RUNS = 31;
const TODAY = '2026-11-19';

const db = await openPglite();
await migrate(db);
// People, classes and the timetable; no attendance yet (the benchmark writes it).
await seedDemo(db, { scale: 'school', today: TODAY, hashSecret: async (s) => `bench$${s}`, modules: [] });
// Every teacher signs in as if they had chosen their password (demo accounts hold an issued access code).
await db.query('UPDATE users SET must_change_password = false');

// 200 séances from today on, each with its teacher and class list.
const seances = await db.query<{ id: string; teacherId: string; students: string[] }>(
  `SELECT s.id, s.teacher_id AS "teacherId",
          ARRAY(SELECT e.student_id FROM enrolments e WHERE e.class_id = s.class_id ORDER BY e.student_id) AS students
     FROM seances s WHERE s.starts_at >= $1 ORDER BY s.starts_at, s.id LIMIT $2`,
  [`${TODAY}T00:00:00+01:00`, CONNECTIONS],
);
if (seances.length < CONNECTIONS) throw new Error(`only ${seances.length} séances from ${TODAY}`);

const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-attendance-'));
const origin = `http://127.0.0.1:${PORT}`;
const config: Config = {
  port: PORT,
  host: '127.0.0.1',
  dataDir,
  allowedOrigins: [],
  publicOrigin: origin,
  sessionTtlSeconds: 8 * 3600,
  maxUploadBytes: 1024 * 1024,
  secureCookies: false,
};
const app = createApp({ db, config, files: new LocalDiskStore(join(dataDir, 'files')) });
const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
  const s = serve({ fetch: app.fetch, port: PORT, hostname: '127.0.0.1' }, () => resolve(s));
  s.once('error', reject);
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// One session per teacher (several séances may share a teacher).
const sessions = new Map<string, { cookie: string; csrf: string }>();
for (const s of seances) {
  if (sessions.has(s.teacherId)) continue;
  const session = await createSession(db, s.teacherId, new Date(), config.sessionTtlSeconds);
  sessions.set(s.teacherId, { cookie: `${SESSION_COOKIE}=${session.token}`, csrf: session.csrfToken });
}
const headersOf = (teacherId: string) => {
  const s = sessions.get(teacherId)!;
  return { cookie: s.cookie, [CSRF_HEADER]: s.csrf, origin, 'content-type': 'application/json' };
};

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

// Check one save before the load.
const first = seances[0]!;
const check = await fetch(`${base}/api/v1/attendance/seances/${first.id}/roll-call`, {
  method: 'PUT',
  headers: headersOf(first.teacherId),
  body: batchBody(first.students, 0),
});
if (check.status !== 200) throw new Error(`save answered ${check.status}: ${await check.text()}`);

type Measure = { requestsPerSecond: number; latencyP50Ms: number; latencyP99Ms: number; total: number };
const saves = async (duration: number): Promise<Measure> => {
  let next = 0;
  const r = await autocannon({
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
          headers: headersOf(s.teacherId),
          setupRequest: (req) => ({ ...req, body: batchBody(s.students, turn++) }),
        },
      ]);
    },
  });
  if (r.non2xx || r.errors) throw new Error(`saves: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return {
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    total: r.requests.total,
  };
};
const health = async (duration: number): Promise<Measure> => {
  const r = await autocannon({
    url: `${base}/api/v1/health`,
    connections: CONNECTIONS,
    duration,
    timeout: 60,
  });
  if (r.non2xx || r.errors) throw new Error(`health: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return {
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    total: r.requests.total,
  };
};

await saves(2); // warm-up
const rounds: { health: Measure; saves: Measure }[] = [];
for (let i = 0; i < ROUNDS; i++)
  rounds.push({ health: await health(DURATION), saves: await saves(DURATION) });
const pick = (key: 'health' | 'saves'): Measure => ({
  requestsPerSecond: median(rounds.map((r) => r[key].requestsPerSecond)),
  latencyP50Ms: median(rounds.map((r) => r[key].latencyP50Ms)),
  latencyP99Ms: median(rounds.map((r) => r[key].latencyP99Ms)),
  total: median(rounds.map((r) => r[key].total)),
});
const h = pick('health');
const s = pick('saves');
const throughputRatio = median(rounds.map((r) => r.saves.requestsPerSecond / r.health.requestsPerSecond));
const p99Ratio = median(rounds.map((r) => r.saves.latencyP99Ms / Math.max(r.health.latencyP99Ms, 1)));
const [counts] = await db.query<{ entries: number; history: number; notices: number }>(
  `SELECT (SELECT count(*)::int FROM attendance_entries) AS entries,
          (SELECT count(*)::int FROM attendance_entry_history) AS history,
          (SELECT count(*)::int FROM live_notices) AS notices`,
);

// Save → parent's SSE stream: a student with a guardian, in a séance of their class.
const [target] = await db.query<{
  seanceId: string;
  teacherId: string;
  studentId: string;
  guardianId: string;
}>(
  `SELECT s.id AS "seanceId", s.teacher_id AS "teacherId", e.student_id AS "studentId", g.guardian_id AS "guardianId"
     FROM seances s JOIN enrolments e ON e.class_id = s.class_id JOIN guardianships g ON g.student_id = e.student_id
    WHERE s.starts_at >= $1 ORDER BY s.starts_at DESC, e.student_id LIMIT 1`,
  [`${TODAY}T00:00:00+01:00`],
);
if (!target) throw new Error('no séance with a guarded student');
const parent = await createSession(db, target.guardianId, new Date(), config.sessionTtlSeconds);
if (!sessions.has(target.teacherId)) {
  const t = await createSession(db, target.teacherId, new Date(), config.sessionTtlSeconds);
  sessions.set(target.teacherId, { cookie: `${SESSION_COOKIE}=${t.token}`, csrf: t.csrfToken });
}
const stream = await fetch(`${base}/api/v1/attendance/stream`, {
  headers: { cookie: `${SESSION_COOKIE}=${parent.token}`, accept: 'text/event-stream' },
});
const reader = stream.body!.getReader();
const decoder = new TextDecoder();
let buffer = '';
const nextEvent = async (): Promise<Record<string, unknown>> => {
  for (;;) {
    const cut = buffer.indexOf('\n\n');
    if (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data && /^id: /m.test(block)) return JSON.parse(data) as Record<string, unknown>;
      continue;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buffer += decoder.decode(value, { stream: true });
  }
};
const toStream: number[] = [];
const toResponse: number[] = [];
for (let i = 0; i < LATENCY_RUNS + 3; i++) {
  const status = i % 2 ? 'retard' : 'absent';
  const t0 = performance.now();
  const received = nextEvent().then((e) => ({ e, t: performance.now() }));
  const res = await fetch(`${base}/api/v1/attendance/seances/${target.seanceId}/roll-call`, {
    method: 'PUT',
    headers: headersOf(target.teacherId),
    body: JSON.stringify({
      marks: [{ studentId: target.studentId, status, ...(status === 'retard' ? { lateMinutes: 3 } : {}) }],
    }),
  });
  const tRes = performance.now();
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`save answered ${res.status}`);
  const { e, t } = await received;
  if (e.studentId !== target.studentId || e.status !== status)
    throw new Error(`unexpected notice ${JSON.stringify(e)}`);
  if (i < 3) continue;
  toStream.push(t - t0);
  toResponse.push(tRes - t0);
}
await reader.cancel();
await new Promise<void>((resolve) => server.close(() => resolve()));
await db.close();
rmSync(dataDir, { recursive: true, force: true });

const r2 = (x: number) => Math.round(x * 100) / 100;
const out = {
  benchmark: 'attendance-api',
  date: new Date().toISOString(),
  engine: 'pglite (in memory)',
  connections: CONNECTIONS,
  distinctTeachers: sessions.size,
  durationSeconds: DURATION,
  rounds: ROUNDS,
  health: h,
  rollCallSaves: { ...s, studentsPerSave: Math.round(median(seances.map((x) => x.students.length))) },
  ratios: { throughputVsHealth: r2(throughputRatio), p99VsHealth: r2(p99Ratio) },
  written: counts,
  saveToParentStream: {
    runs: LATENCY_RUNS,
    medianMs: r2(median(toStream)),
    p90Ms: r2([...toStream].sort((a, b) => a - b)[Math.floor(toStream.length * 0.9)]!),
    saveResponseMedianMs: r2(median(toResponse)),
  },
  perRound: rounds,
};
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'attendance-api.json'), `${JSON.stringify(out, null, 2)}\n`);
const md = `## Attendance API: roll-call saves under ${CONNECTIONS} concurrent connections (${out.engine}, loopback, ${ROUNDS} alternating rounds of ${DURATION} s, medians)

Each save sends a whole class (${out.rollCallSaves.studentsPerSave} students, ${sessions.size} distinct teachers) and changes one student, so it writes an entry, its history and the guardians' notices.

| route | requests/s | p50 | p99 | ratio to health |
|---|---|---|---|---|
| GET /api/v1/health (baseline: SELECT 1) | ${h.requestsPerSecond} | ${h.latencyP50Ms} ms | ${h.latencyP99Ms} ms | 1× |
| PUT …/attendance/seances/{id}/roll-call | ${s.requestsPerSecond} | ${s.latencyP50Ms} ms | ${s.latencyP99Ms} ms | throughput ${out.ratios.throughputVsHealth}×, p99 ${out.ratios.p99VsHealth}× |

Save → parent's open SSE stream receiving the notice: median ${out.saveToParentStream.medianMs} ms, p90 ${out.saveToParentStream.p90Ms} ms over ${LATENCY_RUNS} saves (the save's own response: median ${out.saveToParentStream.saveResponseMedianMs} ms).
`;
writeFileSync(join(results, 'attendance-api.md'), md);
console.log(md);
