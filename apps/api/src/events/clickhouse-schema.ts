/**
 * The ClickHouse event store's tables and the SQL of its rollup pass.
 *
 * - `events`: MergeTree partitioned by month, ordered by (UAI, day, service, profile), raw events kept 13 months
 *   (TTL), every insert synced to disk before it is acknowledged.
 * - `visit_services`: one row per visit × service, fed by a materialized view at each insert
 *   (AggregatingMergeTree: parts from several inserts of one visit merge into one row). It carries visitor ids, so
 *   it is kept 13 months; the DNMA layouts and every rollup are computed from it.
 * - Statistics (`usage_daily`, `usage_weekly`, `usage_logins`, `usage_hourly`, `usage_devices`): final numbers per
 *   key, written by the rollup pass for the (UAI, day) keys appended since the last pass, kept 25 months. They
 *   hold no identifier, which is why they are computed numbers rather than aggregate states (a distinct-count state
 *   would keep the visitor ids for 25 months). ReplacingMergeTree: a key rebuilt later replaces the earlier row,
 *   reads use FINAL. `usage_visitor_days` holds visitor ids: 13 months.
 * The TTLs enforce retention by the server's clock; `applyRetention` enforces it for a given day (tests, or a
 * retention shorter than the tables were created with).
 */

import type { RetentionPolicy } from './store.js';

/** The tables, with TTLs from the retention policy (none: `applyRetention` alone deletes). */
export function clickhouseDdl(ttl: RetentionPolicy | null): string {
  const raw = (col: string) => (ttl ? `TTL ${col} + INTERVAL ${Math.trunc(ttl.rawMonths)} MONTH` : '');
  const stats = (col: string) => (ttl ? `TTL ${col} + INTERVAL ${Math.trunc(ttl.statsMonths)} MONTH` : '');
  return `
CREATE TABLE IF NOT EXISTS events (
  seq UInt64, time DateTime64(3, 'UTC'), day Date, hour UInt8, uai LowCardinality(String),
  service LowCardinality(String), type LowCardinality(String), tool Nullable(String), profile LowCardinality(String),
  action LowCardinality(String), visit_id String, visitor String, device LowCardinality(String),
  os LowCardinality(String), browser LowCardinality(String), classe Nullable(String),
  INDEX seq_range seq TYPE minmax GRANULARITY 1)
ENGINE = MergeTree PARTITION BY toYYYYMM(day) ORDER BY (uai, day, service, profile)
${raw('day')} SETTINGS fsync_after_insert = 1, fsync_part_directory = 1;
CREATE TABLE IF NOT EXISTS visit_services (
  uai LowCardinality(String), day Date, service LowCardinality(String), profile LowCardinality(String),
  visit_id String, events SimpleAggregateFunction(sum, UInt64),
  first SimpleAggregateFunction(min, DateTime64(3, 'UTC')), last SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
  visitor SimpleAggregateFunction(min, String), classe SimpleAggregateFunction(min, String),
  device SimpleAggregateFunction(min, String), os SimpleAggregateFunction(min, String),
  browser SimpleAggregateFunction(min, String))
ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(day) ORDER BY (uai, day, service, profile, visit_id)
${raw('day')};
CREATE MATERIALIZED VIEW IF NOT EXISTS visit_services_mv TO visit_services AS
SELECT uai, day, service, profile, visit_id, count() AS events, min(time) AS first, max(time) AS last,
  min(visitor) AS visitor, min(coalesce(classe, '')) AS classe, min(toString(device)) AS device,
  min(toString(os)) AS os, min(toString(browser)) AS browser
FROM events GROUP BY uai, day, service, profile, visit_id;
CREATE TABLE IF NOT EXISTS usage_daily (day Date, uai LowCardinality(String), service LowCardinality(String),
  profile LowCardinality(String), events UInt32, visits UInt32, visitors UInt32, duration_s Float64, version UInt64)
ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(day) ORDER BY (uai, day, service, profile)
${stats('day')};
CREATE TABLE IF NOT EXISTS usage_weekly (week Date, uai LowCardinality(String), service LowCardinality(String),
  profile LowCardinality(String), events UInt32, visits UInt32, visitors UInt32, duration_s Float64, version UInt64)
ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(week) ORDER BY (uai, week, service, profile)
${stats('week')};
CREATE TABLE IF NOT EXISTS usage_logins (day Date, uai LowCardinality(String), profile LowCardinality(String),
  classe String, logins UInt32, visitors UInt32, version UInt64)
ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(day) ORDER BY (uai, day, profile, classe)
${stats('day')};
CREATE TABLE IF NOT EXISTS usage_hourly (day Date, weekday UInt8, hour UInt8, uai LowCardinality(String),
  profile LowCardinality(String), events UInt32, visits UInt32, version UInt64)
ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(day) ORDER BY (uai, day, hour, profile)
${stats('day')};
CREATE TABLE IF NOT EXISTS usage_devices (day Date, uai LowCardinality(String), profile LowCardinality(String),
  device LowCardinality(String), os LowCardinality(String), browser LowCardinality(String), visits UInt32,
  visitors UInt32, version UInt64)
ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(day) ORDER BY (uai, day, profile, device, os, browser)
${stats('day')};
CREATE TABLE IF NOT EXISTS usage_visitor_days (day Date, uai LowCardinality(String), profile LowCardinality(String),
  visitor String, visits UInt32, version UInt64)
ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(day) ORDER BY (uai, day, profile, visitor)
${raw('day')};
CREATE TABLE IF NOT EXISTS usage_imported (day Date, uai LowCardinality(String), profile LowCardinality(String),
  service LowCardinality(String), accesses UInt32, version UInt64)
ENGINE = ReplacingMergeTree(version) ORDER BY (uai, day, profile, service);
CREATE TABLE IF NOT EXISTS places (uai String, departement String, academie String, region String)
ENGINE = MergeTree ORDER BY uai;
CREATE TABLE IF NOT EXISTS rollup_state (id UInt8, watermark UInt64) ENGINE = ReplacingMergeTree(watermark) ORDER BY id
`;
}

