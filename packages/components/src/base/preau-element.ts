import type { UsageService } from '@preau/core';
import { type CSSResultGroup, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { type ApiClient, apiBaseFrom, apiClient, ProblemError } from './api-client.js';
import { trackUsage } from './beacon.js';
import type { PreauEvent } from './events.js';
import {
  type BaseMessageKey,
  baseMessages,
  type Catalog,
  formatDate,
  formatNumber,
  type Locale,
  type MessageVars,
  onLangChange,
  resolveLang,
  toLocale,
  translate,
} from './i18n.js';
import type { StatusMessage } from './status.js';
import { baseStyles, installThemeTokens } from './theme.js';

export type Density = 'default' | 'board';

/**
 * The base of every Préau element.
 *
 * - `emit(new PreauXxxEvent(detail))`: typed events that bubble and cross shadow roots.
 * - `locale` (`fr` | `en`): the element's own `lang`, else the nearest ancestor's, else the page's; the element
 *   re-renders when any of them changes. `t(catalog, key, vars)`, `formatNumber()`, `formatDate()`.
 * - `density="board"`: interactive-whiteboard sizes (see `baseStyles`).
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
  @property({ attribute: false }) clock: () => Date = () => new Date();

  #stopLangWatch: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    installThemeTokens(this.ownerDocument);
    this.#stopLangWatch = onLangChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopLangWatch?.();
    this.#stopLangWatch = undefined;
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

  /** Records a usage event for the Ministry's audience measurement (tool = this element's tag). */
  trackUsage(service: UsageService, action: string): void {
    trackUsage(service, action, this.localName);
  }

  /** What to show the user for an error: the server's French problem, or a shared message. */
  describeError(error: unknown): StatusMessage {
    if (error instanceof ProblemError) {
      if (error.isNetworkError) return { tone: 'error', title: this.baseMessage('networkError') };
      if (error.status === 429) {
        const minutes =
          error.retryAfter !== undefined ? Math.max(1, Math.ceil(error.retryAfter / 60)) : undefined;
        return {
          tone: 'error',
          title: this.baseMessage('tooManyRequests', { minutes }),
          errors: error.errors,
        };
      }
      const fallback =
        error.status === 401
          ? this.baseMessage('signedOut')
          : error.status === 403
            ? this.baseMessage('forbidden')
            : this.baseMessage('unexpectedError', { status: String(error.status) });
      // An empty title or a bare HTTP reason phrase ("Forbidden", "Too Many Requests") says nothing to a user.
      const generic = !error.title || /^[A-Z][a-z]+( [A-Z][a-z]+)*$/.test(error.title);
      return {
        tone: 'error',
        title: generic ? fallback : error.title,
        detail: error.detail,
        errors: error.errors,
      };
    }
    return { tone: 'error', title: error instanceof Error && error.message ? error.message : String(error) };
  }
}
