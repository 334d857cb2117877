// The worker that inflates documents' archives off the page's thread.
import { ArchiveError, readArchive } from './archive.js';

/** The worker's global scope, typed without the webworker lib (the program is typed for the DOM). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Request>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
};

interface Request {
  id: number;
  bytes: ArrayBuffer;
}

scope.onmessage = (event: MessageEvent<Request>) => {
  const { id, bytes } = event.data;
  try {
    const entries = readArchive(new Uint8Array(bytes));
    const buffers = entries.map((e) => e.bytes.buffer as ArrayBuffer);
    scope.postMessage({ id, entries }, buffers);
  } catch (error) {
    const reason = error instanceof ArchiveError ? error.reason : 'not-a-zip';
    const entry = error instanceof ArchiveError ? error.entry : undefined;
    scope.postMessage({ id, error: { reason, entry } });
  }
};
