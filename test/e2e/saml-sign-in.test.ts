import { parisLocalTime, schoolYearOf } from '@preau/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SampleCollege, sampleCollege } from '../../apps/api/src/imports/samples/college.js';
import { aafFullFiles } from '../../apps/api/src/imports/samples/files.js';
import { importDirectory } from '../../apps/api/src/imports/service.js';
import type { RunningServer } from '../../apps/api/src/server.js';
import {
  educonnectGuardian,
  hasSimpleSamlPhp,
  startSamlFederation,
  type TestIdp,
} from '../../apps/api/test/support/idp.js';
import { E2E_CLOCK } from './global-setup.js';
import { launchChromium } from './support/browser.js';
import { OWN_COLLEGE_UAI, ownServer } from './support/own-server.js';
import { watchPage } from './support/site.js';

if (!hasSimpleSamlPhp() && process.env.CI)
  throw new Error('SimpleSAMLphp or PHP is missing: .ci/run installs them');

const UAI = OWN_COLLEGE_UAI;

/**
 * A family signs in through ÉduConnect (here SimpleSAMLphp on loopback with ÉduConnect-like attributes) and lands
 * on the collège site's family space. Préau runs on its own (`ownServer`), with the directory of a
 * collège imported from an AAF feed: the IdP's FrEduCtRefId names the parent's AAF jointure.
 */
describe.skipIf(!hasSimpleSamlPhp())('ÉduConnect sign-in in Chromium (skipped without SimpleSAMLphp)', () => {
  let idp: TestIdp;
  let preau: RunningServer;
  let browser: Browser;
  let own: Awaited<ReturnType<typeof ownServer>>;
  let college: SampleCollege;
  let parent: SampleCollege['guardians'][number];
  // Préau runs at the end-to-end suite's fixed instant; the IdP and node-saml keep the real time between them.
  const now = new Date(E2E_CLOCK);
  const today = parisLocalTime(now).date;

  beforeAll(async () => {
    own = await ownServer('preau-e2e-saml-', E2E_CLOCK);
    const { dir, origin } = own;
    // Like the shared server's demo data, this collège lives in the school year of the server's day (the family
    // page asks for the children's current period).
    college = sampleCollege({
      uai: UAI,
      schoolYear: schoolYearOf(today),
      divisionsPerLevel: 1,
      studentsPerDivision: 3,
      seed: 'e2e-saml',
    });
    parent = college.guardians.find((g) => g.children.length > 1) ?? college.guardians[0]!;
    const federation = await startSamlFederation({
      origin,
      dir,
      trustedAs: ['educonnect'],
      users: [
        educonnectGuardian({
          username: 'parent.educonnect',
          password: 'Mot-de-passe-parent',
          id: 'F7e8d9c0',
          uai: UAI,
          guardian: parent,
        }),
      ],
    });
    idp = federation.idp;
    preau = await own.start({ PREAU_SSO_CONFIG: federation.ssoFile });
    await importDirectory(preau.db, aafFullFiles(college, today.replace(/-/g, '')), {
      uai: UAI,
      now,
      apply: true,
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await own?.close();
    await idp?.stop();
  });

  it('a parent signs in at the IdP and lands on their children’s page', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    watchPage(page, problems);
    await page.goto(`${preau.url}/sso/saml/educonnect/login?returnTo=/`);
    // SimpleSAMLphp's own sign-in form.
    expect(new URL(page.url()).origin, await page.content()).toBe(idp.origin);
    await page.locator('input[name="username"]').fill('parent.educonnect');
    await page.locator('input[name="password"]').fill('Mot-de-passe-parent');
    await Promise.all([
      page.waitForURL(`${preau.url}/`),
      page.locator('input[name="password"]').press('Enter'),
    ]);
    const family = page.locator('#espace-famille');
    await family.waitFor({ state: 'visible' });
    const children = parent.children
      .map((c) => college.students.find((s) => s.eleveId === c.eleveId)!)
      .filter((s) => !s.leftOn || s.leftOn > today);
    await expect.poll(() => family.locator('article.enfant').count()).toBe(children.length);
    for (const child of children) await expect.poll(() => family.textContent()).toContain(child.firstName);
    expect(problems).toEqual([]);
    await page.close();
  });
});
