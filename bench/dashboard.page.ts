/**
 * The page of bench/dashboard.bench.ts: the dashboard's own code path (Store over DuckDB-wasm, the
 * @preau/analytics `top_services` indicator, the bar chart) next to plain JavaScript computing the same indicator
 * over the same Arrow rows, in the same page.
 */
import { type Table, tableFromIPC } from 'apache-arrow';
import { drawBars } from '../apps/dashboard/src/charts/draw.js';
import { Api } from '../apps/dashboard/src/data/api.js';
import { Store } from '../apps/dashboard/src/data/store.js';
import { serviceLabel } from '../apps/dashboard/src/labels.js';

const FROM = '2025-09-01';
const TO = '2026-06-30';

function svg(): SVGSVGElement {
  const s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  s.setAttribute('viewBox', '0 0 800 400');
  document.body.replaceChildren(s);
  return s;
}

async function fetchBytes(): Promise<Uint8Array> {
  const res = await fetch('/usage_daily.arrow', { cache: 'no-store' });
  return new Uint8Array(await res.arrayBuffer());
}

/** Top services (visits) within the window, optionally for one profile — by hand over the Arrow columns. */
function topServicesJs(table: Table, profile: string | null) {
  const lo = Date.parse(`${FROM}T00:00:00Z`) / 86_400_000;
  const hi = Date.parse(`${TO}T00:00:00Z`) / 86_400_000;
  const sums = new Map<string, number>();
  for (const batch of table.batches) {
    const day = batch.getChild('day')!.data[0]!.values as Int32Array;
    const visits = batch.getChild('visits')!.toArray() as Int32Array;
    const service = batch.getChild('service')!;
    const prof = batch.getChild('profile')!;
    for (let i = 0; i < batch.numRows; i++) {
      const d = day[i]!;
      if (d < lo || d > hi) continue;
      if (profile && prof.get(i) !== profile) continue;
      const s = service.get(i) as string;
      sums.set(s, (sums.get(s) ?? 0) + visits[i]!);
    }
  }
  return [...sums]
    .map(([service, visits]) => ({ service, visits }))
    .sort((a, b) => b.visits - a.visits || a.service.localeCompare(b.service))
    .slice(0, 10);
}

const bars = (rows: Record<string, unknown>[]) =>
  rows.map((r) => ({ label: serviceLabel(r.service), value: r.visits as number }));

declare global {
  interface Window {
    runBench(profiles: string[]): Promise<unknown>;
  }
}

window.runBench = async (profiles: string[]) => {
  const t: Record<string, number | number[] | string> = {};
  // Plain JavaScript: download, decode, compute, draw.
  let t0 = performance.now();
  const jsBytes = await fetchBytes();
  const table = tableFromIPC(jsBytes) as Table;
  const jsTop = topServicesJs(table, null);
  drawBars(svg(), 800, bars(jsTop));
  t.jsFirstChart = performance.now() - t0;
  t.rows = table.numRows;

  // The dashboard: engine start and download in parallel, load, indicator SQL, draw.
  t0 = performance.now();
  const store = new Store(new Api('/none'), '/duckdb/');
  const [, bytes] = await Promise.all([store.database(), fetchBytes()]);
  const tEngine = performance.now() - t0;
  // Read before loading: the bytes are handed over to the engine's worker.
  t.bytes = bytes.byteLength;
  await store.loadBytes('usage_daily', bytes);
  const tLoaded = performance.now() - t0;
  const dbTop = await store.indicator('top_services', { from: FROM, to: TO, limit: 10 });
  drawBars(svg(), 800, bars(dbTop));
  t.dbFirstChart = performance.now() - t0;
  t.dbEngineAndDownload = tEngine;
  t.dbLoad = tLoaded - tEngine;
  if (
    JSON.stringify(dbTop.map((r) => [r.service, r.visits])) !==
    JSON.stringify(jsTop.map((r) => [r.service, r.visits]))
  )
    throw new Error('DuckDB and JavaScript disagree on the top services');

  // A filter change (profile), both ways, repeated.
  const js: number[] = [];
  const db: number[] = [];
  for (const profile of profiles) {
    t0 = performance.now();
    const a = topServicesJs(table, profile);
    drawBars(svg(), 800, bars(a));
    js.push(performance.now() - t0);
    t0 = performance.now();
    await store.setFilters({ territory: null, profile: profile as never, service: null });
    const b = await store.indicator('top_services', { from: FROM, to: TO, limit: 10 });
    drawBars(svg(), 800, bars(b));
    db.push(performance.now() - t0);
    if (
      JSON.stringify(a.map((r) => [r.service, r.visits])) !==
      JSON.stringify(b.map((r) => [r.service, r.visits]))
    )
      throw new Error(`DuckDB and JavaScript disagree for ${profile}`);
  }
  t.jsFilter = js;
  t.dbFilter = db;
  await store.close();
  return t;
};
