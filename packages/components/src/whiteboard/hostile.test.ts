// Hostile documents: refused with a French message, or shown inert — no script runs, no request leaves the page.
import { expect, fixture, html } from '@open-wc/testing';
import { strToU8, zipSync } from 'fflate';
import { readArchive, safeEntryName } from './document/archive.js';
import { openDocument } from './document/open.js';
import { DocumentError } from './document/types.js';
import type { PreauWhiteboard } from './whiteboard.js';
import './whiteboard.js';

declare global {
  interface Window {
    __pwned?: number;
  }
}

const ubz = (page: string, extra: Record<string, Uint8Array> = {}) =>
  zipSync({ 'metadata.rdf': strToU8('<RDF/>'), 'page000.svg': strToU8(page), ...extra });

const EVIL = 'http://127.0.0.1:9';

const SCRIPTED_PAGE = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:ub="http://uniboard.mnemis.com/document"
     viewBox="-640 -480 1280 960" ub:nominal-size="1280x960" onload="window.__pwned=1">
  <script>window.__pwned = 2</script>
  <style>@import url(${EVIL}/import.css); rect { fill: url(${EVIL}/fill.png) }</style>
  <g ub:z-value="1" onclick="window.__pwned=3" onmouseover="window.__pwned=3">
    <polygon points="0,0 100,0 100,100" fill="#ff0000" style="background:url(${EVIL}/style.png)"/>
    <rect x="10" y="10" width="50" height="50" fill="url(${EVIL}/paint.svg#p)" filter="url(${EVIL}/f.svg#f)"/>
  </g>
  <image xlink:href="${EVIL}/picture.png" x="0" y="0" width="10" height="10" ub:z-value="2"/>
  <image href="//127.0.0.1:9/protocol-relative.png" x="0" y="0" width="10" height="10"/>
  <image href="images/../../../etc/passwd" x="0" y="0" width="10" height="10"/>
  <image href="javascript:window.__pwned=4" x="0" y="0" width="10" height="10" onerror="window.__pwned=5"/>
  <a xlink:href="javascript:window.__pwned=6"><text x="0" y="200">Cliquez ici</text></a>
  <use href="${EVIL}/sprite.svg#icon"/>
  <animate attributeName="href" to="javascript:window.__pwned=7"/>
  <set attributeName="onmouseover" to="window.__pwned=8"/>
  <filter id="f"><feImage href="${EVIL}/feimage.png"/></filter>
  <foreignObject x="0" y="0" width="300" height="100" ub:type="text">
    <itemTextContent>&lt;html&gt;&lt;body&gt;&lt;p&gt;Texte sûr&lt;img src="${EVIL}/img.png" onerror="window.__pwned=9"&gt;&lt;script&gt;window.__pwned=10&lt;/script&gt;&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</itemTextContent>
  </foreignObject>
  <foreignObject x="0" y="300" width="300" height="100">
    <body xmlns="http://www.w3.org/1999/xhtml"><iframe src="${EVIL}/frame.html"></iframe><object data="${EVIL}/o"></object><p onclick="window.__pwned=11">Objet étranger</p></body>
  </foreignObject>
