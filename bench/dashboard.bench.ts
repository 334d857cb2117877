/**
 * The dashboard in headless Chromium over académies of 1 M, 10 M and 100 M generated events (the public collèges
 * and lycées of the académie de Reims over a school year): the events are generated inside DuckDB, rolled up by
 * the event store's own pass, and served as the API serves them (the `usage_daily` Arrow stream and the usage
 * summary). Against plain JavaScript computing the same chart (top services by visits) over the same Arrow rows,
 * in the same page:
 * - first chart: the server's summary drawn at once (engine, download and load go on behind), against download +
 *   Arrow decode + a hand-written loop + the same bar chart; the engine's readiness time is reported beside it;
 * - filter change (profile, then service): the chart's pre-aggregated table in DuckDB-wasm, against the loop.
 * `PREAU_BENCH_SIZES` (default `1000000,10000000,100000000`) picks the sizes. `PREAU_BENCH_CACHE=<dir>` keeps each
 * size's generated stream and summary there and reuses them (with `PREAU_BENCH_PREPARE=1`: only prepare them, so
 * that the long generation of 100 M events can run apart from the timed browser runs).
 * Writes bench/results/dashboard.{json,md}.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ColumnValues, datasetTable, encodeIpc } from '@preau/analytics';
import { USAGE_PROFILES, USAGE_SERVICES } from '@preau/core';
import * as esbuild from 'esbuild';
import { generateBenchEvents } from '../apps/api/src/events/generate.js';
import { DuckDbEventStore } from '../apps/api/src/events/store.js';
import { launchChromium, median, RESULTS, ROOT } from './support.js';

const duckdbDist = join(ROOT, 'node_modules/@duckdb/duckdb-wasm/dist');
const PORT = Number(process.env.DASHBOARD_BENCH_PORT ?? 8855);
const SIZES = (process.env.PREAU_BENCH_SIZES ?? '1000000,10000000,100000000').split(',').map(Number);
const RUNS = 3;
const FROM = '2025-09-01';
const TO = '2026-06-30';
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

const reference = readFileSync(join(ROOT, 'apps/api/src/seed/reference/etablissements.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split(';'))
  .filter((r) => ['008', '010', '051', '052'].includes(r[4]!) && r[2] === 'public');

const CACHE = process.env.PREAU_BENCH_CACHE;
type Academie = Awaited<ReturnType<typeof generated>>;

/** The académie of N events, from the cache when it holds it. */
async function academie(events: number): Promise<Academie> {
  const file = CACHE && join(CACHE, `dashboard-${events}`);
  if (file && existsSync(`${file}.json`)) {
    const meta = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as Omit<Academie, 'bytes'>;
    return { ...meta, bytes: new Uint8Array(readFileSync(`${file}.arrow`)) };
  }
  const a = await generated(events);
  if (file) {
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(`${file}.arrow`, a.bytes);
    writeFileSync(`${file}.json`, JSON.stringify({ ...a, bytes: undefined }));
  }
  return a;
}

