import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachFile, safeFileName } from '../src/files/uploads.js';
import { buildTestApp, STUDENT_DOCUMENT, type TestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import { sampleExe, samplePdf, samplePng, uploadForm } from './support/samples.js';

async function upload(client: TestClient, bytes: Uint8Array, name: string, kind = STUDENT_DOCUMENT) {
  return client.post('/api/v1/files', { body: uploadForm(kind, bytes, name) });
}

async function storedCount(t: TestApp): Promise<{ rows: number; blobs: number }> {
  const [row] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files');
  const root = join(t.config.dataDir, 'files');
  let blobs = 0;
  for (const dir of await readdir(root).catch(() => [] as string[]))
    blobs += (await readdir(join(root, dir))).length;
  return { rows: row!.n, blobs };
}

describe(`file uploads and downloads (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('stores a PDF with its SHA-256 and detected type, visible to its uploader only while pending', async () => {
    const a = t.fixture.schools.a;
    const parent = await t.as(a.guardians.s1a);
    const pdf = samplePdf();
    const res = await upload(parent, pdf, 'certificat médical.pdf');
    expect(res.status).toBe(201);
    const file = await res.json();
    expect(file).toMatchObject({
      name: 'certificat médical.pdf',
      mediaType: 'application/pdf',
      size: pdf.byteLength,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      recordType: STUDENT_DOCUMENT,
      recordId: null,
    });
    expect(await t.files.get(file.id)).toEqual(new Uint8Array(pdf));
    expect((await parent.get(`/api/v1/files/${file.id}`)).status).toBe(200);
    // The other guardian and the principal see nothing until it is attached.
    expect((await (await t.as(a.guardians.s1b)).get(`/api/v1/files/${file.id}`)).status).toBe(404);
    expect((await (await t.as(a.principal)).get(`/api/v1/files/${file.id}`)).status).toBe(404);
  });

  it("once attached, follows the record's rules: 404 for anyone outside them", async () => {
    const { a, b } = t.fixture.schools;
    const parent = await t.as(a.guardians.s2a);
    const file = await (await upload(parent, samplePng(), 'photo.png')).json();
    await attachFile(t.db, {
      fileId: file.id,
      ownerId: a.guardians.s2a.id,
      recordType: STUDENT_DOCUMENT,
      recordId: a.students.s2.id,
    });
    const status = async (user: Parameters<TestApp['as']>[0]) =>
      (await (await t.as(user)).get(`/api/v1/files/${file.id}`)).status;
    expect(await status(a.guardians.s2b)).toBe(200); // the other guardian of the student
    expect(await status(a.students.s2)).toBe(200); // the student
    expect(await status(a.teachers.maths)).toBe(200); // teaches the student's class
    expect(await status(a.cpe)).toBe(200);
    expect(await status(a.guardians.s1a)).toBe(404); // another child's guardian
    expect(await status(a.teachers.francais)).toBe(404); // does not teach the student
    expect(await status(b.principal)).toBe(404); // another établissement
    expect(await status(t.fixture.analysts.national)).toBe(404);
  });

  it('downloads as an attachment with a safe name, the stored type and nosniff', async () => {
    const parent = await t.as(t.fixture.schools.a.guardians.s3a);
    const file = await (await upload(parent, samplePdf(), '../../etc/pass"wd\u0000\r\n.pdf')).json();
    const res = await parent.get(`/api/v1/files/${file.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`,
    );
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(samplePdf()));
  });

  it('trusts the content, not the name: a PNG named .pdf is stored and served as a PNG', async () => {
    const parent = await t.as(t.fixture.schools.a.guardians.s1a);
    const res = await upload(parent, samplePng(), 'justificatif.pdf');
    expect(res.status).toBe(201);
    const file = await res.json();
    expect(file).toMatchObject({ mediaType: 'image/png', name: 'justificatif.png' });
    const download = await parent.get(`/api/v1/files/${file.id}`);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toMatch(/filename="justificatif\.png"/);
  });

  it('refuses an executable, text, an empty file and an oversized one, writing nothing', async () => {
    const parent = await t.as(t.fixture.schools.b.guardians.s1a);
    const before = await storedCount(t);

    const exe = await upload(parent, sampleExe(), 'certificat.pdf');
    expect(exe.status).toBe(415);
    const exeProblem = await problemOf(exe);
    expect(exeProblem.errors).toEqual([
      {
        field: 'body.file',
        message: 'Le contenu est de type application/x-msdownload ; formats acceptés : PDF, PNG, JPEG.',
      },
    ]);

    const text = await upload(parent, new TextEncoder().encode('<script>alert(1)</script>'), 'note.pdf');
    expect(text.status).toBe(415);
    expect((await problemOf(text)).errors![0]!.message).toMatch(/Contenu non reconnu/);

    const empty = await upload(parent, new Uint8Array(0), 'vide.pdf');
    expect(empty.status).toBe(400);
    expect((await problemOf(empty)).errors).toEqual([
      { field: 'body.file', message: 'Le fichier est vide.' },
    ]);

    // Just above the limit: refused by the upload rule (413 naming the file).
    const big = new Uint8Array(t.config.maxUploadBytes + 1);
    big.set(samplePdf());
    const tooBig = await upload(parent, big, 'gros.pdf');
    expect(tooBig.status).toBe(413);
    expect((await problemOf(tooBig)).errors![0]!.field).toBe('body.file');
    // Far above: refused while reading the body.
    const huge = await upload(parent, new Uint8Array(t.config.maxUploadBytes * 2), 'énorme.pdf');
    expect(huge.status).toBe(413);

    expect(await storedCount(t)).toEqual(before);
  });

  it('names the missing or unknown fields of an upload', async () => {
    const parent = await t.as(t.fixture.schools.b.guardians.s2a);
    const unknownKind = await upload(parent, samplePdf(), 'a.pdf', 'bulletin_secret');
    expect(unknownKind.status).toBe(400);
    expect((await problemOf(unknownKind)).errors).toEqual([
      // Every registered kind is listed (the areas add theirs).
      {
        field: 'body.kind',
        message: expect.stringMatching(`^Usage inconnu ; usages possibles : .*${STUDENT_DOCUMENT}`),
      },
    ]);
    const form = new FormData();
    form.set('kind', STUDENT_DOCUMENT);
    const missing = await parent.post('/api/v1/files', { body: form });
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).errors).toEqual([
      { field: 'body.file', message: 'Joignez un fichier (champ « file »).' },
    ]);
    const json = await parent.post('/api/v1/files', { json: { kind: STUDENT_DOCUMENT } });
    expect(json.status).toBe(415);
  });

  it('refuses uploads to profiles the kind does not allow', async () => {
    const analyst = await t.as(t.fixture.analysts.academie);
    const res = await upload(analyst, samplePdf(), 'a.pdf');
    expect(res.status).toBe(403);
  });

  it('removes uploads left pending for a day, bytes included, and keeps attached ones', async () => {
    const a = t.fixture.schools.a;
    const parent = await t.as(a.guardians.s2b);
    const pending = await (await upload(parent, samplePdf('oublié'), 'oublie.pdf')).json();
    const attached = await (await upload(parent, samplePdf('rattaché'), 'garde.pdf')).json();
    await attachFile(t.db, {
      fileId: attached.id,
      ownerId: a.guardians.s2b.id,
      recordType: STUDENT_DOCUMENT,
      recordId: a.students.s2.id,
    });
    t.clock.advance(23 * 3600 * 1000);
    // Sessions do not last a day: each later step signs in afresh.
    expect((await upload(await t.as(a.guardians.s2b), samplePng(), 'photo.png')).status).toBe(201);
    expect(await t.files.get(pending.id)).not.toBeNull();
    t.clock.advance(2 * 3600 * 1000);
    expect((await upload(await t.as(a.guardians.s3b), samplePng(), 'autre.png')).status).toBe(201);
    expect(await t.db.query('SELECT 1 FROM files WHERE id = $1', [pending.id])).toEqual([]);
    expect(await t.files.get(pending.id)).toBeNull();
    expect((await (await t.as(a.guardians.s2b)).get(`/api/v1/files/${attached.id}`)).status).toBe(200);
  });

  it('links a pending file only for its owner, once', async () => {
    const a = t.fixture.schools.a;
    const file = await (await upload(await t.as(a.guardians.s1a), samplePdf(), 'x.pdf')).json();
    const link = { fileId: file.id, recordType: STUDENT_DOCUMENT, recordId: a.students.s1.id };
    const refusal = {
      problem: {
        status: 400,
        errors: [{ field: 'body.fileId', message: expect.stringMatching(/ne vous appartient pas/) }],
      },
    };
    await expect(attachFile(t.db, { ...link, ownerId: a.guardians.s1b.id })).rejects.toMatchObject(refusal);
    await attachFile(t.db, { ...link, ownerId: a.guardians.s1a.id });
    await expect(attachFile(t.db, { ...link, ownerId: a.guardians.s1a.id })).rejects.toMatchObject(refusal);
    const [row] = await t.db.query('SELECT record_id FROM files WHERE id = $1', [file.id]);
    expect(row).toEqual({ record_id: a.students.s1.id });
  });
});

describe('safe file names', () => {
  it('strips paths, control and reserved characters, and takes the detected extension', () => {
    expect(safeFileName('C:\\Users\\x\\Mon bulletin.PDF', 'pdf')).toBe('Mon bulletin.pdf');
    expect(safeFileName('..', 'png')).toBe('fichier.png');
    expect(safeFileName('a<b>c:d|e?.exe', 'pdf')).toBe('abcde.pdf');
    expect(safeFileName(`${'é'.repeat(300)}.pdf`, 'pdf')).toHaveLength(114);
  });
});
