import type { ArchiveEntry } from './archive.js';

/**
 * The archive's files as the pages see them: names resolved relative to a page, case-insensitively (documents
 * made on Windows), with or without a `#` that belongs to the file name; resources handed out as blob URLs
 * made from the archive's bytes only. A reference to anything outside the archive resolves to nothing.
 */
export class ArchiveFiles {
  readonly #byName = new Map<string, ArchiveEntry>();
  readonly #urls = new Map<string, string>();
  readonly #decoder = new TextDecoder('utf-8');

  constructor(entries: readonly ArchiveEntry[]) {
    for (const entry of entries) {
      const key = entry.name.toLowerCase();
      if (!this.#byName.has(key)) this.#byName.set(key, entry);
    }
  }

  get names(): string[] {
    return [...this.#byName.values()].map((e) => e.name);
  }

  get(name: string): ArchiveEntry | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  text(name: string): string | undefined {
    const entry = this.get(name);
    return entry ? this.#decoder.decode(entry.bytes) : undefined;
  }

  /** The entry a page's reference points to, or undefined (external URL, climbing out, missing). */
  resolve(href: string, fromEntry: string): ArchiveEntry | undefined {
    const ref = href.trim();
    if (ref === '' || ref.startsWith('#')) return undefined;
    // A scheme (http:, file:, data:, javascript:…) or a protocol-relative URL is never an archive file.
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref) || ref.startsWith('//')) return undefined;
    const base = fromEntry.includes('/') ? fromEntry.slice(0, fromEntry.lastIndexOf('/') + 1) : '';
    const candidates = [ref];
    if (ref.includes('#')) candidates.push(ref.slice(0, ref.indexOf('#')));
    for (const candidate of candidates) {
      for (const form of [safeDecode(candidate), candidate]) {
        const name = joinPath(base, form.replace(/\\/g, '/'));
        const entry = name ? this.get(name) : undefined;
        if (entry) return entry;
      }
    }
    return undefined;
  }

  /** A blob URL for the entry when it is a picture this viewer shows (sniffed from its bytes), else undefined. */
  imageUrl(entry: ArchiveEntry): string | undefined {
    const cached = this.#urls.get(entry.name);
    if (cached) return cached;
    const type = sniffImage(entry.bytes);
    if (!type) return undefined;
    const url = URL.createObjectURL(new Blob([entry.bytes as Uint8Array<ArrayBuffer>], { type }));
    this.#urls.set(entry.name, url);
    return url;
  }

  /** Every blob URL handed out: the sanitizer keeps references to these and to nothing else. */
  isOwnUrl(url: string): boolean {
    for (const own of this.#urls.values()) if (own === url) return true;
    return false;
  }

  dispose(): void {
    for (const url of this.#urls.values()) URL.revokeObjectURL(url);
    this.#urls.clear();
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `base` + `ref` with `.` and `..` applied; null when `..` would climb above the archive's root. */
export function joinPath(base: string, ref: string): string | null {
  const parts = (ref.startsWith('/') ? ref : base + ref).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The picture types shown, recognised by their first bytes (never by the name). */
export function sniffImage(b: Uint8Array): string | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'image/gif';
  if (
    b.length >= 12 &&
    b[0] === 0x52 &&
    b[1] === 0x49 &&
    b[2] === 0x46 &&
    b[3] === 0x46 &&
    b[8] === 0x57 &&
    b[9] === 0x45 &&
    b[10] === 0x42 &&
    b[11] === 0x50
  )
    return 'image/webp';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'image/bmp';
  // An SVG picture inside a page is shown as an image: browsers run no script and load nothing in that mode.
  const head = new TextDecoder().decode(b.subarray(0, 512)).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}