/** N events generated and rolled up by the event store; its usage_daily stream and summary as served. */
async function generated(events: number) {
  const dir = mkdtempSync(join(tmpdir(), 'preau-bench-dashboard-'));
  const store = await DuckDbEventStore.open(dir);
  try {
    await store.setPlaces(
      reference.map((r) => ({ uai: r[0]!, departement: r[4]!, academie: '19', region: '44' })),
    );
    let t = performance.now();
    await generateBenchEvents(store, {
      count: events,
      uais: reference.map((r) => r[0]!),
      from: FROM,
      days: 300,
    });
    const generateS = (performance.now() - t) / 1000;
    t = performance.now();
    await store.refreshRollups();
    const rollupS = (performance.now() - t) / 1000;
    const q = { territory: { kind: 'academie', code: '19' } as const, from: FROM, to: TO };
    t = performance.now();
    const summary = await store.usageSummary(q);
    const summaryMs = performance.now() - t;
    const { names, columns, rows } = await store.usageDataset('usage_daily', q);
    const byName: Record<string, ColumnValues> = {};
    names.forEach((n, i) => {
      const v = columns[i]!;
      byName[n] = ['day', 'events', 'visits', 'visitors'].includes(n)
        ? Int32Array.from(v as number[])
        : n === 'duration_s'
          ? Float64Array.from(v as number[])
          : (v as string[]);
    });
    const bytes = encodeIpc(datasetTable('usage_daily', byName));
    return { bytes, rows, summary: JSON.stringify(summary), summaryMs, generateS, rollupS };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (process.env.PREAU_BENCH_PREPARE) {
    for (const events of SIZES) {
      const a = await academie(events);
      console.log(
        `${events}: ${a.rows} rows prepared (generated in ${round(a.generateS)} s, rolled up in ${round(a.rollupS)} s)`,
      );
    }
    return;
  }
  const bundle = await esbuild.build({
    entryPoints: [join(ROOT, 'bench/dashboard.page.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    logLevel: 'warning',
  });
  const js = bundle.outputFiles[0]!.contents;
  let current: Academie | undefined;
  const server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    if (path === '/') {
      res.setHeader('content-type', 'text/html');
      res.end(
        '<!doctype html><html lang="fr"><body><script type="module" src="/page.js"></script></body></html>',
      );
    } else if (path === '/page.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(js);
    } else if (path === '/usage_daily.arrow' && current) {
      res.setHeader('content-type', 'application/vnd.apache.arrow.stream');
      res.end(current.bytes);
    } else if (path === '/usage-summary' && current) {
      res.setHeader('content-type', 'application/json');
      res.end(current.summary);
    } else if (path.startsWith('/duckdb/') && /^[\w.-]+$/.test(path.slice(8))) {
      res.setHeader('content-type', path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
      res.end(readFileSync(join(duckdbDist, path.slice(8))));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
  const browser = await launchChromium();
  const sizes: Record<string, unknown>[] = [];
  try {
    for (const events of SIZES) {
      const t0 = performance.now();
      current = await academie(events);
      console.log(
        `${events.toLocaleString('en')} events: ${current.rows.toLocaleString('en')} usage_daily rows, ` +
          `${(current.bytes.byteLength / 1048576).toFixed(0)} MiB (generated in ${round(current.generateS)} s, ` +
          `rolled up in ${round(current.rollupS)} s, ${round((performance.now() - t0) / 1000)} s in all)`,
      );
      const runs: Record<string, number | number[]>[] = [];
      for (let r = 0; r < RUNS; r++) {
        // A fresh context each run: no compiled wasm or HTTP cache carried over.
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${PORT}/`);
        await page.waitForFunction(() => typeof window.runBench === 'function');
        const filters = [
          ...USAGE_PROFILES.map((p) => ({ profile: p, service: null })),
          ...USAGE_SERVICES.slice(0, 5).map((s) => ({ profile: null, service: s })),
        ];
        runs.push(
          (await page.evaluate(([f, w]) => window.runBench(f, w), [
            filters,
            { from: FROM, to: TO },
          ] as const)) as Record<string, number | number[]>,
        );
        await context.close();
      }
      const m = (k: string) => median(runs.map((t) => t[k] as number));
      const mf = (k: string) => median(runs.flatMap((t) => t[k] as number[]));
      const row = {
        events,
        rows: current.rows,
        mib: round(current.bytes.byteLength / 1048576),
        generateS: round(current.generateS),
        rollupS: round(current.rollupS),
        serverSummaryMs: round(current.summaryMs),
        firstChartMs: round(m('firstChart')),
        engineReadyMs: round(m('engineReady')),
        jsFirstChartMs: round(m('jsFirstChart')),
        aggregateBuildMs: round(m('aggregateBuild')),
        filterMs: round(mf('dbFilter')),
        filterQueryMs: round(mf('dbFilterQuery')),
        jsFilterMs: round(mf('jsFilter')),
        filterSpeedup: round(mf('jsFilter') / mf('dbFilter'), 1),
      };
      console.log(row);
      sizes.push(row);
      current = undefined;
    }
  } finally {
    await browser.close();
    server.close();
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(
    join(RESULTS, 'dashboard.json'),
    `${JSON.stringify({ benchmark: 'dashboard', sizes }, null, 2)}\n`,
  );
  const line = (s: Record<string, unknown>) =>
    `| ${(s.events as number).toLocaleString('en')} | ${(s.rows as number).toLocaleString('en')} (${s.mib} MiB) | ` +
    `${s.firstChartMs} ms (server ${s.serverSummaryMs} ms) | ${s.engineReadyMs} ms | ${s.jsFirstChartMs} ms | ` +
    `${s.filterMs} ms (query ${s.filterQueryMs} ms) | ${s.jsFilterMs} ms | **${s.filterSpeedup}×** |`;
  const md = `## Dashboard (headless Chromium, académie de Reims, events generated and rolled up by the event store)

Top services by visits. First chart: the server's summary, drawn while DuckDB-wasm starts and loads the rollup
(engine ready = engine started, rollup downloaded and loaded, chart aggregate built). Filter change: a profile or
a service, answered from the chart's pre-aggregated table. Plain JS: download, Arrow decode and a loop over the
same rows. Medians of ${RUNS} cold runs (filters: 10 changes a run).

| events | usage_daily rows (Arrow) | first chart (dashboard) | engine ready | first chart (plain JS) | filter change (dashboard) | filter change (plain JS) | filter speed-up |
|---|---|---|---|---|---|---|---|
${sizes.map(line).join('\n')}
`;
  writeFileSync(join(RESULTS, 'dashboard.md'), md);
  console.log(md);
}

await main();
