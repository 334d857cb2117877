import type { LessonEntryView, LessonFeedCreatedView } from '@preau/core';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeText, foldLine } from '../../src/lesson-log/ical.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { problemOf, type TestClient } from '../support/client.js';
import { testEngine } from '../support/db.js';
import type { FxUser } from '../support/fixture.js';
import { addSeance, entryBody, json } from './support.js';

const TRICKY_TITLE = 'Exercices 3, 4 ; et 5 \\ p. 52 — « défi »';
const LONG_TEXT = `Résoudre les équations suivantes ; vérifier chaque solution, puis rédiger.\nÉtape 2 : ${'éèàçœ€ '.repeat(30)}fin.`;

/** The calendar parsed by ical.js, with its own VTIMEZONE registered so that local times convert. */
function parse(text: string): ICAL.Component {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return cal;
}

const events = (cal: ICAL.Component) => cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
const pathOf = (url: string) => new URL(url).pathname;

describe(`cahier de textes: calendar feeds (${testEngine})`, () => {
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
            {
              type: 'exercices',
              title: TRICKY_TITLE,
              instructionsHtml: `<p>${LONG_TEXT.replace('\n', '</p><p>')}</p>`,
              dueOn: '2026-11-18',
              estimatedMinutes: 30,
            },
            { type: 'dm', title: 'DM n°3', dueOn: '2026-11-23', estimatedMinutes: 60 },
          ],
        }),
      }),
      201,
    );
    // Scheduled: not in the families' feeds before tomorrow.
    const later = await addSeance(t, a, '2026-11-17T07:00:00Z');
    await json(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a, {
          date: '2026-11-17',
          seanceId: later,
          title: 'Plus tard',
          publishAt: '2026-11-17T06:00:00Z',
          work: [{ type: 'lecon', title: 'Pas encore publié', dueOn: '2026-11-19', estimatedMinutes: 10 }],
        }),
      }),
      201,
    );
  });
  afterAll(() => t.close());
  const a = () => t.fixture.schools.a;

  async function newFeed(
    user: FxUser,
    body: object = {},
  ): Promise<{ feed: LessonFeedCreatedView; client: TestClient }> {
    const client = await t.as(user);
    const feed = await json<LessonFeedCreatedView>(
      await client.post('/api/v1/lesson-log/feeds', { json: body }),
      201,
    );
    return { feed, client };
  }

  it('serves a student’s due work as all-day events a real parser reads back, RFC 5545 to the octet', async () => {
    const { feed, client } = await newFeed(a().students.s1);
    expect(feed).toMatchObject({ kind: 'student', student: { id: a().students.s1.id }, lastUsedAt: null });
    expect(feed.id).toMatch(/^feed_[A-Za-z0-9_-]{22}$/);
    expect(feed.url).toMatch(
      /^http:\/\/api\.preau\.test\/api\/v1\/lesson-log\/ical\/[A-Za-z0-9_-]{43}\.ics$/,
    );
    expect(feed.webcalUrl).toBe(feed.url.replace('http:', 'webcal:'));
    // The list never shows the secret again.
    const list = await json<object[]>(await client.get('/api/v1/lesson-log/feeds'));
    expect(list).toEqual([expect.not.objectContaining({ url: expect.anything() })]);

    const res = await t.client().get(pathOf(feed.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    // Every line ends with CRLF, none is longer than 75 octets, folding never splits a character.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain('SUMMARY:Mathématiques — Exercices : Exercices 3\\, 4 \\; et 5 \\\\ p. 52');

    const cal = parse(text);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Travail à faire — Camille ÉLÈVEA1');
    const list2 = events(cal);
    expect(list2.map((e) => e.summary)).toEqual([
      `Mathématiques — Exercices : ${TRICKY_TITLE}`,
      'Mathématiques — Devoir maison : DM n°3',
    ]);
    const [first] = list2;
    expect(first!.uid).toBe(`travail-${entry.work[0]!.id}@api.preau.test`);
    expect(first!.startDate.isDate).toBe(true);
    expect(first!.startDate.toString()).toBe('2026-11-18');
    expect(first!.endDate.toString()).toBe('2026-11-19');
    expect(first!.description).toContain(LONG_TEXT);
    expect(first!.description).toContain('Temps estimé : 30 min.');
    expect(first!.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-11-16T08:30:00Z');
    expect(first!.sequence).toBe(0);
    const used = await json<{ lastUsedAt: string }[]>(await client.get('/api/v1/lesson-log/feeds'));
    expect(used[0]!.lastUsedAt).toBe('2026-11-16T08:30:00.000Z');
  });

  it('keeps each work item’s UID across edits (SEQUENCE moves) and shows work once it is published', async () => {
    const { feed } = await newFeed(a().students.s2);
    const teacher = await t.as(a().teachers.maths);
    const {
      classId: _c,
      subjectId: _s,
      ...update
    } = entryBody(a(), {
      work: [
        {
          id: entry.work[0]!.id,
          type: 'exercices',
          title: 'Exercices 3 à 6',
          dueOn: '2026-11-19',
          estimatedMinutes: 30,
        },
        { id: entry.work[1]!.id, type: 'dm', title: 'DM n°3', dueOn: '2026-11-23', estimatedMinutes: 60 },
      ],
    });
    await json(await teacher.put(`/api/v1/lesson-log/entries/${entry.id}`, { json: update }));
    t.clock.current = new Date('2026-11-17T06:30:00Z');
    try {
      const list = events(parse(await (await t.client().get(pathOf(feed.url))).text()));
      const edited = list.find((e) => e.uid === `travail-${entry.work[0]!.id}@api.preau.test`)!;
      expect(edited.summary).toBe('Mathématiques — Exercices : Exercices 3 à 6');
      expect(edited.startDate.toString()).toBe('2026-11-19');
      expect(edited.sequence).toBe(1);
      expect(list.find((e) => e.uid === `travail-${entry.work[1]!.id}@api.preau.test`)!.sequence).toBe(0);
      expect(list.map((e) => e.summary)).toContain('Mathématiques — Leçon : Pas encore publié');
    } finally {
      t.clock.current = new Date('2026-11-16T08:30:00Z');
    }
  });

  it('serves to-dos with ?as=todo, completed once the student ticks them', async () => {
    const { feed, client } = await newFeed(a().students.s1);
    await json(
      await client.put(`/api/v1/lesson-log/work/${entry.work[1]!.id}/done`, { json: { done: true } }),
    );
    const cal = parse(await (await t.client().get(`${pathOf(feed.url)}?as=todo`)).text());
    expect(cal.getAllSubcomponents('vevent')).toEqual([]);
    const todos = cal.getAllSubcomponents('vtodo');
    expect(
      todos.map((c) => [c.getFirstPropertyValue('due')?.toString(), c.getFirstPropertyValue('status')]),
    ).toEqual([
      ['2026-11-19', 'NEEDS-ACTION'],
      ['2026-11-23', 'COMPLETED'],
    ]);
    expect(todos[1]!.getFirstPropertyValue('completed')?.toString()).toBe('2026-11-16T08:30:00Z');
    expect(todos[1]!.getFirstPropertyValue('uid')).toBe(`travail-${entry.work[1]!.id}@api.preau.test`);
  });

  it('serves a teacher’s séances in Europe/Paris (summer and winter) and the work they gave', async () => {
    await addSeance(t, a(), '2026-09-08T06:00:00Z'); // 08:00 in Paris, summer time
    const { feed } = await newFeed(a().teachers.maths);
    const text = await (await t.client().get(pathOf(feed.url))).text();
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Paris');
    expect(text).toContain('DTSTART;TZID=Europe/Paris:20261116T080000');
    const list = events(parse(text));
    const monday = list.find((e) => e.uid === `seance-${a().seances.maths4a}@api.preau.test`)!;
    expect(monday.summary).toBe('4e A — Mathématiques : Les fractions');
    expect(monday.location).toBe('Salle B12');
    expect(monday.startDate.toJSDate().toISOString()).toBe('2026-11-16T07:00:00.000Z');
    expect(monday.endDate.toJSDate().toISOString()).toBe('2026-11-16T08:00:00.000Z');
    const september = list.find((e) => e.startDate.toString().startsWith('2026-09-08'))!;
    expect(september.startDate.toJSDate().toISOString()).toBe('2026-09-08T06:00:00.000Z');
    expect(september.summary).toBe('4e A — Mathématiques');
    expect(list.filter((e) => e.summary.startsWith('À rendre (4e A)')).map((e) => e.summary)).toContain(
      'À rendre (4e A) — Devoir maison : DM n°3',
    );
  });

  it('gives a parent one feed per child, and never another family’s', async () => {
    const parent = await t.as(a().guardians.s1a);
    const missing = await parent.post('/api/v1/lesson-log/feeds', { json: {} });
    expect((await problemOf(missing)).errors?.[0]?.field).toBe('body.studentId');
    expect(
      (await parent.post('/api/v1/lesson-log/feeds', { json: { studentId: a().students.s3.id } })).status,
    ).toBe(403);
    expect(
      (
        await parent.post('/api/v1/lesson-log/feeds', {
          json: { studentId: t.fixture.schools.c.students.s1.id },
        })
      ).status,
    ).toBe(404);
    const { feed } = await newFeed(a().guardians.s1a, { studentId: a().students.s1.id });
    expect(feed).toMatchObject({
      kind: 'guardian',
      student: { id: a().students.s1.id, name: 'Camille ÉLÈVEA1' },
    });
    const list = events(parse(await (await t.client().get(pathOf(feed.url))).text()));
    expect(list.map((e) => e.summary)).not.toContain('Mathématiques — Leçon : Pas encore publié');
    expect(list).toHaveLength(2);
    const teacher = await t.as(a().teachers.maths);
    expect(
      (
        await problemOf(
          await teacher.post('/api/v1/lesson-log/feeds', { json: { studentId: a().students.s1.id } }),
        )
      ).errors?.[0]?.field,
    ).toBe('body.studentId');
  });

  it('answers the same 404 for a revoked or unknown address, and only the owner revokes', async () => {
    const { feed, client } = await newFeed(a().students.s2);
    const [listed] = (await json<{ id: string }[]>(await client.get('/api/v1/lesson-log/feeds'))).filter(
      (f) => f.id === feed.id,
    );
    expect(listed).toBeDefined();
    expect((await (await t.as(a().students.s1)).delete(`/api/v1/lesson-log/feeds/${feed.id}`)).status).toBe(
      404,
    );
    expect((await client.delete(`/api/v1/lesson-log/feeds/${feed.id}`)).status).toBe(204);
    expect((await client.delete(`/api/v1/lesson-log/feeds/${feed.id}`)).status).toBe(404);
    const revoked = await t.client().get(pathOf(feed.url));
    const unknown = await t.client().get(`/api/v1/lesson-log/ical/${'x'.repeat(43)}.ics`);
    expect(revoked.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await revoked.text()).toBe(await unknown.text());
  });

  it('limits how many feeds a person holds at once', async () => {
    const teacher = await t.as(a().teachers.francais);
    for (let i = 0; i < 10; i++)
      await json(await teacher.post('/api/v1/lesson-log/feeds', { json: {} }), 201);
    expect((await teacher.post('/api/v1/lesson-log/feeds', { json: {} })).status).toBe(409);
  });
});

describe('iCalendar writing rules', () => {
  it('escapes TEXT and folds at 75 octets without splitting a UTF-8 sequence', () => {
    expect(escapeText('a,b;c\\d\r\ne\nf\u0007')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(foldLine('SUMMARY:court')).toBe('SUMMARY:court');
  });
});
