// The built CDN files (`npm run build -w @preau/components`, which `npm test` runs first), loaded the way a
// school page does, under a strict Content-Security-Policy.
import { expect } from '@open-wc/testing';

interface Loaded {
  win: Window & typeof globalThis;
  doc: Document;
  violations: string[];
}

async function load(query: string): Promise<Loaded> {
  const ns = `cdn-${crypto.randomUUID().slice(0, 8)}`;
  const built = await fetch('/packages/components/dist/cdn/preau.js', { method: 'HEAD' });
  if (!built.ok) throw new Error('dist/cdn is missing: run `npm run build -w @preau/components` first.');
  const frame = document.createElement('iframe');
  frame.src = `/__test/${ns}/cdn-page?${query}`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & typeof globalThis;
  const violations: string[] = [];
  win.document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
  return { win, doc: win.document, violations };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('CDN build', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('preau.js registers every element with one script tag and renders under a strict CSP', async () => {
    const { win, doc, violations } = await load('script=preau.js&tags=preau-sign-in');
    await until(() => Boolean(win.customElements.get('preau-sign-in')), 'preau-sign-in');
    // Every element the build found (its size report lists them).
    const sizes = (await (await fetch('/packages/components/dist/sizes.json')).json()) as Record<
      string,
      unknown
    >;
    const tags = Object.keys(sizes).filter((k) => /^preau-[a-z-]+$/.test(k));
    expect(tags).to.include.members(['preau-sign-in', 'preau-gradebook']);
    for (const tag of tags) expect(win.customElements.get(tag), tag).to.not.equal(undefined);
    const el = doc.querySelector('preau-sign-in')!;
    await until(() => Boolean(el.shadowRoot?.querySelector('[part~="form"]')), 'the sign-in form');
    // Styles apply although the CSP forbids inline styles (constructable stylesheets).
    const submit = el.shadowRoot!.querySelector('[part~="submit"]')!;
    expect(win.getComputedStyle(submit).backgroundColor).to.equal('rgb(31, 78, 150)');
    expect(violations).to.deep.equal([]);
  });

  it('the autoloader loads only the elements in the page, then those added later', async () => {
    const { win, doc, violations } = await load('script=autoloader.js&tags=preau-sign-in');
    await until(() => Boolean(win.customElements.get('preau-sign-in')), 'preau-sign-in');
    expect(win.customElements.get('preau-gradebook')).to.equal(undefined);
    const loaded = () =>
      win.performance.getEntriesByType('resource').map((e) => e.name.replace(/^.*\/cdn\//, ''));
    expect(loaded().filter((n) => n.startsWith('elements/'))).to.deep.equal(['elements/sign-in.js']);

    doc.body.append(doc.createElement('preau-gradebook'));
    await until(() => Boolean(win.customElements.get('preau-gradebook')), 'preau-gradebook added later');
    expect(violations).to.deep.equal([]);
  });

  it('loading the bundle and the autoloader together defines each element once, without errors', async () => {
    const { win } = await load('script=preau.js&script=autoloader.js&tags=preau-sign-in,preau-gradebook');
    const errors: string[] = [];
    win.addEventListener('error', (e) => errors.push(e.message));
    await until(() => Boolean(win.customElements.get('preau-gradebook')), 'preau-gradebook');
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).to.deep.equal([]);
  });
});
