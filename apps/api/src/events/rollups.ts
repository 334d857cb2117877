/**
 * Rollup tables of the event store and the SQL that rebuilds them for the (UAI, day) keys touched since the last
 * pass. Each raw event carries the sequence number of the commit that wrote it; the store keeps a watermark (the
 * last sequence rolled up), so a pass only reads new events' keys, and a crash between an append and its rollup
 * is caught up at the next start. Table shapes follow `@preau/analytics` datasets, without the place columns
 * (département, académie), which are joined from `places` when served.
 */

/**
 * Rollups and their retention class: `stats` (25 months), `identifiers` (13 months, like raw events) or `archive`
 * (kept: past audience figures an académie imported, per établissement, with no identifier — an evaluation compares
 * an ENT's first months, years back).
 */
export const ROLLUP_TABLES = {
  usage_daily: 'stats',
  usage_weekly: 'stats',
  usage_logins: 'stats',
  usage_hourly: 'stats',
  usage_devices: 'stats',
  usage_visitor_days: 'identifiers',
  usage_imported: 'archive',
} as const;
export type RollupTable = keyof typeof ROLLUP_TABLES;

export const ROLLUP_DDL = `
CREATE TABLE IF NOT EXISTS usage_daily (day DATE, uai VARCHAR, service VARCHAR, profile VARCHAR,
  events INTEGER, visits INTEGER, visitors INTEGER, duration_s DOUBLE);
CREATE TABLE IF NOT EXISTS usage_weekly (week DATE, uai VARCHAR, service VARCHAR, profile VARCHAR,
  events INTEGER, visits INTEGER, visitors INTEGER, duration_s DOUBLE);
CREATE TABLE IF NOT EXISTS usage_logins (day DATE, uai VARCHAR, profile VARCHAR, classe VARCHAR,
  logins INTEGER, visitors INTEGER);
CREATE TABLE IF NOT EXISTS usage_hourly (day DATE, weekday INTEGER, hour INTEGER, uai VARCHAR, profile VARCHAR,
  events INTEGER, visits INTEGER);
CREATE TABLE IF NOT EXISTS usage_devices (day DATE, uai VARCHAR, profile VARCHAR, device VARCHAR, os VARCHAR,
  browser VARCHAR, visits INTEGER, visitors INTEGER);
CREATE TABLE IF NOT EXISTS usage_visitor_days (day DATE, uai VARCHAR, profile VARCHAR, visitor VARCHAR,
  visits INTEGER);
CREATE TABLE IF NOT EXISTS usage_imported (day DATE, uai VARCHAR, profile VARCHAR, service VARCHAR,
  accesses INTEGER, PRIMARY KEY (day, uai, profile, service));
CREATE TABLE IF NOT EXISTS rollup_state (id INTEGER PRIMARY KEY, watermark BIGINT NOT NULL);
INSERT OR IGNORE INTO rollup_state VALUES (1, 0);
`;

/**
 * Statements of one rollup pass over events with `seq` in (lo, hi], in order, inside one transaction.
 * `dirty_days` / `dirty_weeks` hold the touched keys; each rollup deletes those keys and re-inserts them.
 * The events are read once into per-visit-and-service rows (`pv`, for the whole touched weeks), then per-visit
 * rows (`pvv`, touched days), from which every rollup but the hourly one is derived.
 */
