import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where the bytes of uploaded files live. Keys are opaque ([A-Za-z0-9_-]); the `files` table says whose they are.
 * Local disk by default; an object storage (S3-compatible) implements the same four calls.
 */
export interface FileStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or null when there is no such key. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the key; no error when it is already gone. */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]{8,128}$/;

function checkKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`Invalid file key: ${JSON.stringify(key)}`);
}

/** Files under `<root>/<2 first characters>/<key>`, written atomically (temporary file, then rename). */
export class LocalDiskStore implements FileStore {
  constructor(readonly root: string) {}

  private path(key: string): string {
    checkKey(key);
    return join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/** The default store for a data directory: `<dataDir>/files`. */
export const localFileStore = (dataDir: string) => new LocalDiskStore(join(dataDir, 'files'));
