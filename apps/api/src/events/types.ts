/**
 * The event store's vocabulary, shared by both engines (DuckDB, ClickHouse), the ingestion queue, the datasets and
 * the audience import: a leaf module, so that none of them imports another's implementation.
 */
import type { DatasetName } from '@preau/analytics';
import type { UsageProfile, UsageService } from '@preau/core';
import type { DnmaLayout } from './dnma.js';

export type TerritoryFilter =
  | { kind: 'national' }
  | { kind: 'academie'; code: string }
  | { kind: 'departement'; code: string }
  | { kind: 'uai'; code: string };

export interface DatasetQuery {
  territory: TerritoryFilter;
  from?: string;
  to?: string;
}

export interface AudienceRow {
  day: string;
  uai: string;
  profile: UsageProfile;
  service: UsageService;
  accesses: number;
}

/** One event as stored (`time` is a UTC TIMESTAMP: the ICU time-zone extension is not assumed): the validated `UsageEvent` with its local day and hour precomputed. */
export interface StoredEvent {
  /** Epoch milliseconds of the action. */
  timeMs: number;
  /** Europe/Paris calendar day (days since 1970-01-01) and hour. */
  day: number;
  hour: number;
  uai: string;
  service: string;
  type: string;
  tool: string | null;
  profile: string;
  action: string;
  visitId: string;
  visitor: string;
  device: string;
  os: string;
  browser: string;
  classe: string | null;
}

export interface RetentionPolicy {
  /** Raw events and anything carrying a visitor id (default 13). */
  rawMonths: number;
  /** Statistics without identifiers (default 25). */
  statsMonths: number;
}
export const DEFAULT_RETENTION: RetentionPolicy = { rawMonths: 13, statsMonths: 25 };

export interface Place {
  uai: string;
  departement: string;
  academie: string;
  region: string;
}

/** A usage dataset's columns, in contract order, DATE columns as days since 1970-01-01. */
export interface DatasetColumns {
  names: string[];
  columns: unknown[][];
  rows: number;
}

export interface UsageSummary {
  services: { service: string; visits: number; events: number; duration_s: number }[];
  weekly: { week: string; profile: string; visits: number }[];
}

export interface EventStore {
  readonly engine: 'duckdb' | 'clickhouse';
  /** Appends events; resolves once they are committed durably. */
  append(events: readonly StoredEvent[]): Promise<void>;
  /** A usage dataset of `@preau/analytics` (rollups joined with places), filtered by territory and dates. */
  usageDataset(name: DatasetName, q: DatasetQuery): Promise<DatasetColumns>;
  /** Weekly rows of a DNMA layout (see `dnmaSql`), for établissements of the territory, weeks within the dates. */
  dnma(
    layout: DnmaLayout,
    q: DatasetQuery & { from: string; to: string },
  ): Promise<Record<string, unknown>[]>;
  /**
   * The Usages view's first figures, computed where the events are (drawn before the browser's engine is ready):
   * visits, actions and seconds per service over the dates, and visits per week and profile.
   */
  usageSummary(q: DatasetQuery & { from: string; to: string }): Promise<UsageSummary>;
  /** Upserts past audience figures (day, UAI, profile, service → accesses). */
  importAudience(rows: readonly AudienceRow[]): Promise<void>;
  /** Empties events and rollups (demo data is generated anew). */
  reset(): Promise<void>;
  /** Brings rollups up to date with every appended event; returns how many (UAI, day) keys were rebuilt. */
  refreshRollups(): Promise<{ keys: number }>;
  /**
   * Deletes what is older than the policy allows, relative to `today` (ISO date), and sums imported daily
   * figures older than `statsMonths` into ISO weeks (`importedDays`: daily rows merged; see `imported-weeks.ts`).
   */
  applyRetention(
    today: string,
    policy?: RetentionPolicy,
  ): Promise<{ events: number; rollupRows: number; importedDays: number }>;
  /**
   * Sums the imported figures of the weeks before `cut` (a Monday, ISO) into one row per week, dated on its
   * Monday; returns the daily rows merged. Atomic: a crash leaves the figures as before or fully summed.
   */
  sumImportedWeeks(cut: string): Promise<number>;
  /**
   * Writes raw events as hive-partitioned Parquet (`month=YYYY-MM/uai=…/*.parquet`) under `dir`, without their
   * visitor ids (the files leave the store's retention).
   */
  exportParquet(dir: string, range?: { from?: string; to?: string }): Promise<{ rows: number }>;
  /** Replaces the établissement → territory table used to filter and label rollups. */
  setPlaces(places: readonly Place[]): Promise<void>;
  /** Events appended since open (or all, after a restart, via `count`). */
  count(): Promise<number>;
  close(): Promise<void>;
}
