/**
 * Builds the `@preau/analytics` datasets on the server, filtered by territory and dates: usage rollups from the
 * event store (DuckDB), établissements, accounts, deployment and hardware from PostgreSQL. Each query returns the
 * contract's columns in order, DATE columns as days since 1970-01-01, so that `datasetTable` encodes them as is.
 */
import { type ColumnValues, DATASETS, type DatasetName, datasetTable, encodeIpc } from '@preau/analytics';
import type { Db } from '../db/types.js';
import type { DatasetQuery, EventStore, TerritoryFilter } from './types.js';

export type { DatasetQuery, TerritoryFilter } from './types.js';

/** The usage datasets and the rollup table behind each (the same name in DuckDB and ClickHouse). */
export const USAGE_SOURCES: Partial<Record<DatasetName, string>> = {
  usage_daily: 'usage_daily',
  usage_weekly: 'usage_weekly',
  usage_logins: 'usage_logins',
  usage_hourly: 'usage_hourly',
  usage_devices: 'usage_devices',
  usage_visitor_days: 'usage_visitor_days',
  usage_imported: 'usage_imported',
};

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** `WHERE` conditions on the place columns `departement`, `academie`, `uai` of alias `p`. */
function territorySql(
  t: TerritoryFilter,
  p: { uai: string; departement: string; academie: string },
): string[] {
  switch (t.kind) {
    case 'national':
      return [];
    case 'academie':
      return [`${p.academie} = ${quote(t.code)}`];
    case 'departement':
      return [`${p.departement} = ${quote(t.code)}`];
    case 'uai':
      return [`${p.uai} = ${quote(t.code)}`];
  }
}

function dateSql(col: string, q: DatasetQuery): string[] {
  const out: string[] = [];
  if (q.from) out.push(`${col} >= DATE ${quote(q.from)}`);
  if (q.to) out.push(`${col} <= DATE ${quote(q.to)}`);
  return out;
}

/** One condition selecting the places (alias `p`) of a territory. */
export function placeCondition(t: TerritoryFilter): string {
  return territorySql(t, { uai: 'p.uai', departement: 'p.departement', academie: 'p.academie' })[0] ?? 'true';
}

const where = (conds: string[]) => (conds.length ? `WHERE ${conds.join(' AND ')}` : '');

/** Projection of a dataset's contract columns; DATE columns as epoch days. */
function projection(
  name: DatasetName,
  alias: (col: string) => string,
  epochDays: (expr: string) => string,
): string {
  return DATASETS[name].columns
    .map((c) =>
      c.type === 'DATE' ? `${epochDays(alias(c.name))} AS "${c.name}"` : `${alias(c.name)} AS "${c.name}"`,
    )
    .join(', ');
}

/**
 * DuckDB SQL of a usage dataset. `dates: 'epoch'` (for Arrow encoding) gives DATE columns as days since
 * 1970-01-01; `'date'` keeps them as DATE (a table in the contract's shape, as the benchmarks build).
 */
export function usageDatasetSql(
  name: DatasetName,
  q: DatasetQuery,
  dates: 'epoch' | 'date' = 'epoch',
): string {
  const table = USAGE_SOURCES[name];
  if (!table) throw new RangeError(`${name} is not a usage dataset`);
  const places = new Set(['uai', 'departement', 'academie']);
  const cols = projection(
    name,
    (c) => (places.has(c) ? `p.${c}` : `r.${c}`),
    (e) => (dates === 'epoch' ? `CAST(${e} - DATE '1970-01-01' AS INTEGER)` : e),
  );
  const dateCol = DATASETS[name].dateColumn!;
  const conds = [
    ...territorySql(q.territory, { uai: 'p.uai', departement: 'p.departement', academie: 'p.academie' }),
    ...dateSql(`r.${dateCol}`, q),
  ];
  return `SELECT ${cols} FROM ${table} r JOIN places p ON p.uai = r.uai ${where(conds)}`;
}

const PG_PLACE = {
  uai: 'e.uai',
  departement: 'e.departement_code',
  academie: 'd.academie_code',
};
const pgEpoch = (e: string) => `(${e} - DATE '1970-01-01')`;

