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
import { freshDb } from '../support/db.js';

const TOKEN = 'forwarder-secret-token-123456';
let db: Db;
let dataDir: string;
let app: ReturnType<typeof createApp>;
let studentCookie: string;
let analystCookie: string;
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
    INSERT INTO users (id, login, first_name, last_name, profile, uai, must_change_password)
      VALUES ('u-eleve', 'eleve1', 'Léa', 'Martin', 'student', '0511085C', false);
    INSERT INTO users (id, login, first_name, last_name, profile, scope_kind, scope_code, must_change_password)
      VALUES ('u-analyst', 'analyste', 'Ana', 'Lyste', 'analyst', 'academie', '19', false);
    INSERT INTO classes (id, uai, kind, name, level, school_year) VALUES ('c-4b', '0511085C', 'classe', '4e B', '4e', 2025);
    INSERT INTO enrolments VALUES ('c-4b', 'u-eleve');
  `);
  const config = { ...loadConfig({}), dataDir };
  app = createApp({ db, config, files: localFileStore(dataDir) });
  const now = new Date();
  studentCookie = `preau_session=${(await createSession(db, 'u-eleve', now, 3600)).token}`;
  analystCookie = `preau_session=${(await createSession(db, 'u-analyst', now, 3600)).token}`;
});
afterAll(async () => {
  await closeUsageService(dataDir);
  await db.close();
  await rm(dataDir, { recursive: true, force: true });
});

const beacon = (over: Record<string, unknown> = {}) => ({
  time: '2026-03-16T08:15:00Z',
  service: 'notes',
  action: 'view',
  tool: 'preau-gradebook',
  visitId: 'visit-0001',
  ...over,
});
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
    const res = await post(
      JSON.stringify([
        beacon(),
        beacon({ service: 'cantine' }),
        beacon({ uai: '0000000A', profile: 'ENSEIGNANT' }),
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
    const usage = await usageServiceFor(dataDir);
    const rows = await (usage.store as DuckDbEventStore).query(
      `SELECT uai, profile, classe, device, os, browser, visitor FROM events ORDER BY time`,
    );
    expect(rows).toHaveLength(2);
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
    const nd = `${JSON.stringify(beacon({ visitId: 'visit-0002' }))}\n${JSON.stringify(beacon({ visitId: 'visit-0003' }))}\n`;
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
    const usage = await usageServiceFor(dataDir);
    const [row] = await (usage.store as DuckDbEventStore).query(
      `SELECT profile, visitor, device FROM events WHERE visit_id = 'visit-f001'`,
    );
    expect(row).toMatchObject({ profile: 'PARENT', device: 'smartphone' });
    expect(row!.visitor).not.toBe('ext-42');
    expect(row!.visitor).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 429 with Retry-After when the queue is full, and stores nothing of that batch', async () => {
    const usage = await usageServiceFor(dataDir);
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
    const busy = await post(JSON.stringify([beacon({ visitId: 'visit-busy' })]), { cookie: studentCookie });
    release();
    await held;
    await writing;
    usage.queue.maxQueued = saved;
    expect(busy.status).toBe(429);
    expect(busy.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await usage.store.count()).toBe(before + 5000);
    const again = await post(JSON.stringify([beacon({ visitId: 'visit-busy' })]), { cookie: studentCookie });
    expect(again.status).toBe(200);
  });
});
