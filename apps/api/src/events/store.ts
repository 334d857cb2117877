/**
 * The usage event store. `EventStore` is the small interface the API depends on (append, query, export,
 * retention, rollups) so that a ClickHouse store can replace DuckDB when one machine is outgrown.
 *
 * DuckDB implementation: one file `<dataDir>/events.duckdb`. Appends go through the appender, one transaction per
 * call; DuckDB writes and fsyncs its write-ahead log at commit, so when `append` resolves the events survive a
 * crash (tested by killing the server with SIGKILL). Appends are serialized on one connection; rollup passes and
 * retention run on another, concurrently with appends (they write other tables; DuckDB's MVCC keeps each pass on
 * a consistent snapshot); reads use a third.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  dateValue,
  timestampValue,
} from '@duckdb/node-api';
import type { DatasetName } from '@preau/analytics';
import { placeCondition, usageDatasetSql } from './datasets.js';
import { type DnmaLayout, dnmaSql } from './dnma.js';
import { duckdbImportedWeeksSql, importedWeeksCut } from './imported-weeks.js';
import {
  type AudienceRow,
  type DatasetColumns,
  type DatasetQuery,
  DEFAULT_RETENTION,
  type EventStore,
  type Place,
  type RetentionPolicy,
  type StoredEvent,
  type UsageSummary,
} from './types.js';

export * from './types.js';

import { ROLLUP_DDL, ROLLUP_TABLES, rollupPassSql } from './rollups.js';

/** SQL of the usage summary over `usage_daily` rows `r` joined to places `p` (both engines). */
export function usageSummarySql(from: string, table: string, week: string): [string, string] {
  return [
    `SELECT service, CAST(sum(visits) AS INTEGER) AS visits, CAST(sum(events) AS INTEGER) AS events,
       CAST(sum(duration_s) AS DOUBLE) AS duration_s FROM ${from} GROUP BY service ORDER BY visits DESC, service`,
    `SELECT ${week} AS week, profile, CAST(sum(visits) AS INTEGER) AS visits FROM ${from}
       GROUP BY week, profile ORDER BY week, profile`,
  ].map((s) => s.replace('__TABLE__', table)) as [string, string];
}

const EVENTS_DDL = `
CREATE TABLE IF NOT EXISTS events (
  seq BIGINT NOT NULL, time TIMESTAMP NOT NULL, day DATE NOT NULL, hour TINYINT NOT NULL,
  uai VARCHAR NOT NULL, service VARCHAR NOT NULL, type VARCHAR NOT NULL, tool VARCHAR, profile VARCHAR NOT NULL,
  action VARCHAR NOT NULL, visit_id VARCHAR NOT NULL, visitor VARCHAR NOT NULL, device VARCHAR NOT NULL,
  os VARCHAR NOT NULL, browser VARCHAR NOT NULL, classe VARCHAR);
CREATE TABLE IF NOT EXISTS places (uai VARCHAR PRIMARY KEY, departement VARCHAR, academie VARCHAR, region VARCHAR);
`;

