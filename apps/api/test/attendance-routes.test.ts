import { seancesOfDaySchema } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import { samplePdf, samplePng } from './support/samples.js';
import { sseReader } from './support/sse.js';

/** A stream's events with their data parsed. */
function sse(res: Response) {
  const r = sseReader(res);
  return {
    get events() {
      return r.events.map((e) => ({ id: e.id!, event: e.event!, data: JSON.parse(e.data!) }));
    },
    until: (count: number) => r.until(() => r.events.length >= count),
    close: () => r.cancel(),
  };
}

describe(`attendance API (${testEngine})`, () => {
  let t: TestApp;
  let a: TestApp['fixture']['schools']['a'];
  let teacher: TestClient;
  let cpe: TestClient;
  let parent1: TestClient;
  let parent2: TestClient;
  const rollCall = () => `/api/v1/attendance/seances/${a.seances.maths4a}/roll-call`;

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    [teacher, cpe, parent1, parent2] = await Promise.all([
      t.as(a.teachers.maths),
      t.as(a.cpe),
      t.as(a.guardians.s1a),
      t.as(a.guardians.s2a),
    ]);
  });
  afterAll(() => t.close());

  it('refuses a bad batch with each bad line named, and writes nothing', async () => {
    const res = await teacher.put(rollCall(), {
      json: {
        marks: [
          { studentId: a.students.s1.id, status: 'retard' },
          { studentId: a.students.s2.id, status: 'parti' },
        ],
      },
    });
    expect(res.status).toBe(400);
    const p = await problemOf(res);
    expect(p.errors!.map((e) => e.field)).toEqual(['body.marks.0.lateMinutes', 'body.marks.1.status']);
    const unknown = await teacher.put(rollCall(), {
      json: {
        marks: [
          { studentId: a.students.s1.id, status: 'absent' },
          { studentId: a.students.s3.id, status: 'absent' },
        ],
      },
    });
    expect(unknown.status).toBe(400);
    expect((await problemOf(unknown)).errors).toEqual([
      {
        field: 'body.marks.1.studentId',
        message: expect.stringMatching(/n'est pas inscrit dans la classe 4e A/),
      },
    ]);
    const malformed = await teacher.put(rollCall(), {
      body: '{"marks": [',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const after = await (await teacher.get(rollCall())).json();
    expect(after).toMatchObject({ state: 'a_faire', entries: [] });
  });

  it('needs the CSRF token to save', async () => {
    const res = await teacher.put(rollCall(), { json: { marks: [] }, withoutCsrf: true });
    expect(res.status).toBe(403);
  });

  it('pushes the roll call to the parents’ open streams within the request, only to the child’s guardians', async () => {
    const s1 = sse(await parent1.get('/api/v1/attendance/stream'));
    const s2 = sse(await parent2.get('/api/v1/attendance/stream'));
    const res = await teacher.put(rollCall(), {
      json: {
        marks: [
          { studentId: a.students.s1.id, status: 'absent' },
          { studentId: a.students.s2.id, status: 'retard', lateMinutes: 7 },
        ],
        close: true,
      },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).state).toBe('faite');
    await s1.until(1);
    await s2.until(1);
    expect(s1.events.map((e) => [e.event, e.data.studentId, e.data.status])).toEqual([
      ['attendance.entry', a.students.s1.id, 'absent'],
    ]);
    expect(s2.events.map((e) => [e.event, e.data.studentId, e.data.status, e.data.lateMinutes])).toEqual([
      ['attendance.entry', a.students.s2.id, 'retard', 7],
    ]);
    await s1.close();

    // A correction while parent 1 is away is replayed on reconnection (Last-Event-ID), then the stream follows.
    const correction = await teacher.put(rollCall(), {
      json: {
        marks: [{ studentId: a.students.s1.id, status: 'retard', lateMinutes: 20 }],
        reason: 'arrivé au CDI',
      },
    });
    expect(correction.status).toBe(200);
    const again = sse(
      await parent1.get('/api/v1/attendance/stream', { headers: { 'Last-Event-ID': s1.events[0]!.id } }),
    );
    await again.until(1);
    expect(again.events[0]).toMatchObject({
      event: 'attendance.entry',
      data: { status: 'retard', lateMinutes: 20 },
    });
    expect(Number(again.events[0]!.id)).toBeGreaterThan(Number(s1.events[0]!.id));
    await Promise.all([again.close(), s2.close()]);

    const entryId = (
      (await (await teacher.get(rollCall())).json()) as { entries: { id: string; studentId: string }[] }
    ).entries.find((e) => e.studentId === a.students.s1.id)!.id;
    const history = await (await cpe.get(`/api/v1/attendance/entries/${entryId}/history`)).json();
    expect(history.map((h: { status: string }) => h.status)).toEqual(['absent', 'retard']);
  });

  it('takes a justification with a PDF checked by content, and the CPE validates it', async () => {
    const entryId = (
      (await (await teacher.get(rollCall())).json()) as { entries: { id: string; studentId: string }[] }
    ).entries.find((e) => e.studentId === a.students.s1.id)!.id;
    // a PNG renamed .pdf is accepted as what it is; an SVG is refused whatever its name
    const svg = new FormData();
    svg.append('kind', 'absence_justification');
    svg.append(
      'file',
      new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>']),
      'mot.pdf',
    );
    const refused = await parent1.post('/api/v1/files', { body: svg });
    expect(refused.status).toBe(415);
    const teacherUpload = new FormData();
    teacherUpload.append('kind', 'absence_justification');
    teacherUpload.append('file', new Blob([Buffer.from(samplePng())]), 'x.png');
    expect((await teacher.post('/api/v1/files', { body: teacherUpload })).status).toBe(403);

    const form = new FormData();
    form.append('kind', 'absence_justification');
    form.append('file', new Blob([Buffer.from(samplePdf('Certificat médical'))]), 'certificat.pdf');
    const uploaded = await parent1.post('/api/v1/files', { body: form });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { id: string; mediaType: string };
    expect(file.mediaType).toBe('application/pdf');

    const bad = await parent1.post('/api/v1/attendance/justifications', {
      json: { studentId: a.students.s1.id, entryIds: [], motif: 'maladie' },
    });
    expect((await problemOf(bad)).errors).toEqual([{ field: 'body.entryIds', message: expect.any(String) }]);
    const notMine = await parent2.post('/api/v1/attendance/justifications', {
      json: { studentId: a.students.s1.id, entryIds: [entryId], motif: 'maladie', fileId: file.id },
    });
    expect(notMine.status).toBe(403);

    const sent = await parent1.post('/api/v1/attendance/justifications', {
      json: {
        studentId: a.students.s1.id,
        entryIds: [entryId],
        motif: 'maladie',
        comment: 'Fièvre.',
        fileId: file.id,
      },
    });
    expect(sent.status).toBe(201);
    const j = (await sent.json()) as { id: string; state: string };
    expect(j.state).toBe('en_attente');
    // the CPE reads the attachment through the file route; another family cannot
    expect((await cpe.get(`/api/v1/files/${file.id}`)).status).toBe(200);
    expect((await parent2.get(`/api/v1/files/${file.id}`)).status).toBe(404);

    const queue = (await (await cpe.get('/api/v1/attendance/justifications?state=en_attente')).json()) as {
      id: string;
    }[];
    expect(queue.map((q) => q.id)).toContain(j.id);
    const badDecision = await cpe.post(`/api/v1/attendance/justifications/${j.id}/decision`, {
      json: { decision: 'oui' },
    });
    expect((await problemOf(badDecision)).errors![0]!.field).toBe('body.decision');
    const decided = await cpe.post(`/api/v1/attendance/justifications/${j.id}/decision`, {
      json: { decision: 'validee', comment: 'Certificat reçu.' },
    });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ state: 'validee', regularisee: true });
    const twice = await cpe.post(`/api/v1/attendance/justifications/${j.id}/decision`, {
      json: { decision: 'refusee' },
    });
    expect(twice.status).toBe(409);

    const view = await (
      await parent1.get(`/api/v1/attendance/students/${a.students.s1.id}?from=2026-11-01&to=2026-11-30`)
    ).json();
    expect(view.entries[0]).toMatchObject({
      status: 'retard',
      justificationState: 'validee',
      regularisee: true,
    });
  });

  it('tallies a class in JSON and as a French spreadsheet CSV', async () => {
    const path = `/api/v1/attendance/tallies?scope=class&id=${a.classes.c4a}&from=2026-11-01&to=2026-11-30`;
    const json = await (await cpe.get(path)).json();
    expect(json.total).toMatchObject({ students: 2, lateCount: 2, lateMinutes: 27 });
    const csv = await cpe.get(`${path}&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="absences-class-/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^Nom;Prénom;Classe;Demi-journées d'absence;/);
    expect(lines).toHaveLength(3);
    expect(
      lines.some((l) => l.startsWith(`${a.students.s1.lastName};${a.students.s1.firstName};4e A;0;0;1;20;`)),
    ).toBe(true);
  });

  it('neutralises spreadsheet formulas in names', async () => {
    await t.db.query('UPDATE users SET last_name = \'=HYPERLINK("http://x")\' WHERE id = $1', [
      a.students.s2.id,
    ]);
    const csv = await cpe.get(
      `/api/v1/attendance/tallies?scope=class&id=${a.classes.c4a}&from=2026-11-01&to=2026-11-30&format=csv`,
    );
    const text = await csv.text();
    expect(text).not.toMatch(/;=HYPERLINK|^=HYPERLINK|\n=HYPERLINK/m);
    expect(text).toMatch(/'=HYPERLINK/);
  });

  it('names bad query fields', async () => {
    const range = await cpe.get(
      `/api/v1/attendance/tallies?scope=class&id=${a.classes.c4a}&from=2026-11-30&to=2026-11-01`,
    );
    expect(range.status).toBe(400);
    expect((await problemOf(range)).errors).toEqual([
      { field: 'query.to', message: 'la fin précède le début' },
    ]);
    const scope = await cpe.get(`/api/v1/attendance/tallies?scope=ville&id=x&from=2026-11-01&to=2026-11-30`);
    expect((await problemOf(scope)).errors![0]!.field).toBe('query.scope');
    const week = await cpe.get('/api/v1/attendance/week?week=16/11/2026');
    expect((await problemOf(week)).errors).toEqual([
      { field: 'query.week', message: expect.stringMatching(/AAAA-MM-JJ/) },
    ]);
    const student = await parent1.get(
      `/api/v1/attendance/students/${a.students.s1.id}?from=2026-13-01&to=2026-11-30`,
    );
    expect(student.status).toBe(400);
    const after = await parent1.get('/api/v1/attendance/stream?after=-3');
    expect((await problemOf(after)).errors![0]!.field).toBe('query.after');
    const badId = await teacher.get(
      `/api/v1/attendance/seances/${encodeURIComponent("x' OR 1=1 --")}/roll-call`,
    );
    expect((await problemOf(badId)).errors![0]!.field).toBe('params.id');
    const badState = await cpe.get('/api/v1/attendance/justifications?state=perdue');
    expect((await problemOf(badState)).errors![0]!.field).toBe('query.state');
    const tooMany = await teacher.put(rollCall(), {
      json: { marks: Array.from({ length: 2001 }, (_, i) => ({ studentId: `e${i}`, status: 'present' })) },
    });
    expect((await problemOf(tooMany)).errors![0]!.field).toBe('body.marks');
    const control = await parent1.post('/api/v1/attendance/justifications', {
      json: { studentId: a.students.s1.id, entryIds: ['e1'], motif: 'maladie', comment: 'a\u0000b' },
    });
    expect((await problemOf(control)).errors!.map((e) => e.field)).toEqual(['body.comment']);
    const erroneous = await teacher.post('/api/v1/attendance/entries/x/erroneous', { json: { reason: '' } });
    expect((await problemOf(erroneous)).errors![0]!.field).toBe('body.reason');
  });

  it('finds the class’s séance of the day for the teacher', async () => {
    const res = await teacher.get(
      `/api/v1/attendance/classes/${a.classes.c4a}/roll-call?subjectId=${a.subjects.maths}`,
    );
    expect(res.status).toBe(200);
    expect((await res.json()).seance.id).toBe(a.seances.maths4a);
    const none = await teacher.get(`/api/v1/attendance/classes/${a.classes.c4a}/roll-call?date=2026-11-17`);
    expect(none.status).toBe(404);
    expect((await problemOf(none)).detail).toMatch(/Aucune séance/);
    const other = await t.as(a.teachers.francais);
    expect(
      (await other.get(`/api/v1/attendance/classes/${a.classes.c4a}/roll-call?date=2026-11-16`)).status,
    ).toBe(404);
  });

  it('shows the week grid of the whole établissement to the CPE', async () => {
    const res = await cpe.get('/api/v1/attendance/week?week=2026-11-18');
    expect(res.status).toBe(200);
    const w = await res.json();
    expect(w.weekStart).toBe('2026-11-16');
    expect(w.students).toHaveLength(3);
    const s1 = w.students.findIndex((s: { id: string }) => s.id === a.students.s1.id);
    // Monday 16 November, 08:00 in Paris: day 0, slot 0
    expect(w.cells.filter((c: unknown[]) => c[0] === s1).map((c: unknown[]) => c.slice(1, 6))).toEqual([
      [0, 0, 'retard', 20, 1],
    ]);
  });

  it('refuses impossible dates on every date and week parameter, naming it', async () => {
    const bad = ['2026-13-01', '2026-12-32', '9999-99-99', '2026-02-30'];
    for (const day of bad) {
      for (const [client, path, field] of [
        [cpe, `/api/v1/attendance/week?week=${day}`, 'query.week'],
        [teacher, `/api/v1/attendance/classes/${a.classes.c4a}/roll-call?date=${day}`, 'query.date'],
        [teacher, `/api/v1/attendance/seances?date=${day}`, 'query.date'],
        [
          cpe,
          `/api/v1/attendance/tallies?scope=class&id=${a.classes.c4a}&from=${day}&to=2026-11-30`,
          'query.from',
        ],
        [parent1, `/api/v1/attendance/students/${a.students.s1.id}?from=2026-11-01&to=${day}`, 'query.to'],
      ] as const) {
        const res = await client.get(path);
        expect(res.status, `${path}`).toBe(400);
        expect(
          (await problemOf(res)).errors?.map((e) => e.field),
          path,
        ).toEqual([field]);
      }
    }
    // an ISO week is a week too
    const w47 = await cpe.get('/api/v1/attendance/week?week=2026-W47');
    expect((await w47.json()).weekStart).toBe('2026-11-16');
    const w54 = await cpe.get('/api/v1/attendance/week?week=2026-W54');
    expect((await problemOf(w54)).errors).toEqual([
      { field: 'query.week', message: expect.stringMatching(/53/) },
    ]);
  });

  it('refuses to take the roll of a séance that has not started, and tells no family', async () => {
    const french = await t.as(a.teachers.francais);
    const stream = sse(
      await t.as(a.guardians.s1a).then((p) => p.get('/api/v1/attendance/stream?follow=false')),
    );
    const path = `/api/v1/attendance/seances/${a.seances.francais3b}/roll-call`;
    const students = ((await (await french.get(path)).json()) as { students: { id: string }[] }).students;
    const res = await french.put(path, {
      json: { marks: [{ studentId: students[0]!.id, status: 'absent' }] },
    });
    expect(res.status).toBe(409);
    const p = await problemOf(res);
    expect(p.type).toBe('/api/docs#probleme-seance-not-started');
    expect(p.detail).toMatch(/lundi 16 novembre à 10:00/);
    expect((await (await french.get(path)).json()).entries).toEqual([]);
    await stream.until(1);
    expect(stream.events).toEqual([]);
  });

  it("lists the teacher's séances of the day for the séance picker", async () => {
    const french = await t.as(a.teachers.francais);
    const res = await french.get('/api/v1/attendance/seances');
    expect(res.status).toBe(200);
    const day = await res.json();
    expect(seancesOfDaySchema.parse(day)).toEqual(day);
    expect(day).toEqual({
      date: '2026-11-16',
      seances: [
        {
          id: a.seances.francais3b,
          start: '2026-11-16T09:00:00.000Z',
          end: '2026-11-16T10:00:00.000Z',
          label: '3e B — Français',
          classId: a.classes.c3b,
          subject: 'Français',
          rollCall: 'todo',
          started: false,
        },
      ],
    });
    const maths = await (await teacher.get('/api/v1/attendance/seances?date=2026-11-16')).json();
    expect(maths.seances.map((s: { id: string; started: boolean }) => [s.id, s.started])).toEqual([
      [a.seances.maths4a, true],
    ]);
    expect((await (await teacher.get('/api/v1/attendance/seances?date=2026-11-17')).json()).seances).toEqual(
      [],
    );
    expect((await cpe.get('/api/v1/attendance/seances')).status).toBe(403);
  });
});
