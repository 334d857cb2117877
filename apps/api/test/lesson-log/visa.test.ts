import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LessonEntryView, LessonVisaOverviewView, LessonVisaView } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { problemOf } from '../support/client.js';
import { testEngine } from '../support/db.js';
import { addSeance, entryBody, json, lessonRowCounts, uploadPdf } from './support.js';

/** poppler's pdftotext reads the archive back; CI installs it (.ci/run), `npm test` says when it is absent. */
const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;

/** Text of a PDF through poppler's pdftotext, page by page (form feeds between pages). */
function pdfPages(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'preau-archive-'));
  try {
    const file = join(dir, 'archive.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    return text.split('\f').filter((p) => p.trim() !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(`cahier de textes: visas, amendments, archive (${testEngine})`, () => {
  let t: TestApp;
  let early: LessonEntryView;
  beforeAll(async () => {
    t = await buildTestApp();
    const a = t.fixture.schools.a;
    const teacher = await t.as(a.teachers.maths);
    // A séance every other day from 7 September: 28 before the visa of 31 October, 12 after.
    for (let i = 0; i < 40; i++) {
      const day = new Date(Date.parse('2026-09-07T07:00:00Z') + i * 2 * 86_400_000);
      const iso = day.toISOString().slice(0, 10);
      const seanceId = await addSeance(t, a, day.toISOString());
      const e = await json<LessonEntryView>(
        await teacher.post('/api/v1/lesson-log/entries', {
          json: entryBody(a, {
            date: iso,
            seanceId,
            title: `Séance ${i + 1} : chapitre ${1 + Math.floor(i / 8)}`,
            contentHtml: `<p>Activité ${i + 1}. ${'Explications détaillées de la méthode. '.repeat(8)}</p><ul><li>Exemple 1</li><li>Exemple 2</li></ul>`,
            work: [{ type: 'exercices', title: `Série ${i + 1}`, dueOn: iso, estimatedMinutes: 20 }],
          }),
        }),
        201,
      );
      if (i === 0) early = e;
    }
  });
  afterAll(() => t.close());
  const a = () => t.fixture.schools.a;

  it('visas a class up to a date; a later change of an entry before it becomes a visible amendment', async () => {
    const principal = await t.as(a().principal);
    const visa = await json<LessonVisaView>(
      await principal.post(`/api/v1/lesson-log/classes/${a().classes.c4a}/visas`, {
        json: { upTo: '2026-10-31', comment: 'Cahier bien tenu.' },
      }),
      201,
    );
    expect(visa).toMatchObject({
      upTo: '2026-10-31',
      comment: 'Cahier bien tenu.',
      visaedAt: '2026-11-16T08:30:00.000Z',
    });
    expect(visa.visaedBy.name).toBe('Bernard PRINCIPALA');
    expect(visa.id).toMatch(/^visa_[A-Za-z0-9_-]{22}$/);

    const teacher = await t.as(a().teachers.maths);
    const locked = await json<LessonEntryView>(await teacher.get(`/api/v1/lesson-log/entries/${early.id}`));
    expect(locked).toMatchObject({ locked: true, amendments: [] });
    const {
      classId: _c,
      subjectId: _s,
      ...body
    } = entryBody(a(), {
      date: early.date,
      seanceId: early.seanceId,
      title: 'Séance 1 : chapitre 1 (corrigé)',
      reason: 'Erreur dans le numéro des exercices.',
      work: [
        {
          id: early.work[0]!.id,
          type: 'exercices',
          title: 'Série 1 bis',
          dueOn: early.date,
          estimatedMinutes: 20,
        },
      ],
    });
    const amended = await json<LessonEntryView>(
      await teacher.put(`/api/v1/lesson-log/entries/${early.id}`, { json: body }),
    );
    expect(amended.title).toBe('Séance 1 : chapitre 1 (corrigé)');
    expect(amended.amendments).toEqual([
      {
        at: '2026-11-16T08:30:00.000Z',
        by: { id: a().teachers.maths.id, name: 'Hélène MATHSA' },
        reason: 'Erreur dans le numéro des exercices.',
        visaUpTo: '2026-10-31',
        previous: expect.objectContaining({
          title: 'Séance 1 : chapitre 1',
          work: [expect.objectContaining({ id: early.work[0]!.id, title: 'Série 1' })],
        }),
      },
    ]);
    // Everyone who reads the cahier sees the amendment, students and parents included.
    const seen = await json<LessonEntryView>(
      await (await t.as(a().guardians.s1a)).get(`/api/v1/lesson-log/entries/${early.id}`),
    );
    expect(seen.amendments).toHaveLength(1);
    expect(seen.amendments[0]!.previous?.title).toBe('Séance 1 : chapitre 1');

    // A visaed entry is never deleted, and its removed files stay with the history.
    const del = await teacher.delete(`/api/v1/lesson-log/entries/${early.id}`);
    expect(del.status).toBe(409);
    expect((await problemOf(del)).detail).toMatch(/visa du 2026-10-31/);

    // An entry added afterwards for a visaed day is shown as added after the visa.
    const late = await json<LessonEntryView>(
      await teacher.post('/api/v1/lesson-log/entries', {
        json: entryBody(a(), { seanceId: null, date: '2026-10-02', title: 'Séance oubliée', work: [] }),
      }),
      201,
    );
    expect(late.amendments).toEqual([expect.objectContaining({ previous: null, visaUpTo: '2026-10-31' })]);
  });

  it('refuses a visa in the future, outside the school year or not beyond the last one', async () => {
    const principal = await t.as(a().principal);
    const before = await lessonRowCounts(t);
    const post = (upTo: string) =>
      principal.post(`/api/v1/lesson-log/classes/${a().classes.c4a}/visas`, { json: { upTo } });
    const future = await post('2026-11-17');
    expect((await problemOf(future)).errors).toEqual([
      { field: 'body.upTo', message: expect.stringMatching(/2026-11-16/) },
    ]);
    expect((await problemOf(await post('2026-08-31'))).errors?.[0]?.field).toBe('body.upTo');
    expect((await post('2026-10-31')).status).toBe(409);
    expect((await post('2026-10-15')).status).toBe(409);
    expect((await post('2026-02-30')).status).toBe(400);
    expect(await lessonRowCounts(t)).toEqual(before);
    // Only the direction of the class's school visas.
    const teacher = await t.as(a().teachers.maths);
    expect(
      (
        await teacher.post(`/api/v1/lesson-log/classes/${a().classes.c4a}/visas`, {
          json: { upTo: '2026-11-01' },
        })
      ).status,
    ).toBe(403);
    const otherPrincipal = await t.as(t.fixture.schools.c.principal);
    expect(
      (
        await otherPrincipal.post(`/api/v1/lesson-log/classes/${a().classes.c4a}/visas`, {
          json: { upTo: '2026-11-01' },
        })
      ).status,
    ).toBe(404);
  });

  it('gives the direction and the académie’s inspector an overview of the cahiers and their visas', async () => {
    const overview = await json<LessonVisaOverviewView>(
      await (await t.as(a().principal)).get(`/api/v1/lesson-log/etablissements/${a().uai}/classes`),
    );
    expect(overview.classes.find((c) => c.id === a().classes.c4a)).toMatchObject({
      name: '4e A',
      entries: 41,
      lastEntryDate: '2026-11-24',
      visa: { upTo: '2026-10-31' },
      entriesSinceVisa: 12,
      amendments: 2,
    });
    expect(overview.classes.find((c) => c.id === a().classes.c3b)).toMatchObject({ entries: 0, visa: null });
    const inspector = await t.as(t.fixture.inspector);
    expect((await inspector.get(`/api/v1/lesson-log/etablissements/${a().uai}/classes`)).status).toBe(200);
    const cahier = await inspector.get(
      `/api/v1/lesson-log/classes/${a().classes.c4a}/entries?from=2026-09-01&to=2026-11-30`,
    );
    expect((await json<{ entries: unknown[] }>(cahier)).entries).toHaveLength(41);
    const c = t.fixture.schools.c;
    expect((await inspector.get(`/api/v1/lesson-log/etablissements/${c.uai}/classes`)).status).toBe(404);
    expect((await inspector.get(`/api/v1/lesson-log/classes/${c.classes.c4a}/entries`)).status).toBe(404);
  });

  it.skipIf(!hasPdftotext)(
    'prints the year’s cahier as a paginated PDF with its visas and amendments',
    async () => {
      const teacher = await t.as(a().teachers.maths);
      await uploadPdf(teacher); // a pending upload never reaches the archive
      const res = await (await t.as(a().principal)).get(
        `/api/v1/lesson-log/classes/${a().classes.c4a}/archive`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(
        'attachment; filename="cahier-de-textes-4e-A-2026-2027.pdf"',
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const pages = pdfPages(bytes);
      expect(pages.length).toBeGreaterThan(3);
      for (const [i, page] of pages.entries()) expect(page).toContain(`Page ${i + 1} / ${pages.length}`);
      const text = pages.join('\n');
      expect(text).toContain('Cahier de textes — 4e A — 2026-2027');
      expect(text).toContain('Collège Terres Rouges (0511327R)');
      expect(text).toContain('Lundi 7 septembre 2026');
      expect(text).toContain('Séance 40 : chapitre 5');
      expect(text).toMatch(/Travail à faire — Exercices, pour le 07\/09\/2026, 20 min : Série 1 bis/);
      expect(text).toMatch(/Visa de la direction — jusqu'au 31\/10\/2026 inclus/);
      expect(text).toMatch(
        /Rectifiée le 16\/11\/2026 à 09:30 par Hélène MATHSA après le visa du 31\/10\/2026/,
      );
      expect(text).toMatch(/Ajoutée le 16\/11\/2026 à 09:30/);
      // The visa comes after the last entry it covers and before the first it does not.
      expect(text.indexOf('Visa de la direction')).toBeGreaterThan(text.indexOf('Séance 28 :'));
      expect(text.indexOf('Visa de la direction')).toBeLessThan(text.indexOf('Séance 29 :'));
      // Only the direction prints it.
      expect((await teacher.get(`/api/v1/lesson-log/classes/${a().classes.c4a}/archive`)).status).toBe(403);
    },
  );
});
