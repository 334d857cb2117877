import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCollege } from '../src/imports/samples/college.js';
import { aafFullFiles } from '../src/imports/samples/files.js';
import { importDirectory } from '../src/imports/service.js';
import { buildTestApp, TEST_ORIGIN, type TestApp } from './support/app.js';
import { educonnectGuardian, hasSimpleSamlPhp, startSamlFederation, type TestIdp } from './support/idp.js';
import { signInAtIdp } from './support/idp-browserless.js';

if (!hasSimpleSamlPhp() && process.env.CI)
  throw new Error('SimpleSAMLphp or PHP is missing: .ci/run installs them');

describe.skipIf(!hasSimpleSamlPhp())(
  'SAML sign-in through a real IdP (SimpleSAMLphp; skipped without it)',
  () => {
    let t: TestApp;
    let idp: TestIdp;
    let dir: string;
    let guardian: { firstName: string; lastName: string; children: number };
    let teacher: { firstName: string; email: string };
    const ACS = `${TEST_ORIGIN}/sso/saml/educonnect/acs`;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'preau-sso-'));
      const uai = '0511327R';
      const college = sampleCollege({
        uai,
        schoolYear: 2026,
        divisionsPerLevel: 1,
        studentsPerDivision: 3,
        seed: 'saml',
      });
      const parent = college.guardians.find((g) => g.children.length > 1) ?? college.guardians[0]!;
      guardian = {
        firstName: parent.firstName,
        lastName: parent.lastName,
        children: parent.children.filter(
          (c) => !college.students.find((s) => s.eleveId === c.eleveId)?.leftOn,
        ).length,
      };
      const maths = college.staff.find((p) => p.fonction === 'ENS')!;
      teacher = { firstName: maths.firstName, email: maths.email };
      const federation = await startSamlFederation({
        origin: TEST_ORIGIN,
        dir,
        trustedAs: ['educonnect', 'ac-reims'],
        users: [
          educonnectGuardian({
            username: 'parent',
            password: 'Mot-de-passe-parent',
            id: 'F1a2b3c4',
            uai,
            guardian: parent,
          }),
          {
            // The académie's staff IdP: the directory's e-mail is the join.
            username: 'enseignant',
            password: 'Mot-de-passe-enseignant',
            attributes: {
              uid: ['e1234'],
              mail: [maths.email.toUpperCase()],
              sn: [maths.lastName],
              givenName: [maths.firstName],
            },
          },
          {
            username: 'inconnu',
            password: 'Mot-de-passe-inconnu',
            attributes: {
              uid: ['F9z9z9z9'],
              FrEduCtPersonAffiliation: ['resp2d'],
              sn: ['NUL'],
              givenName: ['Personne'],
              FrEduCtRefId: ['{AAF}19|0511327R|2999999'],
            },
          },
        ],
      });
      idp = federation.idp;
      t = await buildTestApp({ ssoConfigFile: federation.ssoFile });
      await importDirectory(t.db, aafFullFiles(college, '20261102'), {
        uai,
        now: t.clock.now(),
        apply: true,
      });
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await idp?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const start = async () => {
      const res = await t.app.request(`${TEST_ORIGIN}/sso/saml/educonnect/login?returnTo=/%23espace-famille`);
      expect(res.status).toBe(302);
      const location = res.headers.get('location')!;
      expect(location.startsWith(idp.ssoUrl)).toBe(true);
      // A signed request: HTTP-Redirect binding with SigAlg and Signature.
      expect(new URL(location).searchParams.get('SigAlg')).toBe(
        'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      );
      expect(new URL(location).searchParams.get('Signature')).toBeTruthy();
      return location;
    };
    const post = (form: { SAMLResponse: string; RelayState: string }) =>
      t.app.request(ACS, {
        method: 'POST',
        body: new URLSearchParams(form),
        headers: { Origin: idp.origin },
      });

    it('publishes its metadata with a signing and an encryption key', async () => {
      const res = await t.app.request(`${TEST_ORIGIN}/sso/saml/metadata`);
      const xml = await res.text();
      expect(res.status).toBe(200);
      expect(xml).toContain(`entityID="${TEST_ORIGIN}/sso/saml/metadata"`);
      expect(xml).toMatch(/use="signing"/);
      expect(xml).toMatch(/use="encryption"/);
      expect(xml).toContain(ACS);
    });

    it('a parent signs in at the IdP (signed, encrypted assertion) and gets a session on their children', async () => {
      const form = await signInAtIdp(await start(), 'parent', 'Mot-de-passe-parent');
      expect(form.action).toBe(ACS);
      expect(Buffer.from(form.SAMLResponse, 'base64').toString()).toContain('EncryptedAssertion');
      const res = await post(form);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/#espace-famille');
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const me = await t.app.request(`${TEST_ORIGIN}/api/v1/me`, { headers: { cookie } });
      const body = (await me.json()) as {
        user: { profile: string; firstName: string; mustChangePassword: boolean };
        children: unknown[];
      };
      expect(body.user).toMatchObject({
        profile: 'guardian',
        firstName: guardian.firstName,
        mustChangePassword: false,
      });
      expect(body.children.length).toBe(guardian.children);

      // The same response again is a replay: refused, no session.
      const replay = await post(form);
      expect(replay.status).toBe(403);
      expect(replay.headers.get('set-cookie')).toBeNull();
    });

    it('refuses a forged response: altered content breaks the IdP signature', async () => {
      const form = await signInAtIdp(await start(), 'parent', 'Mot-de-passe-parent');
      const xml = Buffer.from(form.SAMLResponse, 'base64').toString();
      const forged = xml.replace(/IssueInstant="[^"]+"/, 'IssueInstant="2026-01-01T00:00:00Z"');
      expect(forged).not.toBe(xml);
      const res = await post({ ...form, SAMLResponse: Buffer.from(forged).toString('base64') });
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    });

    it('refuses an unsolicited response (no request of ours to answer) and an identity joined to nobody', async () => {
      const form = await signInAtIdp(await start(), 'inconnu', 'Mot-de-passe-inconnu');
      const res = await post(form);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('rattaché à aucun compte');
      // The request this answered has been used: sending it again is refused before the account lookup.
      expect((await post(form)).status).toBe(403);
    });

    it('a teacher signs in through the académie’s IdP, joined by the directory’s e-mail', async () => {
      const res = await t.app.request(`${TEST_ORIGIN}/sso/saml/ac-reims/login?returnTo=/`);
      const form = await signInAtIdp(res.headers.get('location')!, 'enseignant', 'Mot-de-passe-enseignant');
      const done = await t.app.request(`${TEST_ORIGIN}/sso/saml/ac-reims/acs`, {
        method: 'POST',
        body: new URLSearchParams(form),
      });
      expect(done.status).toBe(303);
      const cookie = done.headers.get('set-cookie')!.split(';')[0]!;
      const me = (await (
        await t.app.request(`${TEST_ORIGIN}/api/v1/me`, { headers: { cookie } })
      ).json()) as {
        user: { profile: string; firstName: string };
      };
      expect(me.user).toMatchObject({ profile: 'teacher', firstName: teacher.firstName });
      // An ÉduConnect identity is not accepted by the staff IdP's endpoint, nor the reverse.
      const parentAtStaff = await signInAtIdp(
        (await t.app.request(`${TEST_ORIGIN}/sso/saml/ac-reims/login`)).headers.get('location')!,
        'parent',
        'Mot-de-passe-parent',
      );
      const refused = await t.app.request(`${TEST_ORIGIN}/sso/saml/ac-reims/acs`, {
        method: 'POST',
        body: new URLSearchParams(parentAtStaff),
      });
      expect(refused.status).toBe(403);
    });

    it('only returns to a path of this site', async () => {
      const res = await t.app.request(`${TEST_ORIGIN}/sso/saml/educonnect/login?returnTo=//evil.test/`);
      expect(new URL(res.headers.get('location')!).searchParams.get('RelayState')).toBe('/');
    });
  },
);
