import { expect, fixture, html } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { property } from 'lit/decorators.js';
import { until } from '../../test-support/rendering.js';
import { apiClient } from './api-client.js';
import { configureUsage, pendingUsage, resetUsage, usageEndpoint } from './beacon.js';
import { defineElement } from './define.js';
import { PreauEvent, waitForEvent } from './events.js';
import { defineCatalog, formatDate, formatNumber, translate } from './i18n.js';
import { PreauElement } from './preau-element.js';
import { StatusController, statusStyles } from './status.js';
import { controlStyles, themeTokens } from './theme.js';

class TestPingEvent extends PreauEvent<{ count: number }> {
  constructor(count: number) {
    super('preau-ping-send', { count });
  }
}
declare global {
  interface GlobalEventHandlersEventMap {
    'preau-ping-send': TestPingEvent;
  }
}

const messages = defineCatalog({
  fr: { hello: 'Bonjour {name}', average: 'Moyenne : {value}' },
  en: { hello: 'Hello {name}', average: 'Average: {value}' },
});

class TestBaseElement extends PreauElement {
  static override styles = [PreauElement.styles, controlStyles, statusStyles];
  @property() name = 'Léa';
  readonly status = new StatusController(this);
  override render() {
    return litHtml`<div part="base">
      ${this.status.render()}
      <p part="text">${this.t(messages, 'hello', { name: this.name })}</p>
      <button part="button" class="button" @click=${() => this.emit(new TestPingEvent(1))}>OK</button>
    </div>`;
  }
}
defineElement('preau-test-base', TestBaseElement);

/** English on demand: the loader counts its calls. */
const englishLoads = { count: 0 };

/** An element that hosts the test element inside its own shadow root, as a page widget might. */
class TestOuterElement extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML = '<preau-test-base></preau-test-base>';
  }
}
defineElement('preau-test-outer', TestOuterElement);

const inner = (outer: Element) => outer.shadowRoot!.querySelector('preau-test-base') as TestBaseElement;
const text = (el: TestBaseElement) => el.shadowRoot!.querySelector('[part=text]')!.textContent;

