/**
 * PDF rendering in a worker thread (`pdf-worker.mjs`), started on first use and kept for the next: the layout of a
 * long document takes seconds of CPU that must not stall the API's other requests. One document at a time.
 */
import { Worker } from 'node:worker_threads';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

let worker: Worker | undefined;
let serial = 0;
const pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();

function pdfWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./pdf-worker.mjs', import.meta.url));
  w.on('message', ({ id, bytes, error }: { id: number; bytes?: Uint8Array; error?: string }) => {
    const job = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) w.unref();
    if (error !== undefined) job?.reject(new Error(`PDF: ${error}`));
    else job?.resolve(bytes!);
  });
  w.on('error', (err) => {
    for (const job of pending.values()) job.reject(err);
    pending.clear();
    worker = undefined;
  });
  w.on('exit', () => {
    worker = undefined;
  });
  w.unref();
  worker = w;
  return w;
}

/**
 * Renders a pdfmake document (data only: no functions) with a running header after the first page and
 * "Page n / N" footers.
 */
export function renderPdf(
  doc: Omit<TDocumentDefinitions, 'header' | 'footer'>,
  header: string,
): Promise<Uint8Array> {
  const w = pdfWorker();
  const id = ++serial;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, doc, header });
  });
}
