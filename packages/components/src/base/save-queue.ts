import type { ReactiveController } from 'lit';
import { isAbortError } from './api-client.js';
import { type Outbox, outboxFor } from './outbox.js';
import type { PreauElement } from './preau-element.js';
import { randomKey } from './random-key.js';

/**
 * One write to the API, as data (method, path, body, idempotency key) so that a queue kept in IndexedDB can send it
 * again later, with what the element does around it (optimistic change, rollback, confirmation).
 */
export interface SaveRequest {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

export interface SaveOperation<R = unknown> extends SaveRequest {
  /** Shown on screen at once (optimistic), before the server answers. */
  apply?(): void;
  /** The server refused or could not be reached: put the screen back as it was. */
  rollback?(error: unknown): void;
  /** The server accepted. */
  saved?(result: R): void;
  /** Milliseconds the operation waits before it is sent, during which `cancel(key)` undoes it (default 0). */
  delay?: number;
}

export interface QueuedSave extends SaveRequest {
  /** Sent as `Idempotency-Key`: the server applies a retried request once. */
  key: string;
  state: 'waiting' | 'sending';
}

interface Entry extends QueuedSave {
  op: SaveOperation<unknown>;
  timer?: ReturnType<typeof setTimeout>;
  ready: boolean;
  /** Offline mode: the write stored on the device (sent once stored). */
  kept?: Promise<void>;
}

/**
 * Connected mode's writing side: operations are applied on screen at once, sent one at a time in the order they were
 * made, each with an idempotency key, and rolled back with the server's French message when refused. An operation
 * may wait (`delay`) so that the user can undo it (`cancel`). What waits is sent at once when the page is hidden or
 * the element removed, and `beforeunload` asks the user to stay while anything is unsent.
 *
 * `offline: true` (the roll call): each write is also kept on the device (the page's {@link Outbox}, IndexedDB)
 * until the API acknowledges it. Without network nothing is rolled back: the write waits, is sent when the network
 * returns — or on the next visit if the page was closed — and `beforeunload` no longer holds the user back.
 */
export class SaveQueue implements ReactiveController {
  #entries: Entry[] = [];
  #running = false;
  #idle: Promise<void> = Promise.resolve();
  #resolveIdle: (() => void) | undefined;

  constructor(
    private readonly host: PreauElement,
    private readonly options: {
      onError?(error: unknown, op: SaveOperation<unknown>): void;
      /** Writes the element holds back before queuing them (a batch being typed): queue them now. */
      flushHeld?(): void;
      /** Whether the element holds back writes not yet queued. */
      hasHeld?(): boolean;
      /** Keep writes on the device until acknowledged (see the class documentation). */
      offline?: boolean;
    } = {},
  ) {
    host.addController(this);
  }

  /** Offline mode: the page's outbox for the API of `path` (the element listens to its `change` events). */
  outbox(path = ''): Outbox | undefined {
    return this.options.offline ? outboxFor(this.host.apiFor(path)) : undefined;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onHidden);
    window.addEventListener('beforeunload', this.#onBeforeUnload);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onHidden);
    window.removeEventListener('beforeunload', this.#onBeforeUnload);
    this.flush();
  }

  /** What is not yet acknowledged by the server, in order (for an offline queue or a "waiting" notice). */
  get pending(): QueuedSave[] {
    return this.#entries.map(({ key, method, path, body, state }) => ({ key, method, path, body, state }));
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Applies the operation on screen and queues it; returns its idempotency key. */
  enqueue<R>(op: SaveOperation<R>): string {
    const entry: Entry = {
      key: randomKey(),
      method: op.method,
      path: op.path,
      body: op.body,
      state: 'waiting',
      op: op as SaveOperation<unknown>,
      ready: !op.delay,
    };
    op.apply?.();
    const outbox = this.outbox(op.path);
    if (outbox) entry.kept = outbox.keep(outbox.record(op.method, op.path, op.body, entry.key));
    if (op.delay) {
      entry.timer = setTimeout(() => {
        entry.ready = true;
        this.#run();
      }, op.delay);
    }
    if (this.#entries.length === 0) this.#idle = new Promise((resolve) => (this.#resolveIdle = resolve));
    this.#entries.push(entry);
    this.host.requestUpdate();
    this.#run();
    return entry.key;
  }

  /** Undoes an operation not yet sent: it is rolled back and never reaches the server. False if too late. */
  cancel(key: string): boolean {
    const i = this.#entries.findIndex((e) => e.key === key && e.state === 'waiting');
    if (i < 0) return false;
    const [entry] = this.#entries.splice(i, 1) as [Entry];
    clearTimeout(entry.timer);
    const outbox = this.outbox(entry.path);
    if (outbox) void entry.kept?.then(() => outbox.forget(key));
    entry.op.rollback?.(undefined);
    this.#settleIfEmpty();
    this.host.requestUpdate();
    return true;
  }

  /** Sends at once what waits for its delay (and what the element holds back). */
  flush(): void {
    this.options.flushHeld?.();
    for (const e of this.#entries) {
      clearTimeout(e.timer);
      e.ready = true;
    }
    this.#run();
  }

  /** Resolves when nothing is left to send (flushing what waits). */
  settled(): Promise<void> {
    this.flush();
    return this.#idle;
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        const entry = this.#entries[0];
        if (!entry?.ready) break;
        entry.state = 'sending';
        try {
          const outbox = this.outbox(entry.path);
          const result = outbox
            ? await entry.kept!.then(() =>
                outbox.deliver(
                  outbox.records.find((r) => r.key === entry.key) ??
                    outbox.record(entry.method, entry.path, entry.body, entry.key),
                ),
              )
            : await this.host.apiFor(entry.path).request(entry.method, entry.path, {
                body: entry.body,
                headers: { 'Idempotency-Key': entry.key },
              });
          this.#entries.shift();
          entry.op.saved?.(result);
        } catch (error) {
          this.#entries.shift();
          if (!isAbortError(error)) {
            entry.op.rollback?.(error);
            this.options.onError?.(error, entry.op);
          }
        }
        this.host.requestUpdate();
      }
    } finally {
      this.#running = false;
      this.#settleIfEmpty();
    }
  }

  #settleIfEmpty(): void {
    if (this.#entries.length === 0) {
      this.#resolveIdle?.();
      this.#resolveIdle = undefined;
    }
  }

  readonly #onHidden = (): void => {
    if (document.visibilityState === 'hidden') this.flush();
  };

  readonly #onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (this.#entries.length === 0 && !this.options.hasHeld?.()) return;
    // Kept on the device: leaving loses nothing, the next visit sends it.
    if (this.options.offline && !this.options.hasHeld?.()) return;
    this.flush();
    event.preventDefault();
  };
}
