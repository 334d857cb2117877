import type { ArchiveFiles } from './resources.js';
import { DocumentError, type DocumentFormat, type DocumentSection, type PageBackground } from './types.js';

export const UB_NS = 'http://uniboard.mnemis.com/document';
export const SVG_NS = 'http://www.w3.org/2000/svg';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const IWB_NS = 'http://www.imsglobal.org/xsd/iwb_v1p0';

/** Most pages a document may have: beyond, the viewer refuses rather than freezing the page. */
export const MAX_PAGES = 1000;

/** One page as found in the archive, before it is turned into a clean SVG. */
export interface PageSource {
  id: string;
  /** The archive entry holding the page (resources are resolved relative to it). */
  entry: string;
  /** The page's root element, parsed, not yet cleaned. */
  root?: Element;
  /** A page that is only a picture. */
  raster?: string;
  thumbnail?: string;
  viewBox: [number, number, number, number];
  background: PageBackground;
}

export interface DocumentPlan {
  format: DocumentFormat;
  title: string;
  pages: PageSource[];
  sections: DocumentSection[];
}

const PAGE_SVG = /^page(\d+)\.svg$/i;
const pageNumber = (name: string) => Number(PAGE_SVG.exec(name.split('/').pop() ?? '')?.[1] ?? 0);

/**
 * XML from a document is parsed without its DTD: a declaration (entities that expand, external entities) is
 * refused outright rather than trusted to a parser's limits.
 */
export function parseXml(text: string, what: string): Document {
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw new DocumentError('xml-declarations', what);
  return new DOMParser().parseFromString(text, 'application/xml');
}

const parsedOk = (doc: Document) => doc.getElementsByTagName('parsererror').length === 0;

export function numbers(value: string | null | undefined, count: number): number[] | undefined {
  if (!value) return undefined;
  const parts = value
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  return parts.length === count && parts.every(Number.isFinite) ? parts : undefined;
}

/** Recognises the format from the archive's entries and lists its pages in order. */
export function planDocument(files: ArchiveFiles, fileName = ''): DocumentPlan {
  const names = files.names;
  if (files.get('content.xml') && /<(\w+:)?iwb[\s>]/.test(files.text('content.xml')?.slice(0, 4096) ?? '')) {
    return planIwb(files, fileName);
  }
  const pageNames = names.filter((n) => PAGE_SVG.test(n) && !n.includes('/'));
  const isOpenBoard =
    files.get('metadata.rdf') !== undefined ||
    pageNames.some((n) => (files.text(n)?.slice(0, 2048) ?? '').includes(UB_NS));
  if (isOpenBoard && pageNames.length > 0) return planOpenBoard(files, pageNames, fileName);
  if (files.get('imsmanifest.xml') || pageNames.length > 0 || files.get('preview.png')) {
    return planNotebook(files, pageNames, fileName);
  }
  throw new DocumentError('unknown-format');
}

function checkCount(n: number): void {
  if (n === 0) throw new DocumentError('no-pages');
  if (n > MAX_PAGES) throw new DocumentError('too-many-pages', String(n));
}

const stem = (fileName: string) => fileName.replace(/\.[^.]*$/, '');

// ------------------------------------------------------------------------------------------------ OpenBoard

function planOpenBoard(files: ArchiveFiles, pageNames: string[], fileName: string): DocumentPlan {
  const ordered = [...pageNames].sort((a, b) => pageNumber(a) - pageNumber(b));
  checkCount(ordered.length);
  let title = stem(fileName);
  const rdf = files.text('metadata.rdf');
  if (rdf) {
    const doc = parseXml(rdf, 'metadata.rdf');
    const t = doc.getElementsByTagNameNS('http://purl.org/dc/elements/1.1/', 'title')[0]?.textContent?.trim();
    if (t) title = t;
  }
  const pages = ordered.map((name): PageSource => {
    const doc = parseXml(files.text(name) ?? '', name);
    const root = parsedOk(doc) ? doc.documentElement : undefined;
    const nominal = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/.exec(
      root?.getAttributeNS(UB_NS, 'nominal-size') ?? '',
    );
    const box = numbers(root?.getAttribute('viewBox'), 4);
    // OpenBoard's scene is centred on 0,0; the page people see (and the PDF export) is the nominal size.
    const viewBox: [number, number, number, number] = nominal
      ? [-Number(nominal[1]) / 2, -Number(nominal[2]) / 2, Number(nominal[1]), Number(nominal[2])]
      : box
        ? [box[0], box[1], box[2], box[3]]
        : [-640, -480, 1280, 960];
    const dark = root?.getAttributeNS(UB_NS, 'dark-background') === 'true';
    const crossed = root?.getAttributeNS(UB_NS, 'crossed-background') === 'true';
    const ruled = root?.getAttributeNS(UB_NS, 'ruled-background') === 'true';
    const size = Number(root?.getAttributeNS(UB_NS, 'grid-size')) || 32;
    const lineColor = dark ? 'rgba(192,192,192,0.78)' : '#a5e1ff';
    const background: PageBackground = {
      color: dark ? '#000000' : '#ffffff',
      pattern: crossed
        ? { kind: 'grid', size, color: lineColor }
        : ruled
          ? { kind: 'ruled', size, color: lineColor }
          : undefined,
    };
    const thumb = files.get(name.replace(/\.svg$/i, '.thumbnail.jpg'));
    return {
      id: root?.getAttributeNS(UB_NS, 'uuid') || name,
      entry: name,
      root,
      viewBox,
      background,
      thumbnail: thumb ? files.imageUrl(thumb) : undefined,
    };
  });
  return { format: 'ubz', title, pages, sections: [] };
}

