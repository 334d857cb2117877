import { describe, expect, it } from 'vitest';
import { ROLLUP_TABLES } from '../../src/events/rollups.js';
import { DuckDbEventStore } from '../../src/events/store.js';
import { importedWeeksContract } from './imported-weeks-contract.js';
import { storeContract } from './store-contract.js';

storeContract('DuckDB', (dir) => DuckDbEventStore.open(dir ?? ':memory:'));
importedWeeksContract('DuckDB', (dir) => DuckDbEventStore.open(dir ?? ':memory:'));

describe('DuckDB event store tables', () => {
  it('keep nothing with a visitor id beyond 13 months', async () => {
    const store = await DuckDbEventStore.open(':memory:');
    try {
      const rows = await store.query(
        `SELECT DISTINCT table_name AS t FROM information_schema.columns WHERE column_name = 'visitor' ORDER BY t`,
      );
      // The raw events and the rollups of the 13-month class (applyRetention's `rawMonths`), nothing else.
      const identifiers = Object.entries(ROLLUP_TABLES).filter(([, kind]) => kind === 'identifiers');
      expect(rows.map((r) => r.t)).toEqual(['events', ...identifiers.map(([t]) => t)].sort());
    } finally {
      await store.close();
    }
  });
});
