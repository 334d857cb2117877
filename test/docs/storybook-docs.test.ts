/**
 * The elements' docs pages in Storybook's static build, in Chromium: the tables of attributes, events, parts and
 * custom properties read from custom-elements.json, and the copy-paste example of the element's data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from '../../scripts/chromium.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATIC = join(ROOT, 'stories/storybook-static');
const MANIFEST = join(ROOT, 'packages/components/custom-elements.json');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

interface Declaration {
  tagName?: string;
  customElement?: boolean;
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
  members?: { name: string; privacy?: string }[];
}

function elements(): Declaration[] {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
    modules: { declarations?: Declaration[] }[];
  };
  return manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
}

const elementTags = () => elements().map((d) => d.tagName as string);

function declarationOf(tag: string): Declaration {
  const found = elements().find((d) => d.tagName === tag);
  if (!found) throw new Error(`${tag} is not in custom-elements.json`);
  return found;
}

/** The static build, served as files (its modules do not load from file://). */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(STATIC, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(STATIC) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the elements’ docs pages in Storybook', () => {
  let server: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(join(STATIC, 'iframe.html')))
      throw new Error('stories/storybook-static is missing: run `npm run build-storybook` first.');
    const executablePath = findChromium();
    if (!executablePath) throw new Error(NO_CHROMIUM);
    server = await serve();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('has a docs page for every element of the manifest (stories/<name>.stories.ts for <preau-name>)', () => {
    const index = JSON.parse(readFileSync(join(STATIC, 'index.json'), 'utf8')) as {
      entries: Record<string, { type: string; importPath: string }>;
    };
    const docs = Object.values(index.entries)
      .filter((e) => e.type === 'docs')
      .map((e) => e.importPath);
    const tags = elementTags();
    expect(tags.length).toBeGreaterThanOrEqual(7);
    for (const tag of tags) expect(docs, tag).toContain(`./stories/${tag.replace(/^preau-/, '')}.stories.ts`);
  });

  it('lists every event, part and custom property of the grade book, with an example of its data', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const id = encodeURIComponent('éléments-carnet-de-notes--docs');
    await page.goto(`${base}/iframe.html?id=${id}&viewMode=docs`);
    const docs = page.locator('.sbdocs-content');
    const argsTable = docs.locator('table.docblock-argstable').first();
    await argsTable.waitFor();
    // What the reader sees (innerText): rows of a collapsed section would not count.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the subject
    const table = (await argsTable.innerText()).replace(/\s+/g, ' ');
    const rows = new Set(
      (await argsTable.locator('tbody tr td:first-child').allInnerTexts()).map((t) =>
        t.split('\n')[0].trim(),
      ),
    );

    const gradebook = declarationOf('preau-gradebook');
    const events = (gradebook.events ?? []).map((e) => e.name);
    const parts = (gradebook.cssParts ?? []).map((p) => p.name);
    const properties = (gradebook.cssProperties ?? []).map((p) => p.name);
    expect(events).toContain('preau-mark-save');
    expect(parts.length).toBeGreaterThan(10);
    for (const name of [...events, ...parts, ...properties, 'data', 'src', 'density'])
      expect(rows, name).toContain(name);
    expect(table).toMatch(/events/i);
    expect(table).toMatch(/css shadow parts/i);
    expect(table).toMatch(/css custom properties/i);
    // Only what a page may use: no private state of the element.
    const hidden = (gradebook.members ?? []).filter((m) => m.privacy || m.name.startsWith('#'));
    expect(hidden.length).toBeGreaterThan(0);
    for (const m of hidden) expect(rows, m.name).not.toContain(m.name);

    // The data types, as the generated reference declares them (folded in a <details>), and its example.
    const description =
      (await docs.locator('details', { hasText: 'declarations' }).first().textContent()) ?? '';
    expect(description).toContain('export interface StudentResultsView');
    expect(description).toContain('export interface GradebookSheetView');
    expect(await docs.locator('pre', { hasText: "addEventListener('preau-" }).count()).toBeGreaterThan(0);

    // The data example: the parent view's shape, as in examples/cms-page/donnees.json.
    const example = await docs.locator('pre', { hasText: 'el.data =' }).first().textContent();
    expect(example).toContain('"generalAverage": 13.5');
    expect(example).toContain('"subjects": [');
    expect(errors).toEqual([]);
    await page.close();
  });
});