/** A promise chain that runs writes one at a time. */
class Serial {
  #tail: Promise<unknown> = Promise.resolve();
  /** Set by the store's close(), last in line: what was queued after it starts no query on a closing connection. */
  stopped = false;
  run<T>(fn: () => Promise<T>): Promise<T> {
    const guarded = () => (this.stopped ? Promise.reject(new Error('The usage store is closed')) : fn());
    const next = this.#tail.then(guarded, guarded);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export class DuckDbEventStore implements EventStore {
  readonly engine = 'duckdb';
  readonly #instance: DuckDBInstance;
  readonly #write: DuckDBConnection;
  readonly #read: DuckDBConnection;
  /** Rollup passes and retention run on their own connection, concurrently with appends (other tables). */
  readonly #rollup: DuckDBConnection;
  /** Appends and other writes to `events`. */
  readonly #serial = new Serial();
  /** Rollup passes and retention, one at a time; `exclusive` takes both (this one first). */
  readonly #rollupSerial = new Serial();
  /** Reads under way on `#read`: closing a connection under a running query deadlocks DuckDB, so close() waits. */
  readonly #reads = new Set<Promise<unknown>>();
  #closed: Promise<void> | undefined;
  #seq: bigint;

  private constructor(
    instance: DuckDBInstance,
    write: DuckDBConnection,
    read: DuckDBConnection,
    rollup: DuckDBConnection,
    seq: bigint,
  ) {
    this.#instance = instance;
    this.#write = write;
    this.#read = read;
    this.#rollup = rollup;
    this.#seq = seq;
  }

  /** Opens (creating if needed) `<dataDir>/events.duckdb`, or an in-memory store for `:memory:`. */
  static async open(dataDir: string | ':memory:'): Promise<DuckDbEventStore> {
    let path = ':memory:';
    if (dataDir !== ':memory:') {
      await mkdir(dataDir, { recursive: true });
      path = join(dataDir, 'events.duckdb');
    }
    const instance = await DuckDBInstance.create(path);
    const write = await instance.connect();
    await write.run(EVENTS_DDL + ROLLUP_DDL);
    const read = await instance.connect();
    const rollup = await instance.connect();
    const max = await write.runAndReadAll('SELECT coalesce(max(seq), 0) FROM events');
    return new DuckDbEventStore(instance, write, read, rollup, BigInt(max.getRows()[0]![0] as bigint));
  }

  append(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.#serial.run(async () => {
      const seq = this.#seq + 1n;
      // Rows go into an explicit transaction (the appender follows the connection's), so that the commit — where
      // DuckDB writes and syncs its WAL — runs off the event loop, and a failure leaves nothing behind.
      await this.#write.run('BEGIN TRANSACTION');
      try {
        const appender = await this.#write.createAppender('events');
        try {
          appendRows(appender, seq, events);
        } finally {
          appender.closeSync();
        }
        await this.#write.run('COMMIT');
      } catch (error) {
        await this.#write.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
      this.#seq = seq;
    });
  }

