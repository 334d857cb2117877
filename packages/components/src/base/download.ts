/**
 * Hands a file to the browser's downloads (an export, a generated sheet). DOM only, no Lit: the dashboard imports
 * it too (`@preau/components/download`).
 */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the click; the object URL is released once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
