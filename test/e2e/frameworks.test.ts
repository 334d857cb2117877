import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { checkEmbeddingPage } from './support/embedding-page.js';

const url = inject('schoolDayUrl');
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const ROOT = join(EXAMPLES, '..');

/** Serves an example folder at `${url}/exemples/<name>/` (the same origin as the ENT, like a page of its site). */
async function serveExample(context: BrowserContext, name: string, folder: string): Promise<string> {
  const base = `${url}/exemples/${name}/`;
  await context.route(`${base}**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice(`/exemples/${name}/`.length) || 'index.html';
    if (path.includes('..')) return route.fulfill({ status: 404 });
    try {
      const body = await readFile(join(EXAMPLES, folder, path));
      const contentType = path.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8';
      return route.fulfill({ body, contentType });
    } catch {
      return route.fulfill({ status: 404 });
    }
  });
  return base;
}

describe('framework pages embedding the elements', () => {
  let browser: Browser;
  beforeAll(async () => {
    // Each page's own build (esbuild), its typings generated from the manifest, and the React page type-checked
    // against them (the Vue page is in the repository's typecheck).
    execFileSync(process.execPath, [join(EXAMPLES, 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'examples/react-page'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  for (const [name, folder, marker] of [
    ['react', 'react-page', 'Espace familles (React)'],
    ['vue', 'vue-page', 'Espace familles (Vue)'],
    ['angular', 'angular-page', 'Espace familles (Angular)'],
  ] as const) {
    it(`${name}: property mode renders, events reach the framework, connected mode saves`, async () => {
      const context = await browser.newContext();
      try {
        const page = await checkEmbeddingPage(context, url, await serveExample(context, name, folder));
        expect(await page.locator('h1').textContent()).toBe(marker);
      } finally {
        await context.close();
      }
    });
  }
});
