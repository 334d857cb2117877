/**
 * Every usage and deployment indicator, written once as SQL text that runs unchanged in DuckDB-wasm (the
 * dashboard) and @duckdb/node-api (the server, tests), over tables named and shaped as in `datasets.ts`.
 *
 * Usage: `const { sql, datasets } = indicator('top_services', { from: '2025-09-01', to: '2026-06-30' })`,
 * load the listed datasets, run `sql`. Parameters are validated and inlined as literals (dates, codes and enum
 * values only), so the text is self-contained and cacheable. Every count comes back as INTEGER and every ratio or
 * amount as DOUBLE: plain JS numbers in both engines, never bigint.
 */
import { DEPLOYMENT_STATES, schoolYearStartOf } from '@preau/core';
import type { DatasetName } from './datasets.js';

export interface IndicatorParams {
  /** Inclusive ISO date bounds of the window (usage indicators). */
  from?: string;
  to?: string;
  /** The reference date (logins since 1 September, 30-day window, deployment state, installed hardware). */
  asOf?: string;
  /** Grouping key, among the values the indicator accepts (see `INDICATORS[name].by`). */
  by?: string;
  /** Keep only this profile (ELEVE, PARENT…). */
  profile?: string;
  /** Number of rows for "top" indicators. */
  limit?: number;
  /** `college` or `lycee` for deployment indicators. */
  level?: string;
  /** Renewal cycle in years for PCs and laptops (default 5). */
  cycleYears?: number;
}

export interface IndicatorDef {
  name: IndicatorName;
  /** French label first, English second. */
  label: { fr: string; en: string };
  datasets: readonly DatasetName[];
  /** Accepted `by` values; the first is the default. */
  by?: readonly string[];
  /** Output columns, in order. */
  columns: readonly string[];
  sql(p: Required<Pick<IndicatorParams, 'from' | 'to' | 'asOf'>> & IndicatorParams): string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9_ -]{1,40}$/;

function date(value: string, what: string): string {
  const t = Date.parse(`${value}T00:00:00Z`);
  if (!ISO_DATE.test(value) || Number.isNaN(t) || !new Date(t).toISOString().startsWith(value)) {
    throw new RangeError(
      `${what}: date ISO attendue (AAAA-MM-JJ) / ISO date expected, got ${JSON.stringify(value)}`,
    );
  }
  return `DATE '${value}'`;
}
function code(value: string, what: string): string {
  if (!CODE.test(value))
    throw new RangeError(`${what}: valeur invalide / invalid value ${JSON.stringify(value)}`);
  return `'${value}'`;
}
function pick(def: IndicatorDef, by: string | undefined): string {
  const options = def.by ?? [];
  const chosen = by ?? options[0];
  if (!chosen || !options.includes(chosen)) {
    throw new RangeError(`${def.name}: "by" doit valoir / must be one of ${options.join(', ')}`);
  }
  return chosen;
}
const profileFilter = (p: IndicatorParams) =>
  p.profile ? ` AND profile = ${code(p.profile, 'profile')}` : '';
const window = (col: string, p: { from: string; to: string }) =>
  `${col} BETWEEN ${date(p.from, 'from')} AND ${date(p.to, 'to')}`;

/**
 * Events and visits per hour of the day or day of the week, every bucket present (zero when quiet): the peaks
 * indicators differ only in the bucket.
 */
function peaksBy(bucket: 'hour' | 'weekday', buckets: string, p: Parameters<IndicatorDef['sql']>[0]): string {
  return (
    `SELECT b.${bucket}, CAST(coalesce(sum(u.events), 0) AS INTEGER) AS events, ` +
    `CAST(coalesce(sum(u.visits), 0) AS INTEGER) AS visits FROM ${buckets} b(${bucket}) ` +
    `LEFT JOIN usage_hourly u ON u.${bucket} = b.${bucket} AND ${window('u.day', p)}` +
    `${p.profile ? ` AND u.profile = ${code(p.profile, 'profile')}` : ''} GROUP BY b.${bucket} ORDER BY b.${bucket}`
  );
}

