import { expect, fixture, html } from '@open-wc/testing';
import { openDocument } from './document/open.js';
import { documentPdf, pagePng } from './export.js';
import type { PreauWhiteboard } from './whiteboard.js';
import './whiteboard.js';

const FIXTURES = '/packages/components/test-support/whiteboard';

async function open(name: string, attrs = ''): Promise<PreauWhiteboard> {
  const el = await fixture<PreauWhiteboard>(
    html`<preau-whiteboard style="--preau-whiteboard-height: 600px"></preau-whiteboard>`,
  );
  for (const pair of attrs.split(' ').filter(Boolean)) {
    const [k, v] = pair.split('=');
    el.setAttribute(k, v ?? '');
  }
  const loaded = new Promise((resolve, reject) => {
    el.addEventListener('preau-document-load', resolve);
    el.addEventListener('preau-document-error', (e) => reject(new Error(e.detail.message)));
  });
  el.src = `${FIXTURES}/${name}`;
  await loaded;
  await el.updateComplete;
  return el;
}

const shadow = (el: PreauWhiteboard) => el.shadowRoot!;
const pageSvg = (el: PreauWhiteboard) =>
  shadow(el).querySelector('[part="page"] > svg[part="content"]') as SVGSVGElement;

function pointer(target: Element, type: string, x: number, y: number, init: PointerEventInit = {}): void {
  const rect = target.getBoundingClientRect();
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      composed: true,
      clientX: rect.left + x,
      clientY: rect.top + y,
      pointerId: 7,
      pointerType: 'pen',
      pressure: 0.8,
      button: 0,
      buttons: type === 'pointerup' ? 0 : 1,
      ...init,
    }),
  );
}