  /** Runs `fn` on the read connection, counted so that close() can interrupt it and wait for it to end. */
  #reading<T>(fn: (read: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The usage store is closing: no new read'));
    const running = fn(this.#read);
    this.#reads.add(running);
    const done = () => this.#reads.delete(running);
    running.then(done, done);
    return running;
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.#reading((read) => read.runAndReadAll(sql));
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  async queryColumns(sql: string): Promise<{ names: string[]; columns: unknown[][] }> {
    const reader = await this.#reading((read) => read.runAndReadAll(sql));
    return { names: reader.columnNames(), columns: reader.getColumnsJS() as unknown[][] };
  }

  refreshRollups(): Promise<{ keys: number }> {
    return this.#rollupSerial.run(async () => {
      const state = await this.#rollup.runAndReadAll('SELECT watermark FROM rollup_state WHERE id = 1');
      const lo = BigInt(state.getRows()[0]![0] as bigint);
      // Committed appends only: #seq moves after each commit, so this pass's snapshot holds every seq up to hi.
      const hi = this.#seq;
      if (hi <= lo) return { keys: 0 };
      await this.#rollup.run('BEGIN TRANSACTION');
      try {
        await this.#rollup.run(rollupPassSql(lo, hi)[0]!);
        const dirty = await this.#rollup.runAndReadAll(
          `SELECT count(*), strftime(min(day), '%Y-%m-%d'), strftime(max(day), '%Y-%m-%d') FROM dirty_days`,
        );
        const [count, first, last] = dirty.getRows()[0]! as [bigint, string | null, string | null];
        const statements = rollupPassSql(lo, hi, first && last ? { first, last } : undefined);
        for (const statement of statements.slice(1)) await this.#rollup.run(statement);
        await this.#rollup.run('COMMIT');
        return { keys: Number(count) };
      } catch (error) {
        await this.#rollup.run('ROLLBACK');
        throw error;
      }
    });
  }

  applyRetention(
    today: string,
    policy: RetentionPolicy = DEFAULT_RETENTION,
  ): Promise<{ events: number; rollupRows: number; importedDays: number }> {
    return this.#rollupSerial.run(async () => {
      const rawCut = `DATE ${sqlString(today)} - INTERVAL ${Math.trunc(policy.rawMonths)} MONTH`;
      const statsCut = `DATE ${sqlString(today)} - INTERVAL ${Math.trunc(policy.statsMonths)} MONTH`;
      const deleted = await this.#rollup.run(`DELETE FROM events WHERE day < ${rawCut}`);
      let rollupRows = 0;
      for (const [table, kind] of Object.entries(ROLLUP_TABLES)) {
        if (kind === 'archive') continue;
        const cut = kind === 'identifiers' ? rawCut : statsCut;
        const col = table === 'usage_weekly' ? 'week' : 'day';
        const r = await this.#rollup.run(`DELETE FROM ${table} WHERE ${col} < ${cut}`);
        rollupRows += r.rowsChanged;
      }
      const importedDays = await this.#sumImportedWeeks(importedWeeksCut(today, policy.statsMonths));
      return { events: deleted.rowsChanged, rollupRows, importedDays };
    });
  }

  sumImportedWeeks(cut: string): Promise<number> {
    return this.#rollupSerial.run(() => this.#sumImportedWeeks(cut));
  }

  /** One transaction: a crash half-way leaves every daily row as it was (imports take both serials). */
  async #sumImportedWeeks(cut: string): Promise<number> {
    const { prepare, merge } = duckdbImportedWeeksSql(cut);
    await this.#rollup.run('BEGIN TRANSACTION');
    try {
      await this.#rollup.run(prepare);
      const [remove, ...rest] = merge;
      const removed = await this.#rollup.run(remove!);
      for (const statement of rest) await this.#rollup.run(statement);
      await this.#rollup.run('COMMIT');
      return removed.rowsChanged;
    } catch (error) {
      await this.#rollup.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  exportParquet(dir: string, range: { from?: string; to?: string } = {}): Promise<{ rows: number }> {
    // Files outside the store escape its 13-month retention: they carry no visitor id.
    return this.#rollupSerial.run(async () => {
      const where: string[] = [];
      if (range.from) where.push(`day >= DATE ${sqlString(range.from)}`);
      if (range.to) where.push(`day <= DATE ${sqlString(range.to)}`);
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const r = await this.#reading((read) =>
        read.run(
          `COPY (SELECT * EXCLUDE (seq, visitor), strftime(day, '%Y-%m') AS month FROM events ${filter}) TO ${sqlString(dir)} ` +
            `(FORMAT parquet, PARTITION_BY (month, uai), OVERWRITE_OR_IGNORE true)`,
        ),
      );
      return { rows: r.rowsChanged };
    });
  }

  setPlaces(places: readonly Place[]): Promise<void> {
    return this.#serial.run(async () => {
      await this.#write.run('BEGIN TRANSACTION');
      try {
        await this.#write.run('DELETE FROM places');
        const appender = await this.#write.createAppender('places');
        for (const p of places) {
          appender.appendVarchar(p.uai);
          appender.appendVarchar(p.departement);
          appender.appendVarchar(p.academie);
          appender.appendVarchar(p.region);
          appender.endRow();
        }
        appender.closeSync();
        await this.#write.run('COMMIT');
      } catch (error) {
        await this.#write.run('ROLLBACK');
        throw error;
      }
    });
  }

  async usageDataset(name: DatasetName, q: DatasetQuery): Promise<DatasetColumns> {
    const { names, columns } = await this.queryColumns(usageDatasetSql(name, q));
    return { names, columns, rows: columns[0]?.length ?? 0 };
  }

  dnma(
    layout: DnmaLayout,
    q: DatasetQuery & { from: string; to: string },
  ): Promise<Record<string, unknown>[]> {
    const pv = `SELECT CAST(date_trunc('week', e.day) AS DATE) AS week, e.uai, e.visit_id, e.service,
        min(e.profile) AS profile, min(e.device) AS device, min(e.os) AS os, min(e.browser) AS browser,
        min(e.visitor) AS visitor, min(e.time) AS first, max(e.time) AS last
      FROM events e JOIN places p ON p.uai = e.uai
      WHERE ${placeCondition(q.territory)} AND e.day BETWEEN DATE ${sqlString(q.from)} AND DATE ${sqlString(q.to)}
      GROUP BY week, e.uai, e.visit_id, e.service`;
    const sql = dnmaSql(layout, pv, {
      seconds: (a, b) => `(epoch_ms(${b}) - epoch_ms(${a})) / 1000.0`,
    });
    return this.query(`SELECT strftime(week, '%Y-%m-%d') AS week, * EXCLUDE (week) FROM (${sql})`);
  }

  async usageSummary(q: DatasetQuery & { from: string; to: string }): Promise<UsageSummary> {
    const from = `(SELECT r.* FROM usage_daily r JOIN places p ON p.uai = r.uai WHERE ${placeCondition(q.territory)}
      AND r.day BETWEEN DATE ${sqlString(q.from)} AND DATE ${sqlString(q.to)})`;
    const [services, weekly] = usageSummarySql(
      from,
      'usage_daily',
      `strftime(date_trunc('week', day), '%Y-%m-%d')`,
    );
    return {
      services: (await this.query(services)) as UsageSummary['services'],
      weekly: (await this.query(weekly)) as UsageSummary['weekly'],
    };
  }

  importAudience(rows: readonly AudienceRow[]): Promise<void> {
    return this.exclusive(async (conn) => {
      await conn.run(
        'CREATE OR REPLACE TEMP TABLE audience_in (day DATE, uai VARCHAR, profile VARCHAR, service VARCHAR, accesses INTEGER)',
      );
      const appender = await conn.createAppender('audience_in');
      for (const r of rows) {
        appender.appendDate(dateValue(Math.round(Date.parse(`${r.day}T00:00:00Z`) / 86_400_000)));
        appender.appendVarchar(r.uai);
        appender.appendVarchar(r.profile);
        appender.appendVarchar(r.service);
        appender.appendInteger(r.accesses);
        appender.endRow();
      }
      appender.closeSync();
      // (duplicate lines of one file are refused by the parser, each named with its line)
      await conn.run(
        `INSERT OR REPLACE INTO usage_imported SELECT day, uai, profile, service, last(accesses ORDER BY rowid)
           FROM audience_in GROUP BY day, uai, profile, service`,
      );
      await conn.run('DROP TABLE audience_in');
    });
  }

  reset(): Promise<void> {
    return this.exclusive(async (conn) => {
      for (const t of ['events', ...Object.keys(ROLLUP_TABLES).filter((t) => t !== 'usage_imported')]) {
        await conn.run(`DELETE FROM ${t}`);
      }
      await conn.run('UPDATE rollup_state SET watermark = 0');
    });
  }

  async count(): Promise<number> {
    const r = await this.#reading((read) => read.runAndReadAll('SELECT count(*) FROM events'));
    return Number(r.getRows()[0]![0]);
  }

  /** Runs `fn` with the write connection to itself: no append or rollup runs meanwhile (generators, maintenance). */
  exclusive<T>(fn: (write: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.#rollupSerial.run(() => this.#serial.run(() => fn(this.#write)));
  }

  /** Runs SQL on the write connection, serialized with appends (generators, maintenance). */
  exec(sql: string): Promise<void> {
    return this.exclusive(async (write) => {
      await write.run(sql);
    });
  }

  /** Reserves a commit sequence number for events written by `exec` (bulk generators). */
  nextSeq(): bigint {
    this.#seq += 1n;
    return this.#seq;
  }

  /**
   * Stops the reads under way (an analyst's long query would hold the server's stop), writes what the queued
   * appends and rollups leave, and closes; what is asked after close() is refused.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      const flushed = this.exclusive(async (write) => {
        await write.run('CHECKPOINT');
        // Appends and rollups asked after close() (a flush timer, a late batch) would start on closed connections.
        this.#serial.stopped = true;
        this.#rollupSerial.stopped = true;
      });
      // One connection runs its queries one after another and an interrupt stops only the running one: repeat.
      while (this.#reads.size > 0) {
        this.#read.interrupt();
        await Promise.race([...this.#reads, new Promise((r) => setTimeout(r, 20))]).catch(() => undefined);
      }
      await flushed;
      this.#rollup.closeSync();
      this.#read.closeSync();
      this.#write.closeSync();
      this.#instance.closeSync();
    })();
    return this.#closed;
  }
}

function appendRows(appender: DuckDBAppender, seq: bigint, events: readonly StoredEvent[]): void {
  for (const e of events) {
    appender.appendBigInt(seq);
    appender.appendTimestamp(timestampValue(BigInt(e.timeMs) * 1000n));
    appender.appendDate(dateValue(e.day));
    appender.appendTinyInt(e.hour);
    appender.appendVarchar(e.uai);
    appender.appendVarchar(e.service);
    appender.appendVarchar(e.type);
    if (e.tool === null) appender.appendNull();
    else appender.appendVarchar(e.tool);
    appender.appendVarchar(e.profile);
    appender.appendVarchar(e.action);
    appender.appendVarchar(e.visitId);
    appender.appendVarchar(e.visitor);
    appender.appendVarchar(e.device);
    appender.appendVarchar(e.os);
    appender.appendVarchar(e.browser);
    if (e.classe === null) appender.appendNull();
    else appender.appendVarchar(e.classe);
    appender.endRow();
  }
}
