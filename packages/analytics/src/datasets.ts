/**
 * The datasets the analytics endpoints serve and the indicators read — the contract between the API
 * (`GET /api/v1/analytics/datasets/<name>.arrow?from=&to=&territory=`) and the dashboard (DuckDB-wasm).
 *
 * Each dataset is one Arrow IPC stream whose columns are exactly the ones listed here, in this order, with these
 * DuckDB types. The dashboard loads a stream under the dataset's name (`insertArrowFromIPCStream(bytes, {name})`)
 * and runs the SQL of `indicators.ts` over it; the server runs the same SQL over tables of the same names.
 *
 * Type choices keep the browser simple: counts are INTEGER (Arrow Int32, plain JS numbers — never BIGINT, which
 * arrives as JS bigint), money and durations DOUBLE, days DATE (Arrow Date32, local Europe/Paris calendar day),
 * codes VARCHAR. Times of day are already split into local `hour` / `weekday`, so no indicator needs the ICU time
 * zone functions that DuckDB-wasm lacks offline.
 *
 * Query parameters of every endpoint:
 * - `from`, `to`: ISO dates (inclusive) filtering the dataset's `day` (or `valid_from` / `acquired_on`, see
 *   `dateColumn`); datasets without a date column ignore them.
 * - `territory`: `academie:19`, `departement:051` or `uai:0511085C`; narrowed to what the caller may see
 *   (a rectorat analyst: their académie; a département analyst: their département; the national analyst: all).
 */

/** DuckDB column types used by the datasets (the Arrow type each one arrives as is noted beside it). */
export type ColumnType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'DATE';
/* VARCHAR → Dictionary<Utf8, Int32> (read back by DuckDB as VARCHAR), INTEGER → Int32, DOUBLE → Float64,
   DATE → Date32 (DateDay). */

export interface ColumnDef {
  name: string;
  type: ColumnType;
  /** May be null. */
  nullable?: boolean;
  doc: string;
}

export interface DatasetDef {
  name: DatasetName;
  doc: string;
  /** The column that `from` / `to` filter, if any. */
  dateColumn?: string;
  columns: readonly ColumnDef[];
}

