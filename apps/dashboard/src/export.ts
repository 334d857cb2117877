/**
 * Exports of what the dashboard shows: tables as CSV for French spreadsheets (`;`, decimal comma, UTF-8 BOM so
 * accents survive Excel), charts as standalone SVG or PNG.
 */

import { download } from '@preau/components/download';
import { slugify } from '@preau/core';
import { dsvFormat } from 'd3';
import { csvCell } from './format.js';

export interface Column {
  key: string;
  label: string;
  /** How the cell is shown on screen (CSV keeps the raw value with a decimal comma). */
  format?: (value: unknown, row: Record<string, unknown>) => string;
  numeric?: boolean;
  /** Makes the cell a button (e.g. a UAI that filters every view to that établissement). */
  activate?: (row: Record<string, unknown>) => void;
  /** Accessible name of that button. */
  activateLabel?: (row: Record<string, unknown>) => string;
}

const semicolon = dsvFormat(';');

/** Text cells a spreadsheet would run as a formula are neutralised (CSV injection). */
const FORMULA = /^[=+\-@\t\r]/;

export function toCsv(columns: readonly Column[], rows: readonly Record<string, unknown>[]): string {
  const data = rows.map((row) =>
    columns.map((c) => {
      const v = row[c.key];
      // Numbers stay raw (decimal comma) for computing; other values as on screen (French labels, dates).
      const cell =
        typeof v === 'number' || !c.format || v === null || v === undefined ? csvCell(v) : c.format(v, row);
      return typeof v === 'string' && FORMULA.test(cell) ? `'${cell}` : cell;
    }),
  );
  // d3-dsv quotes a cell only when it holds `;`, a quote or a line break (ESM, so it also runs untranspiled in tests).
  return `\uFEFF${semicolon.formatRows([columns.map((c) => c.label), ...data]).replace(/\n/g, '\r\n')}\r\n`;
}

export function downloadCsv(
  filename: string,
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
) {
  download(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }), `${filename}.csv`);
}

/** A standalone SVG document of a chart (its styles are attributes, so it renders the same elsewhere). */
export function svgDocument(svg: SVGSVGElement, title: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('font-family', 'system-ui, sans-serif');
  const { width, height } = svgSize(svg);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.querySelector('title')) {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title;
    clone.prepend(t);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const vb = svg.viewBox.baseVal;
  if (vb?.width) return { width: vb.width, height: vb.height };
  const r = svg.getBoundingClientRect();
  return { width: Math.round(r.width) || 800, height: Math.round(r.height) || 400 };
}

export function downloadSvg(filename: string, svg: SVGSVGElement, title: string): void {
  download(new Blob([svgDocument(svg, title)], { type: 'image/svg+xml' }), `${filename}.svg`);
}

/** Renders the chart on a canvas at twice its size, on white. */
export async function svgToPng(svg: SVGSVGElement, title: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const url = URL.createObjectURL(new Blob([svgDocument(svg, title)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('Image PNG impossible à produire.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function downloadPng(filename: string, svg: SVGSVGElement, title: string): Promise<void> {
  download(await svgToPng(svg, title), `${filename}.png`);
}

/** A file name from a title: "Services les plus utilisés" → "services-les-plus-utilises". */
export function slug(title: string): string {
  return slugify(title, { maxLength: 60 });
}
