/**
 * The contract every Préau element keeps, run by each element's own test file:
 *
 * ```ts
 * import { runElementContract } from '../../test-support/element-contract.js';
 * runElementContract({
 *   tag: 'preau-thing',
 *   module: '/packages/components/src/thing/thing.ts',
 *   scenarios: [{ name: 'teacher', attributes: { view: 'list' }, properties: { data: demoThing() } }],
 * });
 * ```
 *
 * For each scenario (a way the element is used: a view, a profile), in real Chromium:
 * - bad or missing data never throws (each property set to hostile values, and the scenario's data with each
 *   field broken), and the element still says something;
 * - properties set in any order give the same rendering;
 * - `lang="fr"` and `lang="en"` both render, differently, with no placeholder left;
 * - `density="board"`: controls at least 44 px;
 * - hostile host CSS does not reach inside;
 * - a strict Content-Security-Policy (`script-src 'self'; style-src 'self'`) reports no violation;
 * - axe finds nothing;
 * - keyboard only: Tab enters, every stop shows a focus ring, and Tab leaves (no trap);
 * - at 360 px nothing sticks out of the element (only the scenario's declared `scrollers` scroll inside).
 */
import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { nextFrame, until } from './rendering.js';

type Updating = HTMLElement & { updateComplete: Promise<boolean>; lang: string; density?: string };

export interface ContractScenario {
  name: string;
  /** Attributes written in the markup (`view`, `src`…). */
  attributes?: Record<string, string>;
  /** Properties set from script, in this order (the order check also sets them in reverse). */
  properties?: Record<string, unknown>;
  /** Selectors of inner boxes that may scroll sideways (a wide grid); nothing else may overflow at 360 px. */
  scrollers?: string[];
  /** Whether the element offers anything to focus in this scenario (default true). */
  focusable?: boolean;
}

export interface ElementContract {
  tag: string;
  /** The element's module as the dev server serves it (for the strict-CSP page). */
  module: string;
  scenarios: ContractScenario[];
}

/** Values a careless host may hand to any property. */
const HOSTILE: unknown[] = [
  undefined,
  null,
  0,
  Number.NaN,
  '',
  'du texte',
  true,
  [],
  [null, 42, 'x'],
  {},
  { id: 42, name: null, students: 'non', evaluations: {}, cells: [[]], entries: [null], subjects: [1] },
];

/** The scenario's value with one field at a time broken (null, wrong type, emptied list). */
function brokenVariants(value: unknown): unknown[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: unknown[] = [];
  for (const key of Object.keys(value)) {
    for (const bad of [null, 'x', 7, [null], { nested: true }])
      out.push({ ...(value as object), [key]: bad });
    const v = (value as Record<string, unknown>)[key];
    if (Array.isArray(v) && v.length)
      out.push({ ...(value as object), [key]: [...v, null, 'x', { id: null }] });
  }
  return out;
}

