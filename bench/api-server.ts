/**
 * The API server of the HTTP benchmarks, in a process of its own (the load generator runs in the benchmark's
 * process, so the two do not share one JavaScript thread). It is the real server (`startServer`: the configured
 * database, its jobs, the live service) with a bare Hono route in front of it on the same port, and stacks of the
 * platform's layers one by one, so the benchmark can say what each costs.
 *
 * Environment: the server's own (`PREAU_DATA_DIR`, `DATABASE_URL`, `PREAU_CLOCK`, `PORT=0`), plus
 * `BENCH_PREP` — what to prepare once the server listens:
 * - `school`: loads the demo people, classes and timetable (no area data) into an empty database first;
 * - `layers` (implies `school`): a teacher's session for `/me` and the layer stacks;
 * - `rollcall` (implies `school`): 200 séances already begun, each with its teacher's session and class list;
 * - `none`: the database is already loaded (the académie data).
 * Prints one line `READY <json>` on stdout: `{ base, origin, ... }`.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Hono, type MiddlewareHandler } from 'hono';
import { type ApiEnv, sessionFromCookie } from '../apps/api/src/app.js';
import { SessionCache } from '../apps/api/src/auth/session-cache.js';
import { createSession, SESSION_COOKIE } from '../apps/api/src/auth/sessions.js';
import { loadConfig } from '../apps/api/src/config.js';
import { migrate, openDb } from '../apps/api/src/db/index.js';
import { beforeHandler } from '../apps/api/src/http/before.js';
import { CSRF_HEADER, originCheck } from '../apps/api/src/http/csrf.js';
import { securityHeaders } from '../apps/api/src/http/security.js';
import { isDatabaseEmpty, seedDemo } from '../apps/api/src/seed/index.js';
import { startServer, stopWithParent } from '../apps/api/src/server.js';
import { quantile } from './support.js';

const prep = process.env.BENCH_PREP ?? 'none';
const config = loadConfig();
const now = () => new Date(Date.now() + ((config.clockStart?.getTime() ?? Date.now()) - started));
const started = Date.now();
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now());

if (prep !== 'none') {
  const db = await openDb(config);
  await migrate(db);
  if (await isDatabaseEmpty(db)) {
    // People, classes and the timetable; no area data (the benchmarks write it), fast password hashes.
    await seedDemo(db, { scale: 'school', today, hashSecret: async (s) => `bench$${s}`, modules: [] });
    // Every account signs in as if it had chosen its password (demo accounts hold an issued access code).
    await db.query('UPDATE users SET must_change_password = false');
  }
  await db.close();
}

/**
 * The bench's layer stacks, in the app's order: 0 = a bare route, then one thing more each. CORS is part of the
 * headers' layer, and the Origin check and the session make one layer, as in the app.
 */
const STACKS = ['bare route', '+ security headers', '+ CORS', '+ Origin check', '+ session loading'] as const;

/** Built on first use: the layers load sessions from the server's own database, open once it listens. */
let stacks: Hono<ApiEnv>[] | undefined;
function layerStacks(): Hono<ApiEnv>[] {
  const origins = [config.publicOrigin];
  const deps = { db: server.db, config, clock: now, sessions: new SessionCache(server.db) };
  const headers = securityHeaders('api', { corsOrigins: origins });
  const layers: MiddlewareHandler<ApiEnv>[][] = [
    [],
    [securityHeaders('api')],
    [headers],
    [headers, beforeHandler(originCheck(origins))],
    [headers, beforeHandler(originCheck(origins), sessionFromCookie(deps))],
  ];
  return layers.map((stackLayers) => {
    const stack = new Hono<ApiEnv>();
    for (const layer of stackLayers) stack.use('*', layer);
    stack.get('*', (c) => c.json({ status: 'ok', viewer: c.get('viewer')?.id ?? null }));
    return stack;
  });
}

