import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from './datasets.js';
import { INDICATOR_NAMES, INDICATORS, type IndicatorParams, indicator } from './indicators.js';
import { type Engine, nodeEngine, type Row, wasmEngine } from './testing/engines.js';
import { fixtureRows } from './testing/fixtures.js';

let node: Engine;
let wasm: Engine;
const data = fixtureRows();

beforeAll(async () => {
  [node, wasm] = await Promise.all([nodeEngine(data), wasmEngine(data)]);
}, 60_000);
afterAll(async () => {
  await node?.close();
  await wasm?.close();
});

async function both(sql: string): Promise<Row[]> {
  const [a, b] = await Promise.all([node.query(sql), wasm.query(sql)]);
  expect(b, `DuckDB-wasm and node-api disagree on:\n${sql}`).toEqual(a);
  return a;
}

const window = { from: '2025-09-01', to: '2025-10-10', asOf: '2025-10-10' };
const cases: [string, IndicatorParams][] = INDICATOR_NAMES.flatMap((name) => {
  const by = INDICATORS[name].by ?? [undefined];
  const base: IndicatorParams =
    name === 'hardware_renewal' ? { from: '2024-01-01', to: '2028-12-31' } : { ...window };
  return by.flatMap((b) => {
    const level = name === 'deployment_by_territory' && b === 'academie' ? { level: 'lycee' } : {};
    return [
      [name, { ...base, ...level, by: b }] as [string, IndicatorParams],
      [name, { ...base, ...level, by: b, profile: 'ELEVE' }] as [string, IndicatorParams],
    ];
  });
});

describe('indicators give the same rows in DuckDB-wasm and @duckdb/node-api', () => {
  it.each(cases)('%s %j', async (name, params) => {
    const { sql, columns, datasets } = indicator(name as never, params);
    for (const d of datasets) expect(DATASETS[d]).toBeDefined();
    const rows = await both(sql);
    // the fixtures map no territory by région: that grouping is the one allowed to come back empty
    if (!(name === 'deployment_by_territory' && params.by === 'region'))
      expect(rows.length).toBeGreaterThan(0);
    if (rows.length) expect(Object.keys(rows[0]!)).toEqual([...columns]);
    for (const row of rows) for (const v of Object.values(row)) expect(typeof v).not.toBe('bigint');
  });
});

describe('empty datasets', () => {
  it('load into DuckDB-wasm from an Arrow stream without rows, and every usage indicator answers', async () => {
    const empty = await wasmEngine({ usage_daily: [], usage_hourly: [], usage_devices: [] });
    try {
      expect(await empty.query('SELECT count(*)::INTEGER AS n FROM usage_daily')).toEqual([{ n: 0 }]);
      expect(await empty.query(indicator('top_services', window).sql)).toEqual([]);
      expect(await empty.query(indicator('hourly_peaks', window).sql)).toHaveLength(24);
      expect(await empty.query(indicator('device_split', window).sql)).toEqual([]);
    } finally {
      await empty.close();
    }
  }, 60_000);
});

describe('indicator values', () => {
  it('counts collège territories per deployment state at a date (September 2010: 27/22/18/22/11)', async () => {
    const at = async (asOf: string, level = 'college') =>
      (await both(indicator('deployment_counts', { asOf, level }).sql)).map((r) => r.territories);
    expect(await at('2010-09-30')).toEqual([27, 22, 18, 22, 11]);
    expect(await at('2009-06-01')).toEqual([0, 0, 0, 0, 100]);
    expect(await at('2010-09-30', 'lycee')).toEqual([7, 11, 7, 4, 1]);
    const states = await both(
      indicator('deployment_by_territory', { asOf: '2010-09-30', by: 'departement' }).sql,
    );
    expect(states).toHaveLength(100);
    expect(states[0]).toEqual({
      territory_code: '001',
      territory_name: 'Département 001',
      state: 'generalisation_50_plus',
      valid_from: '2010-09-01',
    });
  });

  it('lists PCs and laptops due for renewal per year on a 5-year cycle, with cost', async () => {
    const rows = await both(indicator('hardware_renewal', { from: '2024-01-01', to: '2028-12-31' }).sql);
    expect(rows).toEqual([
      { year: 2024, category: 'fixed_pc', units: 24, cost_eur: 19_200 },
      { year: 2026, category: 'fixed_pc', units: 48, cost_eur: 38_400 },
      { year: 2026, category: 'laptop', units: 20, cost_eur: 16_000 },
      { year: 2027, category: 'laptop', units: 12, cost_eur: 9_600 },
      { year: 2028, category: 'fixed_pc', units: 30, cost_eur: 24_000 },
    ]);
  });

  it('computes students per computer with only computers inside their renewal cycle', async () => {
    const rows = await both(indicator('students_per_computer', { asOf: '2025-01-01', by: 'uai' }).sql);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, [r.computers, r.students_per_computer]]));
    expect(byKey).toEqual({
      '0020090M': [20, 30],
      '0080001A': [0, null],
      '0511085C': [60, 520 / 60],
      '0511191T': [30, 10],
      '0511327R': [0, null],
    });
  });

  it('sums logins since 1 September and totals match the dataset', async () => {
    const rows = await both(indicator('logins_since_september', { asOf: '2025-10-10', by: 'profile' }).sql);
    const expected = data.usage_logins!.reduce((s, r) => s + Number(r.logins), 0);
    expect(rows.reduce((s, r) => s + Number(r.logins), 0)).toBe(expected);
    const byClass = await both(indicator('logins_since_september', { asOf: '2025-10-10', by: 'classe' }).sql);
    expect(new Set(byClass.map((r) => r.key))).toEqual(new Set(['4e B', '3e A']));
  });

  it('returns 24 hours and 7 weekdays even where nothing happened', async () => {
    expect(await both(indicator('hourly_peaks', window).sql)).toHaveLength(24);
    const days = await both(indicator('weekly_peaks', window).sql);
    expect(days.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses parameters that are not dates, codes or accepted groupings', () => {
    expect(() => indicator('top_services', { from: "2025-01-01' OR 1=1 --" })).toThrow(/date/);
    expect(() => indicator('device_split', { by: 'visitor' })).toThrow(/by/);
    expect(() => indicator('top_services', { profile: "x'; DROP TABLE usage_daily; --" })).toThrow(/invalid/);
  });
});