describe('preau-whiteboard', () => {
  for (const [name, pages] of [
    ['fractions.ubz', 3],
    ['cycle-eau.iwb', 2],
    ['volcans.notebook', 3],
    ['apercu-seul.notebook', 1],
  ] as const) {
    it(`opens ${name} and renders every page`, async () => {
      const el = await open(name);
      expect(el.pageCount).to.equal(pages);
      expect(shadow(el).querySelectorAll('.thumb').length).to.equal(pages);
      for (let i = 0; i < pages; i++) {
        el.go(i);
        await el.updateComplete;
        const svg = pageSvg(el);
        expect(svg, `page ${i + 1}`).to.exist;
        // Something is drawn beyond the background.
        expect(
          svg.querySelectorAll(':not(.preau-background):not(defs):not(pattern):not(path)').length,
          `page ${i + 1}`,
        ).to.be.greaterThan(0);
        const box = svg.getBoundingClientRect();
        expect(box.width).to.be.greaterThan(50);
      }
    });
  }

  it('puts the page text where screen readers find it', async () => {
    const el = await open('fractions.ubz');
    const text = shadow(el).querySelector('#page-text')!;
    expect(text.textContent).to.contain('Bonjour la classe : les fractions');
    expect(shadow(el).querySelector('[part="stage"]')!.getAttribute('aria-describedby')).to.equal(
      'page-text',
    );
  });

  it('turns pages with PageDown, PageUp and the arrows, and says so', async () => {
    const el = await open('fractions.ubz');
    const stage = shadow(el).querySelector('[part="stage"]') as HTMLElement;
    const changes: number[] = [];
    el.addEventListener('preau-page-change', (e) => changes.push(e.detail.index));
    stage.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true }));
    await el.updateComplete;
    stage.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await el.updateComplete;
    expect(el.page).to.equal(3);
    stage.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageUp', bubbles: true }));
    await el.updateComplete;
    expect(el.page).to.equal(2);
    expect(changes).to.deep.equal([1, 2, 1]);
    expect(shadow(el).querySelector('[part="page-label"]')!.textContent).to.contain('Page 2 sur 3');
  });

  it('draws with a pen (pressure kept), undoes, redoes and erases; the original page is untouched', async () => {
    const el = await open('fractions.ubz');
    el.setTool('pen');
    await el.updateComplete;
    const before = pageSvg(el).outerHTML;
    const changes: unknown[] = [];
    el.addEventListener('preau-annotation-change', (e) => changes.push(e.detail));
    const ink = shadow(el).querySelector('[part="ink"]')!;
    pointer(ink, 'pointerdown', 50, 50);
    for (let i = 1; i <= 10; i++)
      pointer(ink, 'pointermove', 50 + i * 10, 50 + i * 4, { pressure: 0.3 + i * 0.05 });
    pointer(ink, 'pointerup', 150, 90);
    await el.updateComplete;
    const pageId = el.doc!.pages[0].id;
    const strokes = el.annotations.pages[pageId];
    expect(strokes).to.have.length(1);
    expect(strokes[0].tool).to.equal('pen');
    expect(strokes[0].points[2]).to.be.closeTo(0.8, 0.01);
    expect(changes).to.have.length(1);
    expect(ink.querySelectorAll('path').length).to.equal(1);
    expect(pageSvg(el).outerHTML).to.equal(before);
    el.undo();
    await el.updateComplete;
    expect(el.annotations.pages[pageId]).to.equal(undefined);
    el.redo();
    await el.updateComplete;
    expect(el.annotations.pages[pageId]).to.have.length(1);
    el.setTool('eraser');
    await el.updateComplete;
    pointer(ink, 'pointerdown', 100, 70);
    pointer(ink, 'pointerup', 100, 70);
    await el.updateComplete;
    expect(el.annotations.pages[pageId]).to.equal(undefined);
    expect(changes).to.have.length(4);
  });

  it('property mode: takes annotations from the host, bad ones are dropped without throwing', async () => {
    const el = await open('cycle-eau.iwb');
    el.annotations = {
      pages: {
        p1: [
          { id: 'a', tool: 'highlighter', color: '#ffd400', width: 12, points: [10, 10, 0.5, 200, 10, 0.5] },
          { tool: 'laser' },
          null,
        ],
      },
      junk: 1,
    };
    await el.updateComplete;
    expect(el.annotations.pages.p1).to.have.length(1);
    const path = shadow(el).querySelector('[part="ink"] path')!;
    expect(path.getAttribute('fill-opacity')).to.equal('0.5');
    el.annotations = 'not annotations';
    expect(el.annotations).to.deep.equal({ version: 1, pages: {} });
  });

  it('curtain and spotlight: the curtain moves with the keyboard', async () => {
    const el = await open('fractions.ubz');
    el.toggleCurtain();
    await el.updateComplete;
    const handle = shadow(el).querySelector('.curtain-handle') as HTMLElement;
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await el.updateComplete;
    expect(el.curtain).to.be.closeTo(0.3, 0.001);
    el.toggleSpotlight();
    await el.updateComplete;
    expect(shadow(el).querySelector('.spotlight')).to.exist;
  });

  it('zooms, fits width and page', async () => {
    const el = await open('fractions.ubz');
    const fitted = el.scale;
    el.zoom(1);
    expect(el.scale).to.be.closeTo(fitted * 1.25, 1e-6);
    el.fit('width');
    const stage = shadow(el).querySelector('[part="stage"]') as HTMLElement;
    expect(el.scale * 1280).to.be.closeTo(stage.clientWidth - 32, 1);
  });

  it('board mode: a visible toggle, remembered on the device', async () => {
    localStorage.removeItem('preau-whiteboard-density');
    const el = await open('fractions.ubz');
    (shadow(el).querySelector('[part="board-toggle"]') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(el.getAttribute('density')).to.equal('board');
    const again = await fixture<PreauWhiteboard>(html`<preau-whiteboard></preau-whiteboard>`);
    expect(again.density).to.equal('board');
    localStorage.removeItem('preau-whiteboard-density');
  });

  it('speaks English when asked', async () => {
    const el = await open('fractions.ubz', 'lang=en');
    expect(shadow(el).querySelector('[part="page-label"]')!.textContent).to.contain('Page 1 of 3');
    expect(shadow(el).querySelector('[part="export-pdf"]')!.getAttribute('aria-label')).to.equal(
      'Export the document as PDF',
    );
  });

  it('exports an annotated page as a PNG of the page size', async () => {
    const bytes = new Uint8Array(await (await fetch(`${FIXTURES}/fractions.ubz`)).arrayBuffer());
    const doc = await openDocument(bytes, 'fractions.ubz');
    const blob = await pagePng(doc, 0, [
      { id: 'x', tool: 'pen', color: '#e3000f', width: 8, points: [0, 0, 0.5, 100, 100, 0.5] },
    ]);
    expect(blob.type).to.equal('image/png');
    const image = await createImageBitmap(blob);
    expect(image.width / image.height).to.be.closeTo(1280 / 960, 0.01);
  });

  it('exports the whole annotated document as a PDF, one page per page', async () => {
    const bytes = new Uint8Array(await (await fetch(`${FIXTURES}/volcans.notebook`)).arrayBuffer());
    const doc = await openDocument(bytes, 'volcans.notebook');
    const pdf = await documentPdf(doc, () => []);
    expect(pdf.type).to.equal('application/pdf');
    const { PDFDocument } = await import('pdf-lib/dist/pdf-lib.esm.min.js');
    const read = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
    expect(read.getPageCount()).to.equal(3);
    // 1000×750 page units at 96 to the inch: 750×562.5 points.
    expect(read.getPage(0).getSize()).to.deep.equal({ width: 750, height: 562.5 });
  });

  it('a touch swipe turns the page when the page fits the stage', async () => {
    const el = await open('fractions.ubz');
    const stage = shadow(el).querySelector('[part="stage"]')!;
    const touch = { pointerType: 'touch', pointerId: 3 };
    pointer(stage, 'pointerdown', 600, 200, touch);
    pointer(stage, 'pointermove', 400, 205, touch);
    pointer(stage, 'pointerup', 200, 210, touch);
    await el.updateComplete;
    expect(el.page).to.equal(2);
    pointer(stage, 'pointerdown', 200, 200, touch);
    pointer(stage, 'pointerup', 600, 200, touch);
    await el.updateComplete;
    expect(el.page).to.equal(1);
  });

  it('passes axe, and fits a 360 px phone', async () => {
    const el = await open('volcans.notebook');
    await expect(el).to.be.accessible();
    el.style.width = '360px';
    await new Promise((r) => requestAnimationFrame(r));
    expect(shadow(el).querySelector('[part="base"]')!.scrollWidth).to.be.at.most(362);
  });
});
