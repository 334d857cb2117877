import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { smtpOnLoopback } from '../support/smtp.js';
import { XSS_PAYLOADS } from '../support/xss-payloads.js';
import { launchChromium } from './support/browser.js';
import { startPreau } from './support/server.js';
import { signIn, watchPage } from './support/site.js';

const url = inject('schoolDayUrl');
const mailbox = (page: Page) => page.locator('#messagerie preau-messages');
const statusOf = (box: Locator) => box.locator('[part="status"]');
const row = (box: Locator, subject: string) => box.locator('[part="message"]', { hasText: subject });

interface Person {
  id: string;
  name: string;
  profile: string;
}

/** Signs in on the demo site and waits for the messagerie to show its folders. */
async function openMessagerie(page: Page, login: string, address = url): Promise<Locator> {
  await signIn(page, `${address}/`, login);
  const box = mailbox(page);
  await box.locator('[part="folder"][data-folder="inbox"]').waitFor();
  return box;
}

/** The people a signed-in page may write to, for a few searches (what the picker offers). */
async function reachable(page: Page, queries: string[]): Promise<Person[]> {
  return page.evaluate(async (qs) => {
    const found = new Map<string, Person>();
    for (const q of qs) {
      const res = await fetch(`/api/v1/messages/recipients?q=${encodeURIComponent(q)}&limit=50`);
      for (const p of (await res.json()).people as Person[]) found.set(p.id, p);
    }
    return [...found.values()];
  }, queries);
}

async function me(
  page: Page,
): Promise<{ firstName: string; lastName: string; classes?: { name: string; isHeadTeacher: boolean }[] }> {
  return page.evaluate(async () => {
    const body = await (await fetch('/api/v1/me')).json();
    return { ...body.user, classes: body.classes };
  });
}

const nameOf = (u: { firstName: string; lastName: string }) =>
  `${u.firstName} ${u.lastName.toLocaleUpperCase('fr-FR')}`;

async function pick(box: Locator, search: string, option: string | RegExp): Promise<void> {
  await box.getByRole('combobox', { name: 'À', exact: true }).fill(search);
  await box.getByRole('option', { name: option }).first().click();
}

async function write(box: Locator, subject: string, text: string): Promise<void> {
  await box.getByLabel('Objet', { exact: true }).fill(subject);
  await box.getByLabel('Message', { exact: true }).fill(text);
}

