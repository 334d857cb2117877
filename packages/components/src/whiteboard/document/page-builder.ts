import { numbers, type PageSource, SVG_NS, UB_NS, XLINK_NS } from './formats.js';
import type { ArchiveFiles } from './resources.js';
import {
  type Paragraph,
  qtRichTextParagraphs,
  readStyle,
  type TextRun,
  textBoxElement,
} from './text-blocks.js';
import type { DocumentFormat } from './types.js';

/**
 * Turns one page of any format into a plain SVG document in the page's coordinates: background first, then the
 * elements in their stacking order, pictures pointing at the archive's blob URLs, text boxes rebuilt, ids made
 * unique to the page. The result still goes through the sanitizer.
 */
export function buildPageSvg(
  source: PageSource,
  format: DocumentFormat,
  files: ArchiveFiles,
  prefix: string,
): { markup: string; runStyles: string[] } {
  const runStyles: string[] = [];
  const doc = document.implementation.createDocument(SVG_NS, 'svg', null);
  const svg = doc.documentElement;
  const [x, y, w, h] = source.viewBox;
  svg.setAttribute('viewBox', `${x} ${y} ${w} ${h}`);
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  drawBackground(doc, svg, source, prefix);
  if (source.raster) {
    const image = doc.createElementNS(SVG_NS, 'image');
    for (const [k, v] of Object.entries({ x, y, width: w, height: h, href: source.raster })) {
      image.setAttribute(k, String(v));
    }
    svg.append(image);
  } else if (source.root) {
    const children = [...source.root.children];
    if (format === 'ubz') children.sort((a, b) => zValue(a) - zValue(b));
    for (const child of children) {
      const built = convert(doc, child, format, files, source.entry, runStyles);
      if (built) svg.append(built);
    }
  }
  prefixIds(svg, prefix);
  return { markup: new XMLSerializer().serializeToString(svg), runStyles };
}

/** OpenBoard's stacking order; elements without one keep their place (a stable sort). */
function zValue(el: Element): number {
  const z = Number.parseFloat(el.getAttributeNS(UB_NS, 'z-value') ?? '');
  return Number.isFinite(z) ? z : -Number.MAX_VALUE;
}

function drawBackground(doc: Document, svg: Element, source: PageSource, prefix: string): void {
  const [x, y, w, h] = source.viewBox;
  const rect = doc.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill: source.background.color })) {
    rect.setAttribute(k, String(v));
  }
  rect.setAttribute('class', 'preau-background');
  svg.append(rect);
  const pattern = source.background.pattern;
  if (!pattern) return;
  const size = Math.max(4, pattern.size);
  const defs = doc.createElementNS(SVG_NS, 'defs');
  const p = doc.createElementNS(SVG_NS, 'pattern');
  const id = 'background-lines';
  // Lines sit on multiples of the grid size from the page's origin, as OpenBoard draws them.
  for (const [k, v] of Object.entries({
    id,
    x: 0,
    y: 0,
    width: size,
    height: size,
    patternUnits: 'userSpaceOnUse',
  })) {
    p.setAttribute(k, String(v));
  }
  const path = doc.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', pattern.kind === 'grid' ? `M0 0H${size}M0 0V${size}` : `M0 0H${size}`);
  path.setAttribute('stroke', pattern.color);
  path.setAttribute('stroke-width', '1');
  p.append(path);
  defs.append(p);
  svg.append(defs);
  const lines = doc.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill: `url(#${id})` })) {
    lines.setAttribute(k, String(v));
  }
  lines.setAttribute('class', 'preau-background');
  svg.append(lines);
  void prefix;
}

const hrefOf = (el: Element) =>
  el.getAttributeNS(XLINK_NS, 'href') ?? el.getAttribute('href') ?? el.getAttribute('xlink:href');

/** A copy of `el` fit for the clean page, or null to leave it out. */
function convert(
  doc: Document,
  el: Element,
  format: DocumentFormat,
  files: ArchiveFiles,
  entry: string,
  styles: string[],
): Element | null {
  const name = el.localName;
  if (el.namespaceURI !== SVG_NS) return null;
  // OpenBoard's scene background is drawn by the viewer from the page's attributes.
  if (
    format === 'ubz' &&
    name === 'rect' &&
    el.parentElement?.localName === 'svg' &&
    !el.hasAttributeNS(UB_NS, 'uuid')
  ) {
    return null;
  }
  if (name === 'foreignObject') return foreignObjectText(doc, el, format, styles);
  if (name === 'textarea') return iwbTextArea(doc, el, styles);
  const copy = doc.createElementNS(SVG_NS, name);
  for (const attr of el.attributes) {
    if (attr.namespaceURI === UB_NS || attr.namespaceURI === XLINK_NS) continue;
    if (attr.name === 'href' || attr.name.startsWith('xmlns')) continue;
    let value = attr.value;
    // Qt's fill rule; browsers know it as nonzero.
    if (attr.name === 'fill-rule' && value === 'winding') value = 'nonzero';
    if (attr.name === 'viewbox') {
      copy.setAttribute('viewBox', value);
      continue;
    }
    // A strict CSP blocks style attributes: their properties become presentation attributes.
    if (attr.name === 'style') {
      for (const [prop, v] of presentationAttributes(value))
        if (!el.hasAttribute(prop)) copy.setAttribute(prop, v);
      continue;
    }
    copy.setAttribute(attr.name, value);
  }
  const href = hrefOf(el);
  if (href !== null) {
    if (href.startsWith('#')) copy.setAttribute('href', href);
    else {
      const target = files.resolve(href, entry);
      const url = target ? files.imageUrl(target) : undefined;
      // A picture that is not in the archive (or not a picture) is left out, never fetched.
      if (!url) return name === 'image' ? null : copy;
      copy.setAttribute('href', url);
    }
  }
  for (const child of el.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) copy.append(doc.createTextNode(child.textContent ?? ''));
    else if (child instanceof Element) {
      if (child.localName === 'tbreak') {
        copy.append(doc.createTextNode(' '));
        continue;
      }
      const built = convert(doc, child, format, files, entry, styles);
      if (built) copy.append(built);
    }
  }
  return copy;
}