export const DATASET_NAMES = [
  'etablissements',
  'usage_daily',
  'usage_weekly',
  'usage_logins',
  'usage_hourly',
  'usage_devices',
  'usage_visitor_days',
  'usage_imported',
  'justification_delays',
  'ent_status',
  'accounts',
  'deployment_states',
  'hardware',
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/* Columns that locate an établissement; repeated in every per-UAI dataset so territory filters need no join. */
const place: ColumnDef[] = [
  { name: 'uai', type: 'VARCHAR', doc: 'UAI of the établissement, e.g. 0511085C' },
  {
    name: 'departement',
    type: 'VARCHAR',
    doc: "Département code, three characters as in the Ministry's files: 051",
  },
  { name: 'academie', type: 'VARCHAR', doc: "Académie code of the Ministry, e.g. '19' (Reims)" },
];
const day: ColumnDef = { name: 'day', type: 'DATE', doc: 'Local calendar day (Europe/Paris)' };
const profile: ColumnDef = {
  name: 'profile',
  type: 'VARCHAR',
  doc: 'Audience-measurement profile: ELEVE, PARENT, ENSEIGNANT, ADMIN_VIE_SCOL_TECH, AUTRE',
};
const service: ColumnDef = {
  name: 'service',
  type: 'VARCHAR',
  doc: 'One of the 25 national services (USAGE_SERVICES)',
};
const visits: ColumnDef = {
  name: 'visits',
  type: 'INTEGER',
  doc: 'Distinct visits (a visit is a run of activity with no gap over 30 min)',
};
const visitors: ColumnDef = {
  name: 'visitors',
  type: 'INTEGER',
  doc: 'Distinct pseudonymous visitors within the row (not additive across rows)',
};

export const DATASETS: Record<DatasetName, DatasetDef> = {
  etablissements: {
    name: 'etablissements',
    doc: 'The établissements of the territory, with their size and ENT project status today.',
    columns: [
      ...place,
      { name: 'region', type: 'VARCHAR', doc: 'Région code' },
      { name: 'name', type: 'VARCHAR', doc: 'Official name' },
      { name: 'kind', type: 'VARCHAR', doc: 'college | lycee' },
      { name: 'commune', type: 'VARCHAR', doc: 'Commune name' },
      { name: 'students', type: 'INTEGER', nullable: true, doc: 'Number of students' },
      {
        name: 'ent_status',
        type: 'VARCHAR',
        doc: 'ENT project status today: none | study | pilot | generalised',
      },
      { name: 'ent_status_since', type: 'DATE', nullable: true, doc: 'Date the current status began' },
      { name: 'latitude', type: 'DOUBLE', nullable: true, doc: 'WGS 84' },
      { name: 'longitude', type: 'DOUBLE', nullable: true, doc: 'WGS 84' },
    ],
  },
  usage_daily: {
    name: 'usage_daily',
    doc: 'Rollup per UAI × day × service × profile.',
    dateColumn: 'day',
    columns: [
      day,
      ...place,
      service,
      profile,
      { name: 'events', type: 'INTEGER', doc: 'Number of events' },
      visits,
      visitors,
      { name: 'duration_s', type: 'DOUBLE', doc: 'Time spent in the service, seconds (sum over visits)' },
    ],
  },
  usage_weekly: {
    name: 'usage_weekly',
    doc: "Rollup per UAI × week × service × profile (the Ministry's weekly DNMA grain).",
    dateColumn: 'week',
    columns: [
      { name: 'week', type: 'DATE', doc: 'Monday of the ISO week (local)' },
      ...place,
      service,
      profile,
      { name: 'events', type: 'INTEGER', doc: 'Number of events' },
      visits,
      visitors,
      { name: 'duration_s', type: 'DOUBLE', doc: 'Seconds' },
    ],
  },
  usage_logins: {
    name: 'usage_logins',
    doc: 'Sign-ins (visits) per UAI × day × profile × class (class only for students, else null).',
    dateColumn: 'day',
    columns: [
      day,
      ...place,
      profile,
      { name: 'classe', type: 'VARCHAR', nullable: true, doc: "The student's class name, e.g. 4e B" },
      { name: 'logins', type: 'INTEGER', doc: 'Visits started that day' },
      visitors,
    ],
  },
  usage_hourly: {
    name: 'usage_hourly',
    doc: 'Activity per UAI × day × local hour × profile (hourly and weekly peaks).',
    dateColumn: 'day',
    columns: [
      day,
      { name: 'weekday', type: 'INTEGER', doc: 'ISO day of week, 1 = Monday … 7 = Sunday' },
      { name: 'hour', type: 'INTEGER', doc: 'Local hour 0–23' },
      ...place,
      profile,
      { name: 'events', type: 'INTEGER', doc: 'Number of events' },
      visits,
    ],
  },
  usage_devices: {
    name: 'usage_devices',
    doc: 'Visits per UAI × day × profile × device type × OS family × browser family.',
    dateColumn: 'day',
    columns: [
      day,
      ...place,
      profile,
      { name: 'device', type: 'VARCHAR', doc: 'ordinateur | smartphone | tablette | autre' },
      {
        name: 'os',
        type: 'VARCHAR',
        doc: 'OS family, e.g. Windows, Android, iOS, macOS, Linux, ChromeOS, autre',
      },
      { name: 'browser', type: 'VARCHAR', doc: 'Browser family, e.g. Chrome, Firefox, Safari, Edge, autre' },
      visits,
      visitors,
    ],
  },
  usage_visitor_days: {
    name: 'usage_visitor_days',
    doc: 'One row per pseudonymous visitor active on a day in a UAI (distinct visitors over any window).',
    dateColumn: 'day',
    columns: [
      day,
      ...place,
      profile,
      {
        name: 'visitor',
        type: 'VARCHAR',
        doc: 'Pseudonymous visitor id (HMAC, rotated monthly: distinct counts are exact within a calendar month)',
      },
      visits,
    ],
  },
  usage_imported: {
    name: 'usage_imported',
    doc:
      'Past audience figures imported from CSV (before Préau measured itself): accesses per UAI × day × profile × ' +
      'service, as the previous ENT reported them.',
    dateColumn: 'day',
    columns: [
      day,
      ...place,
      profile,
      service,
      { name: 'accesses', type: 'INTEGER', doc: 'Accesses (connexions) reported for that day' },
    ],
  },
  justification_delays: {
    name: 'justification_delays',
    doc:
      'Absences and the delay to justify them, per UAI × month: from the vie-scolaire records (absence entries and ' +
      'the justifications that cover them), and before Préau, the monthly figures imported from the software used ' +
      'then. It exists with or without an ENT, so an evaluation may compare it before and after one opened.',
    dateColumn: 'month',
    columns: [
      { name: 'month', type: 'DATE', doc: 'First day of the month (local) in which the absences took place' },
      ...place,
      {
        name: 'absences',
        type: 'INTEGER',
        doc: 'Absence entries (séances missed; corrected or erroneous entries excluded)',
      },
      { name: 'justified', type: 'INTEGER', doc: 'Of these, absences a justification was sent for' },
      {
        name: 'delay_days',
        type: 'DOUBLE',
        doc:
          'Sum over justified absences of the days from the séance to the first justification sent (0 when sent ' +
          'before): the mean delay is delay_days / justified',
      },
      { name: 'source', type: 'VARCHAR', doc: "preau (Préau's records) | import (past figures)" },
    ],
  },
  ent_status: {
    name: 'ent_status',
    doc:
      'Dated history of each établissement’s ENT project (a status holds from valid_from until the next row): ' +
      'which were pilots, when each generalised — what an evaluation compares before and after.',
    dateColumn: 'valid_from',
    columns: [
      ...place,
      { name: 'status', type: 'VARCHAR', doc: 'none | study | pilot | generalised' },
      { name: 'valid_from', type: 'DATE', doc: 'Date from which the status holds' },
    ],
  },
  accounts: {
    name: 'accounts',
    doc: 'ENT accounts opened and activated per UAI × profile (latest count).',
    columns: [
      ...place,
      profile,
      { name: 'opened', type: 'INTEGER', doc: 'Accounts opened' },
      { name: 'activated', type: 'INTEGER', doc: 'Accounts activated (first sign-in done)' },
      { name: 'as_of', type: 'DATE', doc: 'Date of the count' },
    ],
  },
  deployment_states: {
    name: 'deployment_states',
    doc:
      "Dated deployment state of territories in the Ministry's 5 categories; a state holds from valid_from until " +
      'the next row of the same territory and level. Collèges are mapped by département, lycées by académie or région.',
    dateColumn: 'valid_from',
    columns: [
      { name: 'level', type: 'VARCHAR', doc: 'college | lycee' },
      { name: 'territory_kind', type: 'VARCHAR', doc: 'departement | academie | region' },
      { name: 'territory_code', type: 'VARCHAR', doc: 'Code of the territory' },
      { name: 'territory_name', type: 'VARCHAR', doc: 'Name of the territory' },
      {
        name: 'academie',
        type: 'VARCHAR',
        nullable: true,
        doc: 'Académie the territory belongs to (null for a région)',
      },
      {
        name: 'state',
        type: 'VARCHAR',
        doc: 'generalisation_50_plus | generalisation_moins_50 | experimentation | etude_prealable | reflexion',
      },
      { name: 'valid_from', type: 'DATE', doc: 'Date from which the state holds' },
    ],
  },
  hardware: {
    name: 'hardware',
    doc: 'Hardware assets per établissement (one row per purchase lot).',
    columns: [
      ...place,
      {
        name: 'category',
        type: 'VARCHAR',
        doc: 'fixed_pc | laptop | video_projector | interactive_whiteboard | server | network_printer',
      },
      { name: 'count', type: 'INTEGER', doc: 'Number of units in the lot' },
      { name: 'acquired_on', type: 'DATE', doc: 'Acquisition date' },
      { name: 'warranty_end', type: 'DATE', nullable: true, doc: 'End of warranty' },
      { name: 'cost_eur', type: 'DOUBLE', doc: 'Total cost of the lot, euros incl. tax' },
      { name: 'funding', type: 'VARCHAR', doc: 'departement | feder | region | etat | autre' },
    ],
  },
};

/** `CREATE TABLE` for a dataset, identical in DuckDB-wasm and @duckdb/node-api (used by fixtures and the server). */
export function createTableSql(name: DatasetName, tableName: string = name): string {
  const cols = DATASETS[name].columns.map((c) => `"${c.name}" ${c.type}`).join(', ');
  return `CREATE TABLE "${tableName}" (${cols})`;
}

/** The column list of a dataset, quoted, in contract order (for `SELECT` projections). */
export function columnList(name: DatasetName): string {
  return DATASETS[name].columns.map((c) => `"${c.name}"`).join(', ');
}

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}
