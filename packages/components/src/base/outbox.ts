import { systemClock } from '@preau/core/clock';
import { type IDBPDatabase, openDB } from 'idb';
import type { ReactiveController } from 'lit';
import { type ApiClient, isAbortError, ProblemError } from './api-client.js';
import type { PreauElement } from './preau-element.js';
import { randomKey } from './random-key.js';

/**
 * The offline outbox: writes kept in IndexedDB until the API has acknowledged them, so that a classroom whose
 * Wi-Fi drops loses nothing. One per API root and page, shared by its elements.
 *
 * - `keep()` stores a write the moment it is made; `deliver()` sends it, in order, with its `Idempotency-Key`
 *   (the API applies a key once, so sending again after a lost answer changes nothing).
 * - No answer (offline, API unreachable): the write stays; the outbox tries again when the browser says it is
 *   back online, and every few seconds (up to 30 s) in case it does not.
 * - On the next visit, writes left by a page that is gone (its Web Lock is released) are sent first, in their
 *   order, once the same person is signed in (never in someone else's session on a shared computer).
 * - A refusal drops the write (the element shows why), except a conflict (409 `…-conflict`): it stays, marked,
 *   for the element to show and resolve.
 */
export interface OutboxRecord {
  /** Sent as `Idempotency-Key`. */
  key: string;
  /** Creation order across visits. */
  seq: number;
  /** The API root. */
  base: string;
  /** Who made it (null: not yet known, e.g. offline before the first `/me`). */
  userId: string | null;
  /** The page that made it: while its Web Lock is held, that page sends it itself. */
  page: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute URL. */
  path: string;
  body?: unknown;
  state: 'waiting' | 'conflict';
  /** The conflict's problem document (`state: 'conflict'`). */
  problem?: Record<string, unknown>;
}

export type OutboxStatus = 'idle' | 'sending' | 'offline' | 'signed-out';

const DB_NAME = 'preau-offline';
const STORE = 'outbox';
/** This page's id; its Web Lock, held while the page lives, tells other pages its writes are not orphans. */
export const PAGE_ID = randomKey();
const PAGE_LOCK = (page: string) => `preau-page-${page}`;
const RETRY_MS = [1000, 2000, 5000, 10000, 30000];

let pageLockTaken = false;
function holdPageLock(): void {
  if (pageLockTaken || typeof navigator === 'undefined' || !navigator.locks) return;
  pageLockTaken = true;
  void navigator.locks.request(PAGE_LOCK(PAGE_ID), () => new Promise<void>(() => {}));
}

let database: Promise<IDBPDatabase> | undefined;
function db(): Promise<IDBPDatabase> {
  database ??= openDB(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore(STORE, { keyPath: 'key' });
    },
  });
  return database;
}

let counter = 0;
const nextSeq = () => systemClock().getTime() * 1000 + (counter++ % 1000);

interface Delivery {
  record: OutboxRecord;
  resolve?(result: unknown): void;
  reject?(error: unknown): void;
}

export class Outbox extends EventTarget {
  readonly client: ApiClient;
  status: OutboxStatus = 'idle';
  /** Every record of this API root kept on the device (all pages), oldest first; refreshed on each change. */
  records: OutboxRecord[] = [];
  #queue: Delivery[] = [];
  #running = false;
  #retries = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #adopted = false;

