import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { type PreauProcess, startPreau } from './support/server.js';
import { signIn, watchPage } from './support/site.js';

/**
 * The cahier de textes over two school days on the demo collège, each day a server started with its own clock on
 * the same data folder: on Tuesday 17 November 2026 at 14:10 (the demo teacher's English lesson with their class,
 * 14:00–14:55) the teacher writes the séance and gives work due on Thursday with a PDF; on Wednesday 18 at 10:00
 * the student finds it « pour demain » and ticks it, the parent sees it ticked, the principal visas the class, the
 * teacher's correction becomes an amendment, and the student's calendar keeps the work's UID.
 */
const TUESDAY = '2026-11-17T13:10:00Z';
const WEDNESDAY = '2026-11-18T09:00:00Z';
const PDF = 'packages/components/test-support/whiteboard/fractions.pdf';
const PAGE = '/cahier-de-textes.html';
const WORK_TITLE = 'Workbook p. 42, exercises 3 to 5';

interface Feed {
  uid: string;
  summary: string;
  sequence: number;
}

/** The work's event in an iCalendar feed, read by a real parser. */
async function workInFeed(address: string, title: string): Promise<Feed | undefined> {
  const res = await fetch(address);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(await res.text()));
  const items = [...calendar.getAllSubcomponents('vevent'), ...calendar.getAllSubcomponents('vtodo')];
  const item = items.find((c) => String(c.getFirstPropertyValue('summary')).includes(title.slice(0, 20)));
  return item
    ? {
        uid: String(item.getFirstPropertyValue('uid')),
        summary: String(item.getFirstPropertyValue('summary')),
        sequence: Number(item.getFirstPropertyValue('sequence') ?? 0),
      }
    : undefined;
}