describe('PreauElement', () => {
  afterEach(() => {
    document.documentElement.removeAttribute('lang');
    document.documentElement.style.fontSize = '';
  });

  it('emits typed events that bubble out of nested shadow roots to the document', async () => {
    const outer = await fixture<HTMLElement>(html`<preau-test-outer></preau-test-outer>`);
    const el = inner(outer);
    await el.updateComplete;
    const received = new Promise<TestPingEvent>((resolve) =>
      document.addEventListener('preau-ping-send', resolve, { once: true }),
    );
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
    const event = await received;
    expect(event).to.be.instanceOf(TestPingEvent);
    expect(event.detail.count).to.equal(1);
    expect(event.bubbles && event.composed).to.equal(true);
    // Retargeted to the outermost host for listeners outside the shadow roots.
    expect(event.target).to.equal(outer);
  });

  it('returns the event so the caller can check defaultPrevented', async () => {
    const el = await fixture<TestBaseElement>(html`<preau-test-base></preau-test-base>`);
    const cancelable = new (class extends PreauEvent<null> {
      constructor() {
        super('preau-thing-delete', null, { cancelable: true });
      }
    })();
    el.addEventListener('preau-thing-delete', (e) => e.preventDefault(), { once: true });
    expect(el.emit(cancelable).defaultPrevented).to.equal(true);
    const pinged = waitForEvent(el, 'preau-ping-send');
    el.emit(new TestPingEvent(2));
    expect((await pinged).detail.count).to.equal(2);
  });

  it('speaks French by default and follows the page language when <html lang> changes', async () => {
    const el = await fixture<TestBaseElement>(html`<preau-test-base></preau-test-base>`);
    expect(el.locale).to.equal('fr');
    expect(text(el)).to.equal('Bonjour Léa');
    document.documentElement.lang = 'en-GB';
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(el.locale).to.equal('en');
    expect(text(el)).to.equal('Hello Léa');
    document.documentElement.lang = 'de';
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(text(el)).to.equal('Bonjour Léa');
  });

  it('loads English messages given as loaders only for an element in English, before it renders', async () => {
    const onDemand = defineCatalog<'greeting'>({
      fr: { greeting: 'Bonjour, {name} !' },
      en: async () => {
        englishLoads.count++;
        return { greeting: 'Hello, {name}!' };
      },
    });
    class TestOnDemandElement extends PreauElement {
      override render() {
        return litHtml`<p part="text">${this.t(onDemand, 'greeting', { name: 'Léa' })}</p>
          <p part="base">${this.baseMessage('retry')}</p>`;
      }
    }
    defineElement('preau-test-on-demand', TestOnDemandElement);
    const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part=${name}]`)!.textContent;
    const french = await fixture<TestOnDemandElement>(html`<preau-test-on-demand></preau-test-on-demand>`);
    expect(part(french, 'text')).to.equal('Bonjour, Léa !');
    expect(part(french, 'base')).to.equal('Réessayer');
    expect(englishLoads.count, 'a page in French never asks for English').to.equal(0);

    // fixture() awaits updateComplete: the first render is already in English (no French first).
    const english = await fixture<TestOnDemandElement>(
      html`<preau-test-on-demand lang="en"></preau-test-on-demand>`,
    );
    expect(part(english, 'text')).to.equal('Hello, Léa!');
    expect(part(english, 'base'), 'the shared messages too').to.equal('Try again');
    const again = await fixture<TestOnDemandElement>(
      html`<preau-test-on-demand lang="en"></preau-test-on-demand>`,
    );
    expect(part(again, 'text')).to.equal('Hello, Léa!');
    expect(englishLoads.count, 'loaded once for the page').to.equal(1);

    // A French element switched to English follows, once the messages are there.
    french.lang = 'en';
    await french.updateComplete;
    expect(part(french, 'text')).to.equal('Hello, Léa!');
  });

  it('shows French when English messages cannot load, without asking again at each update', async () => {
    const failing = defineCatalog<'word'>({
      fr: { word: 'Cahier' },
      en: async () => {
        englishLoads.count++;
        throw new TypeError('Failed to fetch dynamically imported module');
      },
    });
    class TestFailingElement extends PreauElement {
      override render() {
        return litHtml`<p part="text">${this.t(failing, 'word')}</p>`;
      }
    }
    defineElement('preau-test-failing-english', TestFailingElement);
    const before = englishLoads.count;
    const el = await fixture<TestFailingElement>(
      html`<preau-test-failing-english lang="en"></preau-test-failing-english>`,
    );
    expect(el.shadowRoot!.querySelector('[part=text]')!.textContent).to.equal('Cahier');
    el.requestUpdate();
    await el.updateComplete;
    expect(englishLoads.count - before).to.equal(1);
  });

  it('prefers its own lang, then the nearest ancestor, across shadow roots', async () => {
    document.documentElement.lang = 'fr';
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="en"><preau-test-outer></preau-test-outer></div>`,
    );
    const el = inner(wrapper.querySelector('preau-test-outer')!);
    await el.updateComplete;
    expect(text(el)).to.equal('Hello Léa');
    wrapper.lang = 'fr';
    await new Promise((r) => setTimeout(r));
    await el.updateComplete;
    expect(text(el)).to.equal('Bonjour Léa');
    el.lang = 'en';
    await el.updateComplete;
    expect(text(el)).to.equal('Hello Léa');
    expect(el.getAttribute('lang')).to.equal('en');
    el.lang = '';
    await el.updateComplete;
    expect(el.hasAttribute('lang')).to.equal(false);
  });

  it('formats numbers with a French decimal comma and dates in Paris time', () => {
    expect(formatNumber('fr', 12.5, { minimumFractionDigits: 2 })).to.equal('12,50');
    expect(formatNumber('en', 12.5, { minimumFractionDigits: 2 })).to.equal('12.50');
    expect(formatNumber('fr', Number.NaN)).to.equal('');
    expect(formatDate('fr', '2026-09-01T22:30:00Z', { dateStyle: 'long' })).to.equal('2 septembre 2026');
    expect(formatDate('fr', 'not a date')).to.equal('');
    expect(translate(messages, 'fr', 'average', { value: 14.25 })).to.equal('Moyenne : 14,25');
    expect(translate(messages, 'en', 'average', { value: 14.25 })).to.equal('Average: 14.25');
    expect(translate(messages, 'fr', 'missing' as 'hello')).to.equal('missing');
  });

  it('installs theme tokens that the page can override, and resets host-page typography', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>
      <style>
        .hostile * { line-height: 1.1; font-family: serif; letter-spacing: 0.3em; }
        .themed { --preau-color-accent: rgb(120, 0, 60); }
      </style>
      <div class="hostile"><preau-test-base></preau-test-base></div>
      <div class="themed"><preau-test-base></preau-test-base></div>
    </div>`);
    const [plain, themed] = [...wrapper.querySelectorAll<TestBaseElement>('preau-test-base')];
    await plain.updateComplete;
    await themed.updateComplete;
    expect(getComputedStyle(plain).getPropertyValue('--preau-color-accent').trim()).to.equal('#1f4e96');
    const base = plain.shadowRoot!.querySelector('[part=base]')!;
    expect(getComputedStyle(base).fontFamily).to.not.equal('serif');
    expect(getComputedStyle(base).letterSpacing).to.equal('normal');
    const button = themed.shadowRoot!.querySelector('[part=button]')!;
    expect(getComputedStyle(button).borderTopColor).to.equal('rgb(120, 0, 60)');
  });

  it('pairs theme colours that meet WCAG 2.1 AA contrast', () => {
    const token = (name: string) => new RegExp(`--preau-color-${name}: (#[0-9a-f]{6})`).exec(themeTokens)![1];
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(token(a)), luminance(token(b))].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const text: [string, string][] = [
      ['text', 'surface'],
      ['text', 'surface-alt'],
      ['text-muted', 'surface'],
      ['text-muted', 'surface-alt'],
      ['accent', 'surface'],
      ['on-accent', 'accent'],
      ['on-accent', 'accent-hover'],
      ['danger', 'surface'],
      ['danger', 'danger-surface'],
      ['success', 'success-surface'],
      ['warning', 'warning-surface'],
      ['text', 'danger-surface'],
    ];
    for (const [fg, bg] of text) expect(contrast(fg, bg), `${fg} on ${bg}`).to.be.at.least(4.5);
    // Borders and focus rings are UI components: 3:1.
    for (const ui of ['border', 'focus']) expect(contrast(ui, 'surface'), ui).to.be.at.least(3);
  });

  it('makes targets at least 44 px high in board density, even with a 13 px root font size', async () => {
    document.documentElement.style.fontSize = '13px';
    const wrapper = await fixture<HTMLElement>(html`<div style="font-size: 1rem">
      <preau-test-base></preau-test-base><preau-test-base density="board"></preau-test-base>
    </div>`);
    const [normal, board] = [...wrapper.querySelectorAll<TestBaseElement>('preau-test-base')];
    await board.updateComplete;
    const height = (el: TestBaseElement) =>
      el.shadowRoot!.querySelector('[part=button]')!.getBoundingClientRect().height;
    expect(height(board)).to.be.at.least(44);
    expect(height(board)).to.be.greaterThan(height(normal));
    // Only `board` is written to the attribute; anything else reads as the default.
    expect(normal.hasAttribute('density')).to.equal(false);
    normal.density = 'board';
    await normal.updateComplete;
    expect(normal.getAttribute('density')).to.equal('board');
    board.setAttribute('density', 'huge');
    expect(board.density).to.equal('default');
  });

  it('shows errors in an alert region and progress in a status region, accessibly', async () => {
    const el = await fixture<TestBaseElement>(html`<preau-test-base></preau-test-base>`);
    el.status.info('Enregistrement…');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.contain('Enregistrement…');
    el.status.error(new Error('La note doit être comprise entre 0 et 20.'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim()).to.equal('');
    expect(el.shadowRoot!.querySelector('[role=alert]')!.textContent).to.contain('entre 0 et 20');
    await expect(el).to.be.accessible();
  });

  it('records usage with the beacon it loads at the first action, the API it talks to being the endpoint', async () => {
    resetUsage();
    configureUsage({ maxBatch: 1000 });
    try {
      const el = await fixture<TestBaseElement>(html`<preau-test-base></preau-test-base>`);
      // A connected element's client, for an API that refuses visits (no session here).
      apiClient('/__test/usage-refuse-root');
      el.trackUsage('notes', 'results-view');
      await until(() => pendingUsage().length > 0, 'the action, once the beacon is there');
      expect(pendingUsage()).to.deep.equal([
        { service: 'notes', action: 'results-view', tool: 'preau-test-base', visitId: undefined },
      ]);
      expect(usageEndpoint()).to.equal('/__test/usage-refuse-root/events');
    } finally {
      resetUsage();
    }
  });

  it('ignores a second registration of the same tag', () => {
    expect(() => defineElement('preau-test-base', class extends TestBaseElement {})).to.not.throw();
    expect(customElements.get('preau-test-base')).to.equal(TestBaseElement);
  });
});