/** Tables and the column their retention is measured on, with their class (`identifiers`: 13 months). */
export const CLICKHOUSE_RETENTION: [
  table: string,
  column: string,
  kind: 'identifiers' | 'stats' | 'archive',
][] = [
  ['events', 'day', 'identifiers'],
  ['visit_services', 'day', 'identifiers'],
  ['usage_visitor_days', 'day', 'identifiers'],
  ['usage_daily', 'day', 'stats'],
  ['usage_weekly', 'week', 'stats'],
  ['usage_logins', 'day', 'stats'],
  ['usage_hourly', 'day', 'stats'],
  ['usage_devices', 'day', 'stats'],
  // Imported past figures (per établissement, no identifier) are kept: see rollups.ts.
  ['usage_imported', 'day', 'archive'],
];

const seconds = (a: string, b: string) => `dateDiff('millisecond', ${a}, ${b}) / 1000.0`;

/** Statements of one rollup pass over the events with seq in (lo, hi]; `version` = hi. */
export function clickhouseRollupSql(lo: bigint, hi: bigint): string[] {
  // The first pass covers every event: no need to look up the (then complete) dirty keys.
  const full = lo === 0n;
  const dirtyDays = `(SELECT DISTINCT uai, day FROM events WHERE seq > ${lo} AND seq <= ${hi})`;
  const dirtyWeeks = `(SELECT DISTINCT uai, toMonday(day) FROM events WHERE seq > ${lo} AND seq <= ${hi})`;
  const dayKeys = full ? 'true' : `(uai, day) IN ${dirtyDays}`;
  const weekKeys = full ? 'true' : `(uai, toMonday(day)) IN ${dirtyWeeks}`;
  const pv = (where: string) =>
    `(SELECT uai, day, service, profile, visit_id, sum(events) AS n, min(first) AS first, max(last) AS last,
        min(visitor) AS visitor, min(classe) AS classe, min(device) AS device, min(os) AS os,
        min(browser) AS browser
      FROM visit_services WHERE ${where} GROUP BY uai, day, service, profile, visit_id)`;
  const dayPv = pv(dayKeys);
  const perVisit = `(SELECT uai, day, profile, visit_id, min(visitor) AS visitor, min(classe) AS classe,
      min(device) AS device, min(os) AS os, min(browser) AS browser FROM ${dayPv} GROUP BY uai, day, profile, visit_id)`;
  const v = hi.toString();
  return [
    `INSERT INTO usage_daily SELECT day, uai, service, profile, sum(n), count(), uniqExact(visitor),
       sum(${seconds('first', 'last')}), ${v} FROM ${dayPv} GROUP BY day, uai, service, profile`,
    `INSERT INTO usage_weekly SELECT toMonday(day) AS week, uai, service, profile, sum(n), count(),
       uniqExact(visitor), sum(${seconds('first', 'last')}), ${v}
     FROM ${pv(weekKeys)} GROUP BY week, uai, service, profile`,
    `INSERT INTO usage_logins SELECT day, uai, profile, classe, count(), uniqExact(visitor), ${v}
     FROM ${perVisit} GROUP BY day, uai, profile, classe`,
    `INSERT INTO usage_hourly SELECT day, toDayOfWeek(day), hour, uai, profile, count(), uniqExact(visit_id), ${v}
     FROM events WHERE ${dayKeys} GROUP BY day, hour, uai, profile`,
    `INSERT INTO usage_devices SELECT day, uai, profile, device, os, browser, count(), uniqExact(visitor), ${v}
     FROM ${perVisit} GROUP BY day, uai, profile, device, os, browser`,
    `INSERT INTO usage_visitor_days SELECT day, uai, profile, visitor, count(), ${v}
     FROM ${perVisit} GROUP BY day, uai, profile, visitor`,
    `INSERT INTO rollup_state VALUES (1, ${v})`,
  ];
}
