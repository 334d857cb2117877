// `tsx apps/api/src/events/export-cli.ts --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD]`
// Writes the raw usage events as hive-partitioned Parquet (month=YYYY-MM/uai=…) for any engine to read. The
// event store is one process's file: run it while the server is stopped.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { DuckDbEventStore } from './store.js';

const { values } = parseArgs({
  options: { out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  strict: true,
});
const date = /^\d{4}-\d{2}-\d{2}$/;
if (!values.out || (values.from && !date.test(values.from)) || (values.to && !date.test(values.to))) {
  console.error('usage: export-cli --out DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD]');
  process.exit(2);
}
const store = await DuckDbEventStore.open(loadConfig().dataDir);
const { rows } = await store.exportParquet(values.out, { from: values.from, to: values.to });
await store.close();
console.log(`${rows} événements exportés dans ${values.out} (month=AAAA-MM/uai=…).`);