  constructor(client: ApiClient) {
    super();
    this.client = client;
    holdPageLock();
    window.addEventListener('online', () => this.retry());
    void this.refresh().then(() => this.#adoptOrphans());
  }

  /** A new record for a write of this page. */
  record(method: OutboxRecord['method'], path: string, body: unknown, key: string): OutboxRecord {
    return {
      key,
      seq: nextSeq(),
      base: this.client.base,
      userId: null,
      page: PAGE_ID,
      method,
      path: new URL(this.client.url(path), location.href).href,
      body,
      state: 'waiting',
    };
  }

  /** Stores a write on the device, the moment it is made. */
  async keep(record: OutboxRecord): Promise<void> {
    record.userId ??= await this.#knownUser();
    await (await db()).put(STORE, record);
    await this.refresh();
  }

  /** Forgets a write (undone before it was sent, or a resolved conflict). */
  async forget(key: string): Promise<void> {
    await (await db()).delete(STORE, key);
    await this.refresh();
  }

  /** Sends a kept write after those before it; resolves with the API's answer, rejects with its refusal. */
  deliver(record: OutboxRecord): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ record, resolve, reject });
      void this.#run();
    });
  }

  /** Tries again now (the network is back, or the user signed in again). */
  retry(): void {
    clearTimeout(this.#timer);
    this.#retries = 0;
    if (!this.#adopted) void this.#adoptOrphans();
    void this.#run();
  }

  /** Reads the records of this API root again and tells the elements. */
  async refresh(): Promise<void> {
    const all = (await (await db()).getAll(STORE)) as OutboxRecord[];
    this.records = all.filter((r) => r.base === this.client.base).sort((a, b) => a.seq - b.seq);
    this.dispatchEvent(new Event('change'));
  }

  /** The user id, when already known without asking the network. */
  async #knownUser(): Promise<string | null> {
    return (await this.client.currentUserId().catch(() => undefined)) ?? null;
  }

  /** Writes of pages that are gone (last visit, a closed tab), by the person signed in now: sent first. */
  async #adoptOrphans(): Promise<void> {
    if (this.#adopted) return;
    const userId = await this.client.currentUserId().catch(() => undefined);
    if (!userId) return; // offline or signed out: tried again with the next retry
    this.#adopted = true;
    const held = navigator.locks
      ? new Set((await navigator.locks.query()).held?.map((l) => l.name))
      : new Set<string | undefined>([PAGE_LOCK(PAGE_ID)]);
    const orphans = this.records.filter(
      (r) =>
        r.state === 'waiting' &&
        !held.has(PAGE_LOCK(r.page)) &&
        (r.userId === userId || r.userId === null) &&
        !this.#queue.some((d) => d.record.key === r.key),
    );
    this.#queue.unshift(...orphans.map((record) => ({ record: { ...record, userId, page: PAGE_ID } })));
    for (const record of orphans) await (await db()).put(STORE, { ...record, userId, page: PAGE_ID });
    if (orphans.length) {
      await this.refresh();
      void this.#run();
    }
  }

  #setStatus(status: OutboxStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new Event('change'));
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let d = this.#queue[0]; d; d = this.#queue[0]) {
        this.#setStatus('sending');
        let result: unknown;
        try {
          result = await this.client.request(d.record.method, d.record.path, {
            body: d.record.body,
            headers: { 'Idempotency-Key': d.record.key },
          });
        } catch (error) {
          if (isAbortError(error)) return;
          if (await this.#keepForLater(error)) return;
          this.#queue.shift();
          await this.#refused(d, error);
          continue;
        }
        this.#queue.shift();
        this.#retries = 0;
        await this.forget(d.record.key);
        d.resolve?.(result);
        this.dispatchEvent(new CustomEvent('delivered', { detail: { record: d.record, result } }));
      }
      this.#setStatus('idle');
    } finally {
      this.#running = false;
    }
  }

  /** No answer, or an answer that may change (signed out, busy server): wait and try again. */
  async #keepForLater(error: unknown): Promise<boolean> {
    if (!(error instanceof ProblemError)) return false;
    const later =
      error.isNetworkError ||
      error.status === 401 ||
      error.status === 429 ||
      error.status >= 500 ||
      /idempotency-key-in-progress/.test(error.type);
    if (!later) return false;
    this.#setStatus(error.isNetworkError ? 'offline' : error.status === 401 ? 'signed-out' : 'sending');
    const wait = error.retryAfter !== undefined ? error.retryAfter * 1000 : RETRY_MS[this.#retries];
    this.#retries = Math.min(this.#retries + 1, RETRY_MS.length - 1);
    clearTimeout(this.#timer);
    // Signed out: wait for a sign-in (`retry()`), not for a timer.
    if (error.status !== 401) this.#timer = setTimeout(() => this.retry(), wait);
    return true;
  }

  async #refused(d: Delivery, error: unknown): Promise<void> {
    if (error instanceof ProblemError && error.status === 409 && /conflict/.test(error.type)) {
      await (await db()).put(STORE, { ...d.record, state: 'conflict', problem: error.body });
      await this.refresh();
    } else await this.forget(d.record.key);
    d.reject?.(error);
    this.dispatchEvent(new CustomEvent('refused', { detail: { record: d.record, error } }));
  }
}

const outboxes = new Map<string, Outbox>();

/** The page's outbox for an API root. */
export function outboxFor(client: ApiClient): Outbox {
  let box = outboxes.get(client.base);
  if (!box) {
    box = new Outbox(client);
    outboxes.set(client.base, box);
  }
  return box;
}

/**
 * Follows the page's outbox for an element: re-renders it when what waits changes, and hands it the answers to
 * writes sent for it by the outbox alone (those of an earlier visit).
 */
export class OutboxWatch implements ReactiveController {
  #box: Outbox | undefined;
  readonly #onChange = () => this.host.requestUpdate();
  readonly #onDelivered = (e: Event) => {
    const { record, result } = (e as CustomEvent<{ record: OutboxRecord; result: unknown }>).detail;
    this.options.delivered?.(record, result);
    this.host.requestUpdate();
  };

  constructor(
    private readonly host: PreauElement,
    private readonly options: {
      /** The API URL the element works with (its `src`); nothing is followed without one. */
      url(): string | null | undefined;
      delivered?(record: OutboxRecord, result: unknown): void;
    },
  ) {
    host.addController(this);
  }

  /** The outbox followed now. */
  get outbox(): Outbox | undefined {
    return this.#box;
  }

  hostConnected(): void {
    this.hostUpdate();
  }

  hostUpdate(): void {
    const url = this.options.url();
    const box = url ? outboxFor(this.host.apiFor(url)) : undefined;
    if (box === this.#box) return;
    this.#detach();
    this.#box = box;
    box?.addEventListener('change', this.#onChange);
    box?.addEventListener('delivered', this.#onDelivered);
  }

  hostDisconnected(): void {
    this.#detach();
  }

  #detach(): void {
    this.#box?.removeEventListener('change', this.#onChange);
    this.#box?.removeEventListener('delivered', this.#onDelivered);
    this.#box = undefined;
  }
}
