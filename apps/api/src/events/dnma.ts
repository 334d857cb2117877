/**
 * Préau's own audience figures in the Ministry's weekly DNMA layouts, so that an académie can set them beside the
 * national open data, column for column. The Ministry publishes one file per angle, one row per établissement and
 * week (`debutSemaine`, Monday), with `visites_X;utilisateurs_X;duree_X` per category (durations `HH:MM:SS`, hours
 * may exceed 24):
 * - `profils` (fr-en-dnma-par-uai-profils): 10 place columns, then globales and the four profiles — 25 columns;
 * - `appareils` (fr-en-dnma-par-uai-appareils): 10 place columns, then 4 device types, 7 OS, 10 browsers — 73;
 * - `services` (fr-en-dnma-par-uai-services): `debutSemaine;UAI`, the 25 services, then the 8 other place
 *   columns at the end — 85.
 * Header spellings are the published ones, quirks included (`visites_autreappareil` but
 * `utilisateurs_autreAppareil`). The figures come from per-visit rows that both event stores produce (raw events
 * in DuckDB, the `visit_services` materialized view in ClickHouse), through one SQL text and a small dialect.
 */
import { USAGE_SERVICES } from '@preau/core';

export const DNMA_LAYOUTS = ['profils', 'appareils', 'services'] as const;
export type DnmaLayout = (typeof DNMA_LAYOUTS)[number];

/** The 10 place columns opening the `profils` and `appareils` files. */
export const DNMA_PLACE_COLUMNS = [
  'debutSemaine',
  'UAI',
  'académie',
  'commune',
  'département',
  'région',
  'ministère',
  'circonscription',
  'nature_uai',
  'secteur',
] as const;

interface Category {
  /** Suffixes of the three columns (usually the same word). */
  visits: string;
  users: string;
  duration: string;
  /** Condition on a visit (profile/device/os/browser) or on a visit × service row. */
  when: string;
}
const same = (name: string, when: string): Category => ({ visits: name, users: name, duration: name, when });

const PROFILE_CATEGORIES: Category[] = [
  same('globales', 'true'),
  same('eleve', `profile = 'ELEVE'`),
  same('parent', `profile = 'PARENT'`),
  same('enseignant', `profile = 'ENSEIGNANT'`),
  same('admin_vie_scol_tech', `profile = 'ADMIN_VIE_SCOL_TECH'`),
];
const MOBILE = `device IN ('smartphone', 'tablette')`;
const APPAREIL_CATEGORIES: Category[] = [
  same('ordinateur', `device = 'ordinateur'`),
  same('smartphone', `device = 'smartphone'`),
  same('tablette', `device = 'tablette'`),
  { visits: 'autreappareil', users: 'autreAppareil', duration: 'autreAppareil', when: `device = 'autre'` },
  same('android', `os = 'Android'`),
  same('windows', `os = 'Windows'`),
  same('ios', `os = 'iOS'`),
  same('macos', `os = 'macOS'`),
  same('chromeos', `os = 'ChromeOS'`),
  same('linux', `os = 'Linux'`),
  same('autreOS', `os NOT IN ('Android', 'Windows', 'iOS', 'macOS', 'ChromeOS', 'Linux')`),
  same('chromeMobile', `browser = 'Chrome' AND ${MOBILE}`),
  same('safari', `browser = 'Safari'`),
  same('chrome', `browser = 'Chrome' AND NOT ${MOBILE}`),
  same('firefox', `browser = 'Firefox'`),
  same('edge', `browser = 'Edge'`),
  same('samsungBrowser', `browser = 'Samsung Internet'`),
  same('opera', `browser = 'Opera'`),
  same('huaweiBrowser', `browser = 'Huawei Browser'`),
  same('miuiBrowser', `browser = 'MIUI Browser'`),
  same(
    'autreNavigateur',
    `browser NOT IN ('Chrome', 'Safari', 'Firefox', 'Edge', 'Samsung Internet', 'Opera', 'Huawei Browser', 'MIUI Browser')`,
  ),
];
const SERVICE_CATEGORIES: Category[] = USAGE_SERVICES.map((s) => same(s, `service = '${s}'`));

const CATEGORIES: Record<DnmaLayout, Category[]> = {
  profils: PROFILE_CATEGORIES,
  appareils: APPAREIL_CATEGORIES,
  services: SERVICE_CATEGORIES,
};