describe('the cahier de textes on the demo collège site, over two school days', () => {
  let browser: Browser;
  let server: PreauProcess | undefined;
  let dataDir: string;
  const problems: string[] = [];
  let headClass = { classId: '', subjectId: '', name: '' };
  let student = { firstName: '', lastName: '' };
  let feedUrl = '';
  let firstFeed: Feed | undefined;

  const open = async (login: string, width = 1280): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    watchPage(page, problems);
    await signIn(page, `${server!.url}${PAGE}`, login);
    await page.locator('#bienvenue').waitFor(); // signed in: the page greets the user
    return page;
  };
  const start = async (clock: string) => {
    await server?.stop();
    server = await startPreau({ env: { PREAU_CLOCK: clock }, dataDir });
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'preau-e2e-lesson-log-'));
    browser = await launchChromium();
    await start(TUESDAY);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The teacher's view on the class they lead, in the subject they teach it. */
  const teacherView = async (page: Page) => {
    const log = page.locator('preau-lesson-log[view="teacher"]');
    if (!headClass.classId) {
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
      const k = me.classes.find((c: { isHeadTeacher: boolean }) => c.isHeadTeacher);
      headClass = { classId: k.id, subjectId: k.subjects[0].id, name: k.name };
    }
    await log.getByLabel('Classe et matière').selectOption(`${headClass.classId}|${headClass.subjectId}`);
    await log.locator('h2').filter({ hasText: headClass.name }).waitFor();
    return log;
  };

  it('on Tuesday the teacher writes today’s séance and gives work due on Thursday, with a PDF', async () => {
    const page = await open('prof.demo');
    const log = await teacherView(page);
    const today = log.locator('[part="slot"][data-today="true"]');
    await today.getByRole('button', { name: 'Remplir la séance' }).click();
    const editor = log.locator('[part="editor"]');
    await editor.getByLabel('Titre', { exact: true }).fill('Daily routines: the present simple');
    await editor.locator('.rte-area').first().click();
    await page.keyboard.type('Présent simple : ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('he/she/it + s');
    await editor.getByRole('button', { name: 'Donner du travail' }).click();
    const work = editor.locator('[part="work-editor"]');
    await work.getByLabel('Pour le').fill('2026-11-19');
    await work.getByLabel('Durée estimée (minutes)').fill('30');
    await work.getByLabel('Consigne courte').fill(WORK_TITLE);
    // The class's workload on Thursday, across subjects, before the work is given.
    await expect
      .poll(() => work.locator('[part="workload"]').textContent())
      .toContain('Déjà prévu pour le jeudi 19 novembre');
    await work.getByLabel('Joindre des fichiers au travail').setInputFiles(PDF);
    await expect.poll(() => log.locator('[role="status"]').textContent()).toContain('Fichier joint.');
    await expect.poll(() => work.textContent()).toContain('fractions.pdf');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(() => log.locator('[role="status"]').textContent())
      .toContain('Séance enregistrée et publiée.');
    await expect.poll(() => today.textContent()).toContain(WORK_TITLE);
    expect(await today.locator('.rich b').textContent()).toBe('he/she/it + s');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('on Wednesday the student finds it « pour demain » with its PDF, ticks it and subscribes to the calendar', async () => {
    await start(WEDNESDAY);
    const page = await open('eleve.demo', 400);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    student = { firstName: me.user.firstName, lastName: me.user.lastName };
    const agenda = page.locator('#cahier-eleve preau-lesson-log');
    const tomorrow = agenda.locator('[part="tomorrow"]');
    await expect.poll(() => tomorrow.locator('h3').textContent()).toBe('Pour demain, jeudi 19 novembre');
    const item = tomorrow.locator('[part="agenda-item"]').filter({ hasText: WORK_TITLE });
    await item.waitFor();
    expect(await item.locator('[part="attachments"] a').textContent()).toContain('fractions.pdf');
    const ticked = page.waitForResponse(
      (r) => /\/lesson-log\/work\/[^/]+\/done$/.test(r.url()) && r.status() === 200,
    );
    await item.getByRole('checkbox', { name: /Fait/ }).check();
    await ticked;
    expect(await item.getAttribute('data-done')).toBe('true');

    await agenda.getByRole('button', { name: 'S’abonner dans mon agenda (iCal)' }).click();
    const link = agenda.locator('[part="feed"] a');
    feedUrl = (await link.getAttribute('href'))!.replace(/^webcal:/, 'http:');
    firstFeed = await workInFeed(feedUrl, WORK_TITLE);
    expect(firstFeed?.summary).toContain(WORK_TITLE);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('the parent sees it ticked', async () => {
    const page = await open('parent.demo');
    const child = page
      .locator('#cahier-famille article.enfant')
      .filter({ hasText: `${student.firstName} ${student.lastName}` });
    const item = child.locator('[part="agenda-item"]').filter({ hasText: WORK_TITLE });
    await item.waitFor();
    await expect
      .poll(() => item.locator('[part="done-state"]').textContent())
      .toMatch(/Fait \(coché le 18 novembre\)/);
    expect(await item.getByRole('checkbox').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('the principal visas the class; the teacher’s later edit becomes a visible amendment; the calendar keeps the UID', async () => {
    const principal = await open('principal.demo');
    const overview = principal.locator('#cahier-direction preau-lesson-log');
    const row = overview.locator(`[data-class="${headClass.classId}"]`);
    await row.getByRole('button', { name: `Viser le cahier de ${headClass.name}` }).click();
    const form = overview.locator('[part="visa-form"]');
    expect(await form.getByLabel('Viser jusqu’au').inputValue()).toBe('2026-11-18');
    await form.getByRole('button', { name: `Viser le cahier de ${headClass.name}` }).click();
    await expect
      .poll(() => overview.locator('[role="status"]').textContent())
      .toContain(`Cahier de ${headClass.name} visé jusqu’au mercredi 18 novembre 2026.`);
    await principal.context().close();

    const page = await open('prof.demo');
    const log = await teacherView(page);
    const tuesday = log.locator('[part="slot"]').filter({ hasText: WORK_TITLE });
    await expect.poll(() => tuesday.locator('.mark.locked').textContent()).toBe('Visée');
    await tuesday.getByRole('button', { name: 'Modifier' }).click();
    const editor = log.locator('[part="editor"]');
    expect(await editor.textContent()).toContain('rectification visible');
    await editor.getByLabel('Consigne courte').fill(`${WORK_TITLE} and 6`);
    await editor.getByLabel('Motif de la rectification').fill('Exercice 6 oublié.');
    await editor.getByRole('button', { name: 'Enregistrer' }).click();
    const amended = log.locator('[part="slot"]').filter({ hasText: `${WORK_TITLE} and 6` });
    await expect.poll(() => amended.locator('[part="amendments"]').textContent()).toContain('Rectifiée le');
    expect(await amended.locator('[part="amendments"]').textContent()).toContain('Exercice 6 oublié.');
    await page.context().close();

    const after = await workInFeed(feedUrl, WORK_TITLE);
    expect(after?.uid).toBe(firstFeed!.uid);
    expect(after?.summary).toContain(`${WORK_TITLE} and 6`);
    expect(after!.sequence).toBeGreaterThan(firstFeed!.sequence);
    expect(problems).toEqual([]);
  }, 300_000);
});