export function rollupPassSql(lo: bigint, hi: bigint, span?: { first: string; last: string }): string[] {
  // The first pass covers every event: no need to join the (then complete) dirty keys.
  const full = lo === 0n;
  // The touched days' span as literals lets DuckDB skip row groups by their min/max (events arrive in time order).
  const monday = (iso: string) => {
    const t = Date.parse(`${iso}T00:00:00Z`);
    return new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  };
  const plus = (iso: string, days: number) =>
    new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const weekSpan = span
    ? `(SELECT * FROM events WHERE day BETWEEN DATE '${monday(span.first)}' AND DATE '${plus(monday(span.last), 6)}')`
    : 'events';
  const daySpan = span
    ? `(SELECT * FROM events WHERE day BETWEEN DATE '${span.first}' AND DATE '${span.last}')`
    : 'events';
  const weekEvents = full
    ? 'events e'
    : `${weekSpan} e SEMI JOIN dirty_weeks w ON e.uai = w.uai AND e.day BETWEEN w.week AND w.week + 6`;
  const dayEvents = full
    ? 'events e'
    : `${daySpan} e SEMI JOIN dirty_days d ON e.uai = d.uai AND e.day = d.day`;
  const dirtyDay = (t: string) =>
    full ? '' : `WHERE (${t}.uai, ${t}.day) IN (SELECT (uai, day) FROM dirty_days)`;
  return [
    `CREATE OR REPLACE TEMP TABLE dirty_days AS SELECT DISTINCT uai, day FROM events WHERE seq > ${lo} AND seq <= ${hi}`,
    `CREATE OR REPLACE TEMP TABLE dirty_weeks AS SELECT DISTINCT uai, CAST(date_trunc('week', day) AS DATE) AS week FROM dirty_days`,
    ...(['usage_daily', 'usage_logins', 'usage_hourly', 'usage_devices', 'usage_visitor_days'] as const).map(
      (t) => `DELETE FROM ${t} r USING dirty_days d WHERE r.uai = d.uai AND r.day = d.day`,
    ),
    `DELETE FROM usage_weekly r USING dirty_weeks d WHERE r.uai = d.uai AND r.week = d.week`,
    // Duration of a visit in a service: from its first to its last event in that service.
    `CREATE OR REPLACE TEMP TABLE pv AS SELECT e.day, CAST(date_trunc('week', e.day) AS DATE) AS week, e.uai, e.profile,
       e.visit_id, e.service, any_value(e.visitor) AS visitor, any_value(e.classe) AS classe,
       any_value(e.device) AS device, any_value(e.os) AS os, any_value(e.browser) AS browser, count(*) AS n,
       epoch(max(e.time)) - epoch(min(e.time)) AS dur
     FROM ${weekEvents} GROUP BY e.day, e.uai, e.profile, e.visit_id, e.service`,
    `CREATE OR REPLACE TEMP TABLE pvv AS SELECT day, uai, profile, visit_id, any_value(visitor) AS visitor,
       any_value(classe) AS classe, any_value(device) AS device, any_value(os) AS os, any_value(browser) AS browser
     FROM pv ${dirtyDay('pv')} GROUP BY day, uai, profile, visit_id`,
    `INSERT INTO usage_daily SELECT day, uai, service, profile, CAST(sum(n) AS INTEGER), CAST(count(*) AS INTEGER),
       CAST(count(DISTINCT visitor) AS INTEGER), sum(dur)
     FROM pv ${dirtyDay('pv')} GROUP BY day, uai, service, profile`,
    `INSERT INTO usage_weekly SELECT week, uai, service, profile, CAST(sum(n) AS INTEGER), CAST(count(*) AS INTEGER),
       CAST(count(DISTINCT visitor) AS INTEGER), sum(dur) FROM pv GROUP BY week, uai, service, profile`,
    `INSERT INTO usage_logins SELECT day, uai, profile, classe, CAST(count(*) AS INTEGER),
       CAST(count(DISTINCT visitor) AS INTEGER) FROM pvv GROUP BY day, uai, profile, classe`,
    `INSERT INTO usage_hourly SELECT e.day, CAST(isodow(e.day) AS INTEGER), CAST(e.hour AS INTEGER), e.uai, e.profile,
       CAST(count(*) AS INTEGER), CAST(count(DISTINCT e.visit_id) AS INTEGER) FROM ${dayEvents}
     GROUP BY e.day, e.hour, e.uai, e.profile`,
    `INSERT INTO usage_devices SELECT day, uai, profile, device, os, browser, CAST(count(*) AS INTEGER),
       CAST(count(DISTINCT visitor) AS INTEGER) FROM pvv GROUP BY day, uai, profile, device, os, browser`,
    `INSERT INTO usage_visitor_days SELECT day, uai, profile, visitor, CAST(count(*) AS INTEGER)
     FROM pvv GROUP BY day, uai, profile, visitor`,
    'DROP TABLE pv',
    'DROP TABLE pvv',
    `UPDATE rollup_state SET watermark = ${hi} WHERE id = 1`,
  ];
}
