import type { ArchiveEntry } from './archive.js';
import { ArchiveRefusedError, inflateArchive } from './archive-client.js';
import { flattenTextBoxes } from './flatten-text.js';
import { type DocumentPlan, planDocument } from './formats.js';
import { buildPageSvg } from './page-builder.js';
import { ArchiveFiles } from './resources.js';
import { applyRunStyles } from './text-blocks.js';
import { DocumentError, type DocumentFormat, type DocumentSection, type WhiteboardPage } from './types.js';

export interface RenderedPage {
  /** The sanitized page, ready to be placed in the viewer (a fresh copy on each call of `render`). */
  svg: SVGSVGElement;
  /** The page's words, line by line, for screen readers and search. */
  text: string[];
}

export interface OpenedDocument {
  format: DocumentFormat;
  title: string;
  pages: WhiteboardPage[];
  sections: DocumentSection[];
  /** The page cleaned (once, then cached) and copied for display. */
  render(index: number): RenderedPage;
  /** The page as standalone SVG markup with pictures inlined (for drawing it to a canvas). */
  standalone(index: number): Promise<string>;
  /** Frees the blob URLs. */
  dispose(): void;
}

let documentCount = 0;

/**
 * Opens a whiteboard document from its bytes: inflates the archive (in a worker, under limits), recognises the
 * format, and prepares each page on demand through the sanitizer (loaded only now, with the zip reader).
 */
export async function openDocument(bytes: Uint8Array, fileName = ''): Promise<OpenedDocument> {
  let entries: ArchiveEntry[];
  try {
    entries = await inflateArchive(bytes);
  } catch (error) {
    if (error instanceof ArchiveRefusedError) throw new DocumentError(error.reason, error.entry);
    throw error;
  }
  const [{ default: createPurify }, { createSanitizer }] = await Promise.all([
    import('dompurify'),
    import('./sanitize.js'),
  ]);
  const files = new ArchiveFiles(entries);
  let plan: DocumentPlan;
  try {
    plan = planDocument(files, fileName);
  } catch (error) {
    files.dispose();
    throw error;
  }
  const sanitize = createSanitizer(createPurify(window), { isOwnUrl: (url) => files.isOwnUrl(url) });
  const docId = `d${++documentCount}`;
  const cache = new Map<number, RenderedPage & { runStyles: string[] }>();

  const render = (index: number): RenderedPage => {
    let page = cache.get(index);
    if (!page) {
      const source = plan.pages[index];
      const { markup, runStyles } = buildPageSvg(source, plan.format, files, `${docId}p${index}`);
      const fragment = sanitize(markup);
      const svg =
        fragment.firstElementChild instanceof SVGSVGElement
          ? fragment.firstElementChild
          : (document.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement);
      if (!svg.getAttribute('viewBox')) svg.setAttribute('viewBox', source.viewBox.join(' '));
      page = { svg, text: pageText(svg), runStyles };
      cache.set(index, page);
    }
    // Styles are applied to each copy through the CSSOM: copying a style attribute would trip a strict CSP.
    const copy = page.svg.cloneNode(true) as SVGSVGElement;
    applyRunStyles(copy, page.runStyles);
    return { svg: copy, text: page.text };
  };

  return {
    format: plan.format,
    title: plan.title,
    sections: plan.sections,
    pages: plan.pages.map((p, index) => ({
      id: p.id,
      index,
      viewBox: p.viewBox,
      background: p.background,
      thumbnail: p.thumbnail,
      raster: p.raster,
    })),
    render,
    standalone: async (index) => standaloneMarkup(render(index).svg),
    dispose: () => files.dispose(),
  };
}

/** Words of the page: each text box's paragraphs, then each SVG text element. */
function pageText(svg: SVGSVGElement): string[] {
  const lines: string[] = [];
  for (const p of svg.querySelectorAll('foreignObject p')) {
    const t = p.textContent?.replace(/\s+/g, ' ').trim();
    if (t) lines.push(t);
  }
  for (const t of svg.querySelectorAll('text')) {
    const s = t.textContent?.replace(/\s+/g, ' ').trim();
    if (s) lines.push(s);
  }
  return lines;
}

/**
 * The page's markup for drawing on a canvas: text boxes as SVG text (a foreignObject would taint the canvas),
 * every blob picture inlined as a data URL (an SVG drawn as an image loads nothing).
 */
export async function standaloneMarkup(svg: SVGSVGElement): Promise<string> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  flattenTextBoxes(copy);
  const urls = new Map<string, string>();
  for (const image of copy.querySelectorAll('image')) {
    const href = image.getAttribute('href') ?? '';
    if (!href.startsWith('blob:')) continue;
    if (!urls.has(href)) {
      const blob = await (await fetch(href)).blob();
      urls.set(href, await blobToDataUrl(blob));
    }
    image.setAttribute('href', urls.get(href)!);
  }
  return new XMLSerializer().serializeToString(copy);
}

function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
