import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { signIn, watchPage } from './support/site.js';

const url = inject('preauUrl');

describe('the demo collège site, as a parent', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    watchPage(page, problems);
  });
  afterAll(() => browser?.close());

  it('signs in with the demo parent account and sees each child', async () => {
    await signIn(page, `${url}/`, 'parent.demo');

    const family = page.locator('#espace-famille');
    await family.waitFor({ state: 'visible' });
    // The children are those the API says this parent is responsible for.
    const me = await page.evaluate(async () =>
      (await fetch('/api/v1/me', { credentials: 'include' })).json(),
    );
    expect(me.user.profile).toBe('guardian');
    expect(me.children.length).toBeGreaterThanOrEqual(1);
    const cards = family.locator('article.enfant');
    await expect.poll(() => cards.count()).toBe(me.children.length);
    for (const child of me.children as { firstName: string; lastName: string }[]) {
      await expect.poll(() => family.textContent()).toContain(`${child.firstName} ${child.lastName}`);
    }
    // Nothing meant for other profiles is shown.
    expect(await page.locator('#espace-enseignant').isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });

  it('signs out and hides the family space again', async () => {
    expect(problems).toEqual([]);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.locator('#espace-famille').waitFor({ state: 'hidden' });
    const status = await page.evaluate(
      async () => (await fetch('/api/v1/me', { credentials: 'include' })).status,
    );
    expect(status).toBe(401);
    // A request an element had under way when the session ended (a live refresh) is answered 401: that is the
    // sign-out working, not a fault of the page.
    expect(problems.filter((p) => !p.startsWith('401 '))).toEqual([]);
  });
});
