import { classDays, parisDateTime, parisToday, schoolCalendar, schoolYearOf } from '@preau/core';
import { suiteClock } from '@preau/core/testing/suite-clock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceTallies, justificationQueue, studentAttendance } from '../src/attendance/service.js';
import type { Db } from '../src/db/index.js';
import { LiveService } from '../src/live/service.js';
import type { Viewer } from '../src/policies/index.js';
import { attendanceSeed } from '../src/seed/attendance.js';
import type { SeedContext } from '../src/seed/index.js';
import { testEngine } from './support/db.js';
import { rowsOfModule, seedWithModule, viewerOf } from './support/seed.js';

/** The suite's date (`PREAU_TEST_CLOCK`, else now): `npm test` runs this file on several days of the year. */
const NOW = suiteClock()();
const TODAY = parisToday(() => NOW);
/** The class days whose roll calls the demo holds: the last ten before today (none on the first day). */
const WINDOW = classDays(schoolCalendar(schoolYearOf(TODAY)))
  .filter((d) => d < TODAY)
  .slice(-10);
const rowsOf = (seed: number) => rowsOfModule(attendanceSeed, seed, TODAY);

describe(`attendance demo data on ${TODAY} (generator)`, () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    const a = await rowsOf(7);
    expect(await rowsOf(7)).toBe(a);
    if (WINDOW.length > 0) expect(await rowsOf(8)).not.toBe(a);
  });
});

describe(`attendance demo data on ${TODAY} (${testEngine})`, () => {
  let db: Db;
  let demo: SeedContext['demo'];

  beforeAll(async () => {
    ({ db, demo } = await seedWithModule(attendanceSeed, TODAY));
  }, 180_000);
  afterAll(() => db.close());
  const ctx = (viewer: Viewer) => ({
    db,
    viewer,
    live: new LiveService({ db, clock: () => NOW }),
    now: NOW,
  });

  it('closes the roll calls of the last two weeks of classes, leaves today’s to do, and writes nothing later', async () => {
    const [c] = await db.query<{
      done: number;
      days: string[];
      today: number;
      later: number;
      statuses: string[];
    }>(
      `SELECT (SELECT count(*)::int FROM roll_calls WHERE closed_at IS NOT NULL) AS done,
              ARRAY(SELECT DISTINCT (s.starts_at AT TIME ZONE 'Europe/Paris')::date::text FROM roll_calls r
                      JOIN seances s ON s.id = r.seance_id ORDER BY 1) AS days,
              (SELECT count(*)::int FROM roll_calls r JOIN seances s ON s.id = r.seance_id
                WHERE s.starts_at >= $1) AS today,
              (SELECT count(*)::int FROM (
                 SELECT closed_at AS t FROM roll_calls UNION ALL SELECT recorded_at FROM attendance_entries
                 UNION ALL SELECT submitted_at FROM absence_justifications
                 UNION ALL SELECT decided_at FROM absence_justifications) w WHERE t > $2) AS later,
              ARRAY(SELECT DISTINCT status FROM attendance_entries ORDER BY 1) AS statuses`,
      [parisDateTime(TODAY, '00:00'), NOW],
    );
    expect(c!.days).toEqual(WINDOW);
    expect(c!.today).toBe(0);
    expect(c!.later).toBe(0);
    if (WINDOW.length === 0) {
      // The first day of classes: no roll call has been taken yet.
      expect(c!.done).toBe(0);
      return;
    }
    expect(c!.done).toBeGreaterThan(40 * WINDOW.length);
    expect(c!.statuses).toEqual(['absent', 'present', 'retard']);
  });

  it('gives the demo parent an absence to justify and one pending; the CPE a queue; some students an alert', async () => {
    const range = { from: WINDOW[0] ?? TODAY, to: TODAY };
    const parent = await viewerOf(db, demo.guardianId);
    const view = await studentAttendance(ctx(parent), demo.studentId, range);
    const states = view.entries.filter((e) => e.status === 'absent').map((e) => e.justificationState);
    const cpe = await viewerOf(db, demo.cpeId);
    const queue = await justificationQueue(ctx(cpe), { state: 'en_attente' });
    if (WINDOW.length < 2) {
      // One morning at most: the demo student's single absence is left to justify.
      expect(states.filter((s) => s !== null)).toEqual([]);
      return;
    }
    expect(states).toContain(null);
    expect(states).toContain('en_attente');
    expect(view.tally.lateCount).toBeGreaterThanOrEqual(1);
    expect(queue.length).toBeGreaterThan(3);
    const t = await attendanceTallies(ctx(cpe), { scope: 'etablissement', id: cpe.uai!, ...range });
    expect(t.total.absentHalfDays).toBeGreaterThan(t.total.unjustifiedHalfDays);
    if (WINDOW.length === 10) expect(t.total.studentsInAlert).toBeGreaterThan(0);
  });
});