describe('the messagerie on the demo collège site', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  beforeEach(() => {
    problems.length = 0;
  });

  const page = async () => {
    const p = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    watchPage(p, problems, '/api/v1/messages');
    return p;
  };

  it('a parent writes to their child’s teacher (not to another class’s), who sees it live and answers; the parent sees the answer and the read receipt live; a recalled message leaves the inbox', async () => {
    const teacherPage = await page();
    const teacherBox = await openMessagerie(teacherPage, 'prof.demo');
    const teacher = await me(teacherPage);
    const teacherName = nameOf(teacher);
    const parentPage = await page();
    const parentBox = await openMessagerie(parentPage, 'parent.demo');

    // A teacher of the school the parent may not write to (teaching none of the children's classes).
    const letters = ['a', 'e', 'i', 'o', 'u', 'r'];
    const allowed = new Set((await reachable(parentPage, letters)).map((p) => p.id));
    const stranger = (await reachable(teacherPage, letters)).find(
      (p) => p.profile === 'teacher' && !allowed.has(p.id),
    );
    expect(stranger, 'a teacher outside the children’s classes').toBeTruthy();

    await parentBox.locator('[part="compose"]').click();
    const to = parentBox.getByRole('combobox', { name: 'À', exact: true });
    await to.fill(stranger!.name.split(' ').at(-1)!);
    await expect
      .poll(() => parentBox.locator('[part="recipients-to"]').textContent())
      .toContain('Personne ne correspond parmi les destinataires autorisés.');
    expect(await parentBox.getByRole('option', { name: stranger!.name }).count()).toBe(0);

    const subject = `Devoir de jeudi (${randomUUID().slice(0, 8)})`;
    await pick(parentBox, teacher.lastName, teacherName);
    await write(
      parentBox,
      subject,
      'Bonjour,\nLéa n’a pas compris l’exercice 3. Pouvez-vous le réexpliquer ?',
    );
    await parentBox.locator('[part="send"]').click();
    await expect.poll(() => statusOf(parentBox).textContent()).toContain('Message envoyé.');

    // The teacher's open page: the message arrives by itself.
    await expect.poll(() => statusOf(teacherBox).textContent()).toContain(`Nouveau message de`);
    await row(teacherBox, subject).waitFor();

    // The parent watches the sent message: nobody has read it yet.
    await parentBox.locator('[part="folder"][data-folder="sent"]').click();
    await expect.poll(() => row(parentBox, subject).textContent()).toContain('lu par 0 / 1');

    // The teacher opens it and answers.
    await row(teacherBox, subject).click();
    await teacherBox.locator('[part="body"]', { hasText: 'exercice 3' }).waitFor();
    await expect.poll(() => row(parentBox, subject).textContent()).toContain('lu par 1 / 1');
    await teacherBox.getByRole('button', { name: 'Répondre', exact: true }).click();
    await expect
      .poll(() => teacherBox.getByLabel('Objet', { exact: true }).inputValue())
      .toBe(`RE : ${subject}`);
    await teacherBox
      .getByLabel('Message', { exact: true })
      .fill('Bonjour, je le reprendrai en classe demain.');
    await teacherBox.locator('[part="send"]').click();
    await expect.poll(() => statusOf(teacherBox).textContent()).toContain('Message envoyé.');

    await expect
      .poll(() => statusOf(parentBox).textContent())
      .toContain(`Nouveau message de ${teacherName} : RE : ${subject}`);
    await parentBox.locator('[part="folder"][data-folder="inbox"]').click();
    await row(parentBox, `RE : ${subject}`).click();
    await parentBox.locator('[part="body"]', { hasText: 'je le reprendrai en classe' }).waitFor();

    // A message sent by mistake, recalled before the teacher reads it: it leaves the teacher's inbox.
    const oops = `Oups (${randomUUID().slice(0, 8)})`;
    await parentBox.locator('[part="compose"]').click();
    await pick(parentBox, teacher.lastName, teacherName);
    await write(parentBox, oops, 'Message envoyé trop vite.');
    await parentBox.locator('[part="send"]').click();
    await expect.poll(() => statusOf(parentBox).textContent()).toContain('Message envoyé.');
    await teacherBox.locator('[part="folder"][data-folder="inbox"]').click();
    await row(teacherBox, oops).waitFor();
    await parentBox.locator('[part="folder"][data-folder="sent"]').click();
    await row(parentBox, oops).click();
    await parentBox.locator('[part="recall"]').click();
    await expect.poll(() => statusOf(parentBox).textContent()).toContain('Message rappelé');
    await row(teacherBox, oops).waitFor({ state: 'detached' });
    const inbox = await teacherPage.evaluate(async () =>
      (await (await fetch('/api/v1/messages?folder=inbox&limit=100')).json()).items.map(
        (m: { subject: string }) => m.subject,
      ),
    );
    expect(inbox).not.toContain(oops);
    expect(inbox).toContain(subject);
    expect(problems).toEqual([]);
  });

  it('runs no script from any payload of the XSS list, sent through the server and read in the element', async () => {
    const teacherPage = await page();
    await openMessagerie(teacherPage, 'prof.demo');
    const parentPage = await page();
    const parentBox = await openMessagerie(parentPage, 'parent.demo');
    const dialogs: string[] = [];
    const elsewhere: string[] = [];
    parentPage.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    parentPage.on('request', (r) => {
      if (new URL(r.url()).origin !== new URL(url).origin) elsewhere.push(r.url());
    });
    const parentId = await parentPage.evaluate(
      async () => (await (await fetch('/api/v1/me')).json()).user.id,
    );
    // The teacher's page sends raw HTML through the API, as any script of a host page could.
    const subject = `Charges XSS (${randomUUID().slice(0, 8)})`;
    const status = await teacherPage.evaluate(
      async ({ to, subject, body }) => {
        const { csrfToken } = await (await fetch('/api/v1/me')).json();
        const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken };
        const draft = await fetch('/api/v1/messages/drafts', {
          method: 'POST',
          headers,
          body: JSON.stringify({ subject, body, to: [{ kind: 'user', id: to }] }),
        });
        const { id } = await draft.json();
        return (await fetch(`/api/v1/messages/drafts/${id}/send`, { method: 'POST', headers, body: '{}' }))
          .status;
      },
      { to: parentId, subject, body: XSS_PAYLOADS.join('<hr>') },
    );
    expect(status).toBe(200);
    await row(parentBox, subject).click();
    const body = parentBox.locator('[part="body"]').last();
    await body.waitFor();
    for (const node of await body.locator('*').all())
      await node.hover({ force: true, timeout: 2000 }).catch(() => {});
    await parentBox
      .locator('[part="images-note"] button')
      .click()
      .catch(() => {});
    await parentPage.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
    expect(dialogs).toEqual([]);
    expect(
      elsewhere.filter((u) => !u.startsWith('https://') || /javascript|xss\.example\/xss\.js/.test(u)),
    ).toEqual([]);
    expect(
      await body.evaluate((b) =>
        [...b.querySelectorAll('*')].flatMap((n) =>
          [...n.attributes]
            .filter((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value))
            .map((a) => a.name),
        ),
      ),
    ).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a teacher’s broadcast to a class’s parents written at 21:30 is delivered at 07:00, and the parents’ digest e-mails reach the SMTP server', async () => {
    const smtp = await smtpOnLoopback();
    const dataDir = await mkdtemp(join(tmpdir(), 'preau-e2e-messages-'));
    const at = (clock: string) =>
      startPreau({ dataDir, env: { PREAU_CLOCK: clock, PREAU_SMTP_URL: smtp.url } });
    const subject = `Sortie au musée vendredi (${randomUUID().slice(0, 8)})`;
    try {
      // Thursday 19 November 2026, 21:30 in Paris: quiet hours.
      let server = await at('2026-11-19T20:30:00Z');
      try {
        const teacherPage = await page();
        const box = await openMessagerie(teacherPage, 'prof.demo', server.url);
        const led = (await me(teacherPage)).classes!.find((c) => c.isHeadTeacher)!;
        await box.locator('[part="compose"]').click();
        await pick(box, 'parents', `Parents d’élèves de ${led.name}`);
        await write(
          box,
          subject,
          'Bonjour,\nLa classe se rendra au musée vendredi matin. Merci de prévoir un pique-nique.',
        );
        await expect
          .poll(() => box.locator('[part="quiet-hours"]').textContent())
          .toBe('Heures calmes : ce message sera distribué le vendredi 20 novembre 2026 à 07:00.');
        await box.locator('[part="send"]').click();
        await expect
          .poll(() => statusOf(box).textContent())
          .toContain('Message programmé : il sera distribué le vendredi 20 novembre 2026 à 07:00.');
        const parentPage = await page();
        const parentBox = await openMessagerie(parentPage, 'parent.demo', server.url);
        await parentBox.locator('[part="message"]').first().waitFor();
        expect(await row(parentBox, subject).count()).toBe(0);
      } finally {
        await server.stop();
      }
      expect(smtp.received.filter((m) => (m.text ?? '').includes(subject))).toEqual([]);

      // Friday 07:00: the server, started again on the same data, delivers it.
      server = await at('2026-11-20T06:00:05Z');
      try {
        const parentPage = await page();
        const parentBox = await openMessagerie(parentPage, 'parent.demo', server.url);
        await row(parentBox, subject).waitFor();
        const delivered = await parentPage.evaluate(async (s) => {
          const list = await (await fetch('/api/v1/messages?folder=inbox')).json();
          return list.items.find((m: { subject: string; at: string }) => m.subject === s)?.at as string;
        }, subject);
        expect(Date.parse(delivered)).toBeGreaterThanOrEqual(Date.parse('2026-11-20T06:00:00Z'));
        expect(Date.parse(delivered)).toBeLessThan(Date.parse('2026-11-20T06:02:00Z'));
      } finally {
        await server.stop();
      }

      // Friday 17:00: the daily digest leaves for the parents who chose it.
      server = await at('2026-11-20T16:00:05Z');
      try {
        await expect
          .poll(() => smtp.to('parent.demo@famille.example').length, { timeout: 60_000 })
          .toBeGreaterThan(0);
        const [digest] = smtp.to('parent.demo@famille.example');
        expect(digest!.subject).toMatch(/^Messagerie de l'ENT : \d+ nouveaux? messages?$/);
        expect(digest!.text).toContain(subject);
        expect(digest!.headers.get('auto-submitted')).toBe('auto-generated');
      } finally {
        await server.stop();
      }
      expect(problems).toEqual([]);
    } finally {
      await smtp.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
