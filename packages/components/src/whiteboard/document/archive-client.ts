import type { ArchiveEntry, ArchiveRefusal } from './archive.js';

/**
 * Inflates an archive in a worker; where no worker can start (the file is not served beside the module, or
 * the page's Content-Security-Policy forbids workers), the same code runs in the page, loaded on demand.
 */
export class ArchiveRefusedError extends Error {
  constructor(
    readonly reason: ArchiveRefusal,
    readonly entry?: string,
  ) {
    super(reason);
    this.name = 'ArchiveRefusedError';
  }
}

// Under a dev server the sources are TypeScript; once built, the worker is `archive.worker.js` beside the module.
const workerUrl = () =>
  new URL(`./archive.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (e: ArchiveEntry[]) => void; reject: (e: unknown) => void }>();

/** Where the last archive was read: `worker` or `page` (the benchmark and the tests say which path ran). */
export let lastArchiveReader: 'worker' | 'page' | undefined;

function startWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(workerUrl(), { type: 'module', name: 'preau-whiteboard-archive' });
  } catch {
    worker = null;
    return worker;
  }
  worker.onmessage = (event: MessageEvent) => {
    const { id, entries, error } = event.data as {
      id: number;
      entries?: ArchiveEntry[];
      error?: { reason: ArchiveRefusal; entry?: string };
    };
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (error) waiting.reject(new ArchiveRefusedError(error.reason, error.entry));
    else waiting.resolve(entries ?? []);
  };
  // A worker that fails to load (404, CSP) reports an error event: give up on workers, read in the page.
  worker.onerror = () => {
    worker?.terminate();
    worker = null;
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(new WorkerUnavailable());
    }
  };
  return worker;
}

class WorkerUnavailable extends Error {}

async function readInPage(bytes: Uint8Array): Promise<ArchiveEntry[]> {
  const { readArchive, ArchiveError } = await import('./archive.js');
  lastArchiveReader = 'page';
  try {
    return readArchive(bytes);
  } catch (error) {
    if (error instanceof ArchiveError) throw new ArchiveRefusedError(error.reason, error.entry);
    throw error;
  }
}

export async function inflateArchive(bytes: Uint8Array): Promise<ArchiveEntry[]> {
  const w = startWorker();
  if (!w) return readInPage(bytes);
  const copy = bytes.slice();
  try {
    const entries = await new Promise<ArchiveEntry[]>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, bytes: copy.buffer }, [copy.buffer]);
    });
    lastArchiveReader = 'worker';
    return entries;
  } catch (error) {
    if (error instanceof WorkerUnavailable) return readInPage(bytes);
    throw error;
  }
}