function markup(
  tag: string,
  attributes: Record<string, string> = {},
  extra: Record<string, string> = {},
): string {
  const attrs = Object.entries({ ...attributes, ...extra })
    .map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`)
    .join('');
  return `<${tag}${attrs}></${tag}>`;
}

async function settle(el: Updating): Promise<void> {
  for (let i = 0; i < 10 && !(await el.updateComplete); i++);
  await nextFrame();
  for (let i = 0; i < 10 && !(await el.updateComplete); i++);
}

async function mount(contract: ElementContract, s: ContractScenario, extra: Record<string, string> = {}) {
  const host = await fixture<HTMLDivElement>(`<div>${markup(contract.tag, s.attributes, extra)}</div>`);
  const el = host.firstElementChild as Updating;
  for (const [k, v] of Object.entries(s.properties ?? {})) (el as unknown as Record<string, unknown>)[k] = v;
  await settle(el);
  return { host, el };
}

const textOf = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** What a person perceives: the text, and the roles and parts of the structure (ids left out: they are per instance). */
function snapshot(el: Element): string {
  const nodes = [...(el.shadowRoot?.querySelectorAll('*') ?? [])];
  const shape = nodes.map(
    (n) =>
      `${n.localName}${n.getAttribute('role') ? `[${n.getAttribute('role')}]` : ''}${n.getAttribute('part') ? `{${n.getAttribute('part')}}` : ''}`,
  );
  return `${textOf(el)}\n${shape.join(' ')}`;
}

/** The element focused, through shadow roots. */
function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

function hasFocusRing(el: Element): boolean {
  const cs = getComputedStyle(el);
  return (cs.outlineStyle !== 'none' && Number.parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
}

export function runElementContract(contract: ElementContract): void {
  describe(`element contract: <${contract.tag}>`, () => {
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(String(e.error ?? e.message));
    const onRejection = (e: PromiseRejectionEvent) => errors.push(String(e.reason));
    beforeEach(() => {
      errors.length = 0;
      window.addEventListener('error', onError);
      window.addEventListener('unhandledrejection', onRejection);
    });
    afterEach(() => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      for (const frame of document.querySelectorAll('iframe[data-contract]')) frame.remove();
    });

    for (const s of contract.scenarios) {
      describe(s.name, () => {
        it('never throws on bad or missing data, and still says something', async () => {
          const { el } = await mount(contract, { ...s, properties: {} });
          expect(errors, 'no data at all').to.deep.equal([]);
          for (const [key, value] of Object.entries(s.properties ?? {})) {
            if (typeof value === 'function') continue;
            for (const bad of [...HOSTILE, ...brokenVariants(value)]) {
              (el as unknown as Record<string, unknown>)[key] = bad;
              let failure: unknown;
              await settle(el).catch((e) => (failure = e));
              expect(failure, `${key} = ${JSON.stringify(bad)?.slice(0, 120)}`).to.equal(undefined);
              expect(errors, `${key} = ${JSON.stringify(bad)?.slice(0, 120)}`).to.deep.equal([]);
              expect(
                textOf(el).length,
                `something is said for ${key} = ${JSON.stringify(bad)?.slice(0, 80)}`,
              ).to.be.greaterThan(0);
            }
          }
        });

        it('renders the same whatever the order properties are set in', async () => {
          const entries = Object.entries(s.properties ?? {});
          const a = await mount(contract, s);
          const b = await mount(contract, { ...s, properties: Object.fromEntries(entries.reverse()) });
          expect(snapshot(b.el)).to.equal(snapshot(a.el));
        });

        it('speaks French and English, with nothing left untranslated', async () => {
          const fr = await mount(contract, s, { lang: 'fr' });
          const en = await mount(contract, s, { lang: 'en' });
          expect(textOf(fr.el)).to.not.equal(textOf(en.el));
          for (const el of [fr.el, en.el])
            expect(textOf(el)).to.not.match(/\{[a-zA-Z]+\}|undefined|NaN|\[object/);
        });

        it('offers targets of at least 44 px in board density', async () => {
          const { el } = await mount(contract, s, { density: 'board' });
          const controls = [
            ...el.shadowRoot!.querySelectorAll<HTMLElement>(
              'button, select, textarea, input:not([type="checkbox"]):not([type="radio"]):not([type="file"])',
            ),
          ].filter((c) => c.getClientRects().length > 0);
          for (const c of controls) {
            const box = c.getBoundingClientRect();
            expect(Math.round(box.height), `${c.outerHTML.slice(0, 80)} height`).to.be.at.least(44);
          }
        });

        it('keeps its look inside hostile host CSS', async () => {
          const style = document.createElement('style');
          // Inherited properties forced on everything (the element's host included), and controls hidden by
          // selectors that only the page's own elements match.
          style.textContent = `* { text-transform: uppercase !important; letter-spacing: 0.5em !important;
            line-height: 0 !important; font-family: serif !important; color: red !important; cursor: none }
            button, input, select, table, td, th, p, span, label, h2, h3 { display: none !important;
            visibility: hidden !important }`;
          document.head.append(style);
          try {
            const { el } = await mount(contract, s);
            const inner = [
              ...el.shadowRoot!.querySelectorAll<HTMLElement>('p, span, td, th, button, label, h2, h3'),
            ].filter((n) => n.textContent?.trim());
            expect(inner.length).to.be.greaterThan(0);
            for (const n of inner.slice(0, 20)) {
              const cs = getComputedStyle(n);
              expect(cs.textTransform, n.localName).to.equal('none');
              expect(cs.letterSpacing, n.localName).to.equal('normal');
              expect(cs.fontFamily, n.localName).to.not.equal('serif');
              expect(cs.color, n.localName).to.not.equal('rgb(255, 0, 0)');
              expect(cs.visibility, n.localName).to.equal('visible');
            }
          } finally {
            style.remove();
          }
        });

        it('works under a strict Content-Security-Policy', async () => {
          const frame = document.createElement('iframe');
          frame.dataset.contract = '';
          frame.src = `/__test/contract/contract-page?module=${encodeURIComponent(contract.module)}`;
          document.body.append(frame);
          await new Promise((r) => frame.addEventListener('load', r, { once: true }));
          const win = frame.contentWindow as Window & typeof globalThis;
          const violations: string[] = [];
          win.document.addEventListener('securitypolicyviolation', (e) =>
            violations.push(`${e.violatedDirective} ${e.blockedURI}`),
          );
          await until(
            () => Boolean(win.customElements.get(contract.tag)),
            `${contract.tag} defined in the frame`,
          );
          const el = win.document.createElement(contract.tag) as Updating;
          for (const [k, v] of Object.entries(s.attributes ?? {})) el.setAttribute(k, v);
          for (const [k, v] of Object.entries(s.properties ?? {}))
            (el as unknown as Record<string, unknown>)[k] = v;
          win.document.body.append(el);
          await settle(el);
          await nextFrame();
          expect(violations).to.deep.equal([]);
          expect(textOf(el).length).to.be.greaterThan(0);
        });

        it('is accessible (axe)', async () => {
          const { el } = await mount(contract, s);
          await expect(el).to.be.accessible();
        });

        it('is usable by keyboard alone: Tab enters, each stop shows its focus, Tab leaves', async () => {
          const host = await fixture<HTMLDivElement>(
            `<div><button id="before">avant</button>${markup(contract.tag, s.attributes)}<button id="after">après</button></div>`,
          );
          const el = host.querySelector(contract.tag) as Updating;
          for (const [k, v] of Object.entries(s.properties ?? {}))
            (el as unknown as Record<string, unknown>)[k] = v;
          await settle(el);
          host.querySelector<HTMLButtonElement>('#before')!.focus();
          const inside: Element[] = [];
          for (let i = 0; i < 80; i++) {
            await sendKeys({ press: 'Tab' });
            const active = deepActive();
            if (!active || active.id === 'after') break;
            if (active.getRootNode() === el.shadowRoot) inside.push(active);
          }
          expect(deepActive()?.id, 'Tab leaves the element (no trap)').to.equal('after');
          if (s.focusable !== false) expect(inside.length, 'Tab reaches the element').to.be.greaterThan(0);
          for (const stop of inside) {
            (stop as HTMLElement).focus();
            expect(hasFocusRing(stop), `${stop.outerHTML.slice(0, 80)} shows its focus`).to.equal(true);
          }
        });

        it('fits a 360 px phone: nothing sticks out sideways', async () => {
          const host = await fixture<HTMLDivElement>(
            `<div style="width: 360px">${markup(contract.tag, s.attributes)}</div>`,
          );
          const el = host.firstElementChild as Updating;
          for (const [k, v] of Object.entries(s.properties ?? {}))
            (el as unknown as Record<string, unknown>)[k] = v;
          await settle(el);
          const right = host.getBoundingClientRect().right + 1;
          const allowed = (n: Element) =>
            (s.scrollers ?? []).some((sel) => n.closest(sel) && n !== n.closest(sel));
          const offenders = [...el.shadowRoot!.querySelectorAll('*')]
            .filter((n) => n.getClientRects().length > 0 && !allowed(n))
            .filter((n) => n.getBoundingClientRect().right > right)
            .map(
              (n) =>
                `${n.localName}${n.getAttribute('part') ? `[part=${n.getAttribute('part')}]` : ''}.${n.className}`,
            );
          expect(offenders.slice(0, 8)).to.deep.equal([]);
          expect(el.scrollWidth).to.be.at.most(el.clientWidth + 1);
        });
      });
    }
  });
}