/**
 * How long the server took over each save and `/me`, from the request parsed to the response ready (without the
 * sockets' wait and writes): tells the server's own queueing apart from the load generator's, on a shared machine.
 * `GET /bench/handled` answers the quantiles since the last call.
 */
const handled = { saves: [] as number[], me: [] as number[] };
/** And what held the event loop meanwhile: its delay (a loop busy or paused) and the collector's pauses. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const gcPauses: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push(entry.duration);
}).observe({ entryTypes: ['gc'] });
function handledTimes() {
  const q = (xs: number[], p: number) => (xs.length ? Math.round(quantile(xs, p)) : 0);
  const out = {
    ...Object.fromEntries(
      Object.entries(handled).map(([k, xs]) => [k, { n: xs.length, p50: q(xs, 0.5), p99: q(xs, 0.99) }]),
    ),
    loop: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
    gc: { ms: Math.round(gcPauses.reduce((a, b) => a + b, 0)), max: Math.round(Math.max(0, ...gcPauses)) },
  };
  handled.saves = [];
  handled.me = [];
  gcPauses.length = 0;
  loopDelay.reset();
  return out;
}

const server = await startServer({
  config,
  seedScale: false,
  front: (app) => {
    const bare = new Hono();
    bare.get('/bare', (c) => c.json({ status: 'ok' }));
    return (request, env) => {
      if (request.url.endsWith('/bare')) return bare.fetch(request, env);
      if (request.url.endsWith('/bench/handled')) return Response.json(handledTimes());
      if (request.method === 'PUT' || request.url.endsWith('/api/v1/me')) {
        const started = performance.now();
        const kind = request.method === 'PUT' ? 'saves' : 'me';
        return Promise.resolve(app.fetch(request, env)).then((res) => {
          handled[kind].push(performance.now() - started);
          return res;
        });
      }
      const stack = request.headers.get('x-bench-stack');
      if (stack !== null) {
        stacks ??= layerStacks();
        return stacks[Number(stack)]!.fetch(request, env);
      }
      return app.fetch(request, env);
    };
  },
});
const db = server.db;
const base = server.url.replace('localhost', '127.0.0.1');

const origin = config.publicOrigin;
const ttl = config.sessionTtlSeconds;
const sessionOf = async (userId: string) => {
  const s = await createSession(db, userId, now(), ttl);
  return { cookie: `${SESSION_COOKIE}=${s.token}`, csrf: s.csrfToken, csrfHeader: CSRF_HEADER };
};

const ready: Record<string, unknown> = { base, origin, engine: db.engine, stacks: STACKS };
if (prep === 'layers' || prep === 'rollcall') {
  const [teacher] = await db.query<{ id: string }>("SELECT id FROM users WHERE login = 'prof.demo'");
  ready.teacher = await sessionOf(teacher!.id);
}
if (prep === 'rollcall') {
  const count = Number(process.env.BENCH_SEANCES ?? 200);
  // Séances already begun (a roll call is refused before), the latest first, each with its class list.
  const seances = await db.query<{ id: string; teacherId: string; students: string[] }>(
    `SELECT s.id, s.teacher_id AS "teacherId",
            ARRAY(SELECT e.student_id FROM enrolments e WHERE e.class_id = s.class_id ORDER BY e.student_id) AS students
       FROM seances s WHERE s.starts_at <= $1 ORDER BY s.starts_at DESC, s.id LIMIT $2`,
    [now(), count],
  );
  if (seances.length < count)
    throw new Error(`only ${seances.length} séances begun by ${now().toISOString()}`);
  const sessions = new Map<string, Awaited<ReturnType<typeof sessionOf>>>();
  for (const s of seances)
    if (!sessions.has(s.teacherId)) sessions.set(s.teacherId, await sessionOf(s.teacherId));
  ready.seances = seances.map((s) => ({ ...s, session: sessions.get(s.teacherId) }));
  ready.teachers = sessions.size;
}
process.stdout.write(`READY ${JSON.stringify(ready)}\n`);

// The benchmark holds stdin open: when it ends (even killed), so does this server.
stopWithParent(server);
