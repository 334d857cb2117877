import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveRollCall } from '../src/attendance/service.js';
import { createSession } from '../src/auth/sessions.js';
import type { Db } from '../src/db/index.js';
import { HttpProblem } from '../src/http/problem.js';
import { LiveService, MAX_STREAMS_PER_SESSION } from '../src/live/service.js';
import { parseLastEventId } from '../src/live/stream.js';
import type { Viewer } from '../src/policies/index.js';
import { freshDb, testEngine } from './support/db.js';
import { seedLiveSchool } from './support/live-school.js';
import { sseReader } from './support/sse.js';

const teacher: Viewer = {
  id: 't1',
  login: 't1',
  firstName: 'Claire',
  lastName: 'Dubois',
  profile: 'teacher',
  functions: [],
  uai: '0510001A',
  scopeKind: null,
  scopeCode: null,
  mustChangePassword: false,
};

describe(`live notices and their streams on ${testEngine}`, () => {
  let db: Db;
  let live: LiveService;
  // Monday 12 January 2026, 10:00 in Paris: a school day, outside quiet hours, after both séances.
  let now = new Date('2026-01-12T09:00:00Z');
  const clock = () => now;
  const sessions: Record<string, string> = {};
  const open = (userId: string, more: Partial<Parameters<LiveService['openStream']>[0]> = {}) =>
    sseReader(live.openStream({ userId, sessionId: sessions[userId]!, keepAliveMs: 50, ...more }));
  const ctx = () => ({ db, viewer: teacher, live, now });

  beforeAll(async () => {
    db = await freshDb();
    await seedLiveSchool(db);
    live = new LiveService({ db, clock });
    for (const id of ['g1', 'g2']) sessions[id] = (await createSession(db, id, now, 8 * 3600)).id;
  });
  afterAll(() => db.close());

  it('reads Last-Event-ID strictly', () => {
    expect(parseLastEventId('42')).toBe(42);
    expect(parseLastEventId(' 7 ')).toBe(7);
    expect(parseLastEventId('-1')).toBeUndefined();
    expect(parseLastEventId('abc')).toBeUndefined();
    expect(parseLastEventId(null)).toBeUndefined();
  });

  it('pushes a child’s absence to their guardian only, replays on reconnection, and cleans up', async () => {
    const parent = open('g1');
    const other = open('g2');
    await parent.until(() => parent.comments.length > 0);
    await other.until(() => other.comments.length > 0);
    expect(live.hub.openStreams).toBe(2);

    await saveRollCall(ctx(), 'se1', {
      marks: [
        { studentId: 's1', status: 'absent' },
        { studentId: 's2', status: 'present' },
      ],
      close: true,
    });
    await parent.until(() => parent.events.length >= 1);
    expect(parent.events[0]!.event).toBe('attendance.entry');
    expect(JSON.parse(parent.events[0]!.data!)).toMatchObject({
      studentId: 's1',
      status: 'absent',
      subject: 'Histoire-géographie',
    });
    // keep-alive comments arrive while idle; g2's stream got no event
    await other.until(() => other.comments.includes('keep-alive'));
    expect(other.events).toHaveLength(0);

    // The parent disconnects; two notices happen meanwhile; the reconnection replays both, in order.
    const lastId = parent.events[0]!.id!;
    await parent.cancel();
    expect(live.hub.openStreams).toBe(1);
    await saveRollCall(ctx(), 'se2', {
      marks: [{ studentId: 's1', status: 'retard', lateMinutes: 5 }],
      close: false,
    });
    await saveRollCall(ctx(), 'se1', {
      marks: [{ studentId: 's1', status: 'present' }],
      close: false,
      reason: 'arrivée au CDI, erreur',
    });
    const again = open('g1', { lastEventId: Number(lastId), keepAliveMs: 20_000 });
    await again.until(() => again.events.length >= 2);
    expect(again.events.map((e) => e.event)).toEqual(['attendance.entry', 'attendance.correction']);
    expect(Number(again.events[0]!.id)).toBeGreaterThan(Number(lastId));
    expect(Number(again.events[1]!.id)).toBeGreaterThan(Number(again.events[0]!.id));

    // A new stream without Last-Event-ID starts from now: nothing old is resent.
    const fresh = open('g1', { keepAliveMs: 30 });
    await fresh.until(() => fresh.comments.includes('keep-alive'));
    expect(fresh.events).toHaveLength(0);

    // A stream of other areas only does not carry attendance's notices.
    const messagesOnly = open('g1', { areas: ['messages'], lastEventId: 0, follow: false });
    await messagesOnly.until(() => messagesOnly.done);
    expect(messagesOnly.events).toHaveLength(0);

    await Promise.all([again.cancel(), fresh.cancel(), other.cancel()]);
    expect(live.hub.openStreams).toBe(0);
  });

  it('stops when the request is aborted', async () => {
    const ac = new AbortController();
    const s = open('g2', { signal: ac.signal });
    await s.until(() => s.comments.length > 0);
    expect(live.hub.openStreams).toBe(1);
    ac.abort();
    expect(live.hub.openStreams).toBe(0);
  });

  it(`caps the streams of a session at ${MAX_STREAMS_PER_SESSION}`, async () => {
    const streams = Array.from({ length: MAX_STREAMS_PER_SESSION }, () =>
      open('g2', { keepAliveMs: 20_000 }),
    );
    await Promise.all(streams.map((s) => s.until(() => s.comments.length > 0)));
    let refused: unknown;
    try {
      open('g2');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(HttpProblem);
    expect((refused as HttpProblem).problem).toMatchObject({
      status: 429,
      type: '/api/docs#probleme-too-many-streams',
    });
    // another session of the same person has its own allowance
    const other = sseReader(
      live.openStream({
        userId: 'g2',
        sessionId: (await createSession(db, 'g2', now, 3600)).id,
        keepAliveMs: 20_000,
      }),
    );
    await other.until(() => other.comments.length > 0);
    await Promise.all([...streams, other].map((s) => s.cancel()));
    expect(live.hub.openStreams).toBe(0);
  });

  it('ends a stream whose session expired before delivering anything more', async () => {
    const session = (await createSession(db, 'g2', now, 3600)).id;
    const stream = sseReader(live.openStream({ userId: 'g2', sessionId: session, keepAliveMs: 20_000 }));
    await stream.until(() => stream.comments.length > 0);
    now = new Date(now.getTime() + 3601_000);
    await db.transaction((tx) =>
      live.publish(tx, { audience: ['g2'], kind: 'messages.new', payload: { late: true }, uai: null }),
    );
    await stream.until(() => stream.done);
    expect(stream.done).toBe(true);
    expect(stream.events).toHaveLength(0);
    expect(stream.comments).toContain('session terminée');
    expect(live.hub.openStreams).toBe(0);
    now = new Date('2026-01-12T09:00:00Z');
  });

  it('holds a notice through quiet hours, then delivers it when the clock reaches their end', async () => {
    // Friday 16 January 2026, 21:00 in Paris: quiet until Monday 19 January, 07:00 (06:00 UTC).
    now = new Date('2026-01-16T20:00:00Z');
    const session = (await createSession(db, 'g2', now, 4 * 24 * 3600)).id;
    const stream = sseReader(live.openStream({ userId: 'g2', sessionId: session, keepAliveMs: 20_000 }));
    await stream.until(() => stream.comments.length > 0);
    const published = await db.transaction((tx) =>
      live.publish(tx, {
        audience: ['g2'],
        kind: 'messages.new',
        payload: { subject: 'Sortie' },
        uai: '0510001A',
      }),
    );
    expect(published.deliverAt.toISOString()).toBe('2026-01-19T06:00:00.000Z');
    // a notice that cannot wait goes out at once
    await db.transaction((tx) =>
      live.publish(tx, {
        audience: ['g2'],
        kind: 'attendance.entry',
        payload: { status: 'absent' },
        uai: '0510001A',
        quietHours: 'bypass',
      }),
    );
    await stream.until(() => stream.events.length >= 1);
    expect(stream.events.map((e) => e.event)).toEqual(['attendance.entry']);
    now = new Date('2026-01-19T05:59:59Z');
    expect(await live.deliverDue()).toBe(0);
    now = new Date('2026-01-19T06:00:00Z');
    expect(await live.deliverDue()).toBe(1);
    await stream.until(() => stream.events.length >= 2);
    expect(stream.events.map((e) => e.event)).toEqual(['attendance.entry', 'messages.new']);
    expect(Number(stream.events[1]!.id)).toBeGreaterThan(Number(stream.events[0]!.id));
    await stream.cancel();
    now = new Date('2026-01-12T09:00:00Z');
  });

  it('writes nothing and wakes nobody when the publishing transaction rolls back', async () => {
    const stream = open('g2', { keepAliveMs: 20_000 });
    await stream.until(() => stream.comments.length > 0);
    await db
      .transaction(async (tx) => {
        await live.publish(tx, { audience: ['g2'], kind: 'messages.new', payload: {}, uai: null });
        throw new Error('refused after publishing');
      })
      .catch(() => {});
    const [row] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM live_notices WHERE payload = '{}'::jsonb",
    );
    expect(row!.n).toBe(0);
    await stream.cancel();
    expect(stream.events).toHaveLength(0);
  });
});
