import type { Stroke } from './annotations.js';
import type { OpenedDocument } from './document/open.js';
import { HIGHLIGHTER_OPACITY, hasRealPressure, strokePath } from './ink.js';

/** Largest side of an exported page, in pixels. */
const EXPORT_MAX_SIDE = 2000;

/** The annotations of a page as SVG elements in page units (the same drawing as on screen). */
export function inkMarkup(strokes: readonly Stroke[]): string {
  return strokes
    .map((s) => {
      const d = strokePath(s, hasRealPressure(s.points));
      const opacity = s.tool === 'highlighter' ? ` fill-opacity="${HIGHLIGHTER_OPACITY}"` : '';
      return d ? `<path d="${d}" fill="${s.color}"${opacity}/>` : '';
    })
    .join('');
}

/** Draws the page and its annotations on a canvas, `scale` pixels per page unit. */
export async function renderPageCanvas(
  doc: OpenedDocument,
  index: number,
  strokes: readonly Stroke[],
  scale?: number,
): Promise<HTMLCanvasElement> {
  const [x, y, w, h] = doc.pages[index].viewBox;
  const s = scale ?? Math.min(2, EXPORT_MAX_SIDE / Math.max(w, h));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * s);
  canvas.height = Math.round(h * s);
  const ctx = canvas.getContext('2d')!;
  const page = await doc.standalone(index);
  const ink = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x} ${y} ${w} ${h}">${inkMarkup(strokes)}</svg>`;
  for (const markup of [page, ink]) {
    const sized = markup.replace(/^<svg\b/, `<svg width="${canvas.width}" height="${canvas.height}"`);
    const image = await loadImage(new Blob([sized], { type: 'image/svg+xml' }));
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  }
  return canvas;
}

async function loadImage(blob: Blob): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(blob);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

const canvasBlob = (canvas: HTMLCanvasElement, type: string) =>
  new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas export failed'))), type),
  );

export async function pagePng(doc: OpenedDocument, index: number, strokes: readonly Stroke[]): Promise<Blob> {
  return canvasBlob(await renderPageCanvas(doc, index, strokes), 'image/png');
}

/** The whole annotated document as a PDF, one page per page at its own proportions (pdf-lib, loaded now). */
export async function documentPdf(
  doc: OpenedDocument,
  strokesOf: (pageId: string) => readonly Stroke[],
): Promise<Blob> {
  const { PDFDocument } = await import('pdf-lib/dist/pdf-lib.esm.min.js');
  const pdf = await PDFDocument.create();
  pdf.setTitle(doc.title);
  pdf.setProducer('Préau');
  for (const page of doc.pages) {
    const canvas = await renderPageCanvas(doc, page.index, strokesOf(page.id));
    const png = await pdf.embedPng(
      new Uint8Array(await (await canvasBlob(canvas, 'image/png')).arrayBuffer()),
    );
    // 96 CSS pixels to the inch, 72 points.
    const [, , w, h] = page.viewBox;
    const out = pdf.addPage([w * 0.75, h * 0.75]);
    out.drawImage(png, { x: 0, y: 0, width: w * 0.75, height: h * 0.75 });
  }
  const bytes = await pdf.save();
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
}

/** A file name from the document's title: no path or reserved characters. */
export function exportName(title: string, suffix: string): string {
  const base =
    title
      .replace(/[\\/:*?"<>|\p{Cc}]/gu, '')
      .trim()
      .slice(0, 80) || 'document';
  return `${base}${suffix}`;
}
