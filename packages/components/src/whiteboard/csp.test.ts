// The built CDN bundle under the strict Content-Security-Policy of the CDN test page
// (`default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'`).
import { expect } from '@open-wc/testing';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('preau-whiteboard under a strict CSP (CDN build)', () => {
  it('opens a document; the element writes no inline style; only the pictures need `img-src blob:`', async () => {
    const frame = document.createElement('iframe');
    frame.src = `/__test/wb-csp/cdn-page?script=preau.js&tags=preau-whiteboard`;
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    const win = frame.contentWindow as Window & typeof globalThis;
    const violations: string[] = [];
    win.document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(
        `${e.violatedDirective} ${e.blockedURI} ${(e.target as Element)?.localName ?? ''} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
      ),
    );
    await until(() => Boolean(win.customElements.get('preau-whiteboard')), 'the element');
    const el = win.document.querySelector('preau-whiteboard') as HTMLElement & {
      src: string;
      pageCount: number;
    };
    let error = '';
    el.addEventListener('preau-document-error', (e) => (error = (e as CustomEvent).detail.message));
    el.src = '/packages/components/test-support/whiteboard/fractions.ubz';
    await until(() => el.pageCount === 3 || error !== '', 'the document');
    expect(error).to.equal('');
    await new Promise((r) => setTimeout(r, 300));
    frame.remove();
    // The element's own rendering (preau.js) sets no style attribute: sizes go through the CSSOM.
    expect(violations.filter((v) => v.includes('/cdn/preau.js'))).to.deep.equal([]);
    // The document's pictures are blob URLs made from the archive: a host page under a strict CSP allows
    // `img-src blob:` for them (nothing else is blocked that the viewer needs).
    expect(violations.some((v) => v.startsWith('img-src blob'))).to.equal(true);
    expect(violations.filter((v) => v.startsWith('img-src') && !v.startsWith('img-src blob'))).to.deep.equal(
      [],
    );
  });
});
