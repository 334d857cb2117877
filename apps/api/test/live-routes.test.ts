import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STREAMS_PER_SESSION } from '../src/live/service.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import { FIXTURE_PASSWORD } from './support/fixture.js';
import { sseReader } from './support/sse.js';

/** Streams end with their session: sign-out, password change, expiry, closed account; capped per session. */
describe(`live streams over HTTP (${testEngine})`, () => {
  let t: TestApp;
  let a: TestApp['fixture']['schools']['a'];
  let teacher: TestClient;
  const rollCall = () => `/api/v1/attendance/seances/${a.seances.maths4a}/roll-call`;
  /** Marks s1 with the next status of a cycle, so that every save makes a new notice for s1's guardians. */
  let turn = 0;
  const markS1 = async () => {
    const status = turn++ % 2 === 0 ? 'absent' : 'retard';
    const res = await teacher.put(rollCall(), {
      json: {
        marks: [{ studentId: a.students.s1.id, status, ...(status === 'retard' ? { lateMinutes: 5 } : {}) }],
        reason: 'correction',
      },
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    teacher = await t.as(a.teachers.maths);
  });
  afterAll(() => t.close());

  it('stops delivering to a stream opened before sign-out', async () => {
    const parent = await t.as(a.guardians.s1a);
    const stream = sseReader(await parent.get('/api/v1/live/stream'));
    await markS1();
    await stream.until(() => stream.events.length >= 1);
    expect(stream.events.map((e) => e.event)).toEqual(['attendance.entry']);

    expect((await parent.post('/api/v1/auth/logout')).status).toBe(204);
    await stream.until(() => stream.done);
    expect(stream.done).toBe(true);
    await markS1();
    expect(stream.events).toHaveLength(1);
    expect((await parent.get('/api/v1/live/stream')).status).toBe(401);
    expect(t.live.hub.openStreams).toBe(0);
  });

  it('ends the other sessions’ streams on a password change, and keeps the one that made it', async () => {
    const user = a.guardians.s1b;
    const phone = t.client();
    expect((await phone.signIn(user.login, FIXTURE_PASSWORD)).status).toBe(200);
    const laptop = t.client();
    expect((await laptop.signIn(user.login, FIXTURE_PASSWORD)).status).toBe(200);
    const onPhone = sseReader(await phone.get('/api/v1/attendance/stream'));
    const onLaptop = sseReader(await laptop.get('/api/v1/attendance/stream'));
    await onPhone.until(() => onPhone.comments.length > 0);
    await onLaptop.until(() => onLaptop.comments.length > 0);

    const changed = await laptop.post('/api/v1/auth/password', {
      json: { currentPassword: FIXTURE_PASSWORD, newPassword: 'Préau-nouveau-2026!' },
    });
    expect(changed.status).toBe(204);
    await onPhone.until(() => onPhone.done);
    expect(onPhone.done).toBe(true);

    await markS1();
    await onLaptop.until(() => onLaptop.events.length >= 1);
    expect(onLaptop.events.map((e) => e.event)).toEqual(['attendance.entry']);
    expect(onPhone.events).toHaveLength(0);
    await onLaptop.cancel();
  });

  it('stops delivering when the account is closed', async () => {
    const parent = await t.as(a.guardians.s1a);
    const stream = sseReader(await parent.get('/api/v1/live/stream?areas=attendance'));
    await stream.until(() => stream.comments.length > 0);
    await t.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [a.guardians.s1a.id]);
    try {
      await markS1();
      await stream.until(() => stream.done);
      expect(stream.events).toHaveLength(0);
      expect(stream.done).toBe(true);
    } finally {
      await t.db.query('UPDATE users SET disabled_at = NULL WHERE id = $1', [a.guardians.s1a.id]);
    }
  });

  it(`answers a clear 429 beyond ${MAX_STREAMS_PER_SESSION} streams of one session`, async () => {
    const parent = await t.as(a.guardians.s2a);
    const open = await Promise.all(
      Array.from({ length: MAX_STREAMS_PER_SESSION }, () => parent.get('/api/v1/live/stream')),
    );
    expect(open.map((r) => r.status)).toEqual(Array(MAX_STREAMS_PER_SESSION).fill(200));
    const refused = await parent.get('/api/v1/attendance/stream');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    const p = await problemOf(refused);
    expect(p.type).toBe('/api/docs#probleme-too-many-streams');
    expect(p.detail).toMatch(/6 au plus/);
    await Promise.all(open.map((r) => r.body!.cancel()));
    expect((await parent.get('/api/v1/live/stream?follow=false')).status).toBe(200);
  });

  it('names a bad area list', async () => {
    const parent = await t.as(a.guardians.s2a);
    const res = await parent.get('/api/v1/live/stream?areas=attendance,Messages%20!');
    expect((await problemOf(res)).errors?.map((e) => e.field)).toEqual(['query.areas']);
  });

  it('lets the direction set the établissement’s quiet hours, members read them, and checks them', async () => {
    const path = `/api/v1/etablissements/${a.uai}/quiet-hours`;
    const parent = await t.as(a.guardians.s2a);
    expect(await (await parent.get(path)).json()).toEqual({
      enabled: true,
      from: '20:00',
      until: '07:00',
      weekends: true,
      holidays: true,
    });
    const principal = await t.as(a.principal);
    const set = await principal.put(path, {
      json: { enabled: true, from: '19:00', until: '07:30', weekends: true, holidays: false },
    });
    expect(set.status).toBe(200);
    expect((await (await parent.get(path)).json()).from).toBe('19:00');
    const bad = await principal.put(path, { json: { from: '25:00', until: '07:00' } });
    expect((await problemOf(bad)).errors?.map((e) => e.field)).toEqual(['body.from']);
    expect((await teacher.put(path, { json: { from: '21:00' } })).status).toBe(403);
    const badUai = await principal.get('/api/v1/etablissements/0511085Z/quiet-hours');
    expect((await problemOf(badUai)).errors?.map((e) => e.field)).toEqual(['params.uai']);
  });
});
