/**
 * The dashboard in headless Chromium over a 10 M-event académie (the usage_daily rollup of académie de Reims's
 * 235 établissements over a school year, its `events` summing to exactly 10,000,000), as ratios to plain
 * JavaScript computing the same indicator (top services by visits) over the same Arrow rows in the same page:
 * - time to first chart: DuckDB-wasm start + download + load + indicator SQL + bar chart, against download +
 *   Arrow decode + a hand-written loop + the same bar chart;
 * - time to a filter change (profile): view redefinition + indicator SQL + chart, against the loop again.
 * Writes bench/results/dashboard.json and .md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetTable, encodeIpc, isoToEpochDay } from '@preau/analytics';
import { USAGE_PROFILES, USAGE_SERVICES } from '@preau/core';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { median } from './support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'bench', 'results');
const duckdbDist = join(root, 'node_modules/@duckdb/duckdb-wasm/dist');
const PORT = Number(process.env.DASHBOARD_BENCH_PORT ?? 8855);
const EVENTS = 10_000_000;
const RUNS = 3;

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** A deterministic pseudo-random stream (LCG). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** usage_daily of académie de Reims (19): établissements × school days × profiles × 5 services a day. */
function academieUsageDaily(): { bytes: Uint8Array; rows: number } {
  const csv = readFileSync(join(root, 'apps/api/src/seed/reference/etablissements.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = csv[0]!.split(';');
  const col = (n: string) => header.indexOf(n);
  const schools = csv
    .slice(1)
    .map((l) => l.split(';'))
    .filter((c) => ['008', '010', '051', '052'].includes(c[col('departement')]!))
    .map((c) => ({
      uai: c[col('uai')]!,
      dep: c[col('departement')]!,
      students: Number(c[col('students')]) || 400,
    }));
  const days: number[] = [];
  for (let d = isoToEpochDay('2025-09-01'); d <= isoToEpochDay('2026-06-30'); d++) {
    const weekday = (((d + 3) % 7) + 7) % 7; // 0 = Monday
    if (weekday < 5) days.push(d);
  }
  const rnd = rng(20251);
  const weight: number[] = [];
  const cols = {
    day: [] as number[],
    uai: [] as string[],
    departement: [] as string[],
    service: [] as string[],
    profile: [] as string[],
  };
  for (const s of schools)
    for (const day of days)
      for (const profile of USAGE_PROFILES)
        for (let k = 0; k < 5; k++) {
          cols.day.push(day);
          cols.uai.push(s.uai);
          cols.departement.push(s.dep);
          cols.profile.push(profile);
          // Services skewed towards the first ones of the national list (a few dominate, as in real audiences).
          cols.service.push(USAGE_SERVICES[Math.floor(USAGE_SERVICES.length * rnd() ** 2)]!);
          weight.push(s.students * (0.5 + rnd()));
        }
  const n = weight.length;
  const total = weight.reduce((a, b) => a + b, 0);
  const events = new Int32Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    events[i] = Math.max(1, Math.floor((weight[i]! / total) * EVENTS));
    given += events[i]!;
  }
  for (let i = 0; given < EVENTS; i = (i + 1) % n, given++) events[i]! += 1;
  const visits = events.map((e) => Math.max(1, Math.round(e / 4)));
  const visitors = visits.map((v) => Math.max(1, Math.round(v * 0.8)));
  const duration = Float64Array.from(visits, (v) => v * 240);
  const table = datasetTable('usage_daily', {
    day: Int32Array.from(cols.day),
    uai: cols.uai,
    departement: cols.departement,
    academie: cols.uai.map(() => '19'),
    service: cols.service,
    profile: cols.profile,
    events,
    visits,
    visitors,
    duration_s: duration,
  });
  return { bytes: encodeIpc(table), rows: n };
}

async function main() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium introuvable (CHROME_PATH, /usr/bin/chromium).');
  const t0 = performance.now();
  const data = academieUsageDaily();
  console.log(
    `usage_daily: ${data.rows} rows, ${(data.bytes.byteLength / 1048576).toFixed(1)} MiB (${round((performance.now() - t0) / 1000)} s)`,
  );
  const bundle = await esbuild.build({
    entryPoints: [join(root, 'bench/dashboard.page.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    tsconfig: join(root, 'tsconfig.base.json'),
    logLevel: 'warning',
  });
  const js = bundle.outputFiles[0]!.contents;
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
    } else if (path === '/usage_daily.arrow') {
      res.setHeader('content-type', 'application/vnd.apache.arrow.stream');
      res.end(data.bytes);
    } else if (path.startsWith('/duckdb/') && /^[\w.-]+$/.test(path.slice(8))) {
      res.setHeader('content-type', path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
      res.end(readFileSync(join(duckdbDist, path.slice(8))));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const runs: Record<string, number | number[]>[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      // A fresh context each run: no compiled wasm or HTTP cache carried over.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.waitForFunction(() => typeof window.runBench === 'function');
      const profiles = [...USAGE_PROFILES, 'ELEVE', 'PARENT'];
      const t = (await page.evaluate((p) => window.runBench(p), profiles)) as Record<
        string,
        number | number[]
      >;
      runs.push(t);
      console.log(
        `run ${r + 1}: first chart DuckDB ${round(t.dbFirstChart as number)} ms / JS ${round(t.jsFirstChart as number)} ms; ` +
          `filter DuckDB ${round(median(t.dbFilter as number[]))} ms / JS ${round(median(t.jsFilter as number[]))} ms`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const m = (k: string) => median(runs.map((t) => t[k] as number));
  const mf = (k: string) => median(runs.flatMap((t) => t[k] as number[]));
  const out = {
    benchmark: 'dashboard',
    dataset: {
      name: 'usage_daily',
      academie: '19 (Reims)',
      events: EVENTS,
      rows: data.rows,
      bytes: data.bytes.byteLength,
    },
    runs: RUNS,
    firstChart: {
      duckdbMs: round(m('dbFirstChart')),
      duckdbEngineAndDownloadMs: round(m('dbEngineAndDownload')),
      duckdbLoadMs: round(m('dbLoad')),
      plainJsMs: round(m('jsFirstChart')),
      ratio: round(m('dbFirstChart') / m('jsFirstChart'), 2),
    },
    filterChange: {
      duckdbMs: round(mf('dbFilter')),
      plainJsMs: round(mf('jsFilter')),
      ratio: round(mf('dbFilter') / mf('jsFilter'), 2),
    },
    raw: runs,
  };
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'dashboard.json'), `${JSON.stringify(out, null, 2)}\n`);
  const md = `## Dashboard (headless Chromium, académie of ${EVENTS.toLocaleString('en')} events: ${data.rows.toLocaleString('en')} usage_daily rows, ${(data.bytes.byteLength / 1048576).toFixed(0)} MiB Arrow)

| measure (median of ${RUNS} cold runs) | DuckDB-wasm (dashboard) | plain JS, same rows | ratio |
|---|---|---|---|
| first chart: top services (engine start, download, load, query, draw) | ${out.firstChart.duckdbMs} ms | ${out.firstChart.plainJsMs} ms | ${out.firstChart.ratio} |
| of which engine start + download / table load | ${out.firstChart.duckdbEngineAndDownloadMs} ms / ${out.firstChart.duckdbLoadMs} ms | | |
| filter change (profile): view + query + draw | ${out.filterChange.duckdbMs} ms | ${out.filterChange.plainJsMs} ms | ${out.filterChange.ratio} |
`;
  writeFileSync(join(results, 'dashboard.md'), md);
  console.log(md);
}

await main();
