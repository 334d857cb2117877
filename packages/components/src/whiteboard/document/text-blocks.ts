/**
 * Text boxes rebuilt from scratch: a page's own text markup (OpenBoard's Qt rich text, IWB `textarea`s, any
 * `foreignObject`) is read for its words and a few typographic properties, then written anew as plain XHTML
 * paragraphs. The document's markup itself never reaches the page.
 */
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

export interface TextRun {
  text: string;
  style: RunStyle;
}
export interface RunStyle {
  color?: string;
  fontSize?: number;
  fontWeight?: string;
  fontStyle?: string;
  fontFamily?: string;
  underline?: boolean;
}
export type Paragraph = TextRun[];

const COLOR = /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%]+\)|[a-z]{3,20})$/i;
const FAMILY = /^[\w\s,'"-]{1,80}$/;

/** The allowed properties of a CSS declaration block, validated; px sizes (pt converted with `pxPerPt`). */
export function readStyle(css: string, pxPerPt: number, base: RunStyle = {}): RunStyle {
  const out: RunStyle = { ...base };
  for (const decl of css.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    const value = decl.slice(i + 1).trim();
    if (prop === 'color' && COLOR.test(value)) out.color = value;
    else if (prop === 'font-size') {
      const m = /^([\d.]+)(pt|px)?$/.exec(value);
      if (m) out.fontSize = Math.min(400, Number(m[1]) * (m[2] === 'px' ? 1 : pxPerPt));
    } else if (prop === 'font-weight' && /^(\d{3}|bold|normal)$/.test(value)) out.fontWeight = value;
    else if (prop === 'font-style' && /^(italic|normal|oblique)$/.test(value)) out.fontStyle = value;
    else if (prop === 'font-family' && FAMILY.test(value)) out.fontFamily = value;
    else if (prop === 'text-decoration' && /underline/.test(value)) out.underline = true;
  }
  return out;
}

function styleText(s: RunStyle): string {
  const parts: string[] = [];
  if (s.color) parts.push(`color:${s.color}`);
  if (s.fontSize) parts.push(`font-size:${Math.round(s.fontSize * 100) / 100}px`);
  if (s.fontWeight) parts.push(`font-weight:${s.fontWeight}`);
  if (s.fontStyle) parts.push(`font-style:${s.fontStyle}`);
  if (s.fontFamily) parts.push(`font-family:${s.fontFamily}`);
  if (s.underline) parts.push('text-decoration:underline');
  return parts.join(';');
}

/** Paragraphs of a Qt rich-text document (OpenBoard's text boxes), read in an inert HTML document. */
export function qtRichTextParagraphs(html: string, pxPerPt: number): Paragraph[] {
  // Style blocks carry nothing kept here, and parsing one is reported by a strict CSP.
  // Style attributes are renamed before parsing: a strict CSP reports every inline style a parser meets.
  const markup = html.replace(/<style[\s\S]*?<\/style>/gi, '').replace(/\sstyle\s*=/gi, ' data-qt-style=');
  const doc = new DOMParser().parseFromString(markup, 'text/html');
  const base = readStyle(doc.body.getAttribute('data-qt-style') ?? '', pxPerPt, { fontSize: 12 * pxPerPt });
  const blocks = doc.body.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6');
  const paragraphs: Paragraph[] = [];
  const walk = (node: Node, style: RunStyle, out: TextRun[]) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        if (child.textContent) out.push({ text: child.textContent, style });
      } else if (child instanceof Element) {
        if (child.localName === 'br') out.push({ text: '\n', style });
        else {
          let s = readStyle(child.getAttribute('data-qt-style') ?? '', pxPerPt, style);
          if (child.localName === 'b' || child.localName === 'strong') s = { ...s, fontWeight: 'bold' };
          if (child.localName === 'i' || child.localName === 'em') s = { ...s, fontStyle: 'italic' };
          if (child.localName === 'u') s = { ...s, underline: true };
          walk(child, s, out);
        }
      }
    }
  };
  if (blocks.length === 0) {
    const runs: TextRun[] = [];
    walk(doc.body, base, runs);
    if (runs.length) paragraphs.push(runs);
  }
  for (const block of blocks) {
    const runs: TextRun[] = [];
    walk(block, readStyle(block.getAttribute('data-qt-style') ?? '', pxPerPt, base), runs);
    paragraphs.push(runs);
  }
  return paragraphs;
}

