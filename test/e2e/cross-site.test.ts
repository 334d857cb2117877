import { createServer, type Server } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/accounts.js';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from '../../scripts/chromium.mjs';
import { E2E_CLOCK } from './global-setup.js';

// Two sites on loopback: the ENT (API, sign-in, CDN) on `localhost` and a collège's own site on another host name,
// `college-exemple.localhost`, which the ENT allows. Chromium treats *.localhost as secure contexts; the resolver
// rule pins the school's name to 127.0.0.1, where the ENT listens too.
const ent = inject('schoolDayUrl');
const school = inject('schoolSite');

interface Seance {
  id: string;
  start: string;
  end: string;
}
interface RollCall {
  seance: { id: string };
  students: { id: string }[];
  entries: { studentId: string; status: string; version: number }[];
}

/** The collège's page: one script tag from the ENT's CDN, a roll call in connected mode against the ENT's API. */
function schoolPage(ent: string, seanceId: string): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Collège Exemple — appel</title>
<script type="module" src="${ent}/cdn/preau.js"></script></head>
<body><main><h1>Appel</h1>
<preau-attendance view="roll-call" src="${ent}/api/v1/attendance/seances/${seanceId}/roll-call"></preau-attendance>
</main></body></html>`;
}

/** The séance of the demo teacher under way at the servers' clock, read on the ENT itself. */
async function seanceInCourse(page: Page, ent: string): Promise<Seance> {
  await page.goto(`${ent}/`);
  await page.getByLabel('Identifiant').fill('prof.demo');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('body[data-session="teacher"]').waitFor({ state: 'attached' });
  const body = (await page.evaluate(
    async (date) => {
      const res = await fetch(`/api/v1/attendance/seances?date=${date}`);
      return res.json();
    },
    E2E_CLOCK.slice(0, 10),
  )) as Seance[] | { seances: Seance[] };
  const list = Array.isArray(body) ? body : body.seances;
  const now = Date.parse(E2E_CLOCK);
  const found = list.find((s) => Date.parse(s.start) <= now && now < Date.parse(s.end));
  if (!found) throw new Error(`No séance under way: ${JSON.stringify(body).slice(0, 300)}`);
  return found;
}

describe('connected mode on a school site of another site', () => {
  let browser: Browser;
  let site: Server;
  let seance: Seance;

  beforeAll(async () => {
    const executablePath = findChromium();
    if (!executablePath) throw new Error(NO_CHROMIUM);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${new URL(school).hostname} 127.0.0.1`],
    });
    const discovery = await browser.newContext();
    seance = await seanceInCourse(await discovery.newPage(), ent);
    await discovery.close();
    site = createServer((req, res) => {
      if (req.url !== '/') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(schoolPage(ent, seance.id));
    });
    await new Promise<void>((resolve) => site.listen(Number(new URL(school).port), '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  });

  it('signs in through the ENT’s own window, then the roll call reads and saves with a token bound to the site', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const apiCalls: { url: string; method: string; auth: boolean; cookie: boolean; status: number }[] = [];
    page.on('response', async (res) => {
      const req = res.request();
      if (!req.url().startsWith(`${ent}/api/v1/`)) return;
      const headers = await req.allHeaders();
      apiCalls.push({
        url: req.url(),
        method: req.method(),
        auth: /^Bearer /.test(headers.authorization ?? ''),
        cookie: 'cookie' in headers,
        status: res.status(),
      });
    });
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`error: ${e.message}`));
    await page.goto(`${school}/`);
    const rollCall = page.locator('preau-attendance');
    // No session reaches the ENT from this site: the element says so and offers the ENT's sign-in window.
    const connect = rollCall.getByRole('button', { name: 'Se connecter à l’ENT' });
    await connect.waitFor({ timeout: 30_000 });

    const [popup] = await Promise.all([page.waitForEvent('popup'), connect.click()]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).origin).toBe(ent);
    expect(await popup.locator('#asking').textContent()).toContain(school);
    await popup.getByLabel('Identifiant').fill('prof.demo');
    await popup.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await popup.getByRole('button', { name: 'Se connecter' }).click();
    await popup.waitForEvent('close', { timeout: 30_000 });

    // The token arrived: the roll call reads the séance.
    await rollCall
      .locator('[role="grid"]')
      .waitFor({ timeout: 30_000 })
      .catch(async (error: Error) => {
        const shown = await rollCall.evaluate((el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' '));
        throw new Error(
          `${error.message}\nShown: ${shown}\nCalls: ${JSON.stringify(apiCalls)}\n${logs.join('\n')}`,
        );
      });
    const data = (await rollCall.evaluate((el) => (el as HTMLElement & { data: unknown }).data)) as RollCall;
    expect(data.seance.id).toBe(seance.id);
    const recorded = new Set(data.entries.map((e) => e.studentId));
    const student = data.students.find((s) => !recorded.has(s.id));
    expect(student, 'a student not yet recorded').toBeTruthy();
    await rollCall.locator(`[data-student="${student!.id}"]`).getByRole('button', { name: 'Absent' }).click();
    await rollCall.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(() => rollCall.locator('[part="status"]').textContent(), { timeout: 15_000 })
      .toContain('Appel enregistré');

    // Every call from the school site went with the token, never with the ENT's cookie.
    const fromSite = apiCalls.filter((c) => c.status !== 401);
    expect(fromSite.some((c) => c.method === 'PUT' && c.status === 200)).toBe(true);
    expect(fromSite.every((c) => c.auth && !c.cookie)).toBe(true);

    // On the ENT: the mark is there once, recorded by the teacher.
    const check = await browser.newContext();
    const entPage = await check.newPage();
    await seanceInCourse(entPage, ent);
    const server = (await entPage.evaluate(
      async (id) => (await fetch(`/api/v1/attendance/seances/${id}/roll-call`)).json(),
      seance.id,
    )) as RollCall;
    expect(
      server.entries.filter((e) => e.studentId === student!.id).map((e) => [e.status, e.version]),
    ).toEqual([['absent', 1]]);
    await check.close();
    await context.close();
  });

  it('says so when the network drops while the ENT’s window hands the access over, and tries again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await seanceInCourse(page, ent); // signed in on the ENT: the window hands over at once
    await context.route('**/api/v1/auth/access-tokens', (route) => route.abort('internetdisconnected'));
    await page.goto(`${school}/`); // the school site opens the ENT's window, as its elements do
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.evaluate(
        (url) => void window.open(url, 'preau-connect', 'popup'),
        `${ent}/api/connect?origin=${encodeURIComponent(school)}`,
      ),
    ]);
    await expect.poll(() => popup.locator('#problem').textContent()).toContain('ne répond pas');
    const retry = popup.getByRole('button', { name: 'Réessayer' });
    await expect.poll(() => retry.isVisible()).toBe(true);
    expect(await popup.evaluate(() => document.activeElement?.id)).toBe('retry');
    // Back online: the same session asks again, and the window closes once the token is handed over.
    await context.unroute('**/api/v1/auth/access-tokens');
    await Promise.all([popup.waitForEvent('close', { timeout: 30_000 }), retry.click()]);
    await context.close();
  });

  it('refuses a site outside the allow-list: no token, and the ENT’s window says why', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${ent}/api/connect?origin=${encodeURIComponent('http://autre-site.localhost:1')}`);
    // Opened without an opener (typed in the address bar, a link): nothing can be handed over.
    await expect.poll(() => page.locator('#problem').textContent()).toContain('perdu le lien');
    // Asked directly by a signed-in user, the API refuses the unknown origin.
    const check = await browser.newContext();
    const entPage = await check.newPage();
    await seanceInCourse(entPage, ent);
    const status = await entPage.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/auth/access-tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ origin: 'http://autre-site.localhost:1' }),
      });
      return res.status;
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    await check.close();
    await context.close();
  });
});
