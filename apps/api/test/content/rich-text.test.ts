import { parseFragment } from 'parse5';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from '../../../../scripts/chromium.mjs';
import { htmlToText, sanitizeRichText } from '../../src/content/rich-text.js';
import { activeContent, XSS_PAYLOADS as SHARED_PAYLOADS } from '../support/xss.js';

/** The shared payloads, and a raw control character in a URL (the routes refuse it before sanitizing). */
const XSS_PAYLOADS = [...SHARED_PAYLOADS, '<a href="java\u0000script:alert(1)">nul</a>'];

const ALLOWED = new Set([
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h3',
  'h4',
  'code',
  'pre',
  'hr',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href', 'title', 'rel', 'target'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
  ol: ['start'],
};

interface Node5 {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node5[];
  content?: Node5;
}

/** What a browser's parser builds from the sanitized HTML, with anything outside the allow-list reported. */
function activeParts(html: string): string[] {
  const found: string[] = [];
  const walk = (node: Node5) => {
    if (node.tagName) {
      if (!ALLOWED.has(node.tagName)) found.push(`element <${node.tagName}>`);
      for (const { name, value } of node.attrs ?? []) {
        if (!(ALLOWED_ATTRIBUTES[node.tagName] ?? []).includes(name)) found.push(`${node.tagName}[${name}]`);
        if (name === 'href' && !/^https?:\/\/[^/]/i.test(value)) found.push(`href ${value}`);
      }
    }
    for (const child of node.childNodes ?? []) walk(child);
    if (node.content) walk(node.content);
  };
  walk(parseFragment(html) as unknown as Node5);
  return found;
}

describe('rich text is sanitized with an allow-list', () => {
  it('keeps the formatting a teacher uses', () => {
    const html =
      '<h2>Chapitre 4</h2><p>Cours : <strong>Pythagore</strong>, <em>réciproque</em> et <u>contraposée</u>.</p>' +
      '<ol start="2"><li>Exercice 12 p. 48</li><li>H<sub>2</sub>O, x<sup>2</sup></li></ol>' +
      '<table><tr><th colspan="2">Bilan</th></tr><tr><td>a</td><td>b</td></tr></table>' +
      '<p><a href="https://www.lumni.fr/video/pythagore" title="Vidéo">Vidéo Lumni</a></p>';
    expect(sanitizeRichText(html)).toBe(
      '<h3>Chapitre 4</h3><p>Cours : <strong>Pythagore</strong>, <em>réciproque</em> et <u>contraposée</u>.</p>' +
        '<ol start="2"><li>Exercice 12 p. 48</li><li>H<sub>2</sub>O, x<sup>2</sup></li></ol>' +
        '<table><tr><th colspan="2">Bilan</th></tr><tr><td>a</td><td>b</td></tr></table>' +
        '<p><a href="https://www.lumni.fr/video/pythagore" title="Vidéo" rel="noopener noreferrer nofollow" target="_blank">Vidéo Lumni</a></p>',
    );
  });

  it('keeps a message as written (headings, tables, code, mailto links) and an e-mail without images', () => {
    const html =
      '<h2>Sortie</h2><p>Rendez-vous <strong>8 h</strong></p><table><tr><td>car</td></tr></table>' +
      '<pre>code</pre><a href="javascript:alert(1)">x</a> <a href="mailto:vie.scolaire@college.example">écrire</a>' +
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="tampon"><img src="https://tracker.example/p.png">';
    const link = 'rel="noopener noreferrer nofollow" target="_blank"';
    const text =
      '<h2>Sortie</h2><p>Rendez-vous <strong>8 h</strong></p><table><tr><td>car</td></tr></table>' +
      `<pre>code</pre><a ${link}>x</a> <a href="mailto:vie.scolaire@college.example" ${link}>écrire</a>`;
    // Remote images are messaging's to hold (see messages-sanitize): the profile alone drops them.
    expect(sanitizeRichText(html, 'message')).toBe(
      `${text}<img alt="tampon" src="data:image/png;base64,iVBORw0KGgo=" />`,
    );
    expect(sanitizeRichText(html, 'mail')).toBe(text);
    for (const use of ['message', 'mail'] as const) {
      for (const p of XSS_PAYLOADS) expect(activeContent(sanitizeRichText(p, use)), p).toEqual([]);
    }
  });

  it('turns it into plain text for calendars and the archive', () => {
    expect(
      htmlToText(
        sanitizeRichText(
          '<p>Lire  <b>p. 12</b> &amp; 13</p><ul><li>un</li><li>deux</li></ul><p>fin<br>ligne</p>',
        ),
      ),
    ).toBe('Lire p. 12 & 13\n• un\n• deux\nfin\nligne');
    expect(sanitizeRichText('<p> </p><script>x</script>')).toBe('');
  });

  it(`leaves nothing active from ${XSS_PAYLOADS.length} filter-evasion payloads (parsed as a browser does)`, () => {
    const failures = XSS_PAYLOADS.map((p) => [p, activeParts(sanitizeRichText(p))] as const).filter(
      ([, found]) => found.length > 0,
    );
    expect(failures).toEqual([]);
    // The scriptable text is gone too, not just neutralised.
    for (const p of XSS_PAYLOADS)
      expect(sanitizeRichText(p)).not.toMatch(/<script|javascript:|onerror=|onload=/i);
  });

  it('runs no script in Chromium when every sanitized payload is rendered and hovered', async () => {
    const executablePath = findChromium();
    if (!executablePath) throw new Error(NO_CHROMIUM);
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const requests: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      await page.exposeFunction('__reportCall', (name: string) => dialogs.push(name));
      await page.addInitScript(() => {
        for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
          (window as unknown as Record<string, unknown>)[name] = () =>
            (window as unknown as { __reportCall(n: string): void }).__reportCall(name);
        }
      });
      const body = XSS_PAYLOADS.map((p, i) => `<section id="p${i}">${sanitizeRichText(p)}</section>`).join(
        '',
      );
      await page.goto('about:blank');
      await page.setContent(`<!doctype html><html><body>${body}</body></html>`);
      for (const el of await page.locator('section *').all()) {
        await el.hover({ force: true, timeout: 500 }).catch(() => {});
        await el.focus().catch(() => {});
      }
      await page.waitForTimeout(200);
      expect({ dialogs, requests, url: page.url() }).toEqual({
        dialogs: [],
        requests: [],
        url: 'about:blank',
      });
    } finally {
      await browser.close();
    }
  });
});
