/**
 * The usage-measurement service of one API process: the event store, the ingestion queue, the pseudonymizer,
 * the rollup scheduler and the retention job, opened once per data directory and shared by the usage routes.
 *
 * Settings (environment):
 * - `PREAU_EVENT_TOKENS`: platform tokens of servers forwarding another ENT's logs, as `name=<sha256 hex of the
 *   token>` separated by commas (only hashes are configured; `node -e "…createHash('sha256')…"` makes one).
 * - `PREAU_EVENT_QUEUE_MAX`: most events waiting for the store before 429 (default 200,000).
 * - `PREAU_RETENTION_RAW_MONTHS` / `PREAU_RETENTION_STATS_MONTHS`: 13 and 25 by default (CNIL).
 * - `PREAU_ROLLUP_DELAY_MS`: how long after a commit the rollups fold it in (default 5 s; datasets are served after
 *   a catch-up pass anyway).
 * - `PREAU_EVENT_STORE`: `duckdb` (default, `<dataDir>/events.duckdb`), `clickhouse` (a server at `CLICKHOUSE_URL`,
 *   e.g. `http://user:password@host:8123/preau`) or `chdb` (ClickHouse embedded, `<dataDir>/clickhouse/`; the
 *   `chdb` package is not installed by `npm start`: `node scripts/chdb.mjs` installs it).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/types.js';
import { openClickHouseStore } from './clickhouse-store.js';
import { IngestQueue } from './ingest.js';
import { VisitorPseudonymizer } from './pseudonym.js';
import {
  DEFAULT_RETENTION,
  DuckDbEventStore,
  type EventStore,
  type Place,
  type RetentionPolicy,
} from './store.js';

export interface UsageSettings {
  tokens: Map<string, Buffer>;
  maxQueuedEvents: number;
  retention: RetentionPolicy;
  /** Delay between an append and the rollup pass that folds it in (ms). */
  rollupDelayMs: number;
  /** Which event store: DuckDB (default), a ClickHouse server, or ClickHouse embedded (chdb). */
  engine: 'duckdb' | 'clickhouse' | 'chdb';
  clickhouseUrl?: string;
}

export function usageSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): UsageSettings {
  const tokens = new Map<string, Buffer>();
  for (const entry of (env.PREAU_EVENT_TOKENS ?? '').split(',')) {
    const [name, hash] = entry.trim().split('=');
    if (name && hash && /^[0-9a-f]{64}$/i.test(hash)) tokens.set(name, Buffer.from(hash, 'hex'));
  }
  return {
    tokens,
    maxQueuedEvents: Number(env.PREAU_EVENT_QUEUE_MAX ?? 200_000),
    retention: {
      rawMonths: Number(env.PREAU_RETENTION_RAW_MONTHS ?? DEFAULT_RETENTION.rawMonths),
      statsMonths: Number(env.PREAU_RETENTION_STATS_MONTHS ?? DEFAULT_RETENTION.statsMonths),
    },
    rollupDelayMs: Number(env.PREAU_ROLLUP_DELAY_MS ?? 5_000),
    engine:
      env.PREAU_EVENT_STORE === 'clickhouse' || env.PREAU_EVENT_STORE === 'chdb'
        ? env.PREAU_EVENT_STORE
        : 'duckdb',
    clickhouseUrl: env.CLICKHOUSE_URL,
  };
}

export class UsageService {
  readonly store: EventStore;
  readonly queue: IngestQueue;
  readonly pseudonymizer: VisitorPseudonymizer;
  readonly settings: UsageSettings;
  #rollupTimer: NodeJS.Timeout | undefined;
  #retentionTimer: NodeJS.Timeout | undefined;
  #rollupRunning: Promise<unknown> = Promise.resolve();

  private constructor(store: EventStore, dataDir: string, settings: UsageSettings) {
    this.store = store;
    this.settings = settings;
    this.pseudonymizer = new VisitorPseudonymizer(dataDir);
    this.queue = new IngestQueue(store, {
      maxQueuedEvents: settings.maxQueuedEvents,
      onCommitted: () => this.scheduleRollup(),
    });
  }

  static async open(dataDir: string, settings = usageSettingsFromEnv()): Promise<UsageService> {
    const store =
      settings.engine === 'duckdb'
        ? await DuckDbEventStore.open(dataDir)
        : await openClickHouseStore(
            settings.engine === 'chdb'
              ? { dataDir }
              : { url: settings.clickhouseUrl ?? 'http://localhost:8123' },
            settings.retention,
          );
    const service = new UsageService(store, dataDir, settings);
    // Catch up on events appended before a crash, then enforce retention now and every day.
    await service.store.refreshRollups();
    await service.runRetention();
    service.#retentionTimer = setInterval(() => void service.runRetention().catch(logError), 86_400_000);
    service.#retentionTimer.unref();
    return service;
  }

  runRetention(today = new Date().toISOString().slice(0, 10)) {
    return this.store.applyRetention(today, this.settings.retention);
  }

  /** Folds new events into the rollups shortly after they arrive (one pass for many batches). */
  scheduleRollup(): void {
    if (this.#rollupTimer) return;
    this.#rollupTimer = setTimeout(() => {
      this.#rollupTimer = undefined;
      this.#rollupRunning = this.store.refreshRollups().catch(logError);
    }, this.settings.rollupDelayMs);
    this.#rollupTimer.unref();
  }

  /** Rollups including every event acknowledged so far (used before serving datasets). */
  async flushRollups(): Promise<void> {
    await this.#rollupRunning;
    await this.store.refreshRollups();
  }

  /** The name of the forwarding server owning `token`, or null. Constant-time comparison of hashes. */
  tokenName(token: string): string | null {
    const hash = createHash('sha256').update(token).digest();
    for (const [name, expected] of this.settings.tokens) {
      if (timingSafeEqual(hash, expected)) return name;
    }
    return null;
  }

  #placesSyncedAt = 0;
  /** Syncs places when the last sync is over a minute old. */
  async ensurePlaces(db: Db): Promise<void> {
    if (Date.now() - this.#placesSyncedAt < 60_000) return;
    await this.syncPlaces(db);
    this.#placesSyncedAt = Date.now();
  }

  /** Copies établissement → territory from PostgreSQL into the event store (territory filters). */
  async syncPlaces(db: Db): Promise<number> {
    const rows = await db.query<Place>(
      `SELECT e.uai, e.departement_code AS departement, d.academie_code AS academie, d.region_code AS region
         FROM etablissements e JOIN departements d ON d.code = e.departement_code`,
    );
    await this.store.setPlaces(rows);
    return rows.length;
  }

  async close(): Promise<void> {
    clearTimeout(this.#rollupTimer);
    clearInterval(this.#retentionTimer);
    await this.#rollupRunning;
    await this.store.close();
  }
}

function logError(error: unknown): void {
  console.error('usage:', error);
}

const services = new Map<string, Promise<UsageService>>();

/** The process's usage service for a data directory, opened on first use. */
export function usageServiceFor(dataDir: string): Promise<UsageService> {
  let service = services.get(dataDir);
  if (!service) {
    service = UsageService.open(dataDir);
    services.set(dataDir, service);
    service.catch(() => services.delete(dataDir));
  }
  return service;
}

/** Closes the usage service of a data directory (server shutdown, tests). */
export async function closeUsageService(dataDir: string): Promise<void> {
  const service = services.get(dataDir);
  services.delete(dataDir);
  if (service) await (await service).close();
}
