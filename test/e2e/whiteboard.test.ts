import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { signIn as signInAt, watchPage } from './support/site.js';

const url = inject('schoolDayUrl');
const FIXTURE = 'packages/components/test-support/whiteboard/fractions.ubz';
const PAGE = `${url}/cahier-de-textes.html`;

describe('the whiteboard in the cahier de textes of the demo collège site', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  const open = async (login: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.setDefaultTimeout(60_000);
    watchPage(page, problems);
    await signInAt(page, PAGE, login);
    await page.locator('#bienvenue').waitFor();
    return page;
  };

  it('the teacher shows today’s séance on the board, attaches a .ubz, annotates page 2 and saves the class trace; the student opens the séance and sees it', async () => {
    const teacher = await open('prof.demo');
    // The class the teacher leads is the demo student's; its séance is in course (09:00–09:55).
    const me = await teacher.evaluate(async () => (await fetch('/api/v1/me')).json());
    const head = me.classes.find((c: { isHeadTeacher: boolean }) => c.isHeadTeacher);
    const log = teacher.locator('preau-lesson-log[view="teacher"]');
    await log.getByLabel('Classe et matière').selectOption(`${head.id}|${head.subjects[0].id}`);
    await log.getByRole('button', { name: /^Séance du jour \(09:00–09:55\) au tableau$/ }).click();
    const boardView = log.locator('[part="board"]');
    await boardView.waitFor();
    expect(await log.getAttribute('density')).toBe('board');
    const seance = (await boardView.getAttribute('data-seance'))!;
    await boardView.getByLabel(/Joindre un document de tableau/).setInputFiles(FIXTURE);
    await boardView.getByRole('button', { name: 'Joindre', exact: true }).click();
    await expect
      .poll(() => log.locator('[role="status"]').first().textContent())
      .toContain('Document joint : fractions.ubz');

    const board = boardView.locator('preau-whiteboard');
    await board.locator('[part="page-label"]').filter({ hasText: 'Page 1 sur 3' }).waitFor();
    expect(await board.getAttribute('density')).toBe('board');
    await board.locator('[part="next"]').click();
    await board.locator('[part="page-label"]').filter({ hasText: 'Page 2 sur 3' }).waitFor();
    await board.locator('[part="tool-pen"]').click();
    const ink = board.locator('[part="ink"]');
    await ink.scrollIntoViewIfNeeded();
    const box = (await ink.boundingBox())!;
    // A stroke across the visible part of the page.
    const y = box.y + Math.min(box.height * 0.5, 300);
    await teacher.mouse.move(box.x + box.width * 0.3, y);
    await teacher.mouse.down();
    for (let i = 1; i <= 12; i++)
      await teacher.mouse.move(box.x + box.width * (0.3 + i * 0.03), y + (i % 2) * 20);
    await teacher.mouse.up();
    await expect.poll(() => ink.locator('path').count()).toBe(1);
    await board.locator('[part="save-trace"]').click();
    await expect
      .poll(() => board.locator('[role="status"]').textContent())
      .toContain('Trace de la classe enregistrée');

    // The teacher's own annotations were saved too (connected mode): still there after a reload.
    await expect
      .poll(async () => {
        const check = await teacher
          .context()
          .request.get(`${url}/api/v1/whiteboard/seances/${seance}/documents`);
        const { documents } = await check.json();
        const mine = await teacher
          .context()
          .request.get(`${url}/api/v1/whiteboard/documents/${documents[0].fileId}/annotations`);
        return Object.keys((await mine.json()).annotations.pages).length;
      })
      .toBe(1);
    await log.locator('[part="board-exit"]').click();
    expect(await log.getAttribute('density')).toBe(null);

    const student = await open('eleve.demo');
    const agenda = student.locator('#cahier-eleve preau-lesson-log');
    await agenda.getByRole('button', { name: `Séances de ${head.name}`, exact: true }).click();
    await agenda.locator(`[data-seance-documents="${seance}"]`).click();
    await agenda.getByRole('button', { name: /^Voir la trace/ }).click();
    const trace = agenda.locator('preau-whiteboard[readonly]');
    await trace.locator('[part="page-label"]').filter({ hasText: 'Page 1 sur 3' }).waitFor();
    // Read-only: no drawing tools; the teacher's stroke is on page 2.
    expect(await trace.locator('[part="tool-pen"]').count()).toBe(0);
    await trace.locator('[part="next"]').click();
    await expect.poll(() => trace.locator('[part="ink"] path').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
