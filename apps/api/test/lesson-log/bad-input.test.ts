import type { LessonEntryView } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { problemOf, type TestClient } from '../support/client.js';
import { testEngine } from '../support/db.js';
import { entryBody, json, lessonRowCounts, uploadPdf } from './support.js';

/** The fields a problem names, in order. */
async function fields(res: Response): Promise<string[]> {
  expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return ((await problemOf(res)).errors ?? []).map((e) => e.field);
}

describe(`cahier de textes: bad input is named and writes nothing (${testEngine})`, () => {
  let t: TestApp;
  let teacher: TestClient;
  let entry: LessonEntryView;
  let before: Record<string, number>;
  beforeAll(async () => {
    t = await buildTestApp();
    teacher = await t.as(t.fixture.schools.a.teachers.maths);
    entry = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', { json: entryBody(t.fixture.schools.a) }),
      201,
    );
    before = await lessonRowCounts(t);
  });
  afterAll(async () => {
    // Nothing any test of this file sent was written.
    expect(await lessonRowCounts(t)).toEqual(before);
    await t.close();
  });
  const a = () => t.fixture.schools.a;
  const post = (json: unknown) => teacher.post('/api/v1/lesson-log/entries', { json });
  const base = () => entryBody(a(), { seanceId: null });

  it('names malformed JSON, missing fields and wrong types', async () => {
    const malformed = await teacher.post('/api/v1/lesson-log/entries', {
      body: '{"title": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(await fields(malformed)).toEqual(['body']);
    expect(await fields(await post({}))).toEqual([
      'body.classId',
      'body.subjectId',
      'body.date',
      'body.title',
    ]);
    expect(
      await fields(
        await post({
          ...base(),
          date: 20261116,
          links: 'https://example.org',
          work: [{ type: 'exercices', title: 'x', dueOn: '2026-11-18', estimatedMinutes: '20' }],
        }),
      ),
    ).toEqual(['body.date', 'body.links', 'body.work.0.estimatedMinutes']);
    expect(await fields(await post({ ...base(), colour: 'red' }))).toEqual(['body']);
    expect(
      await fields(
        await post({
          ...base(),
          work: [{ type: 'interro', title: 'x', dueOn: '2026-11-18', estimatedMinutes: 5 }],
        }),
      ),
    ).toEqual(['body.work.0.type']);
  });

  it('refuses impossible dates, dates outside the school year and work due before it is given', async () => {
    expect(await fields(await post({ ...base(), date: '2026-02-30' }))).toEqual(['body.date']);
    expect(await fields(await post({ ...base(), date: '2027-09-02', work: [] }))).toEqual(['body.date']);
    const due = await post({
      ...base(),
      work: [
        { type: 'dm', title: 'x', dueOn: '2026-13-01', estimatedMinutes: 5 },
        { type: 'dm', title: 'y', dueOn: '2026-11-10', estimatedMinutes: 5 },
      ],
    });
    expect(await fields(due)).toEqual(['body.work.0.dueOn', 'body.work.1.dueOn']);
    expect(await fields(await post({ ...base(), publishAt: '2026-11-16 07:00' }))).toEqual([
      'body.publishAt',
    ]);
    expect(
      await fields(await post({ ...base(), seanceId: a().seances.maths4a, date: '2026-11-17' })),
    ).toEqual(['body.date']);
  });

  it('refuses duplicates: a séance already filled, the same work or file twice', async () => {
    const again = await post(entryBody(a()));
    expect(again.status).toBe(409);
    const file = await uploadPdf(teacher);
    expect(await fields(await post({ ...base(), attachmentIds: [file, file] }))).toEqual([
      'body.attachmentIds.1',
    ]);
    const both = await post({
      ...base(),
      attachmentIds: [file],
      work: [{ type: 'dm', title: 'x', dueOn: '2026-11-18', estimatedMinutes: 5, attachmentIds: [file] }],
    });
    expect(await fields(both)).toEqual(['body.work.0.attachmentIds.0']);
    const {
      classId: _c,
      subjectId: _s,
      ...update
    } = entryBody(a(), {
      work: [
        { id: entry.work[0]!.id, type: 'dm', title: 'x', dueOn: '2026-11-18', estimatedMinutes: 5 },
        { id: entry.work[0]!.id, type: 'dm', title: 'y', dueOn: '2026-11-18', estimatedMinutes: 5 },
      ],
    });
    expect(
      await fields(await teacher.put(`/api/v1/lesson-log/entries/${entry.id}`, { json: update })),
    ).toEqual(['body.work.1.id']);
  });

  it('refuses oversize text, too many items and links that are not http(s)', async () => {
    expect(await fields(await post({ ...base(), contentHtml: `<p>${'a'.repeat(50_000)}</p>` }))).toEqual([
      'body.contentHtml',
    ]);
    expect(await fields(await post({ ...base(), title: 't'.repeat(161) }))).toEqual(['body.title']);
    expect(await fields(await post({ ...base(), privateNote: 'n'.repeat(2001) }))).toEqual([
      'body.privateNote',
    ]);
    expect(
      await fields(
        await post({ ...base(), links: Array.from({ length: 21 }, () => ({ url: 'https://a.fr' })) }),
      ),
    ).toEqual(['body.links']);
    expect(
      await fields(
        await post({ ...base(), links: [{ url: 'javascript:alert(1)' }, { url: 'https://ok.fr' }] }),
      ),
    ).toEqual(['body.links.0.url']);
    const huge = await post({ ...base(), contentHtml: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
  });

  it('names unknown identifiers, and answers 404 for unknown records', async () => {
    expect(await fields(await post({ ...base(), seanceId: 'nope' }))).toEqual(['body.seanceId']);
    expect(await fields(await post({ ...base(), attachmentIds: ['nope'] }))).toEqual([
      'body.attachmentIds.0',
    ]);
    expect(
      await fields(
        await post({
          ...base(),
          work: [{ type: 'dm', title: 'x', dueOn: '2026-11-18', estimatedMinutes: 5, targetClassId: 'nope' }],
        }),
      ),
    ).toEqual(['body.work.0.targetClassId']);
    expect((await post({ ...base(), classId: 'nope' })).status).toBe(404);
    expect((await post({ ...base(), subjectId: 'nope' })).status).toBe(403);
    const {
      classId: _c,
      subjectId: _s,
      ...update
    } = entryBody(a(), {
      work: [{ id: 'nope', type: 'dm', title: 'x', dueOn: '2026-11-18', estimatedMinutes: 5 }],
    });
    expect(
      await fields(await teacher.put(`/api/v1/lesson-log/entries/${entry.id}`, { json: update })),
    ).toEqual(['body.work.0.id']);
    expect((await teacher.put('/api/v1/lesson-log/entries/nope', { json: update })).status).toBe(404);
    expect(
      (await teacher.post('/api/v1/lesson-log/entries/nope/duplicate', { json: { classId: 'x' } })).status,
    ).toBe(404);
    expect(
      await fields(await teacher.post(`/api/v1/lesson-log/entries/${entry.id}/duplicate`, { json: {} })),
    ).toEqual(['body.classId']);
    const student = await t.as(a().students.s1);
    expect((await student.put('/api/v1/lesson-log/work/nope/done', { json: { done: true } })).status).toBe(
      404,
    );
    expect(
      await fields(
        await student.put(`/api/v1/lesson-log/work/${entry.work[0]!.id}/done`, { json: { done: 'oui' } }),
      ),
    ).toEqual(['body.done']);
  });

  it('checks visas, settings, feeds and the queries of the read routes', async () => {
    const principal = await t.as(a().principal);
    const visas = `/api/v1/lesson-log/classes/${a().classes.c4a}/visas`;
    expect(await fields(await principal.post(visas, { json: {} }))).toEqual(['body.upTo']);
    expect(await fields(await principal.post(visas, { json: { upTo: '2026-11-31' } }))).toEqual([
      'body.upTo',
    ]);
    expect(
      await fields(await principal.post(visas, { json: { upTo: '2026-10-01', comment: 'c'.repeat(501) } })),
    ).toEqual(['body.comment']);
    const settings = `/api/v1/lesson-log/etablissements/${a().uai}/settings`;
    expect(
      await fields(await principal.put(settings, { json: { dailyWorkloadLimitMinutes: 'beaucoup' } })),
    ).toEqual(['body.dailyWorkloadLimitMinutes']);
    expect((await principal.get('/api/v1/lesson-log/etablissements/0511327X/settings')).status).toBe(400);
    expect(await fields(await teacher.post('/api/v1/lesson-log/feeds', { json: { studentId: 1 } }))).toEqual([
      'body.studentId',
    ]);
    const log = `/api/v1/lesson-log/classes/${a().classes.c4a}/entries`;
    expect(await fields(await teacher.get(`${log}?from=2026-02-30`))).toEqual(['query.from']);
    expect(await fields(await teacher.get(`${log}?from=2026-11-20&to=2026-11-10`))).toEqual(['query.to']);
    expect(await fields(await teacher.get(`${log}?from=2026-09-01&to=2027-12-01`))).toEqual(['query.to']);
    const work = `/api/v1/lesson-log/students/${a().students.s1.id}/work`;
    expect(await fields(await teacher.get(`${work}?to=demain`))).toEqual(['query.to']);
    expect(
      await fields(
        await teacher.get(`/api/v1/lesson-log/classes/${a().classes.c4a}/workload?date=2026-11-31`),
      ),
    ).toEqual(['query.date']);
    expect(await fields(await t.client().get('/api/v1/lesson-log/ical/court'))).toEqual(['params.token']);
  });
});
