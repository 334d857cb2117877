import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { isAbortError, ProblemError } from './api-client.js';
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
 * « Réessayer » button (network down, session expired, forbidden, not found, server error). `reload()` reads again
 * without the loading message (after a live notice or a save).
 */
export class LoadController<T> implements ReactiveController {
  state: LoadState = 'idle';
  error: StatusMessage | undefined;
  /** The URL of the data now shown. */
  loadedUrl: string | undefined;
  #requested: string | undefined;
  #abort: AbortController | undefined;
  #pending: Promise<void> = Promise.resolve();

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
      const data = await this.host.apiFor(url).get<T>(url, { signal: abort.signal });
      if (abort.signal.aborted) return;
      this.state = 'ready';
      this.error = undefined;
      this.loadedUrl = url;
      this.options.onData(data, url);
    } catch (error) {
      if (abort.signal.aborted || isAbortError(error)) return;
      this.state = 'error';
      this.error = this.#describe(error);
    }
    this.host.requestUpdate();
  }

  #describe(error: unknown): StatusMessage {
    const described = this.host.describeError(error);
    if (error instanceof ProblemError && error.status === 404 && !error.detail)
      return { ...described, title: this.host.baseMessage('notFound') };
    return described;
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
      <button type="button" class="button" @click=${() => this.reload()}>${this.host.baseMessage('retry')}</button>
    </div>`;
  }
}
