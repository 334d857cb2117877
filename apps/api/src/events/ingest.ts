/**
 * Ingestion: turns validated beacon or forwarded events into stored events, and queues them for the store with
 * group commit (every batch waiting when the store becomes free is written in one commit) and a cap on what may
 * wait in memory: beyond it `submit` refuses with `IngestBusy`, which the route turns into 429 + Retry-After.
 * A submitted batch resolves only once committed, so the HTTP reply is sent after the events are durable.
 */
import { parisDayHour, type UsageProfile, type UsageServiceType } from '@preau/core';
import type { DeviceFamilies } from './device.js';
import type { EventStore, StoredEvent } from './store.js';

export class IngestBusy extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Le stockage des événements est saturé / event store is behind');
  }
}

export interface IngestOptions {
  /** Most events allowed to wait for the store (default 200,000). */
  maxQueuedEvents?: number;
  /** Called after each commit (e.g. to schedule a rollup pass). */
  onCommitted?: () => void;
}

interface Pending {
  events: readonly StoredEvent[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class IngestQueue {
  readonly #store: EventStore;
  /** Most events allowed to wait for the store. */
  maxQueued: number;
  readonly #onCommitted?: () => void;
  #pending: Pending[] = [];
  #queued = 0;
  #writing = false;

  constructor(store: EventStore, options: IngestOptions = {}) {
    this.#store = store;
    this.maxQueued = options.maxQueuedEvents ?? 200_000;
    this.#onCommitted = options.onCommitted;
  }

  /** Events waiting for the store. */
  get queued(): number {
    return this.#queued;
  }

  /** Resolves once `events` are committed; throws `IngestBusy` at once when the queue is full. */
  submit(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    if (this.#queued > 0 && this.#queued + events.length > this.maxQueued) {
      throw new IngestBusy(Math.max(1, Math.ceil(this.#queued / 100_000)));
    }
    this.#queued += events.length;
    const done = new Promise<void>((resolve, reject) => this.#pending.push({ events, resolve, reject }));
    void this.#drain();
    return done;
  }

  async #drain(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#pending.length > 0) {
        const group = this.#pending;
        this.#pending = [];
        const rows = group.length === 1 ? group[0]!.events : group.flatMap((p) => p.events);
        try {
          await this.#store.append(rows);
          for (const p of group) p.resolve();
        } catch (error) {
          for (const p of group) p.reject(error);
        } finally {
          this.#queued -= rows.length;
        }
        this.#onCommitted?.();
      }
    } finally {
      this.#writing = false;
    }
  }
}

/** The fields the server decides (from the session, or from a forwarding server's event). */
export interface EventOrigin {
  uai: string;
  profile: UsageProfile;
  visitor: string;
  classe: string | null;
  families: DeviceFamilies;
}

/** One beacon-shaped event (already validated) with its origin, as stored. */
export function toStoredEvent(
  e: {
    time: string;
    service: string;
    action: string;
    tool?: string;
    visitId: string;
    type?: UsageServiceType;
  },
  origin: EventOrigin,
): StoredEvent {
  const timeMs = Date.parse(e.time);
  const { day, hour } = parisDayHour(timeMs);
  return {
    timeMs,
    day,
    hour,
    uai: origin.uai,
    service: e.service,
    type: e.type ?? 'native',
    tool: e.tool ?? null,
    profile: origin.profile,
    action: e.action,
    visitId: e.visitId,
    visitor: origin.visitor,
    device: origin.families.device,
    os: origin.families.os,
    browser: origin.families.browser,
    classe: origin.classe,
  };
}
