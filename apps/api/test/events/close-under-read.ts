/**
 * Run as a child process by close-under-read.test.ts (a deadlock would hang the process that has it): opens an
 * event store in the folder given, starts long reads, closes the store while they run (an append and a rollup
 * pass coming meanwhile), reopens it, and prints what became of each and of the events as JSON.
 */
import { toStoredEvent } from '../../src/events/ingest.js';
import { DuckDbEventStore } from '../../src/events/store.js';
import { origin } from './store-contract.js';

const dir = process.argv[2]!;
let store = await DuckDbEventStore.open(dir);
await store.append(
  ['visit-aaaa', 'visit-bbbb'].map((visitId) =>
    toStoredEvent({ time: '2026-03-16T08:00:00Z', service: 'notes', action: 'view', visitId }, origin('a')),
  ),
);
// Each would take minutes: ten billion rows.
const long = 'SELECT count(*) AS n FROM range(10000000000) t(i) WHERE i % 7 = 3';
const reads = [store.query(long), store.queryColumns(long), store.query(long)].map((p) =>
  p.then(
    () => 'finished',
    (e: Error) => e.message,
  ),
);
await new Promise((resolve) => setTimeout(resolve, 200)); // the first is under way
const closed = store.close();
// Work that comes while the store closes: an append and a rollup pass queued behind the close.
const late = [
  store.append([
    toStoredEvent(
      { time: '2026-03-16T08:05:00Z', service: 'notes', action: 'view', visitId: 'visit-cccc' },
      origin('a'),
    ),
  ]),
  store.refreshRollups(),
].map((p) =>
  p.then(
    () => 'done',
    (e: Error) => e.message,
  ),
);
await closed;
const outcomes = await Promise.all(reads);
const lateOutcomes = await Promise.all(late);
const afterClose = await store.query('SELECT 1').then(
  () => 'answered',
  (e: Error) => e.message,
);
store = await DuckDbEventStore.open(dir);
const events = await store.count();
await store.close();
console.log(JSON.stringify({ outcomes, lateOutcomes, afterClose, events }));