function foreignObjectText(
  doc: Document,
  el: Element,
  format: DocumentFormat,
  styles: string[],
): Element | null {
  const box = {
    x: Number.parseFloat(el.getAttribute('x') ?? '0') || 0,
    y: Number.parseFloat(el.getAttribute('y') ?? '0') || 0,
    width: Number.parseFloat(el.getAttribute('width') ?? '0') || 0,
    height: Number.parseFloat(el.getAttribute('height') ?? '0') || 0,
    transform: el.getAttribute('transform'),
  };
  if (format === 'ubz') {
    const type = el.getAttributeNS(UB_NS, 'type');
    // Widgets (small HTML applications) are not run.
    if (type && type !== 'text') return null;
    const content = [...el.children].find((c) => c.localName === 'itemTextContent');
    const pxPerPt = Number.parseFloat(el.getAttributeNS(UB_NS, 'pixels-per-point') ?? '') || 96 / 72;
    if (content) {
      const paragraphs = qtRichTextParagraphs(content.textContent ?? '', pxPerPt);
      return textBoxElement(doc, { ...box, paragraphs }, styles);
    }
  }
  // Any other foreignObject: its words only, one paragraph per line.
  const text = el.textContent ?? '';
  const paragraphs: Paragraph[] = text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => [{ text: line, style: {} }]);
  return paragraphs.length ? textBoxElement(doc, { ...box, paragraphs }, styles) : null;
}

/** An IWB (SVG Tiny 1.2) `textarea`: runs from its text and `tspan`s, a new paragraph at each `tbreak`. */
function iwbTextArea(doc: Document, el: Element, styles: string[]): Element {
  const base = readStyle(attrsAsCss(el), 1);
  const paragraphs: Paragraph[] = [[]];
  const walk = (node: Element, style: typeof base) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE && child.textContent?.trim()) {
        paragraphs[paragraphs.length - 1].push({ text: child.textContent, style } satisfies TextRun);
      } else if (child instanceof Element) {
        if (child.localName === 'tbreak') paragraphs.push([]);
        else walk(child, readStyle(attrsAsCss(child), 1, style));
      }
    }
  };
  walk(el, base);
  const [x, y, width, height] = [
    el.getAttribute('x'),
    el.getAttribute('y'),
    el.getAttribute('width'),
    el.getAttribute('height'),
  ].map((v) => Number.parseFloat(v ?? '0') || 0);
  return textBoxElement(
    doc,
    {
      x,
      y,
      width: width || 400,
      height: height || 100,
      transform: el.getAttribute('transform'),
      paragraphs: paragraphs.filter((p) => p.length > 0),
    },
    styles,
  );
}

/** SVG presentation attributes (`fill`, `font-size`…) as CSS for {@link readStyle}. */
function attrsAsCss(el: Element): string {
  const map: Record<string, string> = {
    fill: 'color',
    'font-size': 'font-size',
    'font-weight': 'font-weight',
    'font-style': 'font-style',
    'font-family': 'font-family',
  };
  let css = el.getAttribute('style') ?? '';
  for (const [attr, prop] of Object.entries(map)) {
    const v = el.getAttribute(attr);
    if (v) css += `;${prop}:${attr === 'font-size' && /^[\d.]+$/.test(v) ? `${v}px` : v}`;
  }
  return css;
}

/** Ids made unique to the page (every page lives in one shadow root), references rewritten to match. */
function prefixIds(svg: Element, prefix: string): void {
  const ids = new Set<string>();
  for (const el of svg.querySelectorAll('[id]')) ids.add(el.getAttribute('id')!);
  if (ids.size === 0) return;
  const rename = (id: string) => (ids.has(id) ? `${prefix}-${id}` : id);
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      if (attr.name === 'id') el.setAttribute('id', rename(attr.value));
      else if (attr.name === 'href' && attr.value.startsWith('#'))
        el.setAttribute('href', `#${rename(attr.value.slice(1))}`);
      else if (attr.value.includes('url(#')) {
        el.setAttribute(
          attr.name,
          attr.value.replace(
            /url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g,
            (_m, _q, id: string) => `url(#${rename(id)})`,
          ),
        );
      }
    }
  }
}

export { numbers };

/** SVG properties that are also presentation attributes, read from a `style` attribute; `url()` only local. */
const PRESENTATION = new Set([
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-dasharray',
  'stroke-miterlimit',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
  'stop-color',
  'stop-opacity',
  'clip-rule',
]);

function presentationAttributes(css: string): [string, string][] {
  const out: [string, string][] = [];
  for (const decl of css.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim();
    if (!PRESENTATION.has(prop) || value.length > 200) continue;
    if (/url\(/i.test(value) && !/^url\(\s*#[\w.-]+\s*\)$/i.test(value)) continue;
    out.push([prop, prop === 'fill-rule' && value === 'winding' ? 'nonzero' : value]);
  }
  return out;
}
