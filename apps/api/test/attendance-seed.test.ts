import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceTallies, justificationQueue, studentAttendance } from '../src/attendance/service.js';
import type { Db } from '../src/db/index.js';
import { LiveService } from '../src/live/service.js';
import type { Viewer } from '../src/policies/index.js';
import { attendanceSeed } from '../src/seed/attendance.js';
import type { SeedContext } from '../src/seed/index.js';
import { testEngine } from './support/db.js';
import { rowsOfModule, seedWithModule, viewerOf } from './support/seed.js';

const TODAY = '2026-11-19';
const NOON = new Date(`${TODAY}T11:00:00Z`);
const rowsOf = (seed: number) => rowsOfModule(attendanceSeed, seed, TODAY);

describe('attendance demo data (generator)', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    const a = await rowsOf(7);
    expect(await rowsOf(7)).toBe(a);
    expect(await rowsOf(8)).not.toBe(a);
  });
});

describe(`attendance demo data (${testEngine})`, () => {
  let db: Db;
  let demo: SeedContext['demo'];

  beforeAll(async () => {
    ({ db, demo } = await seedWithModule(attendanceSeed, TODAY));
  }, 180_000);
  afterAll(() => db.close());
  const ctx = (viewer: Viewer) => ({
    db,
    viewer,
    live: new LiveService({ db, clock: () => NOON }),
    now: NOON,
  });

  it('closes the roll calls of the two weeks before today and leaves today’s to do', async () => {
    const [c] = await db.query<{ done: number; today: number; statuses: string[] }>(
      `SELECT (SELECT count(*)::int FROM roll_calls WHERE closed_at IS NOT NULL) AS done,
              (SELECT count(*)::int FROM roll_calls r JOIN seances s ON s.id = r.seance_id
                WHERE s.starts_at >= '2026-11-18T23:00:00Z') AS today,
              ARRAY(SELECT DISTINCT status FROM attendance_entries ORDER BY 1) AS statuses`,
    );
    expect(c!.done).toBeGreaterThan(500);
    expect(c!.today).toBe(0);
    expect(c!.statuses).toEqual(['absent', 'present', 'retard']);
  });

  it('gives the demo parent an absence to justify and one pending; the CPE a queue; some students an alert', async () => {
    const parent = await viewerOf(db, demo.guardianId);
    const view = await studentAttendance(ctx(parent), demo.studentId, {
      from: '2026-11-01',
      to: '2026-11-30',
    });
    const states = view.entries.filter((e) => e.status === 'absent').map((e) => e.justificationState);
    expect(states).toContain(null);
    expect(states).toContain('en_attente');
    expect(view.tally.lateCount).toBeGreaterThanOrEqual(1);
    const cpe = await viewerOf(db, demo.cpeId);
    expect((await justificationQueue(ctx(cpe), { state: 'en_attente' })).length).toBeGreaterThan(3);
    const t = await attendanceTallies(ctx(cpe), {
      scope: 'etablissement',
      id: cpe.uai!,
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(t.total.studentsInAlert).toBeGreaterThan(0);
    expect(t.total.absentHalfDays).toBeGreaterThan(t.total.unjustifiedHalfDays);
  });
});
