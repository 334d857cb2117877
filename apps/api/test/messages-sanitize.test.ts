import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from '../../../scripts/chromium.mjs';
import { LINK_REL, mailHtml, REMOTE_IMAGE_ATTRIBUTE, sanitizeBody } from '../src/messages/sanitize.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { testEngine } from './support/db.js';
import { person, send } from './support/messages.js';
import { activeContent, XSS_PAYLOADS } from './support/xss.js';

describe('message bodies: what is kept of hostile HTML', () => {
  it('keeps formatting, lists, tables and safe links', () => {
    const { html, text } = sanitizeBody(
      '<h2>Sortie</h2><p>Rendez-vous à <b>8 h</b>, <a href="https://musee.example/plan">plan</a>.</p>' +
        '<ul><li>pique-nique</li><li>gourde</li></ul><a href="mailto:vie.scolaire@college.example">écrire</a>',
    );
    expect(html).toBe(
      `<h2>Sortie</h2><p>Rendez-vous à <b>8 h</b>, <a href="https://musee.example/plan" rel="${LINK_REL}" target="_blank">plan</a>.</p>` +
        `<ul><li>pique-nique</li><li>gourde</li></ul><a href="mailto:vie.scolaire@college.example" rel="${LINK_REL}" target="_blank">écrire</a>`,
    );
    expect(text).toContain('Rendez-vous à 8 h, plan [https://musee.example/plan].');
    expect(text).toContain('• pique-nique');
  });

  it('holds remote images back until the reader asks, keeps inline pictures', () => {
    const { html } = sanitizeBody(
      '<img src="https://tracker.example/p.png?u=42" alt="logo" width="120" onerror="alert(1)">' +
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="tampon">',
    );
    expect(html).toBe(
      `<img alt="logo" width="120" ${REMOTE_IMAGE_ATTRIBUTE}="https://tracker.example/p.png?u=42" />` +
        '<img alt="tampon" src="data:image/png;base64,iVBORw0KGgo=" />',
    );
    // E-mails carry no image at all.
    expect(mailHtml(html)).toBe('');
  });

  it.each(XSS_PAYLOADS.map((p, i) => [i, p] as const))('payload %i leaves nothing active', (_i, payload) => {
    const { html, text } = sanitizeBody(`<p>Bonjour</p>${payload}`);
    expect(activeContent(html), html).toEqual([]);
    expect(activeContent(mailHtml(html)), html).toEqual([]);
    expect(text).not.toMatch(/<script/i);
  });

  describe('in a real browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      const executablePath = findChromium();
      if (!executablePath) throw new Error(NO_CHROMIUM);
      browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    });
    afterAll(() => browser?.close());

    it('runs no script and loads nothing from any sanitized payload, even hovered and focused', async () => {
      const page = await browser.newPage();
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      const hits: string[] = [];
      for (const payload of XSS_PAYLOADS) {
        const { html } = sanitizeBody(payload);
        await page.setContent(
          '<!doctype html><html><head><script>window.__hits=[];' +
            "for (const f of ['alert','confirm','prompt','print']) window[f]=()=>window.__hits.push(f);" +
            `</script></head><body>${html}</body></html>`,
        );
        await page.evaluate(() => {
          for (const el of document.querySelectorAll('body *')) {
            for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle', 'load', 'error']) {
              el.dispatchEvent(new Event(type));
            }
          }
        });
        await page.waitForTimeout(20);
        const got = await page.evaluate(() => (window as unknown as { __hits: string[] }).__hits);
        if (got.length) hits.push(`${payload} → ${got.join(',')}`);
      }
      expect(hits).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('about:'))).toEqual([]);
      await page.close();
    });
  });
});

describe(`message bodies: stored sanitized (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('stores and serves every payload without active content, subject and body alike', async () => {
    const a = t.fixture.schools.a;
    const teacher = await t.as(a.teachers.maths);
    const parent = await t.as(a.guardians.s1a);
    const body = XSS_PAYLOADS.join('\n<p>—</p>\n');
    const { id } = await send(teacher, {
      to: [person(a.guardians.s1a.id)],
      subject: `<script>alert(1)</script> "><img src=x onerror=alert(1)>`,
      body,
    });
    const [stored] = await t.db.query<{ body_html: string; subject: string }>(
      'SELECT body_html, subject FROM messages WHERE id = $1',
      [id],
    );
    expect(activeContent(stored!.body_html)).toEqual([]);
    const view = await (await parent.get(`/api/v1/messages/items/${id}`)).json();
    expect(activeContent(view.bodyHtml)).toEqual([]);
    // A subject is text: kept as typed, escaped wherever it is written into HTML (see the e-mail tests).
    expect(view.subject).toBe(`<script>alert(1)</script> "><img src=x onerror=alert(1)>`);
  });
});