function pgDatasetSql(name: DatasetName, q: DatasetQuery): string {
  const territory = territorySql(q.territory, PG_PLACE);
  const from = `FROM etablissements e JOIN departements d ON d.code = e.departement_code`;
  switch (name) {
    case 'etablissements':
      return `SELECT e.uai, e.departement_code AS departement, d.academie_code AS academie, d.region_code AS region,
          e.name, e.kind, e.commune, e.student_count AS students, coalesce(s.status, 'none') AS ent_status,
          ${pgEpoch('s.valid_from')} AS ent_status_since, e.latitude, e.longitude
        ${from}
        LEFT JOIN LATERAL (SELECT status, valid_from FROM ent_project_status x WHERE x.uai = e.uai
          ${q.to ? `AND x.valid_from <= DATE ${quote(q.to)}` : ''} ORDER BY valid_from DESC LIMIT 1) s ON true
        ${where(territory)} ORDER BY e.uai`;
    case 'accounts':
      return `SELECT DISTINCT ON (a.uai, a.profile) e.uai, e.departement_code AS departement,
          d.academie_code AS academie, a.profile, a.opened, a.activated, ${pgEpoch('a.as_of')} AS as_of
        FROM ent_accounts a JOIN etablissements e ON e.uai = a.uai JOIN departements d ON d.code = e.departement_code
        ${where([...territory, ...(q.to ? [`a.as_of <= DATE ${quote(q.to)}`] : [])])}
        ORDER BY a.uai, a.profile, a.as_of DESC`;
    case 'ent_status':
      return `SELECT e.uai, e.departement_code AS departement, d.academie_code AS academie, s.status,
          ${pgEpoch('s.valid_from')} AS valid_from
        FROM ent_project_status s JOIN etablissements e ON e.uai = s.uai JOIN departements d ON d.code = e.departement_code
        ${where([...territory, ...dateSql('s.valid_from', q)])} ORDER BY s.uai, s.valid_from`;
    case 'hardware':
      return `SELECT e.uai, e.departement_code AS departement, d.academie_code AS academie, h.category, h.count,
          ${pgEpoch('h.acquired_on')} AS acquired_on, ${pgEpoch('h.warranty_end')} AS warranty_end,
          (h.cost_cents / 100.0)::float8 AS cost_eur, h.funding
        FROM hardware_assets h JOIN etablissements e ON e.uai = h.uai JOIN departements d ON d.code = e.departement_code
        ${where(territory)} ORDER BY h.uai, h.acquired_on, h.id`;
    case 'justification_delays': {
      // Each absence once, with the first justification sent for it; Préau's records of a month take precedence
      // over the figures imported for that month.
      const months = [
        ...(q.from ? [`m.month >= date_trunc('month', DATE ${quote(q.from)})::date`] : []),
        ...(q.to ? [`m.month <= DATE ${quote(q.to)}`] : []),
      ];
      return `WITH absences AS (
          SELECT a.uai, date_trunc('month', a.starts_at AT TIME ZONE 'Europe/Paris')::date AS month, a.starts_at,
            (SELECT min(j.submitted_at) FROM absence_justification_entries je
               JOIN absence_justifications j ON j.id = je.justification_id WHERE je.entry_id = a.id) AS justified_at
          FROM attendance_entries a WHERE a.status = 'absent' AND NOT a.erroneous),
        own AS (
          SELECT uai, month, count(*)::int AS absences, count(justified_at)::int AS justified,
            coalesce(sum(greatest(0, extract(epoch FROM justified_at - starts_at)) / 86400.0), 0)::float8 AS delay_days
          FROM absences GROUP BY uai, month),
        m AS (
          SELECT uai, month, absences, justified, delay_days, 'preau' AS source FROM own
          UNION ALL
          SELECT h.uai, h.month, h.absences, h.justified, h.delay_days, 'import' FROM justification_history h
          WHERE NOT EXISTS (SELECT 1 FROM own o WHERE o.uai = h.uai AND o.month = h.month))
        SELECT ${pgEpoch('m.month')} AS month, e.uai, e.departement_code AS departement, d.academie_code AS academie,
          m.absences, m.justified, m.delay_days, m.source
        ${from} JOIN m ON m.uai = e.uai
        ${where([...territory, ...months])} ORDER BY e.uai, m.month`;
    }
    case 'deployment_states': {
      const t = q.territory;
      // A territory's analyst sees the states of territories inside theirs (national: all).
      const conds =
        t.kind === 'national'
          ? []
          : t.kind === 'academie'
            ? [`s.academie_code = ${quote(t.code)}`]
            : t.kind === 'departement'
              ? [`s.territory_kind = 'departement' AND s.territory_code = ${quote(t.code)}`]
              : ['false'];
      return `SELECT s.level, s.territory_kind, s.territory_code, s.territory_name, s.academie_code AS academie,
          s.state, ${pgEpoch('s.valid_from')} AS valid_from FROM deployment_states s
        ${where([...conds, ...dateSql('s.valid_from', q)])} ORDER BY s.level, s.territory_kind, s.territory_code, s.valid_from`;
    }
    default:
      throw new RangeError(`${name} is not a PostgreSQL dataset`);
  }
}

function transpose(name: DatasetName, rows: Record<string, unknown>[]): Record<string, ColumnValues> {
  const columns: Record<string, ColumnValues> = {};
  for (const col of DATASETS[name].columns) {
    if (col.type === 'DATE') {
      columns[col.name] = rows.map((r) => (r[col.name] === null ? null : Number(r[col.name])));
    } else if (col.type === 'VARCHAR') {
      columns[col.name] = rows.map((r) => (r[col.name] === null ? null : String(r[col.name])));
    } else {
      columns[col.name] = rows.map((r) => (r[col.name] === null ? null : Number(r[col.name])));
    }
  }
  return columns;
}

/** The dataset as an Arrow IPC stream, and its row count. */
export async function datasetIpc(
  name: DatasetName,
  q: DatasetQuery,
  deps: { db: Db; usage: { store: EventStore } },
): Promise<{ bytes: Uint8Array; rows: number }> {
  if (USAGE_SOURCES[name]) {
    const { names, columns } = await deps.usage.store.usageDataset(name, q);
    const byName: Record<string, ColumnValues> = {};
    names.forEach((n, i) => {
      const col = DATASETS[name].columns.find((c) => c.name === n)!;
      const values = columns[i] ?? []; // an empty result has no column vectors
      byName[n] =
        col.type === 'DATE' || col.type === 'INTEGER'
          ? Int32Array.from(values as number[])
          : col.type === 'DOUBLE'
            ? Float64Array.from(values as number[])
            : (values as (string | null)[]);
    });
    const rows = columns[0]?.length ?? 0;
    return { bytes: encodeIpc(datasetTable(name, byName)), rows };
  }
  const rows = await deps.db.query(pgDatasetSql(name, q));
  return { bytes: encodeIpc(datasetTable(name, transpose(name, rows))), rows: rows.length };
}
