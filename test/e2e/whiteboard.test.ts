import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { signIn as signInAt, watchPage } from './support/site.js';

const url = inject('preauUrl');
const FIXTURE = 'packages/components/test-support/whiteboard/fractions.ubz';

describe('the whiteboard on the demo collège site', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  const watch = (page: Page) => watchPage(page, problems, '/api/v1/whiteboard/');

  it('the teacher attaches a .ubz to the current séance, annotates page 2 in board mode and saves the class trace; the student sees it', async () => {
    const teacher = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    watch(teacher);
    await signInAt(teacher, `${url}/tableau.html`, 'prof.demo');
    // The class the teacher leads is the demo student's.
    await teacher
      .getByRole('button', { name: /professeur principal.*séance en cours/ })
      .first()
      .click();
    await teacher.waitForURL(/\?seance=/);
    const seance = new URL(teacher.url()).searchParams.get('seance')!;
    await teacher.locator('#fichier').setInputFiles(FIXTURE);
    await teacher.getByRole('button', { name: 'Joindre', exact: true }).click();
    await expect
      .poll(() => teacher.locator('#message').textContent())
      .toContain('Document joint : fractions.ubz');

    const board = teacher.locator('[data-documents] preau-whiteboard').first();
    await board.locator('[part="page-label"]').filter({ hasText: 'Page 1 sur 3' }).waitFor();
    await board.locator('[part="board-toggle"]').click();
    expect(await board.getAttribute('density')).toBe('board');
    await board.locator('[part="next"]').click();
    await board.locator('[part="page-label"]').filter({ hasText: 'Page 2 sur 3' }).waitFor();
    await board.locator('[part="tool-pen"]').click();
    const ink = board.locator('[part="ink"]');
    const box = (await ink.boundingBox())!;
    await teacher.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await teacher.mouse.down();
    for (let i = 1; i <= 12; i++)
      await teacher.mouse.move(
        box.x + box.width * (0.3 + i * 0.03),
        box.y + box.height * (0.5 + (i % 2) * 0.05),
      );
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

    const student = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    watch(student);
    await signInAt(student, `${url}/tableau.html?seance=${seance}`, 'eleve.demo');
    const trace = student.locator('[data-traces] preau-whiteboard').first();
    await trace.locator('[part="page-label"]').filter({ hasText: 'Page 1 sur 3' }).waitFor();
    // Read-only: no drawing tools; the teacher's stroke is on page 2.
    expect(await trace.locator('[part="tool-pen"]').count()).toBe(0);
    await trace.locator('[part="next"]').click();
    await expect.poll(() => trace.locator('[part="ink"] path').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
