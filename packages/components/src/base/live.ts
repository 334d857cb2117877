import type { ReactiveController } from 'lit';
import type { LiveConnection, LiveHandlers } from './api-client.js';
import type { PreauElement } from './preau-element.js';

export type LiveState = 'idle' | 'open' | 'reconnecting' | 'closed';

export interface LiveOptions extends Omit<LiveHandlers, 'onStatus'> {
  /** The stream's URL (API path or absolute); `null` or `''` means no stream (property mode). Read on each connect. */
  url: () => string | null | undefined;
  /** The stream's state changed (e.g. read the data again on the first `open`, say so while `reconnecting`). */
  onState?: (state: LiveState, previous: LiveState) => void;
}

/**
 * Follows a server-sent event stream for as long as the element is in the page: opens it on connect, closes it
 * on disconnect, reopens it when `url()` changes (call `sync()` from `updated()`). The browser reconnects by
 * itself with `Last-Event-ID`; `state` says where it stands (render a notice while `reconnecting`).
 */
export class LiveController implements ReactiveController {
  state: LiveState = 'idle';
  #connection: LiveConnection | undefined;
  #url: string | undefined;

  constructor(
    private readonly host: PreauElement,
    private readonly options: LiveOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.#close();
  }

  /** Opens, reopens or closes the stream to match `url()`. */
  sync(): void {
    const url = this.host.isConnected ? this.options.url() || undefined : undefined;
    if (url === this.#url) return;
    this.#close();
    this.#url = url;
    if (!url) return;
    this.#connection = this.host.apiFor(url).live(url, {
      onMessage: this.options.onMessage,
      events: this.options.events,
      onStatus: (state) => this.#set(state),
    });
  }

  #close(): void {
    this.#connection?.close();
    this.#connection = undefined;
    this.#url = undefined;
    this.#set('idle');
  }

  #set(state: LiveState): void {
    if (state === this.state) return;
    const previous = this.state;
    this.state = state;
    this.options.onState?.(state, previous);
    this.host.requestUpdate();
  }
}
