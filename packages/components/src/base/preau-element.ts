import type { UsageService } from '@preau/core';
import { type Clock, systemClock } from '@preau/core/clock';
import { type CSSResultGroup, html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { type ApiClient, apiBaseFrom, apiClient, apiRoots } from './api-client.js';
import { boardToggle, type Density, onDensityChange, rememberDensity, storedDensity } from './board-mode.js';
import { describeProblem } from './errors.js';
import type { PreauEvent } from './events.js';
import {
  type BaseMessageKey,
  baseMessages,
  type Catalog,
  formatDate,
  formatNumber,
  type Locale,
  localeLoaded,
  type MessageVars,
  onLangChange,
  resolveLang,
  toLocale,
  translate,
} from './i18n.js';
import type { StatusMessage } from './status.js';
import { baseStyles, installThemeTokens } from './theme.js';

let beacon: Promise<typeof import('./beacon.js')> | undefined;

/**
 * The base of every Préau element.
 *
 * - `emit(new PreauXxxEvent(detail))`: typed events that bubble and cross shadow roots.
 * - `locale` (`fr` | `en`): the element's own `lang`, else the nearest ancestor's, else the page's; the element
 *   re-renders when any of them changes. `t(catalog, key, vars)`, `formatNumber()`, `formatDate()`. English
 *   messages given as loaders are loaded before an update in English (see `i18n.ts`).
 * - `density="board"`: interactive-whiteboard sizes (see `baseStyles`); `boardToggle()` renders the visible
 *   toggle, whose choice is remembered on the device and followed by every element of the page.
 * - `dateTime(value, long, short)`: a `<time>` that shows the long form, or the short one in a narrow container.
 * - `api`: the shared {@link ApiClient} for the API root of `src` (connected mode).
 * - `trackUsage(service, action)`: the usage beacon.
 *
 * Subclasses include `PreauElement.styles` in their own `static styles` (`[PreauElement.styles, myStyles]`).
 *
 * @cssprop --preau-font-family - Text font.
 * @cssprop --preau-font-size - Base text size, relative to the surrounding text (default 1em).
 * @cssprop --preau-color-accent - Main action colour (white text on it must stay readable).
 * @cssprop --preau-color-text - Text colour.
 * @cssprop --preau-color-surface - Background of controls and cells.
 * @cssprop --preau-color-danger - Errors.
 * @cssprop --preau-radius - Corner radius.
 * @cssprop --preau-target-size - Minimum height and width of interactive targets.
 */
export class PreauElement extends LitElement {
  static override styles: CSSResultGroup = [baseStyles];

  /** Element language (`fr`, `en`); when absent, the nearest ancestor's or the page's. */
  @property({
    reflect: true,
    converter: { fromAttribute: (v) => v ?? '', toAttribute: (v: string) => v || null },
  })
  override lang = '';

  /** `board`: large text and touch targets for the classroom's interactive whiteboard. */
  @property({
    reflect: true,
    converter: {
      fromAttribute: (v) => (v === 'board' ? 'board' : 'default'),
      // The default is not written back: a page's markup stays as it was written.
      toAttribute: (v: Density) => (v === 'board' ? 'board' : null),
    },
  })
  density: Density = 'default';

  /** The clock the element reads (the séance in course, today's date); tests and demos inject a fixed one. */
  @property({ attribute: false }) clock: Clock = systemClock;

  #stopLangWatch: (() => void) | undefined;
  #stopDensityWatch: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    installThemeTokens(this.ownerDocument);
    this.#stopLangWatch = onLangChange(() => this.requestUpdate());
    // The device's choice (made with the toggle of any Préau element) wins over the page's attribute.
    const chosen = storedDensity();
    if (chosen) this.density = chosen;
    this.#stopDensityWatch = onDensityChange((density) => {
      this.density = density;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopLangWatch?.();
    this.#stopLangWatch = undefined;
    this.#stopDensityWatch?.();
    this.#stopDensityWatch = undefined;
  }

  /** An element in English renders once the English messages are there (`updateComplete` waits for them). */
  // biome-ignore lint/suspicious/noConfusingVoidType: Lit's own signature (an update at once, or once the promise settles).
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = localeLoaded(this.locale);
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** Board mode is on. */
  get board(): boolean {
    return this.density === 'board';
  }

  /** Switches board mode, remembers it on the device, and the page's other elements follow. */
  toggleBoard(): void {
    this.density = this.board ? 'default' : 'board';
    rememberDensity(this.density);
  }

  /** The visible board-mode toggle (`part="board-toggle"`): every element shows one. */
  boardToggle(): TemplateResult {
    return boardToggle(this.board, this.baseMessage('boardMode'), () => this.toggleBoard());
  }

  /**
   * A date or time as `<time datetime>`: the `long` form, or in a narrow container (a phone) the `short` one, on
   * one line (the other is `display: none`, so a screen reader reads only the one shown). Invalid dates render
   * nothing.
   */
  dateTime(
    value: Date | string | number,
    long: Intl.DateTimeFormatOptions,
    short: Intl.DateTimeFormatOptions = long,
  ): TemplateResult | typeof nothing {
    const l = this.formatDate(value, long);
    if (!l) return nothing;
    const s = this.formatDate(value, short);
    const iso = new Date(value).toISOString();
    return s === l
      ? html`<time datetime=${iso}>${l}</time>`
      : html`<time datetime=${iso}><span class="date-long">${l}</span><span class="date-short">${s}</span></time>`;
  }

  /** The shipped locale that applies to this element now. */
  get locale(): Locale {
    return toLocale(this.lang || (this.isConnected ? resolveLang(this) : document.documentElement.lang));
  }

  /** Dispatches a Préau event from this element and returns it (check `defaultPrevented` when cancelable). */
  emit<E extends PreauEvent<unknown>>(event: E): E {
    this.dispatchEvent(event);
    return event;
  }

  /** A message of `catalog` in the element's locale. */
  t<K extends string>(catalog: Catalog<K>, key: K, vars?: MessageVars): string {
    return translate(catalog, this.locale, key, vars);
  }

  /** A shared message (loading, network error…). */
  baseMessage(key: BaseMessageKey, vars?: MessageVars): string {
    return translate(baseMessages, this.locale, key, vars);
  }

  /** French decimal comma in French (`12,5`), point in English. */
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
    return formatNumber(this.locale, value, options);
  }

  /** A date in Europe/Paris time; `''` for an invalid date. */
  formatDate(value: Date | string | number, options?: Intl.DateTimeFormatOptions): string {
    return formatDate(this.locale, value, options);
  }

  /** The shared API client for `src` (or the page's `preau-api` meta, or `/api/v1`). */
  apiFor(src?: string | null): ApiClient {
    return apiClient(apiBaseFrom(src));
  }

  /**
   * Records a usage event for the Ministry's audience measurement (tool = this element's tag). The beacon is not
   * part of an element's first load: it loads with the first action measured; if it cannot load, that action goes
   * unmeasured and the next one tries again.
   */
  trackUsage(service: UsageService, action: string): void {
    beacon ??= import('./beacon.js');
    beacon.then(
      (b) => {
        for (const root of apiRoots()) b.noteApiBase(root);
        b.trackUsage(service, action, this.localName);
      },
      () => {
        beacon = undefined;
      },
    );
  }

  /** What to show the user for an error: the server's French problem, or a shared message (see `errors.ts`). */
  describeError(error: unknown): StatusMessage {
    return describeProblem(this, error);
  }
}
