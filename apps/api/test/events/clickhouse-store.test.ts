/**
 * The ClickHouse event store passes the same contract as DuckDB: on ClickHouse embedded (chdb, installed on demand
 * by `npm test` into .cache/chdb) and, when `CLICKHOUSE_URL` is set, on that server (a fresh database per test).
 */
import { describe, expect, it } from 'vitest';
import { chdbModulePath, httpConnection } from '../../src/events/clickhouse-connection.js';
import { CLICKHOUSE_RETENTION } from '../../src/events/clickhouse-schema.js';
import { ClickHouseEventStore, openClickHouseStore } from '../../src/events/clickhouse-store.js';
import {
  CLICKHOUSE_IMPORTED_NEXT,
  clickhouseImportedWeeksSql,
  importedWeeksCut,
} from '../../src/events/imported-weeks.js';
import { FIXTURE, importedRows, importedWeeksContract, SUMMED, TODAY } from './imported-weeks-contract.js';
import { PLACES, storeContract } from './store-contract.js';

if (chdbModulePath()) {
  // Retention is tested through applyRetention at fixed dates: TTLs would follow the wall clock.
  storeContract('ClickHouse (chdb)', (dir) => openClickHouseStore({ dataDir: dir }, null));
  importedWeeksContract('ClickHouse (chdb)', (dir) => openClickHouseStore({ dataDir: dir }, null));
  describe('ClickHouse tables', () => {
    it('partition events by month, order them by UAI, day, service, profile, and expire them by TTL', async () => {
      const store = await openClickHouseStore({ dataDir: null });
      try {
        const tables = await store.connection.rows<{ name: string; engine_full: string }>(
          `SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() ORDER BY name`,
        );
        const engine = Object.fromEntries(tables.map((t) => [t.name, t.engine_full]));
        expect(engine.events).toMatch(
          /^MergeTree PARTITION BY toYYYYMM\(day\) ORDER BY \(uai, day, service, profile\) TTL day \+ toIntervalMonth\(13\)/,
        );
        expect(engine.visit_services).toMatch(/^AggregatingMergeTree .*TTL day \+ toIntervalMonth\(13\)/);
        expect(engine.usage_daily).toMatch(
          /^ReplacingMergeTree\(version\) .*TTL day \+ toIntervalMonth\(25\)/,
        );
        expect(engine.usage_weekly).toMatch(/TTL week \+ toIntervalMonth\(25\)/);
        expect(engine.usage_visitor_days).toMatch(/TTL day \+ toIntervalMonth\(13\)/);
        const views = await store.connection.rows<{ name: string }>(
          `SELECT name FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView'`,
        );
        expect(views.map((v) => v.name)).toEqual(['visit_services_mv']);
      } finally {
        await store.close();
      }
    });

    it('keep nothing with a visitor id beyond 13 months', async () => {
      const store = await openClickHouseStore({ dataDir: null });
      try {
        const withVisitor = await store.connection.rows<{ table: string }>(
          `SELECT DISTINCT table FROM system.columns WHERE database = currentDatabase() AND name = 'visitor'
             AND table NOT IN (SELECT name FROM system.tables WHERE database = currentDatabase()
               AND engine = 'MaterializedView') ORDER BY table`,
        );
        const identifiers = CLICKHOUSE_RETENTION.filter(([, , kind]) => kind === 'identifiers').map(
          ([t]) => t,
        );
        expect(withVisitor.map((t) => t.table)).toEqual([...identifiers].sort());
        // and the visitor-free ones expire at 25 months or, for imported figures, are kept
        for (const [table, , kind] of CLICKHOUSE_RETENTION)
          if (kind === 'archive') expect(withVisitor.map((t) => t.table)).not.toContain(table);
      } finally {
        await store.close();
      }
    });

    it('finish a summing of imported weeks that a crash cut short, before or after its swap', async () => {
      const cut = importedWeeksCut(TODAY, 25);
      const tables = async (store: ClickHouseEventStore) =>
        (
          await store.connection.rows<{ name: string }>(
            `SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'usage_imported%'`,
          )
        ).map((t) => t.name);
      // Before the swap: a partial copy is left beside the untouched figures.
      let store = await openClickHouseStore({ dataDir: null }, null);
      await store.setPlaces(PLACES);
      await store.importAudience(FIXTURE);
      const [create, insert] = clickhouseImportedWeeksSql(cut);
      await store.connection.exec(create!);
      await store.connection.exec(`${insert!} LIMIT 2`);
      expect((await store.applyRetention(TODAY)).importedDays).toBe(5);
      expect(await importedRows(store)).toEqual(SUMMED);
      expect(await tables(store)).toEqual(['usage_imported']);
      await store.close();
      // After the swap: the original, holding a row imported during the copy, is left under the copy's name.
      store = await openClickHouseStore({ dataDir: null }, null);
      await store.setPlaces(PLACES);
      await store.importAudience(FIXTURE);
      const statements = clickhouseImportedWeeksSql(cut);
      const swap = statements.findIndex((s) => s.startsWith('EXCHANGE'));
      await store.connection.exec(statements.slice(0, swap + 1).join(';\n'));
      await store.connection.exec(
        `INSERT INTO ${CLICKHOUSE_IMPORTED_NEXT} VALUES ('2025-05-06', '0511085C', 'ELEVE', 'notes', 60, 1000)`,
      );
      expect((await store.applyRetention(TODAY)).importedDays).toBe(0);
      expect(await importedRows(store)).toEqual(
        [...SUMMED, ['2025-05-06', '0511085C', 'ELEVE', 'notes', 60]].sort((a, b) =>
          JSON.stringify(a).localeCompare(JSON.stringify(b)),
        ),
      );
      expect(await tables(store)).toEqual(['usage_imported']);
      await store.close();
    });
  });
}
// Without chdb the contract is not registered: npm test installs it (scripts/chdb.mjs) and says so when it cannot.

const server = process.env.CLICKHOUSE_URL;
if (server) {
  let n = 0;
  const open = async (dir: string | null) => {
    const root = httpConnection(server);
    // One database per store directory (a reopen finds its data), a new one otherwise.
    const name = `preau_test_${process.pid}_${dir ? dir.replace(/\W/g, '').slice(-12) : `m${++n}`}`;
    await root.exec(`CREATE DATABASE IF NOT EXISTS ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return ClickHouseEventStore.open(httpConnection(url.href), null);
  };
  storeContract('ClickHouse server', open);
  importedWeeksContract('ClickHouse server', open);
}