export const INDICATOR_NAMES = [
  'logins_since_september',
  'distinct_visitors_30d',
  'visits_per_visitor',
  'top_services',
  'hourly_peaks',
  'weekly_peaks',
  'activation_rate',
  'device_split',
  'deployment_by_territory',
  'deployment_counts',
  'students_per_computer',
  'hardware_renewal',
] as const;
export type IndicatorName = (typeof INDICATOR_NAMES)[number];

const COMPUTERS = `('fixed_pc', 'laptop')`;

export const INDICATORS: Record<IndicatorName, IndicatorDef> = {
  logins_since_september: {
    name: 'logins_since_september',
    label: { fr: 'Connexions depuis le 1er septembre', en: 'Sign-ins since 1 September' },
    datasets: ['usage_logins'],
    by: ['profile', 'uai', 'classe'],
    columns: ['uai', 'key', 'logins'],
    sql(p) {
      const by = pick(this, p.by);
      const range = `day BETWEEN ${date(schoolYearStartOf(p.asOf), 'asOf')} AND ${date(p.asOf, 'asOf')}`;
      const uai = by === 'profile' ? 'NULL::VARCHAR' : 'uai';
      const key = by === 'profile' ? 'profile' : by === 'uai' ? 'uai' : 'classe';
      const extra = by === 'classe' ? ' AND classe IS NOT NULL' : '';
      return (
        `SELECT ${uai} AS uai, ${key} AS key, CAST(sum(logins) AS INTEGER) AS logins FROM usage_logins ` +
        // The same class name exists in several établissements: order by UAI too, or ties come in any order.
        `WHERE ${range}${extra}${profileFilter(p)} GROUP BY ALL ORDER BY logins DESC, key, uai`
      );
    },
  },
  distinct_visitors_30d: {
    name: 'distinct_visitors_30d',
    label: { fr: 'Visiteurs distincts sur 30 jours', en: 'Distinct visitors over 30 days' },
    datasets: ['usage_visitor_days'],
    by: ['profile', 'uai', 'all'],
    columns: ['key', 'visitors'],
    // Visitor ids are rotated monthly: a person active on both sides of a month boundary counts twice (upper bound).
    sql(p) {
      const by = pick(this, p.by);
      const key = by === 'all' ? `'all'` : by;
      return (
        `SELECT ${key} AS key, CAST(count(DISTINCT visitor) AS INTEGER) AS visitors FROM usage_visitor_days ` +
        `WHERE day BETWEEN ${date(p.asOf, 'asOf')} - INTERVAL 29 DAY AND ${date(p.asOf, 'asOf')}` +
        `${profileFilter(p)} GROUP BY ALL ORDER BY visitors DESC, key`
      );
    },
  },
  visits_per_visitor: {
    name: 'visits_per_visitor',
    label: { fr: 'Visites par visiteur', en: 'Visits per visitor' },
    datasets: ['usage_visitor_days'],
    by: ['profile', 'uai', 'all'],
    columns: ['key', 'visits', 'visitors', 'visits_per_visitor'],
    sql(p) {
      const by = pick(this, p.by);
      const key = by === 'all' ? `'all'` : by;
      return (
        `SELECT ${key} AS key, CAST(sum(visits) AS INTEGER) AS visits, ` +
        `CAST(count(DISTINCT visitor) AS INTEGER) AS visitors, ` +
        `CAST(sum(visits) AS DOUBLE) / count(DISTINCT visitor) AS visits_per_visitor FROM usage_visitor_days ` +
        `WHERE ${window('day', p)}${profileFilter(p)} GROUP BY ALL ORDER BY key`
      );
    },
  },
  top_services: {
    name: 'top_services',
    label: { fr: 'Services les plus utilisés', en: 'Most used services' },
    datasets: ['usage_daily'],
    columns: ['service', 'visits', 'events', 'duration_s'],
    sql(p) {
      const limit = Math.max(1, Math.min(100, Math.trunc(p.limit ?? 10)));
      return (
        `SELECT service, CAST(sum(visits) AS INTEGER) AS visits, CAST(sum(events) AS INTEGER) AS events, ` +
        `CAST(sum(duration_s) AS DOUBLE) AS duration_s FROM usage_daily WHERE ${window('day', p)}` +
        `${profileFilter(p)} GROUP BY service ORDER BY visits DESC, service LIMIT ${limit}`
      );
    },
  },
  hourly_peaks: {
    name: 'hourly_peaks',
    label: { fr: 'Activité par heure', en: 'Activity by hour' },
    datasets: ['usage_hourly'],
    columns: ['hour', 'events', 'visits'],
    sql(p) {
      return peaksBy('hour', 'range(24)', p);
    },
  },
  weekly_peaks: {
    name: 'weekly_peaks',
    label: { fr: 'Activité par jour de la semaine', en: 'Activity by day of week' },
    datasets: ['usage_hourly'],
    columns: ['weekday', 'events', 'visits'],
    sql(p) {
      return peaksBy('weekday', 'range(1, 8)', p);
    },
  },
  activation_rate: {
    name: 'activation_rate',
    label: { fr: "Taux d'activation des comptes", en: 'Account activation rate' },
    datasets: ['accounts'],
    by: ['profile', 'uai', 'departement', 'all'],
    columns: ['key', 'opened', 'activated', 'rate'],
    sql(p) {
      const by = pick(this, p.by);
      const key = by === 'all' ? `'all'` : by;
      return (
        `SELECT ${key} AS key, CAST(sum(opened) AS INTEGER) AS opened, CAST(sum(activated) AS INTEGER) AS activated, ` +
        `CASE WHEN sum(opened) = 0 THEN NULL ELSE CAST(sum(activated) AS DOUBLE) / sum(opened) END AS rate ` +
        `FROM accounts WHERE true${profileFilter(p)} GROUP BY ALL ORDER BY key`
      );
    },
  },
  device_split: {
    name: 'device_split',
    label: { fr: 'Répartition par équipement', en: 'Device split' },
    datasets: ['usage_devices'],
    by: ['device', 'os', 'browser'],
    columns: ['key', 'visits', 'share'],
    sql(p) {
      const by = pick(this, p.by);
      return (
        `SELECT ${by} AS key, CAST(sum(visits) AS INTEGER) AS visits, ` +
        `CAST(sum(visits) AS DOUBLE) / sum(sum(visits)) OVER () AS share FROM usage_devices ` +
        `WHERE ${window('day', p)}${profileFilter(p)} GROUP BY ${by} ORDER BY visits DESC, key`
      );
    },
  },
  deployment_by_territory: {
    name: 'deployment_by_territory',
    label: { fr: 'État du déploiement par territoire', en: 'Deployment state by territory' },
    datasets: ['deployment_states'],
    by: ['departement', 'academie', 'region'],
    columns: ['territory_code', 'territory_name', 'state', 'valid_from'],
    // valid_from comes back as an ISO date string: engines disagree on how a DATE reaches JS.
    sql(p) {
      const by = pick(this, p.by);
      const level = code(p.level ?? 'college', 'level');
      return (
        `SELECT territory_code, territory_name, arg_max(state, valid_from) AS state, ` +
        `strftime(max(valid_from), '%Y-%m-%d') AS valid_from ` +
        `FROM deployment_states WHERE level = ${level} AND territory_kind = '${by}' ` +
        `AND valid_from <= ${date(p.asOf, 'asOf')} GROUP BY territory_code, territory_name ORDER BY territory_code`
      );
    },
  },
  deployment_counts: {
    name: 'deployment_counts',
    label: { fr: 'Territoires par état du déploiement', en: 'Territories by deployment state' },
    datasets: ['deployment_states'],
    columns: ['state', 'territories'],
    sql(p) {
      const level = code(p.level ?? 'college', 'level');
      return (
        `WITH latest AS (SELECT territory_kind, territory_code, arg_max(state, valid_from) AS state ` +
        `FROM deployment_states WHERE level = ${level} AND valid_from <= ${date(p.asOf, 'asOf')} ` +
        `GROUP BY territory_kind, territory_code) ` +
        `SELECT s.state, CAST(count(l.territory_code) AS INTEGER) AS territories FROM (VALUES ` +
        `${DEPLOYMENT_STATES.map((s, i) => `(${i + 1}, '${s}')`).join(', ')}) s(ord, state) ` +
        `LEFT JOIN latest l ON l.state = s.state ` +
        `GROUP BY s.ord, s.state ORDER BY s.ord`
      );
    },
  },
  students_per_computer: {
    name: 'students_per_computer',
    label: { fr: 'Élèves par ordinateur', en: 'Students per computer' },
    datasets: ['etablissements', 'hardware'],
    by: ['uai', 'departement', 'academie', 'all'],
    columns: ['key', 'students', 'computers', 'students_per_computer'],
    // Computers = fixed PCs and laptops acquired on or before asOf and still within their renewal cycle.
    sql(p) {
      const by = pick(this, p.by);
      const key = by === 'all' ? `'all'` : `e.${by}`;
      const asOf = date(p.asOf, 'asOf');
      const cycle = Math.trunc(p.cycleYears ?? 5);
      return (
        `WITH pcs AS (SELECT uai, sum(count) AS computers FROM hardware WHERE category IN ${COMPUTERS} ` +
        `AND acquired_on <= ${asOf} AND acquired_on > ${asOf} - INTERVAL ${cycle} YEAR GROUP BY uai) ` +
        `SELECT ${key} AS key, CAST(sum(e.students) AS INTEGER) AS students, ` +
        `CAST(coalesce(sum(pcs.computers), 0) AS INTEGER) AS computers, ` +
        `CASE WHEN coalesce(sum(pcs.computers), 0) = 0 THEN NULL ` +
        `ELSE CAST(sum(e.students) AS DOUBLE) / sum(pcs.computers) END AS students_per_computer ` +
        `FROM etablissements e LEFT JOIN pcs ON pcs.uai = e.uai GROUP BY ALL ORDER BY key`
      );
    },
  },
  hardware_renewal: {
    name: 'hardware_renewal',
    label: { fr: 'Matériel à renouveler par année', en: 'Hardware due for renewal per year' },
    datasets: ['hardware'],
    columns: ['year', 'category', 'units', 'cost_eur'],
    // PCs and laptops are renewed on a fixed cycle (default 5 years) at their acquisition cost; the rest as needed.
    sql(p) {
      const cycle = Math.trunc(p.cycleYears ?? 5);
      return (
        `SELECT CAST(year(acquired_on) + ${cycle} AS INTEGER) AS year, category, CAST(sum(count) AS INTEGER) AS units, ` +
        `CAST(sum(cost_eur) AS DOUBLE) AS cost_eur FROM hardware WHERE category IN ${COMPUTERS} ` +
        `AND year(acquired_on) + ${cycle} BETWEEN year(${date(p.from, 'from')}) AND year(${date(p.to, 'to')}) ` +
        `GROUP BY ALL ORDER BY year, category`
      );
    },
  },
};

/** The SQL and the datasets it reads for one indicator. Missing dates default to `asOf` = `to` = today. */
export function indicator(
  name: IndicatorName,
  params: IndicatorParams = {},
): { sql: string; datasets: readonly DatasetName[]; columns: readonly string[] } {
  const def = INDICATORS[name];
  if (!def) throw new RangeError(`Indicateur inconnu / unknown indicator: ${name}`);
  const today = new Date().toISOString().slice(0, 10);
  const to = params.to ?? params.asOf ?? today;
  const asOf = params.asOf ?? to;
  const from = params.from ?? schoolYearStartOf(asOf);
  return {
    sql: def.sql.call(def, { ...params, from, to, asOf }),
    datasets: def.datasets,
    columns: def.columns,
  };
}
