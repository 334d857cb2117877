/**
 * What every event store must do, run against each engine (DuckDB, ClickHouse embedded, a ClickHouse server):
 * durable appends across a reopen, incremental rollups read back as `@preau/analytics` datasets, retention of
 * 13 and 25 months, hive-partitioned Parquet, the DNMA layouts, and past audience figures.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DatasetName } from '@preau/analytics';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetQuery } from '../../src/events/datasets.js';
import { DNMA_HEADERS } from '../../src/events/dnma.js';
import { type EventOrigin, toStoredEvent } from '../../src/events/ingest.js';
import type { EventStore, Place } from '../../src/events/store.js';

export type OpenStore = (dir: string | null) => Promise<EventStore>;

const families = { device: 'ordinateur', os: 'Windows', browser: 'Firefox' } as const;
export const origin = (
  visitor: string,
  profile: 'ELEVE' | 'ENSEIGNANT' | 'PARENT' = 'ELEVE',
  uai = '0511085C',
): EventOrigin => ({
  uai,
  profile,
  visitor: visitor.repeat(64).slice(0, 64),
  classe: profile === 'ELEVE' ? '4e B' : null,
  families,
});
export const PLACES: Place[] = [
  { uai: '0511085C', departement: '051', academie: '19', region: '44' },
  { uai: '0020090M', departement: '002', academie: '20', region: '32' },
];
const NATIONAL: DatasetQuery = { territory: { kind: 'national' } };
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** A dataset as row objects (dates as ISO days), sorted by their JSON text. */
export async function datasetRows(store: EventStore, name: DatasetName, q: DatasetQuery = NATIONAL) {
  const { names, columns, rows } = await store.usageDataset(name, q);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows; i++) {
    const row: Record<string, unknown> = {};
    names.forEach((n, k) => {
      const v = columns[k]![i];
      row[n] = ['day', 'week'].includes(n) ? iso(Number(v)) : typeof v === 'bigint' ? Number(v) : v;
    });
    out.push(row);
  }
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

