import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCollege } from '../src/imports/samples/college.js';
import { siecleFiles, stsFile } from '../src/imports/samples/files.js';
import { buildTestApp, type TestApp } from './support/app.js';

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPdftotext && process.env.CI) throw new Error('pdftotext is missing: .ci/run installs poppler-utils');

const form = (files: { name: string; bytes: Uint8Array }[]) => {
  const f = new FormData();
  for (const file of files) f.append('files', new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name);
  return f;
};

describe('the direction imports its directory through the API', () => {
  let t: TestApp;
  const a = () => t.fixture.schools.a;
  const college = () =>
    sampleCollege({
      uai: a().uai,
      schoolYear: 2026,
      divisionsPerLevel: 1,
      studentsPerDivision: 3,
      seed: 'routes',
    });
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('refuses hostile or wrong files with a problem naming body.files, and writes nothing', async () => {
    const principal = await t.as(a().principal);
    const before = await t.db.query('SELECT count(*)::int AS n FROM users');
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><BEE_ELEVES>&b;</BEE_ELEVES>';
    for (const body of [
      form([{ name: 'ElevesSansAdresses.xml', bytes: new TextEncoder().encode(laughs) }]),
      form([
        {
          name: 'x.xml',
          bytes: new TextEncoder().encode(
            '<BEE_ELEVES><PARAMETRES><UAJ>0080016Z</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES></BEE_ELEVES>',
          ),
        },
      ]),
      form([{ name: 'x.xml', bytes: new TextEncoder().encode('<pas-du-xml') }]),
    ]) {
      const res = await principal.post(`/api/v1/etablissements/${a().uai}/directory/import`, { body });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(problem.errors[0]!.field).toBe('body.files');
    }
    const missing = await principal.post(`/api/v1/etablissements/${a().uai}/directory/preview`, {
      body: new FormData(),
    });
    expect(missing.status).toBe(400);
    expect(await t.db.query('SELECT count(*)::int AS n FROM users')).toEqual(before);
  });

  it('previews, imports, then prints a class’s credential sheet whose codes open the accounts', async () => {
    const principal = await t.as(a().principal);
    const files = form([...siecleFiles(college(), '2026-11-10'), stsFile(college())]);
    const preview = await principal.post(`/api/v1/etablissements/${a().uai}/directory/preview`, {
      body: files,
    });
    expect(preview.status).toBe(200);
    const plan = (await preview.json()) as { counts: Record<string, number> };
    expect(plan.counts['create:student']).toBeGreaterThan(0);
    const done = await principal.post(`/api/v1/etablissements/${a().uai}/directory/import`, {
      body: form([...siecleFiles(college(), '2026-11-10'), stsFile(college())]),
    });
    const applied = (await done.json()) as { counts: unknown; classes: { id: string; name: string }[] };
    expect(applied.counts).toEqual(plan.counts);
    // The answer names the imported classes, whose sheets the direction prints next (groups have none).
    expect(applied.classes.map((k) => k.name)).toEqual(
      college()
        .divisions.map((d) => d.code)
        .sort(),
    );

    const cls = applied.classes.find((k) => k.name === '4A')!;
    const pdf = await principal.post(`/api/v1/classes/${cls.id}/credentials`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
    if (!hasPdftotext) return;
    const dir = mkdtempSync(join(tmpdir(), 'preau-pdf-'));
    try {
      writeFileSync(join(dir, 'codes.pdf'), bytes);
      const text = spawnSync('pdftotext', ['-layout', join(dir, 'codes.pdf'), '-'], {
        encoding: 'utf8',
      }).stdout;
      const student = (
        await t.db.query<{ login: string }>(
          `SELECT u.login FROM enrolments e JOIN users u ON u.id = e.student_id WHERE e.class_id = $1 ORDER BY u.last_name, u.first_name LIMIT 1`,
          [cls.id],
        )
      )[0]!;
      expect(text).toContain(student.login);
      const code = new RegExp(`${student.login}[\\s\\S]*?([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})`).exec(
        text,
      )?.[1];
      expect(code).toBeDefined();
      const signIn = await t
        .client()
        .post('/api/v1/auth/login', { json: { login: student.login, password: code } });
      expect(signIn.status).toBe(200);
      expect(
        ((await signIn.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword,
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
