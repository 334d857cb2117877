/**
 * The dashboard in headless Chromium over académies of 1 M, 10 M and 100 M generated events (the public collèges
 * and lycées of the académie de Reims over a school year): the `usage_daily` rollup of N generated events, written
 * in bulk straight in its shape (`generateBenchRollup`: the very rows the rollup pass makes of
 * `generateBenchEvents`, as `test/events/bench-generator.test.ts` checks), served as the API serves it (the Arrow
 * stream and the usage summary). `PREAU_BENCH_VIA_EVENTS=1` generates the events and runs the rollup pass instead.
 * Against plain JavaScript computing the same chart (top services by visits) over the same Arrow rows, in the same
 * page:
 * - first chart: the server's summary drawn at once (engine, download and load go on behind), against download +
 *   Arrow decode + a hand-written loop + the same bar chart; the engine's readiness time is reported beside it;
 * - filter change (profile, then service): the chart's pre-aggregate, answered in the page from its typed-array
 *   cube, against the loop.
 * The machine's load average is read before and after each size (`PREAU_BENCH_QUIET=<load>` first waits, up to
 * 20 minutes, for the 1-minute load to fall under it). `PREAU_BENCH_SIZES` (default `1000000,10000000,100000000`)
 * picks the sizes. `PREAU_BENCH_CACHE=<dir>` keeps each size's stream and summary there and reuses them (with
 * `PREAU_BENCH_PREPARE=1`: only prepare them; `PREAU_BENCH_MEMORY=6GB` caps DuckDB's memory while preparing). Writes bench/results/dashboard.{json,md}: a size measured now
 * replaces its row, the other sizes' rows are kept (each size is one run of its own, with its own load).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ColumnValues, datasetTable, encodeIpc } from '@preau/analytics';
import { USAGE_PROFILES, USAGE_SERVICES } from '@preau/core';
import * as esbuild from 'esbuild';
import { generateBenchEvents, generateBenchRollup } from '../apps/api/src/events/generate.js';
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
const VIA_EVENTS = process.env.PREAU_BENCH_VIA_EVENTS === '1';
const QUIET = Number(process.env.PREAU_BENCH_QUIET ?? 0);
const load = () => loadavg().map((l) => round(l, 2));

/** Waits (20 minutes at most) for the machine's 1-minute load average to fall under `QUIET`. */
async function quieter(): Promise<void> {
  const until = Date.now() + 20 * 60_000;
  while (QUIET > 0 && loadavg()[0]! >= QUIET && Date.now() < until) {
    console.log(`load ${load().join(' / ')}: waiting for under ${QUIET}…`);
    await new Promise((r) => setTimeout(r, 30_000));
  }
}
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
    // On a shared machine, cap DuckDB's memory (it spills the GROUP BY to disk beyond it).
    const memory = process.env.PREAU_BENCH_MEMORY;
    if (memory && /^\d+(\.\d+)?\s?[GM]i?B$/.test(memory)) await store.exec(`SET memory_limit = '${memory}'`);
    await store.setPlaces(
      reference.map((r) => ({ uai: r[0]!, departement: r[4]!, academie: '19', region: '44' })),
    );
    const options = { count: events, uais: reference.map((r) => r[0]!), from: FROM, days: 300 };
    let t = performance.now();
    let generateS = 0;
    let rollupS = 0;
    if (VIA_EVENTS) {
      await generateBenchEvents(store, options);
      generateS = (performance.now() - t) / 1000;
      t = performance.now();
      await store.refreshRollups();
      rollupS = (performance.now() - t) / 1000;
    } else {
      await generateBenchRollup(store, options);
      generateS = (performance.now() - t) / 1000;
    }
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
      await quieter();
      const loadBefore = load();
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
        // in every run, the server's chart was drawn before the engine had loaded the rollup
        firstBeforeEngine: runs.every((t) => (t.firstChart as number) < (t.engineReady as number)),
        measuredAt: new Date().toISOString().slice(0, 16),
        loadBefore,
        loadAfter: load(),
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
  const jsonFile = join(RESULTS, 'dashboard.json');
  const earlier = existsSync(jsonFile)
    ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as { sizes: Record<string, unknown>[] }).sizes
    : [];
  const measured = new Set(sizes.map((s) => s.events));
  sizes.push(...earlier.filter((s) => !measured.has(s.events) && 'measuredAt' in s));
  sizes.sort((a, b) => (a.events as number) - (b.events as number));
  writeFileSync(jsonFile, `${JSON.stringify({ benchmark: 'dashboard', sizes }, null, 2)}\n`);
  const line = (s: Record<string, unknown>) =>
    `| ${(s.events as number).toLocaleString('en')} | ${(s.rows as number).toLocaleString('en')} (${s.mib} MiB) | ` +
    `${s.firstChartMs} ms (server ${s.serverSummaryMs} ms) | ${s.engineReadyMs} ms | ${s.jsFirstChartMs} ms | ` +
    `${s.firstBeforeEngine ? 'yes' : '**no**'} | ${s.filterMs} ms (query ${s.filterQueryMs} ms) | ${s.jsFilterMs} ms | ` +
    `**${s.filterSpeedup}×** | ${(s.loadBefore as number[])[0]} → ${(s.loadAfter as number[])[0]} (${s.measuredAt}) |`;
  const md = `## Dashboard (headless Chromium, académie de Reims, ${VIA_EVENTS ? 'events generated and rolled up by the event store' : 'the rollup of N generated events written in bulk'})

Top services by visits. First chart: the server's summary, drawn while DuckDB-wasm starts and loads the rollup
(engine ready = engine started, rollup downloaded and loaded, chart aggregate built). Filter change: a profile or
a service, answered from the chart's pre-aggregate (a typed-array cube in the page). Plain JS: download, Arrow
decode and a loop over the same rows. "server": the event store's time to compute that summary (DuckDB, measured
when the size was prepared, on the same loaded machine; not in the page's times): the first chart a user sees takes
the server's time plus the page's, against the server's time to produce the whole Arrow stream plus plain JS's.
The chart's pre-aggregate (weeks × services × profiles) does not grow with the events, so neither does a filter
change. Medians of ${RUNS} cold runs (filters: 10 changes a run). Load: the
machine's 1-minute load average before → after the size's runs (2 cores, shared).

| events | usage_daily rows (Arrow) | first chart (dashboard) | engine ready | first chart (plain JS) | first chart before engine | filter change (dashboard) | filter change (plain JS) | filter speed-up | load (UTC) |
|---|---|---|---|---|---|---|---|---|---|
${sizes.map(line).join('\n')}

Generation: ${sizes.map((s) => `${(s.events as number).toLocaleString('en')} events in ${s.generateS} s${VIA_EVENTS ? ` + rollup ${s.rollupS} s` : ''}`).join(', ')}.
`;
  writeFileSync(join(RESULTS, 'dashboard.md'), md);
  console.log(md);
}

await main();
