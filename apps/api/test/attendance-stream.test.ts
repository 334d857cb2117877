import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoticeHub } from '../src/attendance/notices.js';
import { saveRollCall } from '../src/attendance/service.js';
import { openNoticeStream, parseLastEventId } from '../src/attendance/stream.js';
import type { Db } from '../src/db/index.js';
import type { Viewer } from '../src/policies/index.js';
import { freshDb, testEngine } from './support/db.js';

async function seed(db: Db) {
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code) VALUES
      ('0510001A', 'Collège Jean Moulin', 'college', 'public', 'Reims', '051');
    INSERT INTO users (id, login, first_name, last_name, profile, uai) VALUES
      ('t1', 't1', 'Claire', 'Dubois', 'teacher', '0510001A'),
      ('s1', 's1', 'Léa', 'Martin', 'student', '0510001A'),
      ('s2', 's2', 'Hugo', 'Bernard', 'student', '0510001A'),
      ('g1', 'g1', 'Sophie', 'Martin', 'guardian', '0510001A'),
      ('g2', 'g2', 'Karim', 'Bernard', 'guardian', '0510001A');
    INSERT INTO guardianships VALUES ('s1', 'g1', 'mere'), ('s2', 'g2', 'pere');
    INSERT INTO classes (id, uai, kind, name, school_year) VALUES ('c4b', '0510001A', 'classe', '4e B', 2025);
    INSERT INTO enrolments VALUES ('c4b', 's1'), ('c4b', 's2');
    INSERT INTO subjects (id, uai, code, name) VALUES ('hg', '0510001A', 'HIGEO', 'Histoire-géographie');
    INSERT INTO seances (id, class_id, subject_id, teacher_id, starts_at, ends_at) VALUES
      ('se1', 'c4b', 'hg', 't1', '2026-01-12T07:00:00Z', '2026-01-12T08:00:00Z'),
      ('se2', 'c4b', 'hg', 't1', '2026-01-12T08:00:00Z', '2026-01-12T09:00:00Z');
  `);
}

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** Reads a stream's text and splits it into events (comments kept apart). */
function reader(stream: ReadableStream<Uint8Array>) {
  const r = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: SseEvent[] = [];
  const comments: string[] = [];
  async function until(pred: () => boolean, max = 50): Promise<void> {
    for (let i = 0; i < max && !pred(); i++) {
      const { value, done } = await r.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const ev: SseEvent = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else {
            const [k, ...rest] = line.split(': ');
            if (k === 'id' || k === 'event' || k === 'data') ev[k] = rest.join(': ');
          }
        }
        if (ev.id) events.push(ev);
        cut = buffer.indexOf('\n\n');
      }
    }
  }
  return { events, comments, until, cancel: () => r.cancel() };
}

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

describe(`attendance live stream on ${testEngine}`, () => {
  let db: Db;
  const hub = new NoticeHub();
  beforeAll(async () => {
    db = await freshDb();
    await seed(db);
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
    const parent = reader(openNoticeStream({ db, hub, userId: 'g1', keepAliveMs: 50 }));
    const other = reader(openNoticeStream({ db, hub, userId: 'g2', keepAliveMs: 50 }));
    await parent.until(() => parent.comments.length > 0);
    await other.until(() => other.comments.length > 0);
    expect(hub.openStreams).toBe(2);

    await saveRollCall({ db, viewer: teacher, wake: (ids) => hub.wake(ids) }, 'se1', {
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
    expect(hub.openStreams).toBe(1);
    await saveRollCall({ db, viewer: teacher, wake: (ids) => hub.wake(ids) }, 'se2', {
      marks: [{ studentId: 's1', status: 'retard', lateMinutes: 5 }],
      close: false,
    });
    await saveRollCall({ db, viewer: teacher, wake: (ids) => hub.wake(ids) }, 'se1', {
      marks: [{ studentId: 's1', status: 'present' }],
      close: false,
      reason: 'arrivée au CDI, erreur',
    });
    const again = reader(openNoticeStream({ db, hub, userId: 'g1', lastEventId: Number(lastId) }));
    await again.until(() => again.events.length >= 2);
    expect(again.events.map((e) => e.event)).toEqual(['attendance.entry', 'attendance.correction']);
    expect(Number(again.events[0]!.id)).toBeGreaterThan(Number(lastId));
    expect(Number(again.events[1]!.id)).toBeGreaterThan(Number(again.events[0]!.id));

    // A new stream without Last-Event-ID starts from now: nothing old is resent.
    const fresh = reader(openNoticeStream({ db, hub, userId: 'g1', keepAliveMs: 30 }));
    await fresh.until(() => fresh.comments.includes('keep-alive'));
    expect(fresh.events).toHaveLength(0);

    await Promise.all([again.cancel(), fresh.cancel(), other.cancel()]);
    expect(hub.openStreams).toBe(0);
  });

  it('stops when the request is aborted', async () => {
    const ac = new AbortController();
    const s = reader(openNoticeStream({ db, hub, userId: 'g2', signal: ac.signal }));
    await s.until(() => s.comments.length > 0);
    expect(hub.openStreams).toBe(1);
    ac.abort();
    expect(hub.openStreams).toBe(0);
  });
});
