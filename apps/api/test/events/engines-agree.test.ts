/**
 * DuckDB and ClickHouse, fed the same events, serve the same datasets and DNMA rows, so every indicator of
 * `@preau/analytics` gives the same figures whichever engine stores the events.
 */
import { INDICATOR_NAMES, INDICATORS, indicator } from '@preau/analytics';
import { nodeEngine, type Row, type Rows } from '@preau/analytics/testing/engines';
import { fixtureRows } from '@preau/analytics/testing/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chdbModulePath } from '../../src/events/clickhouse-connection.js';
import { openClickHouseStore } from '../../src/events/clickhouse-store.js';
import { DNMA_LAYOUTS } from '../../src/events/dnma.js';
import { copyEvents, generateDemoUsage } from '../../src/events/generate.js';
import { DuckDbEventStore, type EventStore } from '../../src/events/store.js';
import { datasetRows } from './store-contract.js';

const USAGE = [
  'usage_daily',
  'usage_weekly',
  'usage_logins',
  'usage_hourly',
  'usage_devices',
  'usage_visitor_days',
] as const;
const PLACES = [
  { uai: '0511085C', departement: '051', academie: '19', region: '44' },
  { uai: '0511327R', departement: '051', academie: '19', region: '44' },
  { uai: '0020090M', departement: '002', academie: '20', region: '32' },
];
/**
 * Rows equal, numbers within a relative 1e-9: floats summed in another order (threads) differ in the last bits,
 * and rounding both to a fixed decimal could still fall either side of a boundary.
 */
function expectSameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[], what = '') {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((row, i) => {
    const want = expected[i]!;
    expect(Object.keys(row), what).toEqual(Object.keys(want));
    for (const [k, v] of Object.entries(row)) {
      const w = want[k];
      if (typeof v === 'number' && typeof w === 'number') {
        expect(Math.abs(v - w), `${what} row ${i} ${k}: ${v} vs ${w}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(w)),
        );
      } else expect(v, `${what} row ${i} ${k}`).toEqual(w);
    }
  });
}

describe.skipIf(!chdbModulePath())('DuckDB and ClickHouse agree', () => {
  let duck: DuckDbEventStore;
  let click: EventStore;
  const data: Record<string, Rows> = {};

  beforeAll(async () => {
    duck = await DuckDbEventStore.open(':memory:');
    click = await openClickHouseStore({ dataDir: null }, null);
    const days = Array.from({ length: 21 }, (_, i) => ({
      day: new Date(Date.UTC(2025, 8, 29 + i)).toISOString().slice(0, 10),
      factor: i % 7 >= 5 ? 0.3 : 1,
    }));
    const n = await generateDemoUsage(duck, {
      schools: PLACES.map((p, i) => ({ uai: p.uai, students: 200 + 100 * i, startsOn: '2025-09-29' })),
      days,
      seed: 7,
      visitRate: 0.2,
    });
    expect(n).toBeGreaterThan(3_000);
    expect(await copyEvents(duck, click)).toBe(n);
    for (const s of [duck, click]) {
      await s.setPlaces(PLACES);
      await s.refreshRollups();
    }
    for (const [name, s] of [
      ['duckdb', duck],
      ['clickhouse', click],
    ] as const) {
      const rows: Rows = { ...fixtureRows() };
      for (const d of USAGE) rows[d] = (await datasetRows(s, d)) as Row[];
      data[name] = rows;
    }
  }, 120_000);
  afterAll(async () => {
    await duck?.close();
    await click?.close();
  });

  it.each(USAGE)('%s has the same rows', (name) => {
    expect(data.duckdb![name]!.length).toBeGreaterThan(0);
    expectSameRows(data.clickhouse![name]!, data.duckdb![name]!, name);
  });

  it.each(DNMA_LAYOUTS)('the DNMA layout %s has the same rows', async (layout) => {
    const q = { territory: { kind: 'academie', code: '19' } as const, from: '2025-09-29', to: '2025-10-19' };
    const a = await duck.dnma(layout, q);
    expect(a).toHaveLength(6);
    expectSameRows(await click.dnma(layout, q), a, layout);
  });

  it('every indicator gives the same figures over either engine’s datasets', async () => {
    const [a, b] = await Promise.all([nodeEngine(data.duckdb!), nodeEngine(data.clickhouse!)]);
    try {
      let compared = 0;
      for (const name of INDICATOR_NAMES) {
        for (const by of INDICATORS[name].by ?? [undefined]) {
          const { sql } = indicator(name, { from: '2025-09-29', to: '2025-10-19', asOf: '2025-10-19', by });
          const ra = await a.query(sql);
          expectSameRows(await b.query(sql), ra, `${name} by ${by}`);
          compared += ra.length;
        }
      }
      expect(compared).toBeGreaterThan(100);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
