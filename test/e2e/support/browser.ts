import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from '../../../scripts/chromium.mjs';
import { serverNow } from './clock.js';

/**
 * The system Chromium, driven by playwright-core (never a downloaded browser). When the shared server runs at a
 * set date (`PREAU_CLOCK`), every new page's clock starts at the server's time and moves on from there, so that
 * the elements' "today" and "the séance in course" agree with the server's.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  if (!inject('preauClockSet')) return browser;
  const url = inject('preauUrl');
  const newContext = browser.newContext.bind(browser);
  const withServerTime = async (...args: Parameters<Browser['newContext']>): Promise<BrowserContext> => {
    const context = await newContext(...args);
    await context.clock.install({ time: await serverNow(url) });
    return context;
  };
  const ownPage = async (...args: Parameters<Browser['newPage']>): Promise<Page> => {
    const context = await withServerTime(...args);
    const page = await context.newPage();
    // The page's own context goes with it (unless the whole browser is closing already).
    page.once('close', () => void context.close().catch(() => undefined));
    return page;
  };
  return Object.assign(browser, { newContext: withServerTime, newPage: ownPage });
}
