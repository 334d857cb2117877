import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBenchEvents, generateBenchRollup } from '../../src/events/generate.js';
import { DuckDbEventStore } from '../../src/events/store.js';

// 20,003 events: 5,001 visits, the last one of 3 events only.
const options = {
  count: 20_003,
  uais: ['0511085C', '0080001A', '0511327R'],
  from: '2025-09-01',
  days: 30,
};
let viaEvents: DuckDbEventStore;
let direct: DuckDbEventStore;

beforeAll(async () => {
  viaEvents = await DuckDbEventStore.open(':memory:');
  direct = await DuckDbEventStore.open(':memory:');
});
afterAll(async () => {
  await viaEvents.close();
  await direct.close();
});

describe('benchmark generator', () => {
  it('writes straight into usage_daily exactly the rows the rollup pass makes of the generated events', async () => {
    expect(await generateBenchEvents(viaEvents, options)).toBe(20_003);
    await viaEvents.refreshRollups();
    await generateBenchRollup(direct, options);
    const rows = (s: DuckDbEventStore) =>
      s.query(
        `SELECT strftime(day, '%Y-%m-%d') AS day, uai, service, profile, events, visits, visitors, duration_s
           FROM usage_daily ORDER BY ALL`,
      );
    const expected = await rows(viaEvents);
    expect(expected.length).toBeGreaterThan(1000);
    expect((expected as { events: number }[]).reduce((s, r) => s + r.events, 0)).toBe(20_003);
    expect(await rows(direct)).toEqual(expected);
  });
});