const metricColumns = (cats: readonly Category[]) =>
  cats.flatMap((c) => [`visites_${c.visits}`, `utilisateurs_${c.users}`, `duree_${c.duration}`]);

/** The published header of each layout, in order. */
export const DNMA_HEADERS: Record<DnmaLayout, readonly string[]> = {
  profils: [...DNMA_PLACE_COLUMNS, ...metricColumns(PROFILE_CATEGORIES)],
  appareils: [...DNMA_PLACE_COLUMNS, ...metricColumns(APPAREIL_CATEGORIES)],
  services: ['debutSemaine', 'UAI', ...metricColumns(SERVICE_CATEGORIES), ...DNMA_PLACE_COLUMNS.slice(2)],
};

/** Seconds as `HH:MM:SS` (hours not wrapped at 24). */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** What differs between the two engines' SQL. */
export interface DnmaDialect {
  /** Seconds between two timestamps, to the millisecond. */
  seconds(first: string, last: string): string;
}

/**
 * SQL of one layout's weekly figures: `week` (ISO text), `uai`, then `v_<i>`, `u_<i>`, `d_<i>` (visits, distinct
 * visitors, seconds) per category of the layout, from a relation `pv` of one row per visit × service with columns
 * week (DATE), uai, visit_id, service, profile, device, os, browser, visitor, first, last.
 */
export function dnmaSql(layout: DnmaLayout, pv: string, dialect: DnmaDialect): string {
  const cats = CATEGORIES[layout];
  const perVisit = layout !== 'services';
  const metrics = cats
    .map(
      (c, i) =>
        `CAST(count(*) FILTER (WHERE ${c.when}) AS INTEGER) AS v_${i}, ` +
        `CAST(count(DISTINCT visitor) FILTER (WHERE ${c.when}) AS INTEGER) AS u_${i}, ` +
        `CAST(coalesce(sum(dur) FILTER (WHERE ${c.when}), 0) AS DOUBLE) AS d_${i}`,
    )
    .join(', ');
  // One row per visit (profiles, devices: a visit lasts from its first to its last event, all services
  // together) or per visit × service (services: the time spent in that service).
  const rows = perVisit
    ? `SELECT week, uai, visit_id, min(profile) AS profile, min(device) AS device, min(os) AS os,
         min(browser) AS browser, min(visitor) AS visitor, ${dialect.seconds('min(first)', 'max(last)')} AS dur
       FROM pv GROUP BY week, uai, visit_id`
    : `SELECT week, uai, visit_id, service, visitor, ${dialect.seconds('first', 'last')} AS dur FROM pv`;
  return `WITH pv AS (${pv}), r AS (${rows})
    SELECT week, uai, ${metrics} FROM r GROUP BY week, uai ORDER BY week, uai`;
}

/** Where an établissement is, as the published files name it. */
export interface DnmaPlace {
  academie: string;
  commune: string;
  departement: string;
  region: string;
  kind: string;
  sector: string;
}

const csvCell = (v: unknown) => {
  const s = String(v ?? '');
  return /[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Turns the weekly rows of `dnmaSql` into the published CSV (`;`, CRLF, header line). */
export function dnmaCsv(
  layout: DnmaLayout,
  rows: readonly Record<string, unknown>[],
  places: ReadonlyMap<string, DnmaPlace>,
): string {
  const cats = CATEGORIES[layout];
  const lines = [DNMA_HEADERS[layout].join(';')];
  for (const r of rows) {
    const uai = String(r.uai);
    const p = places.get(uai);
    const rest = [
      p?.academie,
      p?.commune,
      p?.departement,
      p?.region,
      'MENJ',
      '',
      p ? (p.kind === 'lycee' ? 'LYCEE' : 'COLLEGE') : '',
      p ? (p.sector === 'prive' ? 'PR' : 'PU') : '',
    ];
    const metrics = cats.flatMap((_, i) => [r[`v_${i}`], r[`u_${i}`], hms(Number(r[`d_${i}`]))]);
    const week = String(r.week).slice(0, 10);
    const values =
      layout === 'services' ? [week, uai, ...metrics, ...rest] : [week, uai, ...rest, ...metrics];
    lines.push(values.map(csvCell).join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}
