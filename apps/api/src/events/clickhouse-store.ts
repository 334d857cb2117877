/**
 * The event store on ClickHouse, behind the same `EventStore` interface as DuckDB: a server (`CLICKHOUSE_URL`) when
 * one machine is outgrown, or the embedded engine of `chdb` (tests, a single machine). Tables and rollups:
 * `clickhouse-schema.ts`. Appends are serialized in this process (each carries the sequence number of its commit,
 * which the rollup pass uses as its watermark, as in DuckDB).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASETS, type DatasetName } from '@preau/analytics';
import type { AudienceRow } from './audience-import.js';
import { type ClickHouseConnection, chdbConnection, httpConnection } from './clickhouse-connection.js';
import { CLICKHOUSE_RETENTION, clickhouseDdl, clickhouseRollupSql } from './clickhouse-schema.js';
import { type DatasetQuery, placeCondition, USAGE_SOURCES } from './datasets.js';
import { type DnmaLayout, dnmaSql } from './dnma.js';
import {
  CLICKHOUSE_IMPORTED_NEXT,
  clickhouseCatchUpSql,
  clickhouseImportedDaysSql,
  clickhouseImportedWeeksSql,
  importedWeeksCut,
} from './imported-weeks.js';
import {
  type DatasetColumns,
  DEFAULT_RETENTION,
  type EventStore,
  type Place,
  type RetentionPolicy,
  type StoredEvent,
  type UsageSummary,
  usageSummarySql,
} from './store.js';

const quote = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const isoDay = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
const isoTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

/** Serializes writes. */
class Serial {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(fn, fn);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

export class ClickHouseEventStore implements EventStore {
  readonly engine = 'clickhouse';
  readonly #conn: ClickHouseConnection;
  readonly #writes = new Serial();
  readonly #rollups = new Serial();
  #seq: bigint;

  private constructor(conn: ClickHouseConnection, seq: bigint) {
    this.#conn = conn;
    this.#seq = seq;
  }

  /**
   * Opens the store, creating the tables when missing. `ttl`: the retention the tables enforce by themselves (by
   * the server's clock); null leaves retention to `applyRetention` (tests at fixed dates).
   */
  static async open(
    conn: ClickHouseConnection,
    ttl: RetentionPolicy | null = DEFAULT_RETENTION,
  ): Promise<ClickHouseEventStore> {
    await conn.exec(clickhouseDdl(ttl));
    const [row] = await conn.rows<{ m: string }>('SELECT toString(max(seq)) AS m FROM events');
    return new ClickHouseEventStore(conn, BigInt(row?.m ?? '0'));
  }

  get connection(): ClickHouseConnection {
    return this.#conn;
  }

