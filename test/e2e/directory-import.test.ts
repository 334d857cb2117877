import { readFileSync } from 'node:fs';
import { parisLocalTime, schoolYearOf } from '@preau/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../apps/api/src/auth/password.js';
import { newId } from '../../apps/api/src/ids.js';
import { type SampleCollege, sampleCollege } from '../../apps/api/src/imports/samples/college.js';
import { siecleFiles, stsFile } from '../../apps/api/src/imports/samples/files.js';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/accounts.js';
import type { RunningServer } from '../../apps/api/src/server.js';
import { E2E_CLOCK } from './global-setup.js';
import { launchChromium } from './support/browser.js';
import { OWN_COLLEGE_UAI, ownServer } from './support/own-server.js';
import { signIn, watchPage } from './support/site.js';

const UAI = OWN_COLLEGE_UAI;

/**
 * The principal of a collège that starts from its own administrative exports: on the collège site, they choose
 * the SIECLE and STS-web files, read the preview, then import, on a Préau of the test's own (`ownServer`).
 */
describe('The direction imports its SIECLE and STS-web exports on the collège site', () => {
  let preau: RunningServer;
  let browser: Browser;
  let own: Awaited<ReturnType<typeof ownServer>>;
  let college: SampleCollege;
  const today = parisLocalTime(new Date(E2E_CLOCK)).date;

  beforeAll(async () => {
    own = await ownServer('preau-e2e-import-', E2E_CLOCK);
    preau = await own.start();
    await preau.db.query(
      `INSERT INTO users (id, login, first_name, last_name, profile, functions, uai, password_hash, must_change_password)
       VALUES ($1, 'principale.import', 'Agnès', 'Lefort', 'direction', '{principal}', $2, $3, false)`,
      [newId('u'), UAI, await hashPassword(DEMO_PASSWORD)],
    );
    college = sampleCollege({
      uai: UAI,
      schoolYear: schoolYearOf(today),
      divisionsPerLevel: 1,
      studentsPerDivision: 4,
      seed: 'e2e-import',
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await own?.close();
  });

  it('previews, imports, downloads a class’s access codes; the same files again change nothing', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    watchPage(page, problems);
    await signIn(page, `${preau.url}/`, 'principale.import');
    const space = page.locator('#espace-direction');
    await space.waitFor({ state: 'visible' });
    const files = [...siecleFiles(college, today), stsFile(college)].map((f) => ({
      name: f.name,
      mimeType: 'application/xml',
      buffer: Buffer.from(f.bytes),
    }));
    const element = space.locator('preau-directory-import');
    await element.locator('input[type="file"]').setInputFiles(files);
    await element.getByRole('button', { name: 'Prévisualiser' }).click();
    const table = element.getByRole('table', { name: 'Changements par catégorie' });
    await table.waitFor();
    const active = college.students.filter((s) => !s.leftOn || s.leftOn > today).length;
    await expect
      .poll(() => table.getByRole('row', { name: /Élèves/ }).textContent())
      .toContain(String(active));
    const before = await preau.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM classes WHERE uai = $1',
      [UAI],
    );
    expect(before[0]!.n).toBe(0);

    await element.getByRole('button', { name: 'Importer', exact: true }).click();
    await element.getByRole('heading', { name: 'Import fait' }).waitFor();
    const classes = await preau.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM classes WHERE uai = $1 AND kind = 'classe'",
      [UAI],
    );
    expect(classes[0]!.n).toBe(college.divisions.length);
    // Then the access codes of a class, as a PDF to print.
    const first = college.divisions.map((d) => d.code).sort()[0]!;
    const downloading = page.waitForEvent('download');
    await element.getByRole('button', { name: `Fiche de ${first}` }).click();
    // The server hashes every new access code (scrypt) before writing the PDF: seconds on a busy machine.
    await expect
      .poll(
        async () => (await element.locator('[part~="status"], [part~="alert"]').allTextContents()).join(' '),
        { timeout: 30_000 },
      )
      .toContain(`Fiche de ${first} téléchargée.`);
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`codes-${first}.pdf`);
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    await element.getByRole('button', { name: 'Prévisualiser' }).click();
    await element.getByText('Rien à changer : l’annuaire est déjà à jour.').first().waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
