/**
 * The page of bench/dashboard.bench.ts: the dashboard's own code path (the server's first figures, then the
 * Store over DuckDB-wasm with the chart's pre-aggregated table, the bar chart) next to plain JavaScript computing
 * the same chart over the same Arrow rows, in the same page.
 */
import { type Table, tableFromIPC } from 'apache-arrow';
import { drawBars } from '../apps/dashboard/src/charts/draw.js';
import { Api } from '../apps/dashboard/src/data/api.js';
import { Store } from '../apps/dashboard/src/data/store.js';
import { serviceLabel } from '../apps/dashboard/src/labels.js';
import { topServices } from '../apps/dashboard/src/views/usage-queries.js';

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

interface Filter {
  profile: string | null;
  service: string | null;
}

/** Top services (visits) within the window, for a profile or a service — by hand over the Arrow columns. */
function topServicesJs(table: Table, w: { from: string; to: string }, f: Filter) {
  const lo = Date.parse(`${w.from}T00:00:00Z`) / 86_400_000;
  const hi = Date.parse(`${w.to}T00:00:00Z`) / 86_400_000;
  const sums = new Map<string, number>();
  for (const batch of table.batches) {
    const day = batch.getChild('day')!.data[0]!.values as Int32Array;
    const visits = batch.getChild('visits')!.toArray() as Int32Array;
    const service = batch.getChild('service')!;
    const prof = batch.getChild('profile')!;
    for (let i = 0; i < batch.numRows; i++) {
      const d = day[i]!;
      if (d < lo || d > hi) continue;
      if (f.profile && prof.get(i) !== f.profile) continue;
      const s = service.get(i) as string;
      if (f.service && s !== f.service) continue;
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
const same = (a: Record<string, unknown>[], b: Record<string, unknown>[]) =>
  JSON.stringify(a.map((r) => [r.service, r.visits])) === JSON.stringify(b.map((r) => [r.service, r.visits]));

declare global {
  interface Window {
    runBench(filters: Filter[], w: { from: string; to: string }): Promise<unknown>;
  }
}

window.runBench = async (filters, w) => {
  const t: Record<string, number | number[]> = {};
  // Plain JavaScript: download, decode, compute, draw.
  let t0 = performance.now();
  const table = tableFromIPC(await fetchBytes()) as Table;
  const jsTop = topServicesJs(table, w, { profile: null, service: null });
  drawBars(svg(), 800, bars(jsTop));
  t.jsFirstChart = performance.now() - t0;

  // The dashboard: the server's figures drawn at once; the engine starts, downloads and loads behind.
  t0 = performance.now();
  const store = new Store(new Api('/none'), '/duckdb/');
  const engine = (async () => {
    const [, bytes] = await Promise.all([store.database(), fetchBytes()]);
    await store.loadBytes('usage_daily', bytes);
  })();
  const summary = (await (await fetch('/usage-summary', { cache: 'no-store' })).json()) as {
    services: Record<string, unknown>[];
  };
  const first = summary.services.slice(0, 10);
  drawBars(svg(), 800, bars(first));
  t.firstChart = performance.now() - t0;
  await engine;
  const tLoaded = performance.now();
  const dbTop = await store.aggregate(topServices(w.from, w.to));
  drawBars(svg(), 800, bars(dbTop));
  t.engineReady = performance.now() - t0;
  t.aggregateBuild = performance.now() - tLoaded;
  if (!same(first, jsTop) || !same(dbTop, jsTop)) throw new Error('server, DuckDB and JavaScript disagree');

  const js: number[] = [];
  const db: number[] = [];
  const dbQuery: number[] = [];
  for (const f of filters) {
    t0 = performance.now();
    const a = topServicesJs(table, w, f);
    drawBars(svg(), 800, bars(a));
    js.push(performance.now() - t0);
    t0 = performance.now();
    await store.setFilters({ territory: null, profile: f.profile as never, service: f.service as never });
    const b = await store.aggregate(topServices(w.from, w.to));
    dbQuery.push(performance.now() - t0);
    drawBars(svg(), 800, bars(b));
    db.push(performance.now() - t0);
    if (!same(a, b)) throw new Error(`DuckDB and JavaScript disagree for ${JSON.stringify(f)}`);
  }
  t.jsFilter = js;
  t.dbFilter = db;
  t.dbFilterQuery = dbQuery;
  await store.close();
  return t;
};