// ------------------------------------------------------------------------------------------------ IWB (IMS CFF)

function planIwb(files: ArchiveFiles, fileName: string): DocumentPlan {
  const doc = parseXml(files.text('content.xml') ?? '', 'content.xml');
  if (!parsedOk(doc)) throw new DocumentError('no-pages', 'content.xml');
  const svg = doc.getElementsByTagNameNS(SVG_NS, 'svg')[0];
  if (!svg) throw new DocumentError('no-pages', 'content.xml');
  const box = numbers(svg.getAttribute('viewbox') ?? svg.getAttribute('viewBox'), 4) ?? [
    0,
    0,
    Number(svg.getAttribute('width')) || 1024,
    Number(svg.getAttribute('height')) || 768,
  ];
  let pageEls = [...svg.getElementsByTagNameNS(SVG_NS, 'page')];
  if (pageEls.length === 0) pageEls = [svg];
  checkCount(pageEls.length);
  let title = stem(fileName);
  for (const meta of doc.getElementsByTagNameNS(IWB_NS, 'meta')) {
    if (meta.getAttribute('name') === 'title' && meta.getAttribute('content'))
      title = meta.getAttribute('content')!;
  }
  const pages = pageEls.map((el, i) => ({
    id: el.getAttribute('id') || `page-${i + 1}`,
    entry: 'content.xml',
    root: el,
    viewBox: [box[0], box[1], box[2], box[3]] as [number, number, number, number],
    background: { color: '#ffffff' },
  }));
  return { format: 'iwb', title, pages, sections: [] };
}

// ------------------------------------------------------------------------------------------------ SMART Notebook

/** SMART pages often omit the root SVG namespace: add it (and xlink's) so the parser sees SVG. */
export function withSvgNamespaces(text: string): string {
  const match = /<svg\b[^>]*>/.exec(text);
  if (!match) return text;
  const head = match[0];
  let add = '';
  if (!/\sxmlns\s*=/.test(head)) add += ` xmlns="${SVG_NS}"`;
  if (!/\sxmlns:xlink\s*=/.test(head) && text.includes('xlink:')) add += ` xmlns:xlink="${XLINK_NS}"`;
  return add ? text.slice(0, match.index + 4) + add + text.slice(match.index + 4) : text;
}

function manifestOrder(
  files: ArchiveFiles,
  available: string[],
): { order: string[]; sections: DocumentSection[] } {
  const text = files.text('imsmanifest.xml');
  const order: string[] = [];
  const sections: DocumentSection[] = [];
  if (text) {
    const doc = parseXml(text, 'imsmanifest.xml');
    if (parsedOk(doc)) {
      const have = new Map(available.map((n) => [n.toLowerCase(), n]));
      const resources = new Map<string, string[]>();
      for (const r of doc.getElementsByTagNameNS('*', 'resource')) {
        const hrefs = [...r.getElementsByTagNameNS('*', 'file')]
          .map((f) => have.get((f.getAttribute('href') ?? '').replace(/\\/g, '/').toLowerCase()))
          .filter((h): h is string => h !== undefined);
        if (r.getAttribute('identifier')) resources.set(r.getAttribute('identifier')!, hrefs);
      }
      const seen = new Set<string>();
      for (const item of doc.getElementsByTagNameNS('*', 'item')) {
        const group = (resources.get(item.getAttribute('identifierref') ?? '') ?? []).filter(
          (p) => !seen.has(p),
        );
        if (group.length === 0) continue;
        const title = item.getElementsByTagNameNS('*', 'title')[0]?.textContent?.trim() ?? '';
        sections.push({
          title: title || `Section ${sections.length + 1}`,
          start: order.length,
          count: group.length,
        });
        for (const p of group) seen.add(p);
        order.push(...group);
      }
      if (order.length === 0) order.push(...(resources.get('pages') ?? []));
    }
  }
  const placed = new Set(order);
  order.push(...available.filter((n) => !placed.has(n)).sort((a, b) => pageNumber(a) - pageNumber(b)));
  return { order, sections };
}

function planNotebook(files: ArchiveFiles, pageNames: string[], fileName: string): DocumentPlan {
  const title = stem(fileName);
  if (pageNames.length === 0) {
    const preview = files.get('preview.png') ?? files.get('thumbnail.png');
    const url = preview ? files.imageUrl(preview) : undefined;
    if (!url) throw new DocumentError('no-pages');
    const page: PageSource = {
      id: 'preview',
      entry: preview!.name,
      raster: url,
      viewBox: [0, 0, 1000, 750],
      background: { color: '#ffffff' },
    };
    return { format: 'notebook', title, pages: [page], sections: [] };
  }
  const { order, sections } = manifestOrder(files, pageNames);
  checkCount(order.length);
  const pages = order.map((name): PageSource => {
    const doc = parseXml(withSvgNamespaces(files.text(name) ?? ''), name);
    const root =
      parsedOk(doc) && doc.documentElement.namespaceURI === SVG_NS ? doc.documentElement : undefined;
    const box = numbers(root?.getAttribute('viewBox'), 4) ?? [
      0,
      0,
      Number.parseFloat(root?.getAttribute('width') ?? '') || 1000,
      Number.parseFloat(root?.getAttribute('height') ?? '') || 750,
    ];
    return {
      id: name,
      entry: name,
      root,
      viewBox: [box[0], box[1], box[2], box[3]],
      background: { color: '#ffffff' },
    };
  });
  return { format: 'notebook', title, pages, sections };
}
