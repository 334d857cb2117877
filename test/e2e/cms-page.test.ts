import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { checkEmbeddingPage } from './support/embedding-page.js';

const url = inject('schoolDayUrl');

describe('a CMS page (jQuery, no build) embedding the elements', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('two elements in property mode render and reach jQuery’s handlers; the roll call in connected mode saves', async () => {
    const context = await browser.newContext();
    try {
      const page = await checkEmbeddingPage(context, url, `${url}/exemples/cms/`);
      expect(await page.evaluate(() => typeof (window as unknown as { jQuery?: unknown }).jQuery)).toBe(
        'function',
      );
    } finally {
      await context.close();
    }
  });
});
