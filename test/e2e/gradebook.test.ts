import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { demoDay } from './support/clock.js';
import { signIn as signInAt, watchPage } from './support/site.js';

const url = inject('preauUrl');
const signIn = (page: Page, login: string) => signInAt(page, `${url}/`, login);

const cellText = async (grid: Locator, row: number, col: number) =>
  (await grid.locator(`tbody tr:nth-child(${row}) > :nth-child(${col})`).textContent())?.trim();

describe('the grade book on the demo collège site', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  // Every grade-book request must succeed (other elements of the page are judged by their own tests).
  const watch = (page: Page) => watchPage(page, problems, '/api/v1/gradebook/');

  it('the demo teacher enters marks in a class sheet: refused beyond the barème, saved, still there after reload', async () => {
    const page = await browser.newPage();
    watch(page);
    await signIn(page, 'prof.demo');
    const book = page.locator('#espace-enseignant preau-gradebook').first();
    const grid = book.getByRole('grid');
    await grid.waitFor();
    expect(await grid.locator('tbody tr').count()).toBeGreaterThan(10);
    // The first évaluation's barème, from its header ("… /20 · coef. 2").
    const header = (await grid.locator('thead th').nth(1).textContent()) ?? '';
    const outOf = Number(/· \/(\d+)/.exec(header)?.[1]);
    expect(outOf).toBeGreaterThan(0);

    await grid.locator('tbody tr:nth-child(1) > :nth-child(2)').click();
    await page.keyboard.type(String(outOf + 1));
    await expect.poll(() => book.getByRole('alert').textContent()).toContain('dépasse le barème');
    await page.keyboard.press('Escape');

    const mark = outOf >= 10 ? '7,5' : '2,5';
    await page.keyboard.type(mark);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => book.getByRole('status').textContent(), { timeout: 10_000 })
      .toContain('Notes enregistrées');

    await page.reload();
    const again = page.locator('#espace-enseignant preau-gradebook').first().getByRole('grid');
    await again.waitFor();
    await expect.poll(() => cellText(again, 1, 2)).toBe(mark);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the demo parent sees each child’s results with averages and compétences', async () => {
    const page = await browser.newPage();
    watch(page);
    await signIn(page, 'parent.demo');
    const book = page.locator('#espace-famille preau-gradebook').first();
    await book.locator('[part~="student-view"]').waitFor();
    const text = (await book.locator('[part~="student-view"]').textContent()) ?? '';
    expect(text).toMatch(/Résultats de .+ — /);
    if ((await demoDay(url)).classesHeld === 0) {
      // The first day of classes: nothing has been marked yet.
      expect(text).toContain('Aucune note publiée');
      expect(await book.locator('[part~="subject-table"]').count()).toBe(0);
    } else {
      expect(await book.locator('[part~="subject-table"]').count()).toBeGreaterThan(0);
      // Levels are written out (code and label), not shown by colour alone.
      if (await book.locator('[part~="competences"]').count()) {
        expect(await book.locator('[part~="competences"]').textContent()).toMatch(
          /(MI|MF|MS|TB) \d — Maîtrise|Très bonne maîtrise/,
        );
      }
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});
