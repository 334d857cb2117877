import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { LocalDiskStore } from '../../src/files/store.js';
import { studentAgenda } from '../../src/lesson-log/agenda.js';
import { classLessonLog, visaOverview } from '../../src/lesson-log/cahier.js';
import type { LessonLogContext } from '../../src/lesson-log/entries.js';
import { LiveService } from '../../src/live/service.js';
import type { SeedContext } from '../../src/seed/index.js';
import { lessonLogSeed } from '../../src/seed/lesson-log.js';
import { testEngine } from '../support/db.js';
import { rowsOfModule, seedWithModule, viewerOf } from '../support/seed.js';

const TODAY = '2026-11-19'; // a Thursday, after the Toussaint holidays
const NOW = new Date('2026-11-19T06:30:00Z');

describe('cahier de textes demo data (generator)', () => {
  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    const a = await rowsOfModule(lessonLogSeed, 7, TODAY);
    expect(await rowsOfModule(lessonLogSeed, 7, TODAY)).toBe(a);
    expect(await rowsOfModule(lessonLogSeed, 8, TODAY)).not.toBe(a);
  });
});

describe(`cahier de textes demo data (${testEngine})`, () => {
  let db: Db;
  let demo: SeedContext['demo'];
  const ctxOf = async (userId: string): Promise<LessonLogContext> => ({
    db,
    viewer: await viewerOf(db, userId),
    now: NOW,
    files: new LocalDiskStore('/nonexistent'),
    live: new LiveService({ db, clock: () => NOW }),
  });

  beforeAll(async () => {
    ({ db, demo } = await seedWithModule(lessonLogSeed, TODAY));
  }, 180_000);
  afterAll(() => db.close());

  it('fills every séance of every class and group from the rentrée to yesterday, and none from today', async () => {
    const [c] = await db.query<{
      before: number;
      entries: number;
      later: number;
      empty: number;
      published: number;
    }>(
      `SELECT (SELECT count(*)::int FROM seances s JOIN classes c ON c.id = s.class_id
                WHERE c.uai = '0511085C' AND s.starts_at < '2026-11-18T23:00:00Z') AS before,
              (SELECT count(*)::int FROM lesson_entries) AS entries,
              (SELECT count(*)::int FROM lesson_entries WHERE date >= '2026-11-19') AS later,
              (SELECT count(*)::int FROM classes c WHERE c.uai = '0511085C'
                 AND NOT EXISTS (SELECT 1 FROM lesson_entries e WHERE e.class_id = c.id)) AS empty,
              (SELECT count(*)::int FROM lesson_entries WHERE publish_at <= '2026-11-18T23:00:00Z') AS published`,
    );
    expect(c!.entries).toBe(c!.before);
    expect(c!.entries).toBeGreaterThan(3000);
    expect(c).toMatchObject({ later: 0, empty: 0, published: c!.entries });
    const types = await db.query<{ type: string }>('SELECT DISTINCT type FROM lesson_work ORDER BY 1');
    expect(types.map((t) => t.type)).toEqual([
      'autre',
      'dm',
      'ds',
      'exercices',
      'expose',
      'lecon',
      'recherche',
    ]);
  });

  it('gives the demo student work for tomorrow, not yet ticked, and most past work ticked', async () => {
    const agenda = await studentAgenda(await ctxOf(demo.studentId), demo.studentId, {});
    expect(agenda.nextClassDay).toBe('2026-11-20');
    const tomorrow = agenda.work.filter((w) => w.dueOn === agenda.nextClassDay);
    expect(tomorrow.length).toBeGreaterThan(0);
    expect(tomorrow.every((w) => !w.done)).toBe(true);
    const past = await studentAgenda(await ctxOf(demo.guardianId), demo.studentId, {
      from: '2026-09-01',
      to: '2026-11-18',
    });
    const ticked = past.work.filter((w) => w.done).length / past.work.length;
    expect(ticked).toBeGreaterThan(0.6);
    expect(ticked).toBeLessThan(0.95);
  });

  it('has the Toussaint visa on every cahier, and one visible amendment in the demo class', async () => {
    const principal = await ctxOf(demo.principalId);
    const overview = await visaOverview(principal, '0511085C');
    expect(overview.classes.length).toBeGreaterThan(20);
    for (const c of overview.classes) {
      expect(c.visa?.upTo, c.name).toBe('2026-10-16');
      expect(c.entriesSinceVisa, c.name).toBeGreaterThan(0);
    }
    const log = await classLessonLog(await ctxOf(demo.studentId), demo.classId, {
      from: '2026-09-01',
      to: '2026-10-16',
    });
    const amended = log.entries.filter((e) => e.amendments.length > 0);
    expect(amended).toHaveLength(1);
    expect(amended[0]).toMatchObject({ locked: true, teacher: { id: demo.teacherId } });
    expect(amended[0]!.contentHtml).toContain('Rectificatif');
    expect(amended[0]!.amendments[0]).toMatchObject({
      reason: 'Numéro de page erroné.',
      visaUpTo: '2026-10-16',
    });
  });
});
