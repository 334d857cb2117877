import type { LessonEntryView, StudentAgendaView, WorkloadView } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { problemOf } from '../support/client.js';
import { testEngine } from '../support/db.js';
import { addGroup, entryBody, json } from './support.js';

const MONDAY = new Date('2026-11-16T08:30:00Z');

describe(`cahier de textes: the student's agenda, ticks and the class's workload (${testEngine})`, () => {
  let t: TestApp;
  let entry: LessonEntryView;
  beforeAll(async () => {
    t = await buildTestApp();
    const a = t.fixture.schools.a;
    const teacher = await t.as(a.teachers.maths);
    entry = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a, {
          work: [
            { type: 'lecon', title: 'Apprendre la définition', dueOn: '2026-11-17', estimatedMinutes: 15 },
            { type: 'exercices', title: 'Exercices 12 et 13', dueOn: '2026-11-17', estimatedMinutes: 25 },
            { type: 'dm', title: 'DM n°3', dueOn: '2026-11-23', estimatedMinutes: 60 },
          ],
        }),
      }),
      201,
    );
    // French gives 4e A work due Thursday, scheduled for tomorrow morning.
    await t.db.query("INSERT INTO teaching_assignments VALUES ('ag_ta', $1, $2, $3)", [
      a.teachers.francais.id,
      a.classes.c4a,
      a.subjects.francais,
    ]);
    await json(
      await (await t.as(a.teachers.francais)).post('/api/v1/lesson-log/entries', {
        json: entryBody(a, {
          subjectId: a.subjects.francais,
          seanceId: null,
          title: 'Le récit',
          publishAt: '2026-11-17T06:00:00Z',
          work: [
            { type: 'expose', title: 'Exposé sur Maupassant', dueOn: '2026-11-19', estimatedMinutes: 40 },
          ],
        }),
      }),
      201,
    );
  });
  afterAll(() => t.close());
  const a = () => t.fixture.schools.a;

  it('shows a student the published work by due date, with what is for tomorrow', async () => {
    const student = await t.as(a().students.s1);
    const agenda = await json<StudentAgendaView>(
      await student.get(`/api/v1/lesson-log/students/${a().students.s1.id}/work`),
    );
    expect(agenda).toMatchObject({
      student: { id: a().students.s1.id, firstName: 'Camille' },
      today: '2026-11-16',
      nextClassDay: '2026-11-17',
      from: '2026-11-16',
      to: '2026-11-29',
      canTick: true,
    });
    expect(agenda.work.map((w) => [w.dueOn, w.subject.code, w.title, w.done])).toEqual([
      ['2026-11-17', 'MATHS', 'Apprendre la définition', false],
      ['2026-11-17', 'MATHS', 'Exercices 12 et 13', false],
      ['2026-11-23', 'MATHS', 'DM n°3', false],
    ]);
    expect(agenda.work[0]).toMatchObject({
      teacher: { name: 'Hélène MATHSA' },
      entryTitle: 'Les fractions',
      entryDate: '2026-11-16',
    });
  });

  it('lets the student tick work done; the parent sees it ticked and may not tick', async () => {
    const student = await t.as(a().students.s1);
    const workId = entry.work[1]!.id;
    const tick = await json(
      await student.put(`/api/v1/lesson-log/work/${workId}/done`, { json: { done: true } }),
    );
    expect(tick).toEqual({ workId, done: true, doneAt: MONDAY.toISOString() });
    // Ticking twice keeps the first time.
    t.clock.advance(60_000);
    expect(
      await json(await student.put(`/api/v1/lesson-log/work/${workId}/done`, { json: { done: true } })),
    ).toEqual(tick);
    t.clock.current = new Date(MONDAY);

    const parent = await t.as(a().guardians.s1a);
    const seen = await json<StudentAgendaView>(
      await parent.get(`/api/v1/lesson-log/students/${a().students.s1.id}/work`),
    );
    expect(seen.canTick).toBe(false);
    expect(seen.work.find((w) => w.id === workId)).toMatchObject({
      done: true,
      doneAt: MONDAY.toISOString(),
    });
    expect(
      (await parent.put(`/api/v1/lesson-log/work/${workId}/done`, { json: { done: false } })).status,
    ).toBe(403);
    // Each student ticks for themselves: Lucas's agenda is untouched.
    const lucas = await json<StudentAgendaView>(
      await (await t.as(a().students.s2)).get(`/api/v1/lesson-log/students/${a().students.s2.id}/work`),
    );
    expect(lucas.work.find((w) => w.id === workId)?.done).toBe(false);
    // A student of another class, another school.
    expect(
      (
        await (
          await t.as(a().students.s3)
        ).put(`/api/v1/lesson-log/work/${workId}/done`, { json: { done: true } })
      ).status,
    ).toBe(403);
    const far = await t.as(t.fixture.schools.c.students.s1);
    expect((await far.put(`/api/v1/lesson-log/work/${workId}/done`, { json: { done: true } })).status).toBe(
      404,
    );
    // Unticking.
    expect(
      await json(await student.put(`/api/v1/lesson-log/work/${workId}/done`, { json: { done: false } })),
    ).toEqual({
      workId,
      done: false,
      doneAt: null,
    });
  });

  it('counts "pour demain" from the next class day: on Friday it is Monday’s work', async () => {
    t.clock.current = new Date('2026-11-20T16:00:00Z');
    try {
      const parent = await t.as(a().guardians.s1b);
      const agenda = await json<StudentAgendaView>(
        await parent.get(`/api/v1/lesson-log/students/${a().students.s1.id}/work`),
      );
      expect(agenda.nextClassDay).toBe('2026-11-23');
      expect(agenda.work.filter((w) => w.dueOn === agenda.nextClassDay).map((w) => w.title)).toEqual([
        'DM n°3',
      ]);
    } finally {
      t.clock.current = new Date(MONDAY);
    }
  });

  it('weighs a class’s work per day and week against the établissement’s limits', async () => {
    const principal = await t.as(a().principal);
    const settings = `/api/v1/lesson-log/etablissements/${a().uai}/settings`;
    expect(await json(await principal.get(settings))).toEqual({
      dailyWorkloadLimitMinutes: 90,
      weeklyWorkloadLimitMinutes: 360,
    });
    const bad = await principal.put(settings, {
      json: { dailyWorkloadLimitMinutes: -5, weeklyWorkloadLimitMinutes: 360 },
    });
    expect((await problemOf(bad)).errors?.[0]?.field).toBe('body.dailyWorkloadLimitMinutes');
    expect(
      (
        await (
          await t.as(a().teachers.maths)
        ).put(settings, { json: { dailyWorkloadLimitMinutes: 30, weeklyWorkloadLimitMinutes: 120 } })
      ).status,
    ).toBe(403);
    await json(
      await principal.put(settings, {
        json: { dailyWorkloadLimitMinutes: 30, weeklyWorkloadLimitMinutes: 150 },
      }),
    );

    // Group work weighs on the group's students only.
    const group = await addGroup(t, a(), {
      name: 'Soutien 4e',
      studentIds: [a().students.s1.id],
      teacherId: a().teachers.maths.id,
      subjectId: a().subjects.maths,
    });
    await json(
      await (await t.as(a().teachers.maths)).post('/api/v1/lesson-log/entries', {
        json: entryBody(a(), {
          seanceId: null,
          title: 'Soutien',
          work: [
            {
              type: 'exercices',
              title: 'Fiche de soutien',
              dueOn: '2026-11-19',
              estimatedMinutes: 50,
              targetClassId: group,
            },
          ],
        }),
      }),
      201,
    );
    const teacher = await t.as(a().teachers.maths);
    const load = await json<WorkloadView>(
      await teacher.get(`/api/v1/lesson-log/classes/${a().classes.c4a}/workload?date=2026-11-17`),
    );
    expect(load).toMatchObject({
      date: '2026-11-17',
      weekStart: '2026-11-16',
      day: { date: '2026-11-17', minutes: 40, count: 2, overLimit: true },
      limits: { dailyMinutes: 30, weeklyMinutes: 150 },
      overLimit: true,
    });
    // Thursday: the exposé (40, scheduled) for all, the group's sheet (50) for Camille: 90 for her.
    expect(load.days.map((d) => d.minutes)).toEqual([0, 40, 0, 90, 0, 0, 0]);
    expect(load.weekMinutes).toBe(130);
    expect(load.bySubject).toEqual([
      { subjectId: a().subjects.maths, subjectName: 'Mathématiques', minutes: 90 },
      { subjectId: a().subjects.francais, subjectName: 'Français', minutes: 40 },
    ]);
    expect(load.items.find((i) => i.title === 'Fiche de soutien')).toMatchObject({
      share: 0.5,
      target: { kind: 'groupe' },
    });
    expect(load.items.find((i) => i.title === 'Exposé sur Maupassant')?.published).toBe(false);

    // Families count published work only: the exposé is not there yet.
    const family = await json<WorkloadView>(
      await (await t.as(a().guardians.s2a)).get(
        `/api/v1/lesson-log/classes/${a().classes.c4a}/workload?date=2026-11-19`,
      ),
    );
    expect(family.day).toMatchObject({ minutes: 50, count: 1 });
    expect(family.items.map((i) => i.title)).not.toContain('Exposé sur Maupassant');
  });
});
