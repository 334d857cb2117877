import { type LessonEntryView, uaiCheckLetter } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { problemOf } from '../support/client.js';
import { testEngine } from '../support/db.js';
import { addGroup, addSeance, assign, entryBody, json, uploadPdf } from './support.js';

type Log = { entries: LessonEntryView[]; seances: { id: string; entryId: string | null }[] };

describe(`cahier de textes: writing entries (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());
  const a = () => t.fixture.schools.a;

  it('saves a séance with sanitized content, links, files, work and a private note for its author only', async () => {
    const teacher = await t.as(a().teachers.maths);
    const sheet = await uploadPdf(teacher, 'Fiche.pdf');
    const statement = await uploadPdf(teacher, 'Énoncé du DM.pdf');
    const res = await teacher.post('/api/v1/lesson-log/entries', {
      json: entryBody(a(), {
        contentHtml:
          '<p onclick="alert(1)">Cours <script>alert(1)</script><a href="javascript:x">lien</a></p>',
        attachmentIds: [sheet],
        privateNote: 'Reprendre la méthode avec Lucas.',
        work: [
          {
            type: 'dm',
            title: 'DM n°2',
            dueOn: '2026-11-23',
            estimatedMinutes: 45,
            attachmentIds: [statement],
          },
        ],
      }),
    });
    const e = await json<LessonEntryView>(res, 201);
    // Opaque ids saying what they are (`newId`): an entry, its work.
    expect(e.id).toMatch(/^les_[A-Za-z0-9_-]{22}$/);
    expect(e.work[0]!.id).toMatch(/^wk_[A-Za-z0-9_-]{22}$/);
    expect(e).toMatchObject({
      class: { id: a().classes.c4a, name: '4e A', kind: 'classe' },
      subject: { code: 'MATHS' },
      seanceId: a().seances.maths4a,
      startsAt: '2026-11-16T07:00:00.000Z',
      contentHtml: '<p>Cours <a rel="noopener noreferrer nofollow" target="_blank">lien</a></p>',
      links: [{ url: 'https://www.lumni.fr/video/les-fractions', label: 'Vidéo Lumni' }],
      attachments: [{ id: sheet, name: 'Fiche.pdf', mediaType: 'application/pdf', workId: null }],
      privateNote: 'Reprendre la méthode avec Lucas.',
      published: true,
      locked: false,
      canEdit: true,
      version: 1,
    });
    expect(e.work).toEqual([
      expect.objectContaining({
        type: 'dm',
        givenOn: '2026-11-16',
        dueOn: '2026-11-23',
        target: { id: a().classes.c4a, name: '4e A', kind: 'classe' },
        attachments: [expect.objectContaining({ id: statement, workId: e.work[0]!.id })],
      }),
    ]);

    // The student reads it (and downloads its files), without the private note.
    const student = await t.as(a().students.s1);
    const seen = await json<LessonEntryView>(await student.get(`/api/v1/lesson-log/entries/${e.id}`));
    expect(seen).not.toHaveProperty('privateNote');
    expect(seen.canEdit).toBe(false);
    expect((await student.get(`/api/v1/files/${statement}`)).status).toBe(200);
    // The principal reads it too, without the note; a student of another class is told no; another school: 404.
    const principal = await json<LessonEntryView>(
      await (await t.as(a().principal)).get(`/api/v1/lesson-log/entries/${e.id}`),
    );
    expect(principal).not.toHaveProperty('privateNote');
    expect((await (await t.as(a().students.s3)).get(`/api/v1/lesson-log/entries/${e.id}`)).status).toBe(403);
    expect((await (await t.as(a().students.s3)).get(`/api/v1/files/${sheet}`)).status).toBe(404);
    const other = await (await t.as(t.fixture.schools.c.students.s1)).get(
      `/api/v1/lesson-log/entries/${e.id}`,
    );
    expect(other.status).toBe(404);

    // One entry per séance.
    const again = await teacher.post('/api/v1/lesson-log/entries', { json: entryBody(a()) });
    expect(again.status).toBe(409);
  });

  it('keeps a scheduled entry absent for students and parents until its publication', async () => {
    const teacher = await t.as(a().teachers.maths);
    const seanceId = await addSeance(t, a(), '2026-11-17T07:00:00Z');
    const file = await uploadPdf(teacher);
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a(), {
          date: '2026-11-17',
          seanceId,
          title: 'Prévu pour demain',
          publishAt: '2026-11-17T06:00:00Z',
          attachmentIds: [file],
          work: [
            { type: 'lecon', title: 'Apprendre la propriété', dueOn: '2026-11-19', estimatedMinutes: 15 },
          ],
        }),
      }),
      201,
    );
    expect(e.published).toBe(false);
    const student = await t.as(a().students.s1);
    const parent = await t.as(a().guardians.s1a);
    const week = '?from=2026-11-16&to=2026-11-22';
    const titles = async (c: typeof student) =>
      (
        await json<Log>(await c.get(`/api/v1/lesson-log/classes/${a().classes.c4a}/entries${week}`))
      ).entries.map((x) => x.title);
    const agenda = async (c: typeof student) =>
      (
        await json<{ work: { title: string }[] }>(
          await c.get(`/api/v1/lesson-log/students/${a().students.s1.id}/work${week}`),
        )
      ).work.map((w) => w.title);
    for (const c of [student, parent]) {
      expect(await titles(c)).not.toContain('Prévu pour demain');
      expect(await agenda(c)).not.toContain('Apprendre la propriété');
      expect((await c.get(`/api/v1/lesson-log/entries/${e.id}`)).status).toBe(404);
      expect((await c.get(`/api/v1/files/${file}`)).status).toBe(404);
    }
    const slots = (
      await json<Log>(await student.get(`/api/v1/lesson-log/classes/${a().classes.c4a}/entries${week}`))
    ).seances;
    expect(slots.find((s) => s.id === seanceId)?.entryId).toBeNull();
    expect(
      (await student.put(`/api/v1/lesson-log/work/${e.work[0]!.id}/done`, { json: { done: true } })).status,
    ).toBe(404);
    // The teachers of the class see it as scheduled.
    expect(await titles(teacher)).toContain('Prévu pour demain');

    t.clock.current = new Date('2026-11-17T06:00:00Z');
    try {
      for (const c of [await t.as(a().students.s1), await t.as(a().guardians.s1a)]) {
        expect(await titles(c)).toContain('Prévu pour demain');
        expect(await agenda(c)).toContain('Apprendre la propriété');
        expect((await c.get(`/api/v1/files/${file}`)).status).toBe(200);
      }
    } finally {
      t.clock.current = new Date('2026-11-16T08:30:00Z');
    }
  });

  it('lets only the class teacher in the subject write, and only the author change or delete', async () => {
    const french = await t.as(a().teachers.francais);
    const refused = await french.post('/api/v1/lesson-log/entries', {
      json: entryBody(a(), { seanceId: null, title: 'Pas ma classe' }),
    });
    expect(refused.status).toBe(403);
    const maths = await t.as(a().teachers.maths);
    const e = await json<LessonEntryView>(
      await maths.post('/api/v1/lesson-log/entries', {
        json: entryBody(a(), { seanceId: null, title: 'Sans séance' }),
      }),
      201,
    );
    // A colleague teaching the class in another subject reads it but may not change it.
    await assign(t, a().teachers.francais.id, a().classes.c4a, a().subjects.francais);
    expect((await french.get(`/api/v1/lesson-log/entries/${e.id}`)).status).toBe(200);
    const { classId: _c, subjectId: _s, ...update } = entryBody(a(), { seanceId: null });
    expect((await french.put(`/api/v1/lesson-log/entries/${e.id}`, { json: update })).status).toBe(403);
    expect((await french.delete(`/api/v1/lesson-log/entries/${e.id}`)).status).toBe(403);
    expect((await maths.delete(`/api/v1/lesson-log/entries/${e.id}`)).status).toBe(204);
    expect((await maths.get(`/api/v1/lesson-log/entries/${e.id}`)).status).toBe(404);
  });

  it('keeps a work item’s id across edits, refuses a lost update, and deletes removed files', async () => {
    const teacher = await t.as(a().teachers.maths);
    const file = await uploadPdf(teacher);
    const seanceId = await addSeance(t, a(), '2026-11-19T13:00:00Z');
    const body = entryBody(a(), { date: '2026-11-19', seanceId, attachmentIds: [file] });
    (body.work as { dueOn: string }[])[0]!.dueOn = '2026-11-23';
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', { json: body }),
      201,
    );
    const workId = e.work[0]!.id;
    const changed = await json<LessonEntryView>(
      await teacher.put(`/api/v1/lesson-log/entries/${e.id}`, {
        json: {
          ...body,
          classId: undefined,
          subjectId: undefined,
          version: 1,
          attachmentIds: [],
          work: [{ ...(body.work as object[])[0], id: workId, title: 'Exercices 3, 4 et 5 p. 52' }],
        },
      }),
    );
    expect(changed.version).toBe(2);
    expect(changed.work).toEqual([
      expect.objectContaining({ id: workId, title: 'Exercices 3, 4 et 5 p. 52', version: 2 }),
    ]);
    expect(changed.attachments).toEqual([]);
    expect(await t.files.get(file)).toBeNull();
    const stale = await teacher.put(`/api/v1/lesson-log/entries/${e.id}`, {
      json: { ...body, classId: undefined, subjectId: undefined, version: 1 },
    });
    expect(stale.status).toBe(409);
    expect((await problemOf(stale)).detail).toMatch(/modifiée entre-temps/);
  });

  it('gives work to one of the teacher’s groups, seen by its students only', async () => {
    const a1 = a();
    const group = await addGroup(t, a1, {
      name: '4e A groupe 1',
      studentIds: [a1.students.s1.id],
      teacherId: a1.teachers.maths.id,
      subjectId: a1.subjects.maths,
    });
    const teacher = await t.as(a1.teachers.maths);
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a1, {
          seanceId: null,
          title: 'Groupes de besoin',
          work: [
            {
              type: 'recherche',
              title: 'Rechercher un nombre premier',
              dueOn: '2026-11-18',
              estimatedMinutes: 10,
              targetClassId: group,
            },
          ],
        }),
      }),
      201,
    );
    expect(e.work[0]!.target).toEqual({ id: group, name: '4e A groupe 1', kind: 'groupe' });
    const titles = async (user: typeof a1.students.s1) =>
      (
        await json<{ work: { title: string }[] }>(
          await (await t.as(user)).get(
            `/api/v1/lesson-log/students/${user.id}/work?from=2026-11-16&to=2026-11-22`,
          ),
        )
      ).work.map((w) => w.title);
    expect(await titles(a1.students.s1)).toContain('Rechercher un nombre premier');
    expect(await titles(a1.students.s2)).not.toContain('Rechercher un nombre premier');
    // A group the teacher does not teach, or another school's class, is refused by name.
    const bad = await teacher.post('/api/v1/lesson-log/entries', {
      json: entryBody(a1, {
        seanceId: null,
        work: [
          {
            type: 'autre',
            title: 'x',
            dueOn: '2026-11-18',
            estimatedMinutes: 5,
            targetClassId: a1.classes.c3b,
          },
        ],
      }),
    });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors).toEqual([
      { field: 'body.work.0.targetClassId', message: expect.stringMatching(/vos groupes/) },
    ]);
    // Whom the live service tells, at the entry's publication: the group's student and her two parents.
    const notices = await t.db.query<{ recipient_id: string; deliver_at: Date; payload: { workId: string } }>(
      `SELECT recipient_id, deliver_at, payload FROM live_notices
        WHERE kind = 'lesson-log.work-new' AND payload ->> 'entryId' = $1`,
      [e.id],
    );
    expect(notices.map((n) => n.recipient_id).sort()).toEqual(
      [a1.students.s1.id, a1.guardians.s1a.id, a1.guardians.s1b.id].sort(),
    );
    expect(notices.every((n) => new Date(n.deliver_at).toISOString() === e.publishAt)).toBe(true);
    expect(notices.every((n) => n.payload.workId === e.work[0]!.id)).toBe(true);
  });

  it('answers the same 404, to the byte, for what does not exist and for what lies in another établissement', async () => {
    const c = t.fixture.schools.c;
    const far = await json<LessonEntryView>(
      await (await t.as(c.teachers.maths)).post('/api/v1/lesson-log/entries', {
        json: entryBody(c, { seanceId: null }),
      }),
      201,
    );
    const pairs: [string, string, string, unknown?][] = [
      ['get', `/api/v1/lesson-log/entries/${far.id}`, '/api/v1/lesson-log/entries/nope'],
      [
        'get',
        `/api/v1/lesson-log/classes/${c.classes.c4a}/entries`,
        '/api/v1/lesson-log/classes/nope/entries',
      ],
      [
        'get',
        `/api/v1/lesson-log/classes/${c.classes.c4a}/workload`,
        '/api/v1/lesson-log/classes/nope/workload',
      ],
      [
        'get',
        `/api/v1/lesson-log/students/${c.students.s1.id}/work`,
        '/api/v1/lesson-log/students/nope/work',
      ],
      [
        'get',
        `/api/v1/lesson-log/etablissements/${c.uai}/settings`,
        `/api/v1/lesson-log/etablissements/0000001${uaiCheckLetter('0000001')}/settings`,
      ],
    ];
    for (const user of [a().students.s1, a().guardians.s1a, a().teachers.maths, a().principal]) {
      const client = await t.as(user);
      for (const [, there, nowhere] of pairs) {
        const [x, y] = [await client.get(there), await client.get(nowhere)];
        expect([x.status, y.status], `${user.login} ${there}`).toEqual([404, 404]);
        expect(await x.text()).toBe(await y.text());
      }
    }
    const student = await t.as(a().students.s1);
    const tick = (id: string) => student.put(`/api/v1/lesson-log/work/${id}/done`, { json: { done: true } });
    expect(await (await tick(far.work[0]!.id)).text()).toBe(await (await tick('nope')).text());
    const teacher = await t.as(a().teachers.maths);
    const edit = (id: string) => teacher.delete(`/api/v1/lesson-log/entries/${id}`);
    expect(await (await edit(far.id)).text()).toBe(await (await edit('nope')).text());
  });

  it('duplicates an entry to another class of the teacher, files copied and work dates shifted', async () => {
    const a1 = a();
    await assign(t, a1.teachers.maths.id, a1.classes.c3b, a1.subjects.maths);
    const teacher = await t.as(a1.teachers.maths);
    const file = await uploadPdf(teacher);
    const e = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a1, {
          seanceId: null,
          title: 'À dupliquer',
          attachmentIds: [file],
          privateNote: 'note',
        }),
      }),
      201,
    );
    const copy = await json<LessonEntryView>(
      await teacher.post(`/api/v1/lesson-log/entries/${e.id}/duplicate`, {
        json: { classId: a1.classes.c3b, date: '2026-11-17' },
      }),
      201,
    );
    expect(copy).toMatchObject({
      class: { name: '3e B' },
      date: '2026-11-17',
      title: 'À dupliquer',
      privateNote: 'note',
    });
    expect(copy.work[0]).toMatchObject({
      givenOn: '2026-11-17',
      dueOn: '2026-11-19',
      target: { name: '3e B' },
    });
    expect(copy.work[0]!.id).not.toBe(e.work[0]!.id);
    expect(copy.attachments[0]!.id).not.toBe(file);
    expect(copy.attachments[0]!.id).toMatch(/^f_[A-Za-z0-9_-]{22}$/);
    expect(await t.files.get(copy.attachments[0]!.id)).toEqual(await t.files.get(file));
    expect((await (await t.as(a1.students.s3)).get(copy.attachments[0]!.href)).status).toBe(200);
    // Not to the same class, nor to a class the teacher does not teach in that subject.
    const same = await teacher.post(`/api/v1/lesson-log/entries/${e.id}/duplicate`, {
      json: { classId: a1.classes.c4a },
    });
    expect((await problemOf(same)).errors?.[0]?.field).toBe('body.classId');
    const french = await t.as(a1.teachers.francais);
    expect(
      (
        await french.post(`/api/v1/lesson-log/entries/${e.id}/duplicate`, {
          json: { classId: a1.classes.c3b },
        })
      ).status,
    ).toBe(403);
  });
});
