import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, STUDENT_DOCUMENT, type TestApp, variantOf } from '../support/app.js';
import type { TestClient } from '../support/client.js';
import { testEngine } from '../support/db.js';
import { recordProbe } from '../support/probe-report.js';
import { samplePdf, uploadForm } from '../support/samples.js';

/**
 * One parent stored 30 files in a few seconds (kept a day while pending): uploads are limited per person over a
 * day and per établissement in all, in count and in bytes, with a French problem that names the limit.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** A PDF of about `kib` KiB (the padding is a PDF comment). */
const pdfOf = (kib: number) => {
  const base = samplePdf();
  const pad = new TextEncoder().encode(`%${'x'.repeat(Math.max(0, kib * 1024 - base.byteLength - 2))}\n`);
  const out = new Uint8Array(base.byteLength + pad.byteLength);
  out.set(base);
  out.set(pad, base.byteLength);
  return out;
};

async function uploadMany(client: TestClient, n: number, kib: number) {
  const statuses: number[] = [];
  let lastProblem: { status: number; detail?: string; errors?: { field: string }[] } | undefined;
  for (let i = 0; i < n; i++) {
    const res = await client.post('/api/v1/files', {
      body: uploadForm(STUDENT_DOCUMENT, pdfOf(kib), `certificat-${i}.pdf`),
    });
    statuses.push(res.status);
    if (res.status !== 201) lastProblem = await res.json();
    else await res.arrayBuffer();
  }
  return { accepted: statuses.filter((s) => s === 201).length, statuses, lastProblem };
}

describe(`upload quotas (${testEngine})`, () => {
  it('stops one person after 20 files in a day, with a 429 naming the limit', async () => {
    const parent = await t.as(t.fixture.schools.a.guardians.s1a);
    const { accepted, lastProblem } = await uploadMany(parent, 30, 4);
    recordProbe({
      finding: 'Dépôts de fichiers par personne (30 en quelques secondes)',
      tried: 30,
      failed: Math.max(0, accepted - 20),
    });
    expect(accepted).toBe(20);
    expect(lastProblem?.status).toBe(429);
    expect(lastProblem?.detail).toMatch(/20 fichiers/);
    // A day later the person may upload again.
    t.clock.advance(24 * 3600 * 1000 + 1000);
    const tomorrow = await t.as(t.fixture.schools.a.guardians.s1a);
    expect((await uploadMany(tomorrow, 1, 4)).accepted).toBe(1);
  });

  it('stops one person at the bytes of a day, and an établissement at its total, in count and bytes', async () => {
    const small = variantOf(t, {
      uploadQuota: {
        userFilesPerDay: 100,
        userBytesPerDay: 64 * 1024,
        etablissementFiles: 1000,
        etablissementBytes: 10 * 1024 * 1024,
      },
    });
    const parent = await small.as(t.fixture.schools.b.guardians.s2a);
    const bytes = await uploadMany(parent, 10, 20);
    const school = variantOf(t, {
      uploadQuota: {
        userFilesPerDay: 100,
        userBytesPerDay: 10 * 1024 * 1024,
        etablissementFiles: 4,
        etablissementBytes: 10 * 1024 * 1024,
      },
    });
    const c = t.fixture.schools.c;
    const perSchool = await uploadMany(await school.as(c.guardians.s1a), 3, 4);
    const perSchool2 = await uploadMany(await school.as(c.cpe), 3, 4);
    const schoolBytes = variantOf(t, {
      uploadQuota: {
        userFilesPerDay: 100,
        userBytesPerDay: 10 * 1024 * 1024,
        etablissementFiles: 1000,
        etablissementBytes: 60 * 1024,
      },
    });
    const perSchoolBytes = await uploadMany(await schoolBytes.as(c.guardians.s3a), 6, 20);
    const failures = [
      bytes.accepted > 3 ? 'bytes per person' : '',
      perSchool.accepted + perSchool2.accepted > 4 ? 'files per établissement' : '',
      perSchoolBytes.accepted > 3 ? 'bytes per établissement' : '',
    ].filter(Boolean);
    recordProbe({
      finding: 'Quotas de fichiers (octets par personne, fichiers et octets par établissement)',
      tried: 3,
      failed: failures.length,
      examples: failures,
    });
    expect(bytes.accepted).toBe(3);
    expect(bytes.lastProblem?.status).toBe(429);
    expect(bytes.lastProblem?.detail).toMatch(/64 Ko/);
    expect(perSchool.accepted + perSchool2.accepted).toBe(4);
    expect(perSchool2.lastProblem?.status).toBe(413);
    expect(perSchool2.lastProblem?.detail).toMatch(/4 fichiers/);
    expect(perSchoolBytes.lastProblem?.status).toBe(413);
    expect(perSchoolBytes.lastProblem?.detail).toMatch(/60 Ko/);
  });
});
