import { unzipSync } from 'fflate';

/**
 * Reads a document's zip archive under limits, before anything in it is parsed. Runs in a worker
 * (`archive.worker.ts`) and, when no worker can start, in the page: the same code, the same limits.
 *
 * The limits hold whatever the archive claims: entries are inflated into buffers of their declared size, so a
 * header that lies about a size truncates that entry instead of filling memory.
 */
export interface ArchiveLimits {
  /** The zip file itself. */
  maxArchiveBytes: number;
  /** All entries once inflated. */
  maxTotalBytes: number;
  /** One entry once inflated. */
  maxEntryBytes: number;
  maxEntries: number;
  /** Inflated / compressed size, checked for entries above 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxArchiveBytes: 100 * 1024 * 1024,
  maxTotalBytes: 300 * 1024 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxEntries: 5000,
  maxRatio: 200,
};

/** Why an archive was refused; the element turns each into a French sentence. */
export type ArchiveRefusal =
  | 'archive-too-large'
  | 'not-a-zip'
  | 'too-many-entries'
  | 'entry-too-large'
  | 'total-too-large'
  | 'suspicious-ratio'
  | 'unsafe-name'
  | 'unsupported-compression';

export class ArchiveError extends Error {
  constructor(
    readonly reason: ArchiveRefusal,
    readonly entry?: string,
  ) {
    super(entry ? `${reason}: ${entry}` : reason);
    this.name = 'ArchiveError';
  }
}

export interface ArchiveEntry {
  /** The normalized name: forward slashes, no leading `./`. */
  name: string;
  bytes: Uint8Array;
}

/**
 * An entry name that cannot climb out of the archive: no absolute path, drive letter, `..` segment, backslash
 * trick, control character or overlong name. Returns the normalized name, or null for an unsafe one.
 */
export function safeEntryName(raw: string): string | null {
  if (raw.length === 0 || raw.length > 512) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return null;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  return parts.join('/');
}

/** Inflates the archive's files (directories are skipped) or throws an {@link ArchiveError}. */
export function readArchive(bytes: Uint8Array, limits: ArchiveLimits = DEFAULT_LIMITS): ArchiveEntry[] {
  if (bytes.byteLength > limits.maxArchiveBytes) throw new ArchiveError('archive-too-large');
  if (bytes.byteLength < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new ArchiveError('not-a-zip');
  let count = 0;
  let total = 0;
  const names = new Map<string, string>();
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        count += 1;
        if (count > limits.maxEntries) throw new ArchiveError('too-many-entries');
        if (file.name.endsWith('/')) return false;
        const name = safeEntryName(file.name);
        if (name === null) throw new ArchiveError('unsafe-name', file.name.slice(0, 120));
        if (file.compression !== 0 && file.compression !== 8) {
          throw new ArchiveError('unsupported-compression', name);
        }
        if (file.originalSize > limits.maxEntryBytes) throw new ArchiveError('entry-too-large', name);
        total += file.originalSize;
        if (total > limits.maxTotalBytes) throw new ArchiveError('total-too-large');
        if (file.originalSize > 1024 * 1024 && file.originalSize > limits.maxRatio * Math.max(1, file.size)) {
          throw new ArchiveError('suspicious-ratio', name);
        }
        names.set(file.name, name);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError('not-a-zip');
  }
  const entries: ArchiveEntry[] = [];
  const seen = new Set<string>();
  for (const [raw, data] of Object.entries(files)) {
    const name = names.get(raw);
    // Two entries normalizing to one name: the first wins, as a reader of the central directory would.
    if (!name || seen.has(name)) continue;
    seen.add(name);
    entries.push({ name, bytes: data });
  }
  return entries;
}
