import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import { problemOf } from './support/client.js';
import { testEngine } from './support/db.js';
import { samplePdf } from './support/samples.js';
import { sampleAnnotations, sampleUbz } from './support/whiteboard.js';

const form = (bytes: Uint8Array, name: string) => {
  const f = new FormData();
  f.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return f;
};

describe(`whiteboard documents, annotations and class traces (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('the teacher attaches an OpenBoard document to the séance; its name keeps .ubz; a PDF is refused', async () => {
    const a = t.fixture.schools.a;
    const teacher = await t.as(a.teachers.maths);
    const res = await teacher.post(`/api/v1/whiteboard/seances/${a.seances.maths4a}/documents`, {
      body: form(sampleUbz(), 'Les fractions.ubz'),
    });
    expect(res.status).toBe(201);
    const file = await res.json();
    expect(file).toMatchObject({
      name: 'Les fractions.ubz',
      mediaType: 'application/zip',
      recordType: 'whiteboard_document',
    });
    const student = await t.as(a.students.s1);
    const download = await student.get(`/api/v1/files/${file.id}`);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(sampleUbz());

    const pdf = await teacher.post(`/api/v1/whiteboard/seances/${a.seances.maths4a}/documents`, {
      body: form(samplePdf(), 'cours.ubz'),
    });
    expect(pdf.status).toBe(415);
    expect((await problemOf(pdf)).errors?.[0]?.field).toBe('body.file');
  });

  it('annotations are each user’s own, replaced whole, and bad ones name the field and write nothing', async () => {
    const a = t.fixture.schools.a;
    const teacher = await t.as(a.teachers.maths);
    const file = await (
      await teacher.post(`/api/v1/whiteboard/seances/${a.seances.maths4a}/documents`, {
        body: form(sampleUbz(), 'a.ubz'),
      })
    ).json();
    const path = `/api/v1/whiteboard/documents/${file.id}/annotations`;
    const student = await t.as(a.students.s1);
    expect(await (await student.get(path)).json()).toEqual({
      fileId: file.id,
      annotations: { version: 1, pages: {} },
      updatedAt: null,
    });
    const saved = await student.put(path, { json: { annotations: sampleAnnotations('page000') } });
    expect(saved.status).toBe(200);
    expect((await (await student.get(path)).json()).annotations).toEqual(sampleAnnotations('page000'));
    // The teacher's own annotations are separate.
    expect((await (await teacher.get(path)).json()).annotations.pages).toEqual({});

    const bad = sampleAnnotations('page000');
    bad.pages.page000[0].color = 'red';
    const refused = await student.put(path, { json: { annotations: bad } });
    expect(refused.status).toBe(400);
    expect((await problemOf(refused)).errors?.[0]?.field).toBe('body.annotations.pages.page000.0.color');
    expect((await (await student.get(path)).json()).annotations).toEqual(sampleAnnotations('page000'));
  });

  it('the class trace: saved by the teacher as a new document of the séance, seen by the class, not by others', async () => {
    const a = t.fixture.schools.a;
    const teacher = await t.as(a.teachers.maths);
    const file = await (
      await teacher.post(`/api/v1/whiteboard/seances/${a.seances.maths4a}/documents`, {
        body: form(sampleUbz(), 'b.ubz'),
      })
    ).json();
    const res = await teacher.post(
      `/api/v1/whiteboard/seances/${a.seances.maths4a}/documents/${file.id}/traces`,
      {
        json: { title: 'Trace du 16 novembre', annotations: sampleAnnotations('page001') },
      },
    );
    expect(res.status).toBe(201);
    const trace = await res.json();
    expect(trace).toMatchObject({
      seanceId: a.seances.maths4a,
      fileId: file.id,
      title: 'Trace du 16 novembre',
      strokeCount: 1,
    });
    expect(trace.createdAt).toBe(t.clock.now().toISOString());

    const student = await t.as(a.students.s1);
    const listed = await (
      await student.get(`/api/v1/whiteboard/seances/${a.seances.maths4a}/documents`)
    ).json();
    expect(listed.traces.map((x: { id: string }) => x.id)).toContain(trace.id);
    expect(listed.documents.map((d: { fileId: string }) => d.fileId)).toContain(file.id);
    const read = await (await student.get(`/api/v1/whiteboard/traces/${trace.id}`)).json();
    expect(read.annotations).toEqual(sampleAnnotations('page001'));

    // A student of 3e B (not in the class) and another académie's principal.
    expect((await (await t.as(a.students.s3)).get(`/api/v1/whiteboard/traces/${trace.id}`)).status).toBe(403);
    const outsider = await t.as(t.fixture.schools.c.principal);
    expect((await outsider.get(`/api/v1/whiteboard/traces/${trace.id}`)).status).toBe(404);
    // A student cannot save a trace.
    const denied = await student.post(
      `/api/v1/whiteboard/seances/${a.seances.maths4a}/documents/${file.id}/traces`,
      {
        json: { title: 'x', annotations: sampleAnnotations() },
      },
    );
    expect(denied.status).toBe(403);
  });
});
