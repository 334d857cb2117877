/**
 * The cahier de textes' calendar feeds and archive with a whole year of entries (demo collège, `school` scale,
 * seeded for the last day of classes, PGlite in memory, the app called in process):
 * - a student's feed (the work of their class and groups for the year) and a teacher's feed (a year of séances
 *   and the work they gave), through `GET /api/v1/lesson-log/ical/{token}`, against a baseline of the same rows read
 *   by the same query and serialised as JSON (`JSON.stringify`);
 * - the serialisation alone: iCalendar writing against `JSON.stringify` of the same rows;
 * - the class's PDF archive for the year against the same class's entries as JSON through its route.
 * Writes bench/results/lesson-log-ical.json and .md.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../apps/api/src/app.js';
import { createSession, SESSION_COOKIE } from '../apps/api/src/auth/sessions.js';
import type { Config } from '../apps/api/src/config.js';
import { migrate, openPglite } from '../apps/api/src/db/index.js';
import { LocalDiskStore } from '../apps/api/src/files/store.js';
import { studentWork } from '../apps/api/src/lesson-log/agenda.js';
import { teacherFeedRows, workComponent } from '../apps/api/src/lesson-log/feeds.js';
import { icalCalendar } from '../apps/api/src/lesson-log/ical.js';
import { seedDemo } from '../apps/api/src/seed/index.js';
import { lessonLogSeed } from '../apps/api/src/seed/lesson-log.js';
import { median, RESULTS } from './support.js';

const TODAY = '2027-07-02'; // the last day of classes of 2026-2027: the year is written
const NOW = new Date('2027-07-02T16:00:00Z');
const RUNS = Number(process.env.LESSON_LOG_BENCH_RUNS ?? 25);
const YEAR = { from: '2026-09-01', to: '2027-08-31' };

const db = await openPglite();
await migrate(db);
const seeded = performance.now();
await seedDemo(db, {
  scale: 'school',
  today: TODAY,
  hashSecret: async (s) => `bench$${s}`,
  modules: [lessonLogSeed],
});
const seedMs = performance.now() - seeded;
const [{ studentId, teacherId, classId, principalId }] = (await db.query(
  `SELECT (SELECT id FROM users WHERE login = 'eleve.demo') AS "studentId",
          (SELECT id FROM users WHERE login = 'prof.demo') AS "teacherId",
          (SELECT e.class_id FROM enrolments e JOIN classes c ON c.id = e.class_id
            WHERE e.student_id = (SELECT id FROM users WHERE login = 'eleve.demo') AND c.kind = 'classe') AS "classId",
          (SELECT id FROM users WHERE login = 'principal.demo') AS "principalId"`,
)) as [{ studentId: string; teacherId: string; classId: string; principalId: string }];
await db.query('UPDATE users SET must_change_password = false');
const feedToken = async (userId: string, kind: string) => {
  const token = `bench-${kind}-${'x'.repeat(40)}`;
  await db.query('INSERT INTO lesson_feeds (id, user_id, kind, token_hash) VALUES ($1, $2, $3, $4)', [
    `bench-${kind}`,
    userId,
    kind,
    createHash('sha256').update(token).digest('hex'),
  ]);
  return token;
};
const studentToken = await feedToken(studentId, 'student');
const teacherToken = await feedToken(teacherId, 'teacher');

const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-lesson-log-'));
const config: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir,
  allowedOrigins: [],
  publicOrigin: 'http://localhost:8787',
  sessionTtlSeconds: 8 * 3600,
  maxUploadBytes: 1024 * 1024,
  secureCookies: false,
};
const app = createApp({ db, config, files: new LocalDiskStore(join(dataDir, 'files')), clock: () => NOW });
const principal = await createSession(db, principalId, NOW, config.sessionTtlSeconds);
const asPrincipal = { headers: { cookie: `${SESSION_COOKIE}=${principal.token}` } };

async function timed(
  runs: number,
  fn: () => Promise<unknown> | unknown,
): Promise<{ ms: number; last: unknown }> {
  let last: unknown;
  for (let i = 0; i < 3; i++) last = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), last };
}

const fetchText = async (path: string, init?: RequestInit) => {
  const res = await app.request(path, init);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.text();
};
const fetchBytes = async (path: string, init?: RequestInit) => {
  const res = await app.request(path, init);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
};

// Student feed: the route, against the same query serialised as JSON.
const studentFeed = await timed(RUNS, () => fetchText(`/api/v1/lesson-log/ical/${studentToken}.ics`));
const studentJson = await timed(RUNS, async () =>
  JSON.stringify(await studentWork(db, studentId, YEAR, NOW)),
);
const rows = await studentWork(db, studentId, YEAR, NOW);
const events = (studentFeed.last as string).split('BEGIN:VEVENT').length - 1;
// Serialisation alone, on the same rows.
const host = 'localhost';
const writeIcal = await timed(RUNS * 4, () =>
  icalCalendar({
    name: 'bench',
    description: 'bench',
    components: rows.map((w) => workComponent(w, { host, now: NOW, as: 'event' })),
  }),
);
const writeJson = await timed(RUNS * 4, () => JSON.stringify(rows));

// Teacher feed: a year of séances and the work given.
const teacherFeed = await timed(RUNS, () => fetchText(`/api/v1/lesson-log/ical/${teacherToken}.ics`));
const teacherJson = await timed(RUNS, async () => JSON.stringify(await teacherFeedRows(db, teacherId, YEAR)));
const teacherEvents = (teacherFeed.last as string).split('BEGIN:VEVENT').length - 1;
const [{ seances }] = (await db.query('SELECT count(*)::int AS seances FROM seances WHERE teacher_id = $1', [
  teacherId,
])) as [{ seances: number }];

// The class's archive against its entries as JSON.
const classJson = await timed(5, () =>
  fetchText(`/api/v1/lesson-log/classes/${classId}/entries?from=${YEAR.from}&to=2027-08-30`, asPrincipal),
);
const archive = await timed(3, () =>
  fetchBytes(`/api/v1/lesson-log/classes/${classId}/archive`, asPrincipal),
);
const pdf = archive.last as Uint8Array;
const pages = (
  Buffer.from(pdf)
    .toString('latin1')
    .match(/\/Type \/Page\b/g) ?? []
).length;
const [{ entries }] = (await db.query(
  'SELECT count(*)::int AS entries FROM lesson_entries WHERE class_id = $1',
  [classId],
)) as [{ entries: number }];

await db.close();
rmSync(dataDir, { recursive: true, force: true });

const r2 = (x: number) => Math.round(x * 100) / 100;
const kb = (n: number) => `${Math.round(n / 1024)} KB`;
const out = {
  benchmark: 'lesson-log-ical',
  date: new Date().toISOString(),
  engine: 'pglite (in memory)',
  seedLessonLogMs: Math.round(seedMs),
  studentFeed: {
    events,
    bytes: (studentFeed.last as string).length,
    routeMs: r2(studentFeed.ms),
    baselineQueryJsonMs: r2(studentJson.ms),
    ratio: r2(studentFeed.ms / studentJson.ms),
  },
  serialisation: {
    rows: rows.length,
    icalMs: r2(writeIcal.ms),
    jsonMs: r2(writeJson.ms),
    ratio: r2(writeIcal.ms / writeJson.ms),
  },
  teacherFeed: {
    events: teacherEvents,
    seances,
    bytes: (teacherFeed.last as string).length,
    routeMs: r2(teacherFeed.ms),
    baselineQueryJsonMs: r2(teacherJson.ms),
    ratio: r2(teacherFeed.ms / teacherJson.ms),
  },
  loadAverage: r2(loadavg()[0]!),
  archive: {
    entries,
    pages,
    bytes: pdf.byteLength,
    routeMs: Math.round(archive.ms),
    baselineJsonRouteMs: r2(classJson.ms),
    ratio: r2(archive.ms / classJson.ms),
  },
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(join(RESULTS, 'lesson-log-ical.json'), `${JSON.stringify(out, null, 2)}\n`);
const md = `## Cahier de textes: calendar feeds and archive with a year of entries (${out.engine}, app in process, medians)

Demo collège seeded for ${TODAY} with the cahier de textes only (${Math.round(seedMs)} ms for the whole seed). Baseline: the same rows read by the same queries and serialised with \`JSON.stringify\`. Machine load average at the end: ${out.loadAverage} (2 cores).

| measure | time | baseline | ratio |
|---|---|---|---|
| student feed, route (${events} all-day events, ${kb(out.studentFeed.bytes)}) | ${out.studentFeed.routeMs} ms | query + JSON ${out.studentFeed.baselineQueryJsonMs} ms | ${out.studentFeed.ratio}× |
| … writing iCalendar alone (${rows.length} rows) | ${out.serialisation.icalMs} ms | JSON.stringify ${out.serialisation.jsonMs} ms | ${out.serialisation.ratio}× |
| teacher feed, route (${teacherEvents} events: ${seances} séances and the work given, ${kb(out.teacherFeed.bytes)}) | ${out.teacherFeed.routeMs} ms | query + JSON ${out.teacherFeed.baselineQueryJsonMs} ms | ${out.teacherFeed.ratio}× |
| class archive PDF (${entries} entries, ${pages} pages, ${kb(pdf.byteLength)}) | ${out.archive.routeMs} ms | the class's year as JSON (route) ${out.archive.baselineJsonRouteMs} ms | ${out.archive.ratio}× |
`;
writeFileSync(join(RESULTS, 'lesson-log-ical.md'), md);
console.log(md);
