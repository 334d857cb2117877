/**
 * The Usages view's charts as pre-aggregated queries (`Store.aggregate`): each sums its dataset over the date
 * window once, per profile and service, and answers the filters from there. Visits come from `usage_daily` for
 * every chart, so a service's total is the same in the weekly chart, the top services and the tables.
 */
import type { AggregateSpec } from '../data/store.js';

/** A date literal; anything but an ISO day is refused (the text goes into SQL). */
export const dateSql = (iso: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`Date invalide : ${iso}`);
  return `DATE '${iso}'`;
};
const window = (from: string, to: string) => `day BETWEEN ${dateSql(from)} AND ${dateSql(to)}`;
const WEEK = `CAST(date_trunc('week', day) AS DATE)`;

/** Weekly visits per profile (days of the window only: a partial week counts its days in the window). */
export const weeklyVisits = (from: string, to: string): AggregateSpec => ({
  dataset: 'usage_daily',
  dims: { week: WEEK, profile: 'profile' },
  measures: { visits: 'sum(visits)' },
  where: window(from, to),
  query: (rel) =>
    `SELECT week, profile, CAST(sum(visits) AS INTEGER) AS visits FROM ${rel} GROUP BY week, profile ORDER BY week, profile`,
});

/** Weekly visits of the five most visited services of the window. */
export const weeklyServices = (from: string, to: string): AggregateSpec => ({
  dataset: 'usage_daily',
  dims: { week: WEEK, service: 'service' },
  measures: { visits: 'sum(visits)' },
  where: window(from, to),
  query: (rel) =>
    `WITH w AS (SELECT week, service, CAST(sum(visits) AS INTEGER) AS visits FROM ${rel} GROUP BY week, service), ` +
    `top AS (SELECT service FROM w GROUP BY service ORDER BY sum(visits) DESC, service LIMIT 5) ` +
    `SELECT week, service, visits FROM w WHERE service IN (SELECT service FROM top) ORDER BY week, service`,
});

/** Services by visits (the `top_services` indicator of @preau/analytics, same columns and order). */
export const topServices = (from: string, to: string, limit = 10): AggregateSpec => ({
  dataset: 'usage_daily',
  dims: { service: 'service' },
  measures: { visits: 'sum(visits)', events: 'sum(events)', duration_s: 'sum(duration_s)' },
  where: window(from, to),
  query: (rel) =>
    `SELECT service, CAST(sum(visits) AS INTEGER) AS visits, CAST(sum(events) AS INTEGER) AS events, ` +
    `CAST(sum(duration_s) AS DOUBLE) AS duration_s FROM ${rel} GROUP BY service ` +
    `ORDER BY visits DESC, service LIMIT ${Math.max(1, Math.min(100, Math.trunc(limit)))}`,
});

/** Visits per weekday × hour. */
export const heatmap = (from: string, to: string): AggregateSpec => ({
  dataset: 'usage_hourly',
  dims: { weekday: 'weekday', hour: 'hour' },
  measures: { visits: 'sum(visits)' },
  where: window(from, to),
  query: (rel) =>
    `SELECT weekday, hour, CAST(sum(visits) AS INTEGER) AS visits FROM ${rel} GROUP BY weekday, hour ORDER BY weekday, hour`,
});

/** Visits per device type with their share (the `device_split` indicator by device). */
export const devices = (from: string, to: string): AggregateSpec => ({
  dataset: 'usage_devices',
  dims: { key: 'device' },
  measures: { visits: 'sum(visits)' },
  where: window(from, to),
  query: (rel) =>
    `SELECT key, CAST(sum(visits) AS INTEGER) AS visits, CAST(sum(visits) AS DOUBLE) / sum(sum(visits)) OVER () AS share ` +
    `FROM ${rel} GROUP BY key ORDER BY visits DESC, key`,
});

/** Distinct visitors per week (not additive: read from the filtered view; ids rotate monthly). */
export const weeklyVisitorsSql = (from: string, to: string) =>
  `SELECT ${WEEK} AS week, CAST(count(DISTINCT visitor) AS INTEGER) AS visitors ` +
  `FROM usage_visitor_days WHERE ${window(from, to)} GROUP BY ALL ORDER BY week`;
