/**
 * The grade book API under load: the demo teacher's class sheet (students × évaluations with averages and class
 * statistics) requested by 50 concurrent clients (autocannon), as a ratio to bare routes of the same server in the
 * same run — `GET /api/v1/health` (one `SELECT 1`) and `GET /api/v1/me` (the session lookup every signed-in route
 * pays). Demo data at the `school` scale on PGlite in memory, the API served by @hono/node-server on 127.0.0.1.
 * Writes bench/results/gradebook-api.json and .md.
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
import { gradebookSeed } from '../apps/api/src/seed/gradebook.js';
import { seedDemo } from '../apps/api/src/seed/index.js';
import { autocannon, median } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'bench', 'results');
const PORT = Number(process.env.GRADEBOOK_BENCH_PORT ?? 8831);
const CONNECTIONS = 50;
const DURATION = Number(process.env.GRADEBOOK_BENCH_SECONDS ?? 5);
const ROUNDS = 3;
const TODAY = '2026-11-22';

const db = await openPglite();
await migrate(db);
// Only the grade book's module: the other areas' demo data does not change what the sheet reads.
await seedDemo(db, {
  scale: 'school',
  today: TODAY,
  hashSecret: async (s) => `bench$${s}`,
  modules: [gradebookSeed],
});
// The demo teacher (prof.demo) and the class they lead.
const [demo] = await db.query<{ teacherId: string; classId: string }>(
  `SELECT u.id AS "teacherId", c.id AS "classId" FROM users u JOIN classes c ON c.head_teacher_id = u.id
    WHERE u.login = 'prof.demo' LIMIT 1`,
);
if (!demo) throw new Error('the demo data has no prof.demo heading a class');
const [scope] = await db.query<{
  subjectId: string;
  periodId: string;
  evaluations: number;
  students: number;
}>(
  `SELECT e.subject_id AS "subjectId", e.period_id AS "periodId", count(*)::int AS evaluations,
          (SELECT count(*)::int FROM enrolments WHERE class_id = $2) AS students
     FROM evaluations e JOIN teaching_assignments t ON t.class_id = e.class_id AND t.subject_id = e.subject_id
    WHERE t.teacher_id = $1 AND e.class_id = $2 GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
  [demo.teacherId, demo.classId],
);
if (!scope) throw new Error('the demo teacher has no évaluations: is the grade book seed module registered?');

const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-gradebook-'));
const config: Config = {
  port: PORT,
  host: '127.0.0.1',
  dataDir,
  allowedOrigins: [],
  publicOrigin: `http://127.0.0.1:${PORT}`,
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
const session = await createSession(db, demo.teacherId, new Date(), config.sessionTtlSeconds);
const headers = { cookie: `${SESSION_COOKIE}=${session.token}` };
const sheetUrl = `${base}/api/v1/gradebook/classes/${demo.classId}/sheet?subjectId=${scope.subjectId}&periodId=${scope.periodId}`;

const check = await fetch(sheetUrl, { headers });
if (check.status !== 200) throw new Error(`sheet answered ${check.status}: ${await check.text()}`);
const sheetBytes = (await check.arrayBuffer()).byteLength;

const run = async (url: string, withSession: boolean) => {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: withSession ? headers : {},
  });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
  return {
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
  };
};

await autocannon({ url: sheetUrl, connections: CONNECTIONS, duration: 2, headers }); // warm-up
// Rounds alternate the three routes so that a change in the machine's load hits them alike; medians are kept.
type Measure = Awaited<ReturnType<typeof run>>;
const rounds: { health: Measure; me: Measure; sheet: Measure }[] = [];
for (let i = 0; i < ROUNDS; i++) {
  rounds.push({
    health: await run(`${base}/api/v1/health`, false),
    me: await run(`${base}/api/v1/me`, true),
    sheet: await run(sheetUrl, true),
  });
}
const pick = (key: 'health' | 'me' | 'sheet'): Measure => ({
  requestsPerSecond: median(rounds.map((r) => r[key].requestsPerSecond)),
  latencyP50Ms: median(rounds.map((r) => r[key].latencyP50Ms)),
  latencyP99Ms: median(rounds.map((r) => r[key].latencyP99Ms)),
});
const health = pick('health');
const me = pick('me');
const sheet = pick('sheet');
const ratioVsHealth = median(rounds.map((r) => r.sheet.requestsPerSecond / r.health.requestsPerSecond));
const ratioVsMe = median(rounds.map((r) => r.sheet.requestsPerSecond / r.me.requestsPerSecond));

await new Promise<void>((resolve) => server.close(() => resolve()));
await db.close();
rmSync(dataDir, { recursive: true, force: true });

const out = {
  engine: 'pglite (in memory)',
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  sheet: { students: scope.students, evaluations: scope.evaluations, bytes: sheetBytes },
  health,
  me,
  gradebookSheet: sheet,
  rounds: ROUNDS,
  ratios: { throughputVsHealth: ratioVsHealth, throughputVsMe: ratioVsMe },
  perRound: rounds,
};
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'gradebook-api.json'), `${JSON.stringify(out, null, 2)}\n`);
const row = (name: string, m: typeof sheet, ratio: string) =>
  `| ${name} | ${m.requestsPerSecond} | ${m.latencyP50Ms} ms | ${m.latencyP99Ms} ms | ${ratio} |`;
const md = `## Grade book API: a class sheet under ${CONNECTIONS} concurrent clients (${out.engine}, ${ROUNDS} alternating rounds of ${DURATION} s, medians)

Sheet: ${scope.students} students × ${scope.evaluations} évaluations, ${(sheetBytes / 1024).toFixed(1)} KB of JSON.

| route | requests/s | p50 | p99 | throughput ratio to health |
|---|---|---|---|---|
${row('GET /api/v1/health (baseline: SELECT 1)', health, '1×')}
${row('GET /api/v1/me (session lookup)', me, `${median(rounds.map((r) => r.me.requestsPerSecond / r.health.requestsPerSecond)).toFixed(2)}×`)}
${row('GET …/gradebook/classes/{id}/sheet', sheet, `${ratioVsHealth.toFixed(2)}×`)}
`;
writeFileSync(join(results, 'gradebook-api.md'), md);
console.log(md);
