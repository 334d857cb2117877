/**
 * The ClickHouse event store on ClickHouse embedded (chdb) over a synthetic académie (the public collèges and
 * lycées of the académie de Reims, a school year): N events inserted in one INSERT … SELECT (the materialized
 * view per visit × service runs with it), the rollup pass, the académie's usage_daily dataset, a DNMA layout, the
 * bytes on disk per event; beside the DuckDB store doing the same from the same generator's figures
 * (bench/usage-rollup.bench.ts). These are the figures docs/scale.md extrapolates from.
 * `PREAU_BENCH_EVENTS` sets N (default 10,000,000). Writes bench/results/clickhouse-store.{json,md}.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USAGE_SERVICES } from '@preau/core';
import { chdbModulePath } from '../apps/api/src/events/clickhouse-connection.js';
import { openClickHouseStore } from '../apps/api/src/events/clickhouse-store.js';
import { RESULTS, ROOT } from './support.js';

const N = Number(process.env.PREAU_BENCH_EVENTS ?? 10_000_000);
if (!chdbModulePath()) {
  console.error('chdb manque : node scripts/chdb.mjs / chdb is missing: node scripts/chdb.mjs');
  process.exit(1);
}
const reference = readFileSync(join(ROOT, 'apps/api/src/seed/reference/etablissements.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split(';'))
  .filter((r) => ['008', '010', '051', '052'].includes(r[4]!) && r[2] === 'public');
const uais = reference.map((r) => `'${r[0]}'`).join(', ');
const services = USAGE_SERVICES.map((s) => `'${s}'`).join(', ');
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
};

const dir = mkdtempSync(join(tmpdir(), 'preau-bench-clickhouse-'));
// No TTL: the generated school year would expire by the machine's clock while being measured.
let store = await openClickHouseStore({ dataDir: dir }, null);
await store.setPlaces(
  reference.map((r) => ({ uai: r[0]!, departement: r[4]!, academie: '19', region: '44' })),
);
// The same shape as generateBenchEvents: visits of 4 events, services skewed to the first ones, days in order.
const [, insertMs] = await timed(() =>
  store.connection.exec(`INSERT INTO events
    SELECT 1, toDateTime64(day, 3, 'UTC') + toIntervalSecond((hour - 1) * 3600 + (number % 4) * 120), day, hour, uai,
      [${services}][1 + toUInt32(floor(25 * pow((cityHash64(visit, intDiv(number, 2), 's') % 1000) / 1000.0, 3)))],
      'native', NULL, ['ELEVE', 'ELEVE', 'PARENT', 'ENSEIGNANT', 'ADMIN_VIE_SCOL_TECH'][1 + p],
      if(number % 4 = 0, 'login', 'view'), concat('b', toString(visit)),
      lower(hex(MD5(concat(uai, toString(account), toString(p))))),
      ['smartphone', 'smartphone', 'ordinateur', 'tablette', 'autre'][1 + cityHash64(visit, 'v') % 5], 'Android', 'Chrome',
      if(p < 2, concat('4e ', char(65 + account % 4)), NULL)
    FROM (SELECT number, intDiv(number, 4) AS visit,
        [${uais}][1 + cityHash64(intDiv(number, 4), 'u') % ${reference.length}] AS uai,
        toDate('2025-09-01') + toUInt32(intDiv(intDiv(number, 4) * 300, ${Math.ceil(N / 4)})) AS day,
        toUInt8(7 + cityHash64(intDiv(number, 4), 'h') % 15) AS hour, toUInt8(cityHash64(intDiv(number, 4), 'p') % 5) AS p,
        toUInt32(cityHash64(intDiv(number, 4), 'a') % 2000) AS account
      FROM numbers(${N}))`),
);
await store.close();
store = await openClickHouseStore({ dataDir: dir }, null);
const [keys, rollupMs] = await timed(() => store.refreshRollups());
const q = { territory: { kind: 'academie', code: '19' } as const, from: '2025-09-01', to: '2026-06-30' };
const [daily, datasetMs] = await timed(() => store.usageDataset('usage_daily', q));
const [, summaryMs] = await timed(() => store.usageSummary(q));
const [dnma, dnmaMs] = await timed(() =>
  store.dnma('profils', { ...q, from: '2026-03-02', to: '2026-03-29' }),
);
const [, oneUaiMs] = await timed(() =>
  store.usageDataset('usage_daily', {
    territory: { kind: 'uai', code: reference[0]![0]! },
    from: q.from,
    to: q.to,
  }),
);
const parts = await store.connection.rows<{ table: string; bytes: string; rows: string }>(
  `SELECT table, toString(sum(bytes_on_disk)) AS bytes, toString(sum(rows)) AS rows FROM system.parts
    WHERE active AND database = currentDatabase() GROUP BY table ORDER BY table`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
const bytes = Object.fromEntries(parts.map((p) => [p.table, Number(p.bytes)]));
const rows = Object.fromEntries(parts.map((p) => [p.table, Number(p.rows)]));
const total = Object.values(bytes).reduce((a, b) => a + b, 0);
const out = {
  benchmark: 'clickhouse-store',
  events: N,
  insertMs: Math.round(insertMs),
  eventsPerSecond: Math.round(N / (insertMs / 1000)),
  rollupMs: Math.round(rollupMs),
  dirtyKeys: keys.keys,
  usageDailyRows: daily.rows,
  datasetMs: Math.round(datasetMs),
  summaryMs: Math.round(summaryMs),
  oneUaiDatasetMs: Math.round(oneUaiMs),
  dnmaWeekRows: dnma.length,
  dnmaMs: Math.round(dnmaMs),
  bytesOnDisk: bytes,
  rows,
  bytesPerEvent: Math.round((total / N) * 10) / 10,
  eventBytesPerEvent: Math.round(((bytes.events ?? 0) / N) * 10) / 10,
};
console.log(out);
writeFileSync(join(RESULTS, 'clickhouse-store.json'), `${JSON.stringify(out, null, 2)}\n`);
const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;
writeFileSync(
  join(RESULTS, 'clickhouse-store.md'),
  `## ClickHouse event store (chdb, in process), académie de Reims, ${N.toLocaleString('en')} events

| measure | value |
|---|---|
| insert (INSERT … SELECT, with the visit × service materialized view) | ${out.insertMs} ms (${out.eventsPerSecond.toLocaleString('en')} events/s) |
| rollup pass (${out.dirtyKeys.toLocaleString('en')} UAI × day keys) | ${out.rollupMs} ms |
| usage_daily dataset of the académie (${out.usageDailyRows.toLocaleString('en')} rows) | ${out.datasetMs} ms |
| usage summary of the académie (server's first view) | ${out.summaryMs} ms |
| usage_daily dataset of one établissement | ${out.oneUaiDatasetMs} ms |
| DNMA profils layout, 4 weeks (${out.dnmaWeekRows} rows) | ${out.dnmaMs} ms |
| on disk: events / visit_services / all tables | ${mib(bytes.events ?? 0)} / ${mib(bytes.visit_services ?? 0)} / ${mib(total)} |
| bytes per event: events table / everything | ${out.eventBytesPerEvent} / ${out.bytesPerEvent} |
`,
);
