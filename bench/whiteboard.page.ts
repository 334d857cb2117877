// The page side of whiteboard.bench.ts: <preau-whiteboard> and a baseline of plain pre-sanitized SVG images.
import { openDocument, standaloneMarkup } from '../packages/components/src/whiteboard/document/open.js';
import type { PreauWhiteboard } from '../packages/components/src/whiteboard/whiteboard.js';
import '../packages/components/src/whiteboard/whiteboard.js';

declare global {
  interface Window {
    whiteboardBench: typeof bench;
  }
}

let bytes = new Uint8Array();
let pagesAsBlobs: string[] = [];
let el: PreauWhiteboard | null = null;
let img: HTMLImageElement | null = null;

const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** Waits until every picture inside `root` has decoded (a page is shown when its pictures are). */
async function pictures(root: ParentNode): Promise<void> {
  const hrefs = [...root.querySelectorAll('image')].map((i) => i.getAttribute('href') ?? '');
  await Promise.all(
    hrefs.filter(Boolean).map(async (href) => {
      const image = new Image();
      image.src = href;
      await image.decode().catch(() => undefined);
    }),
  );
}

const bench = {
  /** The document's bytes, and the baseline's pages made once, outside any timing. */
  async setup(base64: string): Promise<number> {
    bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const doc = await openDocument(bytes, 'bench.ubz');
    pagesAsBlobs = [];
    for (const page of doc.pages) {
      const [, , w, h] = page.viewBox;
      const markup = (await standaloneMarkup(doc.render(page.index).svg)).replace(
        /^<svg\b/,
        `<svg width="${w}" height="${h}"`,
      );
      pagesAsBlobs.push(URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' })));
    }
    return doc.pages.length;
  },

  /** Element: from the bytes to page 1 on screen (inflate, parse, sanitize, render, pictures decoded). */
  async firstPageElement(): Promise<number> {
    el?.remove();
    el = document.createElement('preau-whiteboard') as PreauWhiteboard;
    el.style.setProperty('--preau-whiteboard-height', '760px');
    document.body.append(el);
    const t0 = performance.now();
    const loaded = new Promise((r) => el!.addEventListener('preau-document-load', r, { once: true }));
    el.file = new Blob([bytes]);
    await loaded;
    await el.updateComplete;
    await pictures(el.shadowRoot!.querySelector('[part="page"]')!);
    await frame();
    return performance.now() - t0;
  },

  /** Element: turn to page `index` (0-based), until it is on screen. */
  async turnElement(index: number): Promise<number> {
    const t0 = performance.now();
    el!.go(index);
    await el!.updateComplete;
    await pictures(el!.shadowRoot!.querySelector('[part="page"]')!);
    await frame();
    return performance.now() - t0;
  },

  /** Baseline: page 1 as a plain image of its pre-sanitized SVG. */
  async firstPagePlain(): Promise<number> {
    img?.remove();
    img = document.createElement('img');
    img.width = 1000;
    document.body.append(img);
    const t0 = performance.now();
    img.src = pagesAsBlobs[0];
    await img.decode();
    await frame();
    return performance.now() - t0;
  },

  async turnPlain(index: number): Promise<number> {
    const t0 = performance.now();
    img!.src = pagesAsBlobs[index];
    await img!.decode();
    await frame();
    return performance.now() - t0;
  },
};

window.whiteboardBench = bench;
