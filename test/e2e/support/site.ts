import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../apps/api/src/seed/accounts.js';

/** Opens `address` and signs in with a demo account through the page's own form (demo site or dashboard). */
export async function signIn(page: Page, address: string, login: string): Promise<void> {
  await page.goto(address);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * Collects into `problems` what must not happen on a page: script errors (CSP violations included), console
 * errors, and failed requests under `path`. Chromium also logs each failed request as a console error: those are
 * judged by the request rule, where a signed-out page asking who is signed in (401 on /api/v1/me) is by design.
 */
export function watchPage(page: Page, problems: string[], path = '/api/v1/'): void {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    const { pathname } = new URL(res.url());
    const signedOutProbe = res.status() === 401 && pathname === '/api/v1/me';
    if (res.status() >= 400 && pathname.startsWith(path) && !signedOutProbe) {
      problems.push(`${res.status()} ${res.url()}`);
    }
  });
}
