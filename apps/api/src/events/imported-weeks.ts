/**
 * Imported audience figures older than the statistics' retention (25 months) are kept per ISO week only, the
 * Ministry's open-data granularity: the daily rows of each week are summed into one row dated on its Monday
 * (a week imported as weekly figures is already in that form). Run by `applyRetention` on both engines, and safe to
 * repeat: a week already summed holds one row per key, whose sum is itself.
 *
 * Only whole weeks are summed: a week whose Monday is older than the cut-off but not its Sunday stays daily
 * until the next run after it has crossed (at most six days later), so no row younger than 25 months is merged.
 */

const DAY_MS = 86_400_000;

/** `today` (ISO day) minus whole months, the day clamped to the month's length (as SQL's `- INTERVAL n MONTH`). */
export function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - Math.trunc(months);
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The first day still kept daily: the Monday of the week holding the retention cut-off. */
export function importedWeeksCut(today: string, statsMonths: number): string {
  const cut = Date.parse(`${monthsBefore(today, statsMonths)}T00:00:00Z`);
  const weekday = (new Date(cut).getUTCDay() + 6) % 7;
  return new Date(cut - weekday * DAY_MS).toISOString().slice(0, 10);
}

const isoDay = (day: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not an ISO day: ${day}`);
  return day;
};

/** A week whose sum would not fit the column stays daily (never wrapped around, never blocking the job). */
const DUCKDB_MAX = 2 ** 31 - 1;
const CLICKHOUSE_MAX = 2 ** 32 - 1;

/**
 * DuckDB, inside one transaction: the weeks before `cut` holding a row not dated on their Monday are summed,
 * their other days deleted and their Monday row written with the sum. The DELETE's row count is the number of
 * daily rows merged.
 */
export function duckdbImportedWeeksSql(cut: string): { prepare: string; merge: string[] } {
  const monday = `CAST(date_trunc('week', day) AS DATE)`;
  return {
    prepare: `CREATE OR REPLACE TEMP TABLE imported_weeks AS
      SELECT ${monday} AS week, uai, profile, service, CAST(sum(accesses) AS INTEGER) AS accesses
      FROM usage_imported WHERE day < DATE '${isoDay(cut)}' GROUP BY ${monday}, uai, profile, service
      HAVING bool_or(day <> ${monday}) AND sum(accesses) <= ${DUCKDB_MAX}`,
    merge: [
      `DELETE FROM usage_imported u USING imported_weeks w WHERE u.uai = w.uai AND u.profile = w.profile
         AND u.service = w.service AND u.day BETWEEN w.week + 1 AND w.week + 6`,
      `INSERT OR REPLACE INTO usage_imported SELECT week, uai, profile, service, accesses FROM imported_weeks`,
      'DROP TABLE imported_weeks',
    ],
  };
}

/** ClickHouse: the table the summed figures are written to before it is swapped with `usage_imported`. */
export const CLICKHOUSE_IMPORTED_NEXT = 'usage_imported_weeks';

/**
 * ClickHouse has no multi-statement transaction: the whole table is copied, weeks before `cut` summed, by one
 * INSERT … SELECT into a new table, which `EXCHANGE TABLES` then swaps in atomically. A crash before the swap
 * leaves the original untouched (the partial copy is dropped by the next run); rows imported meanwhile, into the
 * original, carry a higher version than any copied row and are moved over after the swap (`clickhouseCatchUpSql`).
 */
export function clickhouseImportedWeeksSql(cut: string): string[] {
  const next = CLICKHOUSE_IMPORTED_NEXT;
  return [
    `CREATE TABLE ${next} AS usage_imported`,
    `INSERT INTO ${next} SELECT d, uai, profile, service, toUInt32(sum(accesses)), max(version)
     FROM (SELECT if(${clickhouseFolded(cut)}, toMonday(day), day) AS d, uai, profile, service, accesses, version
       FROM usage_imported FINAL)
     GROUP BY d, uai, profile, service`,
    `EXCHANGE TABLES usage_imported AND ${next}`,
    ...clickhouseCatchUpSql(),
  ];
}

/** ClickHouse: whether a row of `usage_imported FINAL` is summed into its week (its week's sum fits UInt32). */
function clickhouseFolded(cut: string): string {
  return `day < toDate('${isoDay(cut)}') AND
    sum(toUInt64(accesses)) OVER (PARTITION BY toMonday(day), uai, profile, service) <= ${CLICKHOUSE_MAX}`;
}

/** ClickHouse: how many daily rows a run would merge (rows not on their Monday, in weeks summed). */
export function clickhouseImportedDaysSql(cut: string): string {
  return `SELECT toUInt32(countIf(folded AND toDayOfWeek(day) != 1)) AS n
    FROM (SELECT day, ${clickhouseFolded(cut)} AS folded FROM usage_imported FINAL)`;
}

/**
 * After a swap (or at the next run, after a crash): rows of the swapped-out table newer than every row of
 * `usage_imported` were imported during the copy and are moved over; a partial copy has none. Then it is dropped.
 */
export function clickhouseCatchUpSql(): string[] {
  const next = CLICKHOUSE_IMPORTED_NEXT;
  return [
    `INSERT INTO usage_imported SELECT * FROM ${next}
     WHERE version > (SELECT max(version) FROM usage_imported)`,
    `DROP TABLE ${next} SYNC`,
  ];
}