</svg>`;

describe('hostile whiteboard documents', () => {
  afterEach(() => {
    delete window.__pwned;
  });

  it('entry names cannot climb out of the archive', () => {
    for (const bad of [
      '../evil.svg',
      '/etc/passwd',
      'C:\\Windows\\x',
      'images/../../x',
      '..\\..\\x',
      'a\u0000b',
    ]) {
      expect(safeEntryName(bad), bad).to.equal(null);
    }
    expect(safeEntryName('./images\\photo.png')).to.equal('images/photo.png');
    const archive = zipSync({ 'page000.svg': strToU8('<svg/>'), '../../evil.svg': strToU8('<svg/>') });
    expect(() => readArchive(archive))
      .to.throw()
      .with.property('reason', 'unsafe-name');
  });

  it('refuses a zip bomb (20 MB of zeros in 20 kB) and an archive of too many entries', () => {
    const bomb = zipSync({ 'page000.svg': new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).to.be.below(100 * 1024);
    expect(() => readArchive(bomb))
      .to.throw()
      .with.property('reason', 'suspicious-ratio');
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 5001; i++) many[`f${i}.txt`] = new Uint8Array(1);
    expect(() => readArchive(zipSync(many, { level: 0 })))
      .to.throw()
      .with.property('reason', 'too-many-entries');
  });

  it('an entry that lies about its size is cut at the declared size, never inflated beyond it', () => {
    const archive = zipSync({ 'page000.svg': new Uint8Array(512 * 1024).fill(65) }, { level: 9 });
    // Rewrite the uncompressed size (local header at 22, central directory entry at 24) to 1000 bytes.
    const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
    view.setUint32(22, 1000, true);
    const central = archive.findIndex(
      (_, i) => i > 30 && i < archive.length - 4 && view.getUint32(i, true) === 0x02014b50,
    );
    view.setUint32(central + 24, 1000, true);
    const entries = readArchive(archive);
    expect(entries[0].bytes.byteLength).to.equal(1000);
  });

  it('refuses XML declarations (entity expansion) instead of parsing them', async () => {
    const page = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
      <svg xmlns="http://www.w3.org/2000/svg" xmlns:ub="http://uniboard.mnemis.com/document"><text>&b;</text></svg>`;
    const error = await openDocument(ubz(page)).catch((e) => e);
    expect(error).to.be.instanceOf(DocumentError);
    expect(error.reason).to.equal('xml-declarations');
  });

  it('the element refuses a zip bomb with a French message and an error event', async () => {
    const el = await fixture<PreauWhiteboard>(html`<preau-whiteboard lang="fr"></preau-whiteboard>`);
    const failed = new Promise<CustomEvent>((resolve) =>
      el.addEventListener('preau-document-error', resolve as never),
    );
    el.file = new Blob([zipSync({ 'page000.svg': new Uint8Array(20 * 1024 * 1024) }, { level: 9 })]);
    const event = await failed;
    expect(event.detail.reason).to.equal('suspicious-ratio');
    expect(event.detail.message).to.contain('bombe de décompression');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('bombe de décompression');
  });

  it('renders a scripted page inert: no script, no event attribute, no outside reference, no request', async () => {
    const before = performance.getEntriesByType('resource').length;
    const el = await fixture<PreauWhiteboard>(html`<preau-whiteboard></preau-whiteboard>`);
    const loaded = new Promise((resolve) => el.addEventListener('preau-document-load', resolve));
    el.file = new Blob([ubz(SCRIPTED_PAGE)]);
    await loaded;
    await el.updateComplete;
    const page = el.shadowRoot!.querySelector('[part="page"]')!;
    // Interact with everything that could carry a handler.
    for (const node of page.querySelectorAll('*')) {
      node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      node.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(window.__pwned).to.equal(undefined);
    expect(
      page.querySelectorAll('script, style, use, a, iframe, object, img, animate, set, feImage').length,
    ).to.equal(0);
    for (const node of page.querySelectorAll('*')) {
      for (const attr of node.attributes) {
        expect(attr.name, `${node.localName} ${attr.name}`).to.not.match(/^on/i);
        if (/href$/i.test(attr.name)) expect(attr.value).to.match(/^(blob:|#)/);
        expect(attr.value, `${node.localName} ${attr.name}`).to.not.contain('127.0.0.1');
        expect(attr.value).to.not.match(/javascript:/i);
      }
    }
    // The words of the text boxes are kept, as text.
    expect(page.textContent).to.contain('Texte sûr');
    expect(page.textContent).to.contain('Objet étranger');
    const requests = performance
      .getEntriesByType('resource')
      .slice(before)
      .map((e) => e.name)
      .filter((n) => n.includes('127.0.0.1:9') || !n.startsWith(location.origin));
    expect(requests).to.deep.equal([]);
  });
});