  append(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.#writes.run(async () => {
      const seq = this.#seq + 1n;
      const lines = events.map((e) =>
        JSON.stringify({
          seq: seq.toString(),
          time: isoTime(e.timeMs),
          day: isoDay(e.day),
          hour: e.hour,
          uai: e.uai,
          service: e.service,
          type: e.type,
          tool: e.tool,
          profile: e.profile,
          action: e.action,
          visit_id: e.visitId,
          visitor: e.visitor,
          device: e.device,
          os: e.os,
          browser: e.browser,
          classe: e.classe,
        }),
      );
      await this.#conn.insert('events', `${lines.join('\n')}\n`);
      this.#seq = seq;
    });
  }

  refreshRollups(): Promise<{ keys: number }> {
    return this.#rollups.run(async () => {
      const [state] = await this.#conn.rows<{ w: string }>(
        'SELECT toString(max(watermark)) AS w FROM rollup_state',
      );
      const lo = BigInt(state?.w ?? '0');
      const hi = this.#seq;
      if (hi <= lo) return { keys: 0 };
      const [dirty] = await this.#conn.rows<{ n: number }>(
        `SELECT toUInt32(count()) AS n FROM (SELECT DISTINCT uai, day FROM events WHERE seq > ${lo} AND seq <= ${hi})`,
      );
      for (const statement of clickhouseRollupSql(lo, hi)) await this.#conn.exec(statement);
      return { keys: Number(dirty?.n ?? 0) };
    });
  }

  applyRetention(
    today: string,
    policy: RetentionPolicy = DEFAULT_RETENTION,
  ): Promise<{ events: number; rollupRows: number; importedDays: number }> {
    return this.#rollups.run(() =>
      this.#writes.run(async () => {
        let events = 0;
        let rollupRows = 0;
        for (const [table, column, kind] of CLICKHOUSE_RETENTION) {
          if (kind === 'archive') continue;
          const months = Math.trunc(kind === 'identifiers' ? policy.rawMonths : policy.statsMonths);
          const cond = `${column} < toDate(${quote(today)}) - INTERVAL ${months} MONTH`;
          const final = table.startsWith('usage_') ? ' FINAL' : '';
          const [n] = await this.#conn.rows<{ n: number }>(
            `SELECT toUInt32(count()) AS n FROM ${table}${final} WHERE ${cond}`,
          );
          if (!n?.n) continue;
          await this.#conn.exec(`ALTER TABLE ${table} DELETE WHERE ${cond} SETTINGS mutations_sync = 2`);
          if (table === 'events') events = n.n;
          else if (table !== 'visit_services') rollupRows += n.n;
        }
        const importedDays = await this.#sumImportedWeeks(importedWeeksCut(today, policy.statsMonths));
        return { events, rollupRows, importedDays };
      }),
    );
  }

  sumImportedWeeks(cut: string): Promise<number> {
    return this.#rollups.run(() => this.#writes.run(() => this.#sumImportedWeeks(cut)));
  }

  /** Copy, sum and swap (see `clickhouseImportedWeeksSql`); first finishes a run a crash interrupted. */
  async #sumImportedWeeks(cut: string): Promise<number> {
    const [left] = await this.#conn.rows<{ n: number }>(
      `SELECT toUInt32(count()) AS n FROM system.tables WHERE database = currentDatabase()
         AND name = ${quote(CLICKHOUSE_IMPORTED_NEXT)}`,
    );
    if (left?.n) for (const statement of clickhouseCatchUpSql()) await this.#conn.exec(statement);
    const [daily] = await this.#conn.rows<{ n: number }>(clickhouseImportedDaysSql(cut));
    if (!daily?.n) return 0;
    for (const statement of clickhouseImportedWeeksSql(cut)) await this.#conn.exec(statement);
    return daily.n;
  }

  /** Writes `month=YYYY-MM/uai=…/data_0.parquet` files, one per month and établissement, as DuckDB does. */
  async exportParquet(dir: string, range: { from?: string; to?: string } = {}): Promise<{ rows: number }> {
    // Files outside the store escape its 13-month retention: they carry no visitor id.
    const where = ['true'];
    if (range.from) where.push(`day >= toDate(${quote(range.from)})`);
    if (range.to) where.push(`day <= toDate(${quote(range.to)})`);
    const parts = await this.#conn.rows<{ month: string; uai: string; n: number }>(
      `SELECT formatDateTime(day, '%Y-%m') AS month, toString(uai) AS uai, toUInt32(count()) AS n FROM events
        WHERE ${where.join(' AND ')} GROUP BY month, uai ORDER BY month, uai`,
    );
    let rows = 0;
    for (const p of parts) {
      const bytes = await this.#conn.bytes(
        `SELECT time, day, hour, toString(service) AS service, toString(type) AS type, tool,
           toString(profile) AS profile, toString(action) AS action, visit_id, toString(device) AS device,
           toString(os) AS os, toString(browser) AS browser, classe
         FROM events WHERE uai = ${quote(p.uai)} AND formatDateTime(day, '%Y-%m') = ${quote(p.month)}
           AND ${where.join(' AND ')} ORDER BY day, time`,
        'Parquet',
      );
      const folder = join(dir, `month=${p.month}`, `uai=${p.uai}`);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'data_0.parquet'), bytes);
      rows += p.n;
    }
    return { rows };
  }

  setPlaces(places: readonly Place[]): Promise<void> {
    return this.#writes.run(async () => {
      await this.#conn.exec('TRUNCATE TABLE places');
      await this.#conn.insert('places', places.map((p) => JSON.stringify(p)).join('\n'));
    });
  }

  async usageDataset(name: DatasetName, q: DatasetQuery): Promise<DatasetColumns> {
    const table = USAGE_SOURCES[name];
    if (!table) throw new RangeError(`${name} is not a usage dataset`);
    const def = DATASETS[name];
    const places = new Set(['uai', 'departement', 'academie']);
    const cols = def.columns.map((c) => {
      const expr = places.has(c.name) ? `p.${c.name}` : `r.${c.name}`;
      if (c.type === 'DATE') return `toInt32(${expr}) AS "${c.name}"`;
      if (c.name === 'classe') return `nullIf(${expr}, '') AS classe`;
      if (c.type === 'VARCHAR') return `toString(${expr}) AS "${c.name}"`;
      if (c.type === 'INTEGER') return `toInt32(${expr}) AS "${c.name}"`;
      return `toFloat64(${expr}) AS "${c.name}"`;
    });
    const dateCol = def.dateColumn!;
    const conds = [`uai IN (SELECT uai FROM places p WHERE ${placeCondition(q.territory)})`];
    if (q.from) conds.push(`${dateCol} >= toDate(${quote(q.from)})`);
    if (q.to) conds.push(`${dateCol} <= toDate(${quote(q.to)})`);
    const sql = `SELECT ${cols.join(', ')} FROM (SELECT * FROM ${table} FINAL WHERE ${conds.join(' AND ')}) r
      INNER JOIN places p ON p.uai = r.uai`;
    const byName = await this.#conn.columns(sql);
    const names = def.columns.map((c) => c.name);
    const columns = names.map((n) => byName[n] ?? []);
    return { names, columns, rows: columns[0]?.length ?? 0 };
  }

  dnma(
    layout: DnmaLayout,
    q: DatasetQuery & { from: string; to: string },
  ): Promise<Record<string, unknown>[]> {
    const pv = `SELECT toMonday(day) AS week, toString(uai) AS uai, visit_id, toString(service) AS service,
        min(toString(profile)) AS profile, min(device) AS device, min(os) AS os, min(browser) AS browser,
        min(visitor) AS visitor, min(first) AS first, max(last) AS last
      FROM visit_services WHERE uai IN (SELECT uai FROM places p WHERE ${placeCondition(q.territory)})
        AND day BETWEEN toDate(${quote(q.from)}) AND toDate(${quote(q.to)})
      GROUP BY week, uai, visit_id, service`;
    return this.#conn.rows(
      dnmaSql(layout, pv, { seconds: (a, b) => `dateDiff('millisecond', ${a}, ${b}) / 1000.0` }),
    );
  }

  async usageSummary(q: DatasetQuery & { from: string; to: string }): Promise<UsageSummary> {
    const from = `(SELECT * FROM usage_daily FINAL WHERE uai IN (SELECT uai FROM places p WHERE
      ${placeCondition(q.territory)}) AND day BETWEEN toDate(${quote(q.from)}) AND toDate(${quote(q.to)}))`;
    const [services, weekly] = usageSummarySql(
      from,
      'usage_daily',
      `formatDateTime(toMonday(day), '%Y-%m-%d')`,
    );
    return {
      services: await this.#conn.rows(
        services.replace('SELECT service', 'SELECT toString(service) AS service'),
      ),
      weekly: await this.#conn.rows(weekly.replace(' profile,', ' toString(profile) AS profile,')),
    };
  }

  importAudience(rows: readonly AudienceRow[]): Promise<void> {
    return this.#writes.run(async () => {
      // The last line of a key wins: a later version replaces the earlier rows of that key.
      const [last] = await this.#conn.rows<{ v: string }>(
        'SELECT toString(max(version)) AS v FROM usage_imported',
      );
      const base = BigInt(last?.v ?? '0') + 1n;
      await this.#conn.insert(
        'usage_imported',
        rows
          .map((r, i) =>
            JSON.stringify({
              day: r.day,
              uai: r.uai,
              profile: r.profile,
              service: r.service,
              accesses: r.accesses,
              version: (base + BigInt(i)).toString(),
            }),
          )
          .join('\n'),
      );
    });
  }

  reset(): Promise<void> {
    return this.#rollups.run(() =>
      this.#writes.run(async () => {
        for (const [table] of CLICKHOUSE_RETENTION) {
          if (table !== 'usage_imported') await this.#conn.exec(`TRUNCATE TABLE ${table}`);
        }
        await this.#conn.exec('TRUNCATE TABLE rollup_state');
        this.#seq = 0n;
      }),
    );
  }

  async count(): Promise<number> {
    const [row] = await this.#conn.rows<{ n: string }>('SELECT toString(count()) AS n FROM events');
    return Number(row?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.#rollups.run(() => this.#writes.run(() => this.#conn.close()));
  }
}

/** Opens the ClickHouse store on a server (`url`) or embedded in `<dataDir>/clickhouse` (chdb). */
export async function openClickHouseStore(
  where: { url: string } | { dataDir: string | null },
  ttl: RetentionPolicy | null = DEFAULT_RETENTION,
): Promise<ClickHouseEventStore> {
  if ('url' in where) return ClickHouseEventStore.open(httpConnection(where.url), ttl);
  const dir = where.dataDir ? join(where.dataDir, 'clickhouse') : undefined;
  if (dir) await mkdir(dir, { recursive: true });
  return ClickHouseEventStore.open(chdbConnection(dir), ttl);
}
