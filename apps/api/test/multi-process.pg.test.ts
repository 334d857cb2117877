/**
 * Two API processes on one PostgreSQL server, as `npm start -- --workers 2` runs them: what one process writes or
 * ends reaches the other (live notices through LISTEN/NOTIFY, sign-outs through the session cache's NOTIFY,
 * sign-in failures through the database's counters).
 * PostgreSQL only: PGlite is embedded in one process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '../src/auth/sessions.js';
import type { Db } from '../src/db/index.js';
import { CSRF_HEADER } from '../src/http/csrf.js';
import { freePort } from '../src/workers.js';
import { databaseUrlOf, freshDb } from './support/db.js';
import { seedLiveSchool } from './support/live-school.js';
import { sseReader } from './support/sse.js';

const ORIGIN = 'http://api.preau.test';
// Monday 12 January 2026, 10:00 in Paris: a school day, after the séance began, outside quiet hours.
const CLOCK = '2026-01-12T10:00:00+01:00';

interface ApiProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts `support/api-process.ts` on the database: the real server, in a process of its own. */
async function startApiProcess(
  databaseUrl: string,
  dataDir: string,
  more: Record<string, string>,
): Promise<ApiProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'support', 'api-process.ts')],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: '0',
        PREAU_DATA_DIR: dataDir,
        PREAU_CLOCK: CLOCK,
        PREAU_PUBLIC_ORIGIN: ORIGIN,
        // Longer than the test: a sign-out heard by the other process is heard by NOTIFY, not by expiry.
        PREAU_SESSION_CACHE_MS: '600000',
        ...more,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /READY (\S+)/.exec(out);
      if (ready) resolve(ready[1]!);
    });
    child.once('exit', (code) => reject(new Error(`API process exited (${code}) before listening`)));
  });
  return {
    url,
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}

describe('two API processes on one PostgreSQL server', () => {
  let db: Db;
  let dataDir: string;
  let one: ApiProcess;
  let two: ApiProcess;

  beforeAll(async () => {
    db = await freshDb();
    await seedLiveSchool(db);
    dataDir = await mkdtemp(join(tmpdir(), 'preau-two-processes-'));
    // One data folder, as under `--workers`: the embedded event store opens in the first process only, which
    // also listens on a private port; the second sends the usage routes there.
    const usagePort = await freePort();
    const url = databaseUrlOf(db)!;
    one = await startApiProcess(url, dataDir, { PREAU_USAGE_PORT: String(usagePort) });
    two = await startApiProcess(url, dataDir, { PREAU_USAGE_VIA: `http://127.0.0.1:${usagePort}` });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await db?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const sessionOf = async (userId: string) => {
    const s = await createSession(db, userId, new Date(CLOCK), 8 * 3600);
    return { cookie: `${SESSION_COOKIE}=${s.token}`, csrf: s.csrfToken };
  };

  it('delivers a notice saved through one process to a stream held by the other', async () => {
    const [teacher, guardian] = await Promise.all([sessionOf('t1'), sessionOf('g1')]);
    const res = await fetch(`${two.url}/api/v1/live/stream?areas=attendance`, {
      headers: { cookie: guardian.cookie },
    });
    expect(res.status).toBe(200);
    const held = sseReader(res);
    await held.until(() => held.comments.length > 0); // the stream is open and listening

    const saved = await fetch(`${one.url}/api/v1/attendance/seances/se1/roll-call`, {
      method: 'PUT',
      headers: {
        cookie: teacher.cookie,
        origin: ORIGIN,
        [CSRF_HEADER]: teacher.csrf,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ marks: [{ studentId: 's1', status: 'absent' }], close: true }),
    });
    expect(saved.status).toBe(200);
    await held.until(() => held.events.length >= 1);
    expect(held.events[0]!.event).toBe('attendance.entry');
    expect(held.data()[0]).toMatchObject({ studentId: 's1', status: 'absent' });
    await held.cancel();
  });

  it('refuses a session in the other process once signed out in one, though that process had it cached', async () => {
    const guardian = await sessionOf('g1');
    const me = (api: ApiProcess) => fetch(`${api.url}/api/v1/me`, { headers: { cookie: guardian.cookie } });
    // Both processes have now read (and cached) the session.
    expect((await me(one)).status).toBe(200);
    expect((await me(two)).status).toBe(200);
    const out = await fetch(`${one.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: guardian.cookie, origin: ORIGIN, [CSRF_HEADER]: guardian.csrf },
    });
    expect(out.status).toBe(204);
    expect((await me(one)).status).toBe(401);
    // The other process hears of it by NOTIFY (its cached copy would last ten minutes): the first answers after
    // the sign-out may precede the notification by a few milliseconds.
    let status = (await me(two)).status;
    for (let tries = 0; status === 200 && tries < 200; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await me(two)).status;
    }
    expect(status).toBe(401);
  });

  it('refuses a closed account in both processes at once, though the database was changed by hand', async () => {
    const student = await sessionOf('s2');
    const me = (api: ApiProcess) => fetch(`${api.url}/api/v1/me`, { headers: { cookie: student.cookie } });
    expect((await me(one)).status).toBe(200);
    expect((await me(two)).status).toBe(200);
    // No API call: the database tells every process (a trigger's NOTIFY), each drops its cached copy.
    await db.query("UPDATE users SET disabled_at = '2026-01-12T09:00:00Z' WHERE id = 's2'");
    for (const api of [one, two]) {
      let status = (await me(api)).status;
      for (let tries = 0; status === 200 && tries < 200; tries++) {
        await new Promise((r) => setTimeout(r, 20));
        status = (await me(api)).status;
      }
      expect(status).toBe(401);
    }
  });

  it('counts sign-in failures across both processes', async () => {
    const signIn = (api: ApiProcess) =>
      fetch(`${api.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'g2', password: 'pas-le-bon-mot-de-passe' }),
      });
    // Five failures from one address, alternating between the processes: three through one, two through two.
    const statuses = [];
    for (const api of [one, two, one, two, one]) statuses.push((await signIn(api)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The sixth is refused by the process that has seen only two: the counter is the database's.
    const refused = await signIn(two);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers the usage routes in the process without the event store, through the one that has it', async () => {
    await db.exec(`
      INSERT INTO users (id, login, first_name, last_name, profile, scope_kind, scope_code, must_change_password)
        VALUES ('a1', 'a1', 'Anne', 'Roux', 'analyst', 'academie', '19', false)
      ON CONFLICT (id) DO NOTHING;
    `);
    const analyst = await sessionOf('a1');
    const summary = async (api: ApiProcess) => {
      const res = await fetch(`${api.url}/api/v1/analytics/usage-summary?from=2026-01-05&to=2026-01-11`, {
        headers: { cookie: analyst.cookie },
      });
      return { status: res.status, body: await res.json() };
    };
    // Had the second process opened the event store itself, the first one's lock would have made it fail.
    const [first, second] = [await summary(one), await summary(two)];
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect(second.body).toMatchObject({ services: expect.any(Array), weekly: expect.any(Array) });
  });
});