export interface TextBox {
  x: number;
  y: number;
  width: number;
  height: number;
  transform?: string | null;
  paragraphs: Paragraph[];
}

/**
 * A `foreignObject` holding the paragraphs as XHTML `p`/`span`/`br`, in `doc` (an SVG document). Runs carry a
 * class naming their style in `styles` (not a `style` attribute, which a strict CSP blocks): the styles are
 * applied through the CSSOM once the page is sanitized ({@link applyRunStyles}).
 */
export function textBoxElement(doc: Document, box: TextBox, styles: string[]): Element {
  const fo = doc.createElementNS('http://www.w3.org/2000/svg', 'foreignObject');
  fo.setAttribute('x', String(box.x));
  fo.setAttribute('y', String(box.y));
  fo.setAttribute('width', String(Math.max(1, box.width)));
  // Text may run past the box's recorded height (another font): let it show rather than clip it.
  fo.setAttribute('height', String(Math.max(1, box.height) * 2));
  if (box.transform) fo.setAttribute('transform', box.transform);
  const div = doc.createElementNS(XHTML_NS, 'div');
  div.setAttribute('class', 'preau-text');
  // Inline styles: the page is also drawn as an image (export, thumbnails) where no style sheet applies.
  div.setAttribute(
    'style',
    'font-family:Arial,Helvetica,sans-serif;line-height:1.15;white-space:pre-wrap;color:#000',
  );
  for (const paragraph of box.paragraphs) {
    const p = doc.createElementNS(XHTML_NS, 'p');
    for (const run of paragraph) {
      if (run.text === '\n') {
        p.append(doc.createElementNS(XHTML_NS, 'br'));
        continue;
      }
      const span = doc.createElementNS(XHTML_NS, 'span');
      const style = styleText(run.style);
      if (style) {
        let n = styles.indexOf(style);
        if (n < 0) n = styles.push(style) - 1;
        span.setAttribute('class', `preau-run-${n}`);
      }
      span.textContent = run.text;
      p.append(span);
    }
    // An empty paragraph keeps its line.
    if (!p.hasChildNodes()) p.append(doc.createElementNS(XHTML_NS, 'br'));
    div.append(p);
  }
  fo.append(div);
  return fo;
}

const BOX_STYLE = 'font-family:Arial,Helvetica,sans-serif;line-height:1.15;white-space:pre-wrap;color:#000';

/**
 * Gives a sanitized page's text boxes their styles through the CSSOM (allowed under a strict CSP), styles that
 * this module wrote itself from validated values. Also kept when the page is serialized (exports).
 */
export function applyRunStyles(root: Element, styles: readonly string[]): void {
  for (const div of root.querySelectorAll<HTMLElement>('.preau-text')) setStyle(div, BOX_STYLE);
  for (const p of root.querySelectorAll<HTMLElement>('.preau-text p')) p.style.setProperty('margin', '0');
  for (const span of root.querySelectorAll<HTMLElement>('[class^="preau-run-"]')) {
    const n = Number(span.getAttribute('class')!.slice('preau-run-'.length));
    if (styles[n]) setStyle(span, styles[n]);
  }
}

/** One property at a time (`style.cssText` counts as an inline style attribute for a CSP). */
function setStyle(el: HTMLElement, css: string): void {
  for (const decl of css.split(';')) {
    const i = decl.indexOf(':');
    if (i > 0) el.style.setProperty(decl.slice(0, i).trim(), decl.slice(i + 1).trim());
  }
}
