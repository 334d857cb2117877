/**
 * Préau's own audience figures in the Ministry's weekly DNMA layout, so that an académie can set them beside the
 * national open data: one row per établissement and week (`debutSemaine`, Monday), the place columns, then
 * `visites_X;utilisateurs_X;duree_X` for X = globales, each profile, each device type and each of the 25
 * services. Durations `HH:MM:SS` (hours may exceed 24). Computed from raw events (kept 13 months).
 */
import { USAGE_DEVICES, USAGE_SERVICES } from '@preau/core';
import type { Db } from '../db/types.js';
import type { TerritoryFilter } from './datasets.js';
import type { DuckDbEventStore } from './store.js';

const PROFILE_CATEGORIES = [
  ['eleve', 'ELEVE'],
  ['parent', 'PARENT'],
  ['enseignant', 'ENSEIGNANT'],
  ['admin_vie_scol_tech', 'ADMIN_VIE_SCOL_TECH'],
] as const;

export const DNMA_CATEGORIES: readonly string[] = [
  'globales',
  ...PROFILE_CATEGORIES.map(([c]) => c),
  ...USAGE_DEVICES,
  ...USAGE_SERVICES,
];
export const DNMA_PLACE_COLUMNS = [
  'debutSemaine',
  'UAI',
  'academie',
  'commune',
  'departement',
  'region',
] as const;
export const DNMA_HEADER = [
  ...DNMA_PLACE_COLUMNS,
  ...DNMA_CATEGORIES.flatMap((c) => [`visites_${c}`, `utilisateurs_${c}`, `duree_${c}`]),
];

/** Seconds as `HH:MM:SS` (hours not wrapped at 24). */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

function territoryCondition(t: TerritoryFilter): string {
  switch (t.kind) {
    case 'national':
      return 'true';
    case 'academie':
      return `p.academie = ${q(t.code)}`;
    case 'departement':
      return `p.departement = ${q(t.code)}`;
    case 'uai':
      return `p.uai = ${q(t.code)}`;
  }
}

/** The export as CSV text (`;`-separated, header line, one row per UAI and week, sorted). */
export async function dnmaCsv(
  store: DuckDbEventStore,
  db: Db,
  q0: { territory: TerritoryFilter; from: string; to: string },
): Promise<{ csv: string; rows: number }> {
  const triple = (cat: string, cond: string) =>
    `CAST(count(*) FILTER (WHERE ${cond}) AS INTEGER) AS "visites_${cat}", ` +
    `CAST(count(DISTINCT visitor) FILTER (WHERE ${cond}) AS INTEGER) AS "utilisateurs_${cat}", ` +
    `coalesce(sum(dur) FILTER (WHERE ${cond}), 0) AS "duree_${cat}"`;
  const visitCols = [
    triple('globales', 'true'),
    ...PROFILE_CATEGORIES.map(([c, p]) => triple(c, `profile = '${p}'`)),
    ...USAGE_DEVICES.map((d) => triple(d, `device = '${d}'`)),
  ].join(', ');
  const serviceCols = USAGE_SERVICES.map((s) => triple(s, `service = '${s}'`)).join(', ');
  const events = `SELECT e.* FROM events e JOIN places p ON p.uai = e.uai WHERE ${territoryCondition(q0.territory)}
    AND e.day BETWEEN DATE ${q(q0.from)} AND DATE ${q(q0.to)}`;
  const sql = `
    WITH ev AS (${events}),
    v AS (SELECT CAST(date_trunc('week', day) AS DATE) AS week, uai, visit_id, any_value(profile) AS profile,
            any_value(device) AS device, any_value(visitor) AS visitor, epoch(max(time)) - epoch(min(time)) AS dur
          FROM ev GROUP BY week, uai, visit_id),
    s AS (SELECT CAST(date_trunc('week', day) AS DATE) AS week, uai, visit_id, service, any_value(visitor) AS visitor,
            epoch(max(time)) - epoch(min(time)) AS dur FROM ev GROUP BY week, uai, visit_id, service),
    vw AS (SELECT week, uai, ${visitCols} FROM v GROUP BY week, uai),
    sw AS (SELECT week, uai, ${serviceCols} FROM s GROUP BY week, uai)
    SELECT strftime(vw.week, '%Y-%m-%d') AS "debutSemaine", vw.uai AS "UAI", vw.* EXCLUDE (week, uai), sw.* EXCLUDE (week, uai)
    FROM vw JOIN sw USING (week, uai) ORDER BY vw.week, vw.uai`;
  const rows = await store.query(sql);
  const uais = [...new Set(rows.map((r) => String(r.UAI)))];
  const places = new Map<
    string,
    { academie: string; commune: string; departement: string; region: string }
  >();
  if (uais.length) {
    const found = await db.query<{
      uai: string;
      academie: string;
      commune: string;
      departement: string;
      region: string;
    }>(
      `SELECT e.uai, a.name AS academie, e.commune, d.name AS departement, d.region_name AS region
         FROM etablissements e JOIN departements d ON d.code = e.departement_code JOIN academies a ON a.code = d.academie_code
        WHERE e.uai = ANY($1)`,
      [uais],
    );
    for (const p of found) places.set(p.uai, p);
  }
  const cell = (v: unknown) => {
    const s = String(v ?? '');
    return /[;"\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [DNMA_HEADER.join(';')];
  for (const r of rows) {
    const p = places.get(String(r.UAI));
    const values: unknown[] = [r.debutSemaine, r.UAI, p?.academie, p?.commune, p?.departement, p?.region];
    for (const c of DNMA_CATEGORIES)
      values.push(r[`visites_${c}`], r[`utilisateurs_${c}`], hms(Number(r[`duree_${c}`])));
    lines.push(values.map(cell).join(';'));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: rows.length };
}
