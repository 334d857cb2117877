import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { README, readmeTag, sri } from '../../scripts/cdn-integrity.mjs';
import { launchChromium } from './support/browser.js';

const url = inject('preauUrl');

/** The README's one-script-tag example, as a web team copies it, pointed at this server. */
function readmeSnippet(): string {
  const m =
    /<script type="module" src="https:\/\/ent\.example\.fr\/cdn\/[^"]+\/preau\.js"[^>]*><\/script>/.exec(
      readFileSync(README, 'utf8'),
    );
  if (!m) throw new Error('README.md: the one-script-tag example is missing');
  return m[0].replaceAll('https://ent.example.fr', url);
}

/** A school's page on a site of its own (127.0.0.1, not the ENT's `localhost`) holding `head`. */
async function schoolPage(page: Page, head: string): Promise<void> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Collège</title>${head}</head>
<body><preau-sign-in></preau-sign-in></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForLoadState('load');
  } finally {
    server.close();
  }
}

describe('the versioned CDN and its integrity hashes', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('serves /cdn/<version>/preau.js immutable, with the hash the README and integrity.json state', async () => {
    const tag = readmeTag();
    expect(tag, 'README example with integrity').not.toBeNull();
    const res = await fetch(`${url}/cdn/${tag!.version}/preau.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const served = sri(Buffer.from(await res.arrayBuffer()));
    expect(served, 'README.md is stale: run node scripts/cdn-integrity.mjs --write').toBe(tag!.integrity);
    const published = (await (await fetch(`${url}/cdn/${tag!.version}/integrity.json`)).json()) as Record<
      string,
      string
    >;
    expect(published['preau.js']).toBe(served);
    // Every chunk preau.js may load is listed with the hash of what is served.
    const chunk = Object.keys(published).find((f) => f.startsWith('chunks/'))!;
    const chunkRes = await fetch(`${url}/cdn/${tag!.version}/${chunk}`);
    expect(sri(Buffer.from(await chunkRes.arrayBuffer()))).toBe(published[chunk]);
    // The unversioned file follows the latest build: revalidated at every use.
    expect((await fetch(`${url}/cdn/preau.js`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('the README’s tag loads the elements on another site; a wrong hash is refused by the browser', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await schoolPage(page, readmeSnippet());
      await expect
        .poll(() => page.evaluate(() => Boolean(customElements.get('preau-sign-in'))), { timeout: 20_000 })
        .toBe(true);

      const tampered = await context.newPage();
      const refused: string[] = [];
      tampered.on('console', (m) => {
        if (/integrity/i.test(m.text())) refused.push(m.text());
      });
      await schoolPage(
        tampered,
        readmeSnippet().replace(/integrity="sha384-[^"]+"/, `integrity="${sri('autre')}"`),
      );
      await expect.poll(() => refused.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(await tampered.evaluate(() => Boolean(customElements.get('preau-sign-in')))).toBe(false);
    } finally {
      await context.close();
    }
  });
});
