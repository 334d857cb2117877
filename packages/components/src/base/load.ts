import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { isAbortError, onAccessChange, ProblemError } from './api-client.js';
import { describeProblem } from './errors.js';
import type { PreauElement } from './preau-element.js';
import type { StatusMessage } from './status.js';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadOptions<T> {
  /** What to load (an API path or URL); empty or null: nothing (property mode). Read at every update. */
  url(): string | null | undefined;
  /** The answer arrived: hand it to the element (typically `this.data = data`). */
  onData(data: T, url: string): void;
  /** Runs before each load (e.g. send the marks still waiting, so the answer includes them). */
  before?(): Promise<void>;
  /** The error's first words (default « Chargement impossible : »). */
  failed?(): string;
}

/**
 * Connected mode's reading side: loads `url()` whenever it changes while the element is in the page, aborts what
 * a newer load or a removal makes useless, and keeps the error so that `render()` shows it in French with a
 * « Réessayer » button. Each cause a web team can act on has its own words (see `errors.ts`): offline, the API
 * refusing this site (CORS), the API unreachable, a `src` with nothing behind it or not leading to the API, an
 * expired session — which, when the API is on another site, offers « Se connecter à l'ENT » (a sign-in window,
 * see `cross-site.ts`). `reload()` reads again without the loading message (after a live notice or a save).
 */
export class LoadController<T> implements ReactiveController {
  state: LoadState = 'idle';
  error: StatusMessage | undefined;
  /** The URL of the data now shown. */
  loadedUrl: string | undefined;
  #requested: string | undefined;
  #abort: AbortController | undefined;
  #pending: Promise<void> = Promise.resolve();
  #stopAccessWatch: (() => void) | undefined;
  /** The error asks for a sign-in on the API's own site (401 from an API of another origin). */
  #needsCrossSiteSignIn = false;

  constructor(
    private readonly host: PreauElement,
    private readonly options: LoadOptions<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Moved in the page while a load was under way (the move aborted it): load again.
    if (this.state === 'loading' || this.state === 'idle') {
      this.#requested = undefined;
      this.host.requestUpdate();
    }
    // Signed in across sites (by this element or another of the page): read again what was refused.
    this.#stopAccessWatch = onAccessChange((base) => {
      const url = this.options.url();
      if (url && this.state === 'error' && this.host.apiFor(url).base === base) void this.reload();
    });
  }

  hostUpdate(): void {
    const url = this.options.url() || undefined;
    if (url !== this.#requested) {
      this.#requested = url;
      if (url) this.#pending = this.#load(url, false);
      else {
        this.#abort?.abort();
        this.state = 'idle';
        this.error = undefined;
      }
    }
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#stopAccessWatch?.();
    this.#stopAccessWatch = undefined;
  }

  /** Resolves when the current load has finished (successfully or not). */
  get complete(): Promise<void> {
    return this.#pending;
  }

  /** Loads the current URL again; `quiet` keeps what is shown and says nothing while loading. */
  reload(options: { quiet?: boolean } = {}): Promise<void> {
    const url = this.options.url();
    if (!url) return Promise.resolve();
    this.#requested = url;
    this.#pending = this.#load(url, !!options.quiet);
    return this.#pending;
  }

  async #load(url: string, quiet: boolean): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    if (!quiet) {
      this.state = 'loading';
      this.error = undefined;
      this.host.requestUpdate();
    }
    try {
      await this.options.before?.();
      // `src` is an address as written in the page: `/x/y` is that path on this site, whatever the API root.
      const address = url.startsWith('/') && !url.startsWith('//') ? new URL(url, location.href).href : url;
      const data = await this.host.apiFor(url).get<T>(address, { signal: abort.signal });
      if (abort.signal.aborted) return;
      if (typeof data !== 'object' || data === null) throw notJson(url);
      this.state = 'ready';
      this.error = undefined;
      this.loadedUrl = url;
      this.options.onData(data, url);
    } catch (error) {
      if (abort.signal.aborted || isAbortError(error)) return;
      this.state = 'error';
      this.error = describeProblem(this.host, error, { url });
      this.#needsCrossSiteSignIn =
        error instanceof ProblemError && error.status === 401 && this.host.apiFor(url).crossOrigin;
      // The sign-in window's code comes now, so that the click opens the window at once (a browser blocks a
      // window opened long after the click).
      if (this.#needsCrossSiteSignIn) crossSite().catch(() => {});
    }
    this.host.requestUpdate();
  }

  /** Opens the ENT's sign-in window (another site's API), then reads again. */
  async signInAcrossSites(): Promise<void> {
    const url = this.options.url();
    if (!url) return;
    const windowCode = await crossSite().catch(() => undefined);
    if (!windowCode) {
      // The window's code could not come (the network dropped): the error says so, the next click tries again.
      this.error = { tone: 'error', title: this.host.baseMessage('networkError') };
      this.host.requestUpdate();
      return;
    }
    try {
      if (await windowCode.connectAcrossSites(this.host.apiFor(url))) await this.reload();
    } catch (error) {
      this.error = { tone: 'error', title: this.host.baseMessage('popupBlocked'), detail: String(error) };
      this.host.requestUpdate();
    }
  }

  /** The loading line, or the error with its retry button; nothing once loaded. */
  render(): TemplateResult | typeof nothing {
    if (this.state === 'loading')
      return html`<p part="loading" class="load-state" role="status">${this.host.baseMessage('loading')}</p>`;
    if (this.state !== 'error' || !this.error) return nothing;
    const e = this.error;
    return html`<div part="load-error" class="load-state" role="alert">
      <p class="status-title">${this.options.failed?.() ?? this.host.baseMessage('loadFailed')} ${e.title}</p>
      ${e.detail ? html`<p class="status-detail">${e.detail}</p>` : nothing}
      <p class="load-actions">
        ${
          this.#needsCrossSiteSignIn
            ? html`<button type="button" class="button" data-variant="primary" data-sign-in
                @click=${() => this.signInAcrossSites()}>${this.host.baseMessage('signInToEnt')}</button>`
            : nothing
        }
        <button type="button" class="button" data-retry @click=${() => this.reload()}>${this.host.baseMessage('retry')}</button>
      </p>
    </div>`;
  }
}

let crossSiteModule: Promise<typeof import('./cross-site.js')> | undefined;

/** The sign-in window across sites, loaded only where it is offered; a failed load is tried again next time. */
function crossSite(): Promise<typeof import('./cross-site.js')> {
  crossSiteModule ??= import('./cross-site.js').catch((error: unknown) => {
    crossSiteModule = undefined;
    throw error;
  });
  return crossSiteModule;
}

/** An answer that is not JSON: `src` names a web page or a file, not the API. */
function notJson(url: string): ProblemError {
  return new ProblemError({ type: 'preau:not-json', title: '', status: 200, errors: [], body: { url } });
}
