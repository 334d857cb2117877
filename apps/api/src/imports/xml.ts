import { SaxesParser } from 'saxes';

/**
 * Reading XML the school's tools export (SIECLE, STS-web, AAF, timetables), as hostile input: no DTD at all
 * (a DOCTYPE is refused, so no entity can be declared or expanded — billion laughs, external entities), a size
 * limit, a depth limit, and the declared encoding honoured (SIECLE and STS files are often ISO-8859-15).
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its descendants'), untrimmed. */
  text: string;
}

export class XmlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRefused';
  }
}

export const MAX_XML_BYTES = 64 * 1024 * 1024;
const MAX_DEPTH = 64;

/** The encoding of an XML document: its byte-order mark, else its declaration, else UTF-8. */
export function xmlEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  return declared ? declared.toLowerCase() : 'utf-8';
}

/** Decodes the bytes in their own encoding; an unknown encoding or invalid UTF-8 is refused. */
export function decodeXml(bytes: Uint8Array): string {
  const encoding = xmlEncoding(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    throw new XmlRefused(`Encodage inconnu : ${encoding}.`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new XmlRefused(`Le fichier n'est pas valide dans l'encodage qu'il déclare (${encoding}).`);
  }
}

/** Parses a document into elements; throws `XmlRefused` on a DTD, an undeclared entity or malformed XML. */
export function parseXml(input: Uint8Array | string): XmlElement {
  if (typeof input !== 'string' && input.byteLength > MAX_XML_BYTES) {
    throw new XmlRefused(`Fichier trop volumineux (plus de ${MAX_XML_BYTES / 1024 / 1024} Mo).`);
  }
  const text = typeof input === 'string' ? input : decodeXml(input);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Error | null = null;
  parser.on('doctype', () => {
    throw new XmlRefused('Les DTD (<!DOCTYPE …>) sont refusées.');
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_DEPTH) throw new XmlRefused('Document trop profond.');
    const el: XmlElement = {
      name: tag.name,
      attrs: { ...(tag.attributes as Record<string, string>) },
      children: [],
      text: '',
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (err) => {
    failure ??= err;
  });
  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof XmlRefused) throw err;
    throw new XmlRefused(`XML mal formé : ${(err as Error).message}`);
  }
  if (failure) throw new XmlRefused(`XML mal formé : ${(failure as Error).message}`);
  if (!root) throw new XmlRefused('Document XML vide.');
  return root;
}

/** The first child element of that name (case-sensitive), if any. */
export const child = (el: XmlElement | undefined, name: string): XmlElement | undefined =>
  el?.children.find((c) => c.name === name);

/** Every child element of that name. */
export const childrenOf = (el: XmlElement | undefined, name: string): XmlElement[] =>
  el?.children.filter((c) => c.name === name) ?? [];

/** Follows a path of child names: `path(root, 'DONNEES', 'ELEVES')`. */
export function path(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = el;
  for (const name of names) current = child(current, name);
  return current;
}

/** The trimmed text of a child element; undefined when absent or empty (empty optional elements are common). */
export function textOf(el: XmlElement | undefined, name: string): string | undefined {
  const value = child(el, name)?.text.trim();
  return value ? value : undefined;
}

/** `dd/mm/yyyy` (SIECLE) or `yyyy-mm-dd` (STS, AAF) as ISO `yyyy-mm-dd`; undefined when absent or not a date. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  if (fr) return `${fr[3]}-${fr[2]}-${fr[1]}`;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  return iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : undefined;
}

/** Escapes text for XML we write. */
export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
