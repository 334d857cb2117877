/** The document's bytes, from the host (property mode) or from its URL (same origin only). */
export class LoadError extends Error {
  constructor(readonly status: number) {
    super(`load failed: ${status}`);
  }
}

export async function readSource(
  file: Blob | ArrayBuffer | Uint8Array | null,
  src: string,
): Promise<{ bytes: Uint8Array; name: string }> {
  if (file instanceof Uint8Array) return { bytes: file, name: '' };
  if (file instanceof ArrayBuffer) return { bytes: new Uint8Array(file), name: '' };
  if (file instanceof Blob)
    return { bytes: new Uint8Array(await file.arrayBuffer()), name: (file as File).name ?? '' };
  const url = new URL(src, document.baseURI);
  // Same origin only: a document is never fetched from another site.
  if (url.origin !== location.origin) throw new LoadError(0);
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new LoadError(response.status);
  const name = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  return { bytes: new Uint8Array(await response.arrayBuffer()), name };
}
