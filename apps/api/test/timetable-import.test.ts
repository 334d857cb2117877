import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SampleCollege, sampleCollege } from '../src/imports/samples/college.js';
import { siecleFiles, stsFile } from '../src/imports/samples/files.js';
import { edtCoursFile, holidaysIcs, sampleLessons, udtFiles } from '../src/imports/samples/timetable.js';
import { importDirectory } from '../src/imports/service.js';
import { calendarWithHolidays } from '../src/timetable/holidays.js';
import { importTimetable } from '../src/timetable/service.js';
import { buildTestApp, type TestApp } from './support/app.js';

describe('timetable import (EDT, UnDeuxTEMPS, official holidays)', () => {
  let t: TestApp;
  let college: SampleCollege;
  const seancesOf = (className: string) =>
    t.db.query<{ id: string; starts_at: Date; teacher_id: string }>(
      `SELECT s.id, s.starts_at, s.teacher_id FROM seances s JOIN classes c ON c.id = s.class_id
        WHERE c.name = $1 AND c.uai = $2 ORDER BY s.starts_at`,
      [className, t.fixture.schools.a.uai],
    );

  beforeAll(async () => {
    t = await buildTestApp();
    const a = t.fixture.schools.a;
    college = sampleCollege({
      uai: a.uai,
      schoolYear: 2026,
      divisionsPerLevel: 1,
      studentsPerDivision: 4,
      knownTeachers: [
        { firstName: a.teachers.maths.firstName, lastName: a.teachers.maths.lastName, subject: 'MATHS' },
      ],
    });
    await importDirectory(t.db, [...siecleFiles(college, '2026-11-10'), stsFile(college)], {
      now: t.clock.now(),
      apply: true,
    });
  });
  afterAll(() => t.close());

  it('reads the official calendar of one zone', () => {
    const a = calendarWithHolidays(2026, holidaysIcs(2026), 'A');
    const c = calendarWithHolidays(2026, holidaysIcs(2026), 'C');
    const winterA = a.holidays.find((h) => /Hiver/.test(h.name.fr))!;
    const winterC = c.holidays.find((h) => /Hiver/.test(h.name.fr))!;
    expect([winterA.from, winterA.to]).toEqual(['2027-02-06', '2027-02-21']);
    expect([winterC.from, winterC.to]).toEqual(['2027-02-20', '2027-03-07']);
    expect(a.lastClassDay).toBe('2027-07-02');
  });

  it('an EDT export gives the séances of the rest of the year, outside the zone’s holidays, idempotently', async () => {
    const lessons = sampleLessons(college);
    const files = [edtCoursFile(college, lessons)];
    const options = {
      uai: college.uai,
      now: t.clock.now(),
      holidaysIcs: holidaysIcs(2026),
      zone: 'B' as const,
    };
    const preview = await importTimetable(t.db, files, { ...options, apply: false });
    expect(preview.warnings).toEqual([]);
    expect(preview.lessons).toBe(lessons.length);
    const applied = await importTimetable(t.db, files, { ...options, apply: true });
    expect(applied.created).toBe(preview.seances);
    const again = await importTimetable(t.db, files, { ...options, apply: true });
    expect([again.created, again.removed]).toEqual([0, 0]);
    const sixA = await seancesOf('6A');
    expect(sixA.length).toBeGreaterThan(0);
    const days = sixA.map((s) => new Date(s.starts_at).toISOString().slice(0, 10));
    expect(days.every((d) => d >= '2026-11-16')).toBe(true);
    expect(days.some((d) => d >= '2026-12-19' && d < '2027-01-04')).toBe(false);
    expect(days.some((d) => d >= '2027-02-13' && d < '2027-03-01')).toBe(false); // zone B winter
    expect(days.some((d) => d >= '2027-02-06' && d < '2027-02-13')).toBe(true); // zone A's, not ours
    // The fortnightly lesson falls on alternate class weeks only.
    const fortnightly = lessons.find((l) => l.weeks === 'Q1')!;
    const q = await seancesOf(fortnightly.structure);
    expect(q.length).toBeGreaterThan(0);
  });

  it('UnDeuxTEMPS files give the same séances as the EDT export', async () => {
    const lessons = sampleLessons(college);
    const plan = await importTimetable(t.db, udtFiles(college, lessons), {
      uai: college.uai,
      now: t.clock.now(),
      holidaysIcs: holidaysIcs(2026),
      zone: 'B',
      apply: false,
    });
    expect(plan.warnings).toEqual([]);
    expect([plan.created, plan.removed]).toEqual([0, 0]);
  });

  it('the teacher whose account was adopted takes a roll call in an imported class', async () => {
    const teacher = t.fixture.schools.a.teachers.maths;
    const seance = (await seancesOf('6A')).find((s) => s.teacher_id === teacher.id)!;
    expect(seance).toBeDefined();
    const students = await t.db.query<{ id: string }>(
      "SELECT e.student_id AS id FROM enrolments e JOIN classes c ON c.id = e.class_id WHERE c.name = '6A' AND c.uai = $1",
      [college.uai],
    );
    const client = await t.as(teacher);
    const path = `/api/v1/attendance/seances/${seance.id}/roll-call`;
    const res = await client.put(path, {
      json: { marks: [{ studentId: students[0]!.id, status: 'absent' }] },
    });
    expect(res.status).toBe(200);
    const roll = (await (await client.get(path)).json()) as {
      entries: { studentId: string; status: string }[];
    };
    expect(roll.entries.find((e) => e.studentId === students[0]!.id)?.status).toBe('absent');
  });
});
