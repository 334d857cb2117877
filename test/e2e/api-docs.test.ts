/**
 * The API reference page in Chromium, served by the real server under its strict CSP (no inline script): it reads
 * /api/v1/openapi.json and lists tags, operations, parameters, bodies and responses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { watchPage } from './support/site.js';

const url = inject('preauUrl');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  nodes: { target: string[] }[];
}

describe('the API reference page', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    watchPage(page, problems, '/');
  });
  afterAll(() => browser?.close());

  it('lists the operations by tag and opens one with its body and responses, without CSP violations', async () => {
    await page.goto(`${url}/api/docs`);
    await page.getByRole('heading', { name: 'Connexion', level: 2 }).waitFor();
    expect(
      await page.getByRole('navigation', { name: 'Étiquettes' }).getByRole('link').count(),
    ).toBeGreaterThan(3);

    const login = page.locator('details.op', { hasText: '/api/v1/auth/login' });
    await login.locator('summary').click();
    await expect.poll(() => login.getByText('Corps de la requête').isVisible()).toBe(true);
    // The request body names its fields (the first schema of the operation).
    expect(
      await login
        .locator('div.schema')
        .first()
        .locator('code', { hasText: /^login$/ })
        .count(),
    ).toBe(1);
    expect(await login.locator('tbody tr', { hasText: '429' }).count()).toBe(1);

    await page.getByLabel('Filtrer les opérations').fill('files');
    await expect.poll(() => login.isHidden()).toBe(true);
    expect(await page.locator('details.op:visible').count()).toBeGreaterThanOrEqual(2);

    // Accessibility (axe, run through the debugging protocol: the page's CSP forbids injected scripts).
    await page.getByLabel('Filtrer les opérations').fill('');
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run()).violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
    });
    expect(violations).toEqual([]);

    await page.goto(`${url}/api/docs#probleme-validation`);
    await page.locator('#probleme-validation').waitFor();
    expect(problems).toEqual([]);
  });
});
