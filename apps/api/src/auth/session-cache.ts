/**
 * Sessions read from the database at most once per `ttlMs` per process, and what `GET /me` tells about a user
 * (établissement, territory, children, classes) likewise: most requests then run no query before their own.
 * The rules stay exact on every request (expiry and the absolute cap are checked against the clock, the sliding
 * expiry is still written once a minute); what the cache can hold back is a change made elsewhere, for at most
 * `ttlMs`. Sign-out, a password change or an account closure forget at once, here and, on PostgreSQL, in every
 * other process (NOTIFY on `preau_sessions`, as live notices do on `preau_live`); the database itself notifies
 * when a session row is deleted or an account's row changes, whatever wrote it (migration 022).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/types.js';
import type { Viewer } from '../policies/index.js';
import type { SessionRow } from './store.js';

/** How long a session or a user's `/me` details may be served without reading the database again. */
export const SESSION_CACHE_TTL_MS = 10_000;
/** Bounds memory under many sessions: the least recently loaded go first. */
const MAX_ENTRIES = 100_000;
const CHANNEL = 'preau_sessions';

interface Entry<T> {
  value: T;
  loadedAt: number;
}

/** A map whose entries are served for `ttlMs` after they were loaded (monotonic time, not the clock of rules). */
class Fresh<K, V> {
  private readonly map = new Map<K, Entry<V>>();
  constructor(private readonly ttlMs: number) {}

  get(key: K): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (performance.now() - e.loadedAt > this.ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, { value, loadedAt: performance.now() });
    if (this.map.size > MAX_ENTRIES) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  deleteWhere(test: (value: V) => boolean): void {
    for (const [key, e] of this.map) if (test(e.value)) this.map.delete(key);
  }
}

export interface CachedSession {
  row: SessionRow;
  viewer: Viewer;
}

type Signal = { o: string; sessions?: string[]; user?: string };

export class SessionCache {
  private readonly sessions: Fresh<string, CachedSession>;
  private readonly profiles: Fresh<string, Promise<unknown>>;
  /** Session reads under way, shared by the requests that wait for them. */
  private readonly loading = new Map<string, Promise<CachedSession | undefined>>();
  private readonly origin = randomUUID();
  /** Moves on every forget: a value read from the database before a forget is not kept (it may be the stale one). */
  private generation = 0;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Db,
    ttlMs = SESSION_CACHE_TTL_MS,
  ) {
    this.sessions = new Fresh(ttlMs);
    this.profiles = new Fresh(ttlMs);
  }

  session(id: string): CachedSession | undefined {
    return this.sessions.get(id);
  }

  /**
   * The session `id` from the cache, else from `read` — one read at a time per session, however many requests
   * ask for it meanwhile (the cache's entries all expire together under a steady load).
   */
  lookup(id: string, read: () => Promise<CachedSession | undefined>): Promise<CachedSession | undefined> {
    const hit = this.sessions.get(id);
    if (hit) return Promise.resolve(hit);
    let pending = this.loading.get(id);
    if (!pending) {
      const since = this.generation;
      const p = read().then((value) => {
        if (value) this.keepSession(id, value, since);
        return value;
      });
      const done = () => {
        if (this.loading.get(id) === p) this.loading.delete(id);
      };
      p.then(done, done);
      this.loading.set(id, p);
      pending = p;
    }
    return pending;
  }

  /** Marks the start of a database read whose result may be kept with `keepSession(…, since)`. */
  mark(): number {
    return this.generation;
  }

  /** Keeps a session read since `mark()`, unless something was forgotten meanwhile. */
  keepSession(id: string, value: CachedSession, since: number): void {
    if (since === this.generation) this.sessions.set(id, value);
  }

  /** What `load` returns for a user, loaded at most once per TTL (one load at a time). */
  profile<T>(userId: string, load: () => Promise<T>): Promise<T> {
    const cached = this.profiles.get(userId) as Promise<T> | undefined;
    if (cached) return cached;
    const value = load();
    // Kept as a promise, so that requests arriving during the load share it; a forget drops it.
    this.profiles.set(userId, value);
    value.catch(() => this.profiles.delete(userId));
    return value;
  }

  /** These sessions ended (sign-out, expiry): forgotten here and in the other processes. */
  async forgetSessions(ids: readonly string[]): Promise<void> {
    this.dropSessions(ids);
    await this.signal({ o: this.origin, sessions: [...ids] });
  }

  /** Something about the user changed (password, closure, classes): everything cached about them is forgotten. */
  async forgetUser(userId: string): Promise<void> {
    this.dropUser(userId);
    await this.signal({ o: this.origin, user: userId });
  }

  /** On PostgreSQL: hears what the other processes forget. */
  async start(): Promise<void> {
    if (!this.db.listen) return;
    const { unlisten } = await this.db.listen(CHANNEL, (payload) => this.receive(payload));
    this.unlisten = unlisten;
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  private dropSessions(ids: readonly string[]): void {
    this.generation++;
    this.loading.clear(); // a read under way may return what just ended: later requests read again
    for (const id of ids) this.sessions.delete(id);
  }

  private dropUser(userId: string): void {
    this.generation++;
    this.loading.clear();
    this.sessions.deleteWhere((s) => s.viewer.id === userId);
    this.profiles.delete(userId);
  }

  private async signal(s: Signal): Promise<void> {
    if (this.db.engine !== 'postgres') return;
    await this.db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(s)]);
  }

  private receive(payload: string): void {
    let s: Signal;
    try {
      s = JSON.parse(payload) as Signal;
    } catch {
      return;
    }
    if (s.o === this.origin) return;
    if (s.sessions) this.dropSessions(s.sessions);
    if (s.user) this.dropUser(s.user);
  }
}