export function storeContract(engine: string, open: OpenStore): void {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });
  async function tempDir() {
    const d = await mkdtemp(join(tmpdir(), 'preau-events-'));
    dirs.push(d);
    return d;
  }

  describe(`event store contract: ${engine}`, () => {
    it('keeps appended events across a reopen and rolls them up incrementally', async () => {
      const dir = await tempDir();
      let store = await open(dir);
      await store.setPlaces(PLACES);
      await store.append([
        // 22:30 UTC on 15 March is 23:30 in Paris (winter): local day 15, hour 23
        toStoredEvent(
          { time: '2026-03-15T22:30:00Z', service: 'notes', action: 'view', visitId: 'visit-aaaa' },
          origin('a'),
        ),
        toStoredEvent(
          { time: '2026-03-15T22:40:00Z', service: 'notes', action: 'view', visitId: 'visit-aaaa' },
          origin('a'),
        ),
        toStoredEvent(
          { time: '2026-03-15T22:45:00Z', service: 'absences', action: 'view', visitId: 'visit-aaaa' },
          origin('a'),
        ),
        // 23:30 UTC is already 16 March in Paris
        toStoredEvent(
          { time: '2026-03-15T23:30:00Z', service: 'notes', action: 'view', visitId: 'visit-bbbb' },
          origin('b', 'ENSEIGNANT'),
        ),
      ]);
      expect(await store.refreshRollups()).toEqual({ keys: 2 });
      await store.close();

      store = await open(dir);
      expect(await store.count()).toBe(4);
      const place = { uai: '0511085C', departement: '051', academie: '19' };
      expect(await datasetRows(store, 'usage_daily')).toEqual([
        {
          day: '2026-03-15',
          ...place,
          service: 'absences',
          profile: 'ELEVE',
          events: 1,
          visits: 1,
          visitors: 1,
          duration_s: 0,
        },
        {
          day: '2026-03-15',
          ...place,
          service: 'notes',
          profile: 'ELEVE',
          events: 2,
          visits: 1,
          visitors: 1,
          duration_s: 600,
        },
        {
          day: '2026-03-16',
          ...place,
          service: 'notes',
          profile: 'ENSEIGNANT',
          events: 1,
          visits: 1,
          visitors: 1,
          duration_s: 0,
        },
      ]);
      const hourly = await datasetRows(store, 'usage_hourly');
      expect(hourly.map((r) => [r.day, r.weekday, r.hour])).toEqual([
        ['2026-03-15', 7, 23],
        ['2026-03-16', 1, 0],
      ]);
      // a second batch on an existing day rebuilds only that day's rows
      await store.append([
        toStoredEvent(
          { time: '2026-03-16T08:00:00Z', service: 'notes', action: 'view', visitId: 'visit-cccc' },
          origin('c'),
        ),
      ]);
      expect(await store.refreshRollups()).toEqual({ keys: 1 });
      expect(await store.refreshRollups()).toEqual({ keys: 0 });
      const logins = await datasetRows(store, 'usage_logins');
      expect(logins.map((r) => [r.day, r.profile, r.classe, r.logins])).toEqual([
        ['2026-03-15', 'ELEVE', '4e B', 1],
        ['2026-03-16', 'ELEVE', '4e B', 1],
        ['2026-03-16', 'ENSEIGNANT', null, 1],
      ]);
      const weekly = new Map<string, number>();
      for (const r of await datasetRows(store, 'usage_weekly'))
        weekly.set(String(r.week), (weekly.get(String(r.week)) ?? 0) + Number(r.visits));
      expect([...weekly].sort()).toEqual([
        ['2026-03-09', 2],
        ['2026-03-16', 2],
      ]);
      const summary = await store.usageSummary({
        territory: { kind: 'academie', code: '19' },
        from: '2026-03-01',
        to: '2026-03-31',
      });
      expect(summary.services).toEqual([
        { service: 'notes', visits: 3, events: 4, duration_s: 600 },
        { service: 'absences', visits: 1, events: 1, duration_s: 0 },
      ]);
      expect(summary.weekly).toEqual([
        { week: '2026-03-09', profile: 'ELEVE', visits: 2 },
        { week: '2026-03-16', profile: 'ELEVE', visits: 1 },
        { week: '2026-03-16', profile: 'ENSEIGNANT', visits: 1 },
      ]);
      // a territory outside the établissement's: nothing
      expect(
        await datasetRows(store, 'usage_daily', { territory: { kind: 'academie', code: '20' } }),
      ).toEqual([]);
      await store.close();
    });

    it('applies retention: raw events and visitor days 13 months, statistics 25 months', async () => {
      const store = await open(null);
      await store.setPlaces(PLACES);
      const at = (t: string, v: string) =>
        toStoredEvent({ time: t, service: 'notes', action: 'view', visitId: `visit-${v}xxxx` }, origin(v));
      await store.append([
        at('2024-01-10T10:00:00Z', 'a'),
        at('2025-06-10T10:00:00Z', 'b'),
        at('2026-06-10T10:00:00Z', 'c'),
      ]);
      await store.refreshRollups();
      await store.applyRetention('2026-08-01');
      expect(await store.count()).toBe(1);
      expect((await datasetRows(store, 'usage_daily')).map((r) => r.day)).toEqual([
        '2025-06-10',
        '2026-06-10',
      ]);
      expect((await datasetRows(store, 'usage_visitor_days')).map((r) => r.day)).toEqual(['2026-06-10']);
      await store.close();
    });

    it('exports hive-partitioned Parquet by month and UAI', async () => {
      const dir = await tempDir();
      const store = await open(null);
      await store.append([
        toStoredEvent(
          { time: '2026-03-10T10:00:00Z', service: 'notes', action: 'view', visitId: 'visit-aaaa' },
          origin('a'),
        ),
        toStoredEvent(
          { time: '2026-04-10T10:00:00Z', service: 'notes', action: 'view', visitId: 'visit-bbbb' },
          origin('b'),
        ),
      ]);
      expect(await store.exportParquet(join(dir, 'export'))).toEqual({ rows: 2 });
      expect((await readdir(join(dir, 'export'))).sort()).toEqual(['month=2026-03', 'month=2026-04']);
      expect(await readdir(join(dir, 'export', 'month=2026-03'))).toEqual(['uai=0511085C']);
      const duck = await DuckDBInstance.create(':memory:');
      const conn = await duck.connect();
      const back = await conn.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, min(month) AS m, min(uai) AS u, min(service) AS s
           FROM read_parquet('${join(dir, 'export')}/**/*.parquet', hive_partitioning = true)`,
      );
      expect(back.getRowObjectsJS()).toEqual([{ n: 2, m: '2026-03', u: '0511085C', s: 'notes' }]);
      conn.closeSync();
      duck.closeSync();
      await store.close();
    });

    it('gives the DNMA layouts per établissement and week', async () => {
      const store = await open(null);
      await store.setPlaces(PLACES);
      const ev = (t: string, service: string, visit: string, o: ReturnType<typeof origin>) =>
        toStoredEvent({ time: t, service, action: 'view', visitId: visit }, o);
      const parent: EventOrigin = {
        ...origin('p', 'PARENT'),
        families: { device: 'smartphone', os: 'Android', browser: 'Chrome' },
      };
      await store.append([
        ev('2026-03-16T17:00:00Z', 'notes', 'visit-a001', origin('a')),
        ev('2026-03-16T17:05:00Z', 'notes', 'visit-a001', origin('a')),
        ev('2026-03-16T17:10:00Z', 'cahier_textes', 'visit-a001', origin('a')),
        ev('2026-03-18T19:00:00Z', 'notes', 'visit-p001', parent),
        ev('2026-03-16T08:00:00Z', 'notes', 'visit-c001', origin('c', 'ELEVE', '0020090M')),
      ]);
      const q = {
        territory: { kind: 'academie', code: '19' } as const,
        from: '2026-03-01',
        to: '2026-03-31',
      };
      const profils = await store.dnma('profils', q);
      expect(profils).toHaveLength(1);
      // globales, eleve, parent: visits, users, seconds
      expect(profils[0]).toMatchObject({
        week: '2026-03-16',
        uai: '0511085C',
        v_0: 2,
        u_0: 2,
        d_0: 600,
        v_1: 1,
        v_2: 1,
      });
      const appareils = await store.dnma('appareils', q);
      // ordinateur 1 visit of 600 s, smartphone 1, chromeMobile (index 11) 1, chrome (13) 0, firefox (14) 1
      expect(appareils[0]).toMatchObject({ v_0: 1, d_0: 600, v_1: 1, v_11: 1, v_13: 0, v_14: 1 });
      const services = await store.dnma('services', q);
      // notes (index 17): 2 visits, 300 s in the student's; cahier_textes (2): 1 visit
      expect(services[0]).toMatchObject({ v_17: 2, u_17: 2, d_17: 300, v_2: 1 });
      expect(Object.keys(services[0]!)).toHaveLength(2 + 3 * 25);
      expect(DNMA_HEADERS.services).toHaveLength(85);
      await store.close();
    });

    it('keeps the last imported figure of a key', async () => {
      const store = await open(null);
      await store.setPlaces(PLACES);
      await store.importAudience([
        { day: '2019-09-02', uai: '0511085C', profile: 'ELEVE', service: 'notes', accesses: 120 },
        { day: '2019-09-03', uai: '0511085C', profile: 'PARENT', service: 'absences', accesses: 45 },
      ]);
      await store.importAudience([
        { day: '2019-09-02', uai: '0511085C', profile: 'ELEVE', service: 'notes', accesses: 130 },
      ]);
      const rows = await datasetRows(store, 'usage_imported', {
        territory: { kind: 'uai', code: '0511085C' },
      });
      expect(rows.map((r) => [r.day, r.accesses])).toEqual([
        ['2019-09-02', 130],
        ['2019-09-03', 45],
      ]);
      await store.close();
    });
  });
}
