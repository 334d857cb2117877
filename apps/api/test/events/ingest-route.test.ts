import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createSession } from '../../src/auth/sessions.js';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { toStoredEvent } from '../../src/events/ingest.js';
import { closeUsageService, usageServiceFor } from '../../src/events/service.js';
import type { DuckDbEventStore } from '../../src/events/store.js';
import { localFileStore } from '../../src/files/store.js';
import { derivedId } from '../../src/ids.js';
import { freshDb } from '../support/db.js';

const TOKEN = 'forwarder-secret-token-123456';
let db: Db;
let dataDir: string;
let app: ReturnType<typeof createApp>;
let studentCookie: string;
let otherStudentCookie: string;
let analystCookie: string;
/** The server's clock: Monday 16 March 2026, 09:00 UTC. */
let now = new Date('2026-03-16T09:00:00Z');
const UA_PHONE =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'preau-ingest-'));
  process.env.PREAU_EVENT_TOKENS = `ent-voisin=${createHash('sha256').update(TOKEN).digest('hex')}`;
  db = await freshDb();
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code)
      VALUES ('0511085C', 'Collège Robert Schuman', 'college', 'public', 'Reims', '051');
    INSERT INTO users (id, login, first_name, last_name, profile, uai, must_change_password, created_at) VALUES
      ('u-eleve', 'eleve1', 'Léa', 'Martin', 'student', '0511085C', false, '2025-09-01'),
      ('u-eleve2', 'eleve2', 'Tom', 'Petit', 'student', '0511085C', false, '2025-09-01'),
      ('u-nouveau', 'nouveau', 'Zoé', 'Nouvelle', 'student', '0511085C', true, '2025-09-01');
    INSERT INTO users (id, login, first_name, last_name, profile, scope_kind, scope_code, must_change_password)
      VALUES ('u-analyst', 'analyste', 'Ana', 'Lyste', 'analyst', 'academie', '19', false);
    INSERT INTO classes (id, uai, kind, name, level, school_year) VALUES ('c-4b', '0511085C', 'classe', '4e B', '4e', 2025);
    INSERT INTO enrolments VALUES ('c-4b', 'u-eleve');
  `);
  const config = { ...loadConfig({}), dataDir };
  app = createApp({ db, config, files: localFileStore(dataDir), clock: () => new Date(now) });
  const cookieOf = async (id: string) =>
    `preau_session=${(await createSession(db, id, now, 24 * 3600)).token}`;
  studentCookie = await cookieOf('u-eleve');
  otherStudentCookie = await cookieOf('u-eleve2');
  analystCookie = await cookieOf('u-analyst');
});
afterAll(async () => {
  await closeUsageService(dataDir);
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

const beacon = (over: Record<string, unknown> = {}) => ({
  time: now.toISOString(),
  service: 'notes',
  action: 'view',
  tool: 'preau-gradebook',
  visitId: 'visit-0001',
  ...over,
});

/** A visit the server issues to the session of `cookie`. */
async function visitFor(cookie: string): Promise<string> {
  const res = await app.request('/api/v1/events/visits', {
    method: 'POST',
    headers: { cookie, origin: 'http://localhost:8787' },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { visitId: string }).visitId;
}
const post = (body: string, headers: Record<string, string>) =>
  app.request('/api/v1/events', {
    method: 'POST',
    body,
    // empty values drop a header (a forwarding server sends no Origin)
    headers: Object.fromEntries(
      Object.entries({
        'content-type': 'application/json',
        origin: 'http://localhost:8787',
        ...headers,
      }).filter(([, v]) => v !== ''),
    ),
  });

describe('POST /api/v1/events', () => {
  it('keeps valid beacon events with UAI, profile, class and device from the session, and explains rejects', async () => {
    const visitId = await visitFor(studentCookie);
    const res = await post(
      JSON.stringify([
        beacon({ visitId }),
        beacon({ visitId, service: 'cantine' }),
        beacon({ visitId, uai: '0000000A', profile: 'ENSEIGNANT' }),
        { time: 'hier' },
      ]),
      { cookie: studentCookie, 'user-agent': UA_PHONE },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected).toBe(2);
    expect(body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual(
      expect.arrayContaining([
        [1, 'body.1.service'],
        [3, 'body.3.time'],
        [3, 'body.3.service'],
        [3, 'body.3.visitId'],
      ]),
    );
    const usage = await usageServiceFor(dataDir, () => new Date(now));
    const rows = await (usage.store as DuckDbEventStore).query(
      `SELECT uai, profile, classe, device, os, browser, visitor, visit_id FROM events ORDER BY time`,
    );
    expect(rows).toHaveLength(2);
    // The store keeps another key for the visit than the token the page holds.
    expect(rows[0]!.visit_id).toBe(rows[1]!.visit_id);
    expect(rows[0]!.visit_id).not.toBe(visitId);
    // client-sent uai/profile are ignored: the session decides
    expect(rows[0]).toMatchObject({
      uai: '0511085C',
      profile: 'ELEVE',
      classe: '4e B',
      device: 'smartphone',
      os: 'Android',
      browser: 'Chrome',
    });
    expect(rows[0]!.visitor).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.visitor).not.toContain('u-eleve');
    const columns = await (usage.store as DuckDbEventStore).query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'events'`,
    );
    expect(columns.map((c) => c.column_name)).not.toContain('user_agent');
  });

  it('accepts NDJSON as text/plain (what sendBeacon sends) and answers 400 when nothing is valid', async () => {
    const visitId = await visitFor(studentCookie);
    const nd = `${JSON.stringify(beacon({ visitId }))}\n${JSON.stringify(beacon({ visitId, action: 'open' }))}\n`;
    const ok = await post(nd, { cookie: studentCookie, 'content-type': 'text/plain;charset=UTF-8' });
    expect(ok.status).toBe(200);
    expect((await ok.json()).accepted).toBe(2);
    const bad = await post(JSON.stringify([{ service: 'notes' }]), { cookie: studentCookie });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = await bad.json();
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain('body.0.time');
    const malformed = await post('[{"time": ', { cookie: studentCookie });
    expect(malformed.status).toBe(400);
  });

  it('refuses callers without session or with an unknown token, and accounts without an établissement', async () => {
    expect((await post(JSON.stringify([beacon()]), {})).status).toBe(401);
    expect((await post(JSON.stringify([beacon()]), { authorization: 'Bearer nope' })).status).toBe(401);
    const analyst = await post(JSON.stringify([beacon()]), { cookie: analystCookie });
    expect(analyst.status).toBe(400);
  });

  it('takes uai, profile and visitor from a forwarding server with a platform token, hashed again', async () => {
    const res = await post(
      JSON.stringify([
        beacon({
          uai: '0511085C',
          profile: 'PARENT',
          visitor: 'ext-42',
          userAgent: UA_PHONE,
          visitId: 'visit-f001',
        }),
        beacon({ uai: '0511085X', profile: 'PARENT', visitor: 'ext-43', visitId: 'visit-f002' }),
      ]),
      { authorization: `Bearer ${TOKEN}`, origin: '' },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(body.errors[0].field).toBe('body.1.uai');
    const usage = await usageServiceFor(dataDir, () => new Date(now));
    const [row] = await (usage.store as DuckDbEventStore).query(
      `SELECT profile, visitor, device FROM events WHERE visit_id = '${derivedId('fwd', 'ent-voisin:visit-f001')}'`,
    );
    expect(row).toMatchObject({ profile: 'PARENT', device: 'smartphone' });
    expect(row!.visitor).not.toBe('ext-42');
    expect(row!.visitor).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 429 with Retry-After when the queue is full, and stores nothing of that batch', async () => {
    const busyVisit = await visitFor(studentCookie);
    const usage = await usageServiceFor(dataDir, () => new Date(now));
    const saved = usage.queue.maxQueued;
    usage.queue.maxQueued = 100;
    const before = await usage.store.count();
    // The store is held busy (as by a long rollup): a large batch waits in the queue meanwhile.
    let release = () => {};
    let held: Promise<void> = Promise.resolve();
    await new Promise<void>((holding) => {
      held = (usage.store as DuckDbEventStore).exclusive(
        () =>
          new Promise<void>((resolve) => {
            release = resolve;
            holding();
          }),
      );
    });
    const origin = {
      uai: '0511085C',
      profile: 'ELEVE' as const,
      visitor: 'f'.repeat(64),
      classe: null,
      families: { device: 'autre' as const, os: 'autre', browser: 'autre' },
    };
    const big = Array.from({ length: 5000 }, (_, i) =>
      toStoredEvent(
        { time: '2026-03-16T09:00:00Z', service: 'notes', action: 'view', visitId: `visit-b${i}xxxx` },
        origin,
      ),
    );
    const writing = usage.queue.submit(big);
    const busy = await post(JSON.stringify([beacon({ visitId: busyVisit })]), { cookie: studentCookie });
    release();
    await held;
    await writing;
    usage.queue.maxQueued = saved;
    expect(busy.status).toBe(429);
    expect(busy.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await usage.store.count()).toBe(before + 5000);
    const again = await post(JSON.stringify([beacon({ visitId: busyVisit })]), { cookie: studentCookie });
    expect(again.status).toBe(200);
  });

  it('takes only visits the server issued to the same session, still open', async () => {
    const mine = await visitFor(studentCookie);
    const theirs = await visitFor(otherStudentCookie);
    const res = await post(
      JSON.stringify([
        beacon({ visitId: theirs }),
        beacon({ visitId: 'made-up-visit-1' }),
        beacon({ visitId: mine }),
      ]),
      { cookie: studentCookie },
    );
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['body.0.visitId', 'body.1.visitId']);
    // A visit lasts 12 hours at most (its session usually ends first).
    now = new Date(now.getTime() + 13 * 3600_000);
    const late = await post(JSON.stringify([beacon({ visitId: mine })]), { cookie: studentCookie });
    expect(late.status).toBe(400);
    now = new Date(now.getTime() - 13 * 3600_000);
  });

  it('bounds event times: not ahead of the clock, not before the visit, the account or the window', async () => {
    const visitId = await visitFor(studentCookie);
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    const res = await post(
      JSON.stringify([
        beacon({ visitId, time: at(4 * 60_000) }), // a clock a little ahead: kept
        beacon({ visitId, time: at(6 * 60_000) }),
        beacon({ visitId, time: '2031-06-02T10:00:00Z' }),
        beacon({ visitId, time: at(-3600_000) }), // before the visit began
        beacon({ visitId, time: '1999-03-15T10:00:00Z' }),
      ]),
      { cookie: studentCookie },
    );
    const body = await res.json();
    expect(body.accepted).toBe(1);
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.1.time',
      'body.2.time',
      'body.3.time',
      'body.4.time',
    ]);
    // A forwarding server may send a week of logs, not more.
    const forwarded = (time: string) =>
      beacon({ uai: '0511085C', profile: 'PARENT', visitor: 'ext-9', visitId: 'visit-f009', time });
    const fwd = await post(
      JSON.stringify([
        forwarded(at(-6 * 86_400_000)),
        forwarded(at(-8 * 86_400_000)),
        forwarded('2031-01-01T00:00:00Z'),
      ]),
      { authorization: `Bearer ${TOKEN}`, origin: '' },
    );
    const fb = await fwd.json();
    expect(fb.accepted).toBe(1);
    expect(fb.errors.map((e: { field: string }) => e.field)).toEqual(['body.1.time', 'body.2.time']);
  });

  it('refuses an account that must still choose its password, for visits and events', async () => {
    const cookie = `preau_session=${(await createSession(db, 'u-nouveau', now, 3600)).token}`;
    const visit = await app.request('/api/v1/events/visits', {
      method: 'POST',
      headers: { cookie, origin: 'http://localhost:8787' },
    });
    expect(visit.status).toBe(403);
    expect((await visit.json()).type).toMatch(/password-change-required/);
    const events = await post(JSON.stringify([beacon()]), { cookie });
    expect(events.status).toBe(403);
  });

  it('limits the visits a session opens and the events a platform token sends, with Retry-After', async () => {
    const cookie = `preau_session=${(await createSession(db, 'u-eleve2', now, 3600)).token}`;
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await app.request('/api/v1/events/visits', {
        method: 'POST',
        headers: { cookie, origin: 'http://localhost:8787' },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await res.json()).detail).toMatch(/visites/);
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(429);

    process.env.PREAU_EVENTS_PER_TOKEN_HOUR = '5';
    now = new Date(now.getTime() + 2 * 3600_000); // an hour of its own for this token
    try {
      const send = (n: number) =>
        post(
          JSON.stringify(
            Array.from({ length: n }, (_, i) =>
              beacon({ uai: '0511085C', profile: 'PARENT', visitor: `ext-${i}`, visitId: 'visit-f010' }),
            ),
          ),
          { authorization: `Bearer ${TOKEN}`, origin: '' },
        );
      expect((await send(3)).status).toBe(200);
      const over = await send(3);
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBeTruthy();
      expect((await send(2)).status).toBe(200);
    } finally {
      delete process.env.PREAU_EVENTS_PER_TOKEN_HOUR;
      now = new Date(now.getTime() - 2 * 3600_000);
    }
  });
});
