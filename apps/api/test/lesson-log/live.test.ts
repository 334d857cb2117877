import type { LessonEntryView, StudentAgendaView } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngine } from '../support/db.js';
import { sseReader } from '../support/sse.js';
import { entryBody, json } from './support.js';

const HOUR = 3600_000;
const STREAM = '/api/v1/live/stream?areas=lesson-log';

/**
 * New work reaches the open pages of students and parents through the live service, at the entry's publication and
 * within the établissement's quiet hours; an entry written in the evening is published at the next opening.
 */
describe(`cahier de textes: live notices and quiet hours (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());
  const a = () => t.fixture.schools.a;
  const agendaOf = async (studentId = a().students.s1.id) =>
    json<StudentAgendaView>(
      await (await t.as(a().students.s1)).get(
        `/api/v1/lesson-log/students/${studentId}/work?from=2026-11-16&to=2026-11-30`,
      ),
      200,
    );
  const pending = (workId: string) =>
    t.db.query<{ recipient_id: string; deliver_at: Date; seq: number | null }>(
      `SELECT recipient_id, deliver_at, seq FROM live_notices WHERE payload ->> 'workId' = $1`,
      [workId],
    );

  it('shows new work on the open pages of the class’s students and parents at once, school hours', async () => {
    const student = sseReader(await (await t.as(a().students.s1)).get(STREAM));
    const parent = sseReader(await (await t.as(a().guardians.s1a)).get(STREAM));
    const other = sseReader(await (await t.as(t.fixture.schools.b.students.s1)).get(STREAM));
    for (const s of [student, parent, other]) await s.until(() => s.comments.length > 0);

    const teacher = await t.as(a().teachers.maths);
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', { json: entryBody(a()) }),
      201,
    );
    expect(e.published).toBe(true);
    await student.until(() => student.events.length >= 1);
    await parent.until(() => parent.events.length >= 1);
    expect(student.events.map((ev) => ev.event)).toEqual(['lesson-log.work-new']);
    expect(student.data()[0]).toMatchObject({
      workId: e.work[0]!.id,
      entryId: e.id,
      classId: a().classes.c4a,
      subject: 'Mathématiques',
      title: 'Exercices 3 et 4 p. 52',
      dueOn: '2026-11-18',
      studentIds: [a().students.s1.id],
    });
    expect(parent.data()[0]).toMatchObject({ workId: e.work[0]!.id, studentIds: [a().students.s1.id] });

    // A change of the work and its removal follow the same way.
    const changed = await teacher.put(`/api/v1/lesson-log/entries/${e.id}`, {
      json: {
        ...entryBody(a()),
        classId: undefined,
        subjectId: undefined,
        work: [{ ...(entryBody(a()).work as object[])[0], id: e.work[0]!.id, dueOn: '2026-11-19' }],
      },
    });
    expect(changed.status).toBe(200);
    await student.until(() => student.events.length >= 2);
    expect(student.events[1]!.event).toBe('lesson-log.work-changed');
    expect(student.data()[1]).toMatchObject({ workId: e.work[0]!.id, dueOn: '2026-11-19' });
    expect((await teacher.delete(`/api/v1/lesson-log/entries/${e.id}`)).status).toBe(204);
    await student.until(() => student.events.length >= 3);
    expect(student.events[2]!.event).toBe('lesson-log.work-removed');
    // Another établissement's student was told nothing.
    const elsewhere = await t.db.query(
      `SELECT 1 FROM live_notices WHERE recipient_id = $1 AND kind LIKE 'lesson-log.%'`,
      [t.fixture.schools.b.students.s1.id],
    );
    expect(elsewhere).toEqual([]);
    expect(other.events).toEqual([]);
    for (const s of [student, parent, other]) await s.cancel();
  });

  it('tells the parents when their child ticks work done', async () => {
    const teacher = await t.as(a().teachers.maths);
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', { json: entryBody(a(), { seanceId: null }) }),
      201,
    );
    const parent = sseReader(await (await t.as(a().guardians.s1b)).get(STREAM));
    await parent.until(() => parent.comments.length > 0);
    const tick = await (await t.as(a().students.s1)).put(`/api/v1/lesson-log/work/${e.work[0]!.id}/done`, {
      json: { done: true },
    });
    expect(tick.status).toBe(200);
    await parent.until(() => parent.events.some((ev) => ev.event === 'lesson-log.work-done'));
    const done = parent.events.findIndex((ev) => ev.event === 'lesson-log.work-done');
    expect(parent.data()[done]).toMatchObject({
      workId: e.work[0]!.id,
      done: true,
      studentId: a().students.s1.id,
    });
    await parent.cancel();
    expect((await teacher.delete(`/api/v1/lesson-log/entries/${e.id}`)).status).toBe(204);
  });

  it('publishes an entry written in the evening at 07:00 the next school day, and tells nobody before', async () => {
    t.clock.advance(11.5 * HOUR); // Monday 21:00 in Paris
    const teacher = await t.as(a().teachers.maths);
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a(), { seanceId: null, title: 'Écrit le soir' }),
      }),
      201,
    );
    expect(e.publishAt).toBe('2026-11-17T06:00:00.000Z');
    expect(e.published).toBe(false);
    const workId = e.work[0]!.id;
    expect((await agendaOf()).work.map((w) => w.id)).not.toContain(workId);
    const held = await pending(workId);
    expect(held).toHaveLength(6); // 4e A's two students and their four parents
    expect(held.every((n) => n.seq === null)).toBe(true);
    expect(held.every((n) => new Date(n.deliver_at).toISOString() === e.publishAt)).toBe(true);

    t.clock.advance(10 * HOUR - 60_000); // Tuesday 06:59: still quiet
    expect(await t.live.deliverDue()).toBe(0);
    const student = sseReader(await (await t.as(a().students.s1)).get(STREAM));
    await student.until(() => student.comments.length > 0);
    t.clock.advance(60_000); // 07:00
    expect(await t.live.deliverDue()).toBeGreaterThanOrEqual(6);
    await student.until(() => student.events.length >= 1);
    expect(student.data()[0]).toMatchObject({ workId, title: e.work[0]!.title });
    expect((await agendaOf()).work.map((w) => w.id)).toContain(workId);
    await student.cancel();
  });

  it('keeps an author’s chosen publication time, while its notices still wait for the morning', async () => {
    t.clock.advance(14 * HOUR); // Tuesday 21:00
    const teacher = await t.as(a().teachers.maths);
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a(), { seanceId: null, date: '2026-11-17', publishAt: '2026-11-17T20:05:00.000Z' }),
      }),
      201,
    );
    expect(e.publishAt).toBe('2026-11-17T20:05:00.000Z');
    const held = await pending(e.work[0]!.id);
    expect(held.every((n) => new Date(n.deliver_at).toISOString() === '2026-11-18T06:00:00.000Z')).toBe(true);
  });

  it('publishes at once at any hour when the établissement turns its quiet hours off', async () => {
    const principal = await t.as(a().principal);
    const off = await principal.put(`/api/v1/etablissements/${a().uai}/quiet-hours`, {
      json: { enabled: false },
    });
    expect(off.status).toBe(200);
    const teacher = await t.as(a().teachers.maths);
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a(), { seanceId: null, date: '2026-11-17', title: 'Sans heures calmes' }),
      }),
      201,
    );
    expect(e.publishAt).toBe(t.clock.now().toISOString());
    expect(e.published).toBe(true);
    const sent = await pending(e.work[0]!.id);
    expect(sent.length).toBe(6);
    expect(sent.every((n) => n.seq !== null)).toBe(true);
  });
});
