/** Live notices on PostgreSQL: commit order per recipient under concurrent transactions, and other processes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/auth/sessions.js';
import { type Db, openPostgres } from '../src/db/index.js';
import { LiveService } from '../src/live/service.js';
import { databaseUrlOf, freshDb } from './support/db.js';
import { seedLiveSchool } from './support/live-school.js';
import { sseReader } from './support/sse.js';

describe('live notices on PostgreSQL', () => {
  let db: Db;
  let live: LiveService;
  // Monday 12 January 2026, 10:00 in Paris: a school day, outside quiet hours.
  const now = new Date('2026-01-12T09:00:00Z');
  const clock = () => now;
  const sessions: Record<string, string> = {};
  const open = (userId: string) =>
    sseReader(live.openStream({ userId, sessionId: sessions[userId]!, keepAliveMs: 50 }));

  beforeAll(async () => {
    db = await freshDb();
    await seedLiveSchool(db);
    live = new LiveService({ db, clock });
    for (const id of ['g1', 'g2']) sessions[id] = (await createSession(db, id, now, 8 * 3600)).id;
  });
  afterAll(() => db.close());

  it("keeps one recipient's notices in commit order, and lets notices to someone else through meanwhile", async () => {
    const stream = open('g1');
    await stream.until(() => stream.comments.length > 0);
    const tell = (tx: Db, userId: string, n: number) =>
      live.publish(tx, { audience: [userId], kind: 'messages.new', payload: { n }, uai: null });
    let commitFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    let firstWritten!: () => void;
    const written = new Promise<void>((resolve) => {
      firstWritten = resolve;
    });
    const first = db.transaction(async (tx) => {
      await tell(tx, 'g1', 1);
      firstWritten();
      await firstHeld;
    });
    await written;
    // Another transaction telling g1 waits for the first to commit (else its later seq could be read first)…
    const second = db.transaction((tx) => tell(tx, 'g1', 2));
    const waiting = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
        )
      )[0]!.n;
    while ((await waiting()) === 0) await new Promise((r) => setTimeout(r, 10));
    // …while one telling somebody else goes through at once.
    await db.transaction((tx) => tell(tx, 'g2', 3));
    commitFirst();
    await Promise.all([first, second]);
    await stream.until(() => stream.events.length >= 2);
    expect(stream.events.map((e) => JSON.parse(e.data!).n)).toEqual([1, 2]);
    expect(Number(stream.events[1]!.id)).toBeGreaterThan(Number(stream.events[0]!.id));
    stream.cancel();
  });

  it('reaches a stream held by another API process through LISTEN/NOTIFY', async () => {
    // Another process: its own connections to the same server, its own hub.
    const otherDb = await openPostgres(databaseUrlOf(db)!);
    const other = new LiveService({ db: otherDb, clock });
    const mine = new LiveService({ db, clock });
    await other.start();
    await mine.start();
    try {
      const session = (await createSession(db, 'g1', now, 3600)).id;
      const held = sseReader(other.openStream({ userId: 'g1', sessionId: session, keepAliveMs: 20_000 }));
      await held.until(() => held.comments.length > 0);
      await db.transaction((tx) =>
        mine.publish(tx, { audience: ['g1'], kind: 'messages.new', payload: { n: 1 }, uai: null }),
      );
      await held.until(() => held.events.length >= 1);
      expect(held.events.map((e) => JSON.parse(e.data!).n)).toEqual([1]);
      // signing out in one process ends the stream held by the other
      await mine.endSessions([session]);
      await held.until(() => held.done);
      expect(held.done).toBe(true);
    } finally {
      await mine.close();
      await other.close();
      await otherDb.close();
    }
  });
});
