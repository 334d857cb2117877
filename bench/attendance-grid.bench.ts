/**
 * <preau-attendance view="week"> with 1,000 students × 5 days × 8 slots in headless Chromium, as ratios to plain
 * DOM doing the same work in the same page (same virtual window, cells, labels):
 * - first render (element created, data set, rows measured and laid out);
 * - one scroll step of 10 rows (window recomputed, rows re-rendered, layout).
 * Also: plain DOM rendering all 1,000 rows (no virtualization), to show what the window saves.
 * Writes bench/results/attendance-grid.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, openBenchPage } from './support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'bench', 'results');
const STUDENTS = 1000;
const RENDER_RUNS = 15;
const SCROLL_RUNS = 40;
const SCROLL_ROWS = 10;
const WARMUP = 3;

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function main() {
  const { page, close } = await openBenchPage('bench/attendance-grid.page.ts', { width: 1280, height: 900 });
  try {
    await page.evaluate((n) => window.attendanceBench.setup(n), STUDENTS);

    const renderEl: number[] = [];
    const renderPlain: number[] = [];
    const renderFull: number[] = [];
    for (let i = 0; i < WARMUP + RENDER_RUNS; i++) {
      // alternate the order so that both sides see the same machine state
      const order = i % 2 === 0 ? ['el', 'plain'] : ['plain', 'el'];
      const got: Record<string, number> = {};
      for (const side of order) {
        got[side] =
          side === 'el'
            ? await page.evaluate(() => window.attendanceBench.renderElement())
            : await page.evaluate(() => window.attendanceBench.renderPlain(true));
      }
      const full = await page.evaluate(() => window.attendanceBench.renderPlain(false));
      if (i < WARMUP) continue;
      renderEl.push(got.el!);
      renderPlain.push(got.plain!);
      renderFull.push(full);
    }

    await page.evaluate(() => window.attendanceBench.renderElement());
    const scrollEl: number[] = [];
    for (let i = 0; i < WARMUP + SCROLL_RUNS; i++) {
      const t = await page.evaluate((r) => window.attendanceBench.scrollElement(r), SCROLL_ROWS);
      if (i >= WARMUP) scrollEl.push(t);
    }
    const elWindow = await page.evaluate(() => window.attendanceBench.elementWindow());
    await page.evaluate(() => window.attendanceBench.renderPlain(true));
    const scrollPlain: number[] = [];
    for (let i = 0; i < WARMUP + SCROLL_RUNS; i++) {
      const t = await page.evaluate((r) => window.attendanceBench.scrollPlain(r), SCROLL_ROWS);
      if (i >= WARMUP) scrollPlain.push(t);
    }
    const plainWindow = await page.evaluate(() => window.attendanceBench.plainWindow());
    if (Math.abs(elWindow[0] - plainWindow[0]) > 1) {
      throw new Error(`Both sides must show the same rows: element ${elWindow} vs plain ${plainWindow}`);
    }

    // Memory: the JS heap the element adds with 1,000 students (data already in the page, garbage collected
    // before each reading), per student; and the DOM nodes of one rendered row.
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    await page.evaluate(() => window.attendanceBench.clear());
    const heapBefore = await heap();
    await page.evaluate(() => window.attendanceBench.renderElement());
    const heapElement = await heap();
    const [nodesPerRow] = await page.evaluate(() => window.attendanceBench.nodesPerRow());
    await page.evaluate(() => window.attendanceBench.clear());
    const heapCleared = await heap();
    await page.evaluate(() => window.attendanceBench.renderPlain(false));
    const heapPlainAll = await heap();
    const memory = {
      elementBytesPerStudent: Math.round((heapElement - heapBefore) / STUDENTS),
      plainAllRowsBytesPerStudent: Math.round((heapPlainAll - heapCleared) / STUDENTS),
      elementDomNodesPerRenderedRow: round(nodesPerRow, 1),
    };

    const render = {
      elementMs: round(median(renderEl)),
      plainMs: round(median(renderPlain)),
      plainAllRowsMs: round(median(renderFull)),
    };
    const scroll = { elementMs: round(median(scrollEl), 3), plainMs: round(median(scrollPlain), 3) };
    const out = {
      benchmark: 'attendance-grid',
      date: new Date().toISOString(),
      grid: { students: STUDENTS, days: 5, slots: 8, viewportPx: 600 },
      runs: { render: RENDER_RUNS, scroll: SCROLL_RUNS, scrollRows: SCROLL_ROWS, warmup: WARMUP },
      firstRender: {
        ...render,
        ratio: round(render.elementMs / render.plainMs),
        virtualizationSaves: round(render.plainAllRowsMs / render.elementMs),
      },
      scrollStep: { ...scroll, ratio: round(scroll.elementMs / scroll.plainMs) },
      renderedRows: { element: elWindow[1], plain: plainWindow[1], firstRowIndexAfterScroll: elWindow[0] },
      memory,
    };
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'attendance-grid.json'), `${JSON.stringify(out, null, 2)}\n`);
    const md = `## <preau-attendance> week grid (${STUDENTS} students × 5 days × 8 slots, headless Chromium)

| measure | element | plain DOM, same window | ratio |
|---|---|---|---|
| first render (median of ${RENDER_RUNS}) | ${render.elementMs} ms | ${render.plainMs} ms | ${out.firstRender.ratio}× |
| scroll step of ${SCROLL_ROWS} rows (median of ${SCROLL_RUNS}) | ${scroll.elementMs} ms | ${scroll.plainMs} ms | ${out.scrollStep.ratio}× |

Plain DOM rendering all ${STUDENTS} rows (no virtualization): ${render.plainAllRowsMs} ms, ${out.firstRender.virtualizationSaves}× the element's first render; the element keeps ${elWindow[1]} rows in the page.

| memory (JS heap after garbage collection) | per student |
|---|---|
| element, 1,000 students (${memory.elementDomNodesPerRenderedRow} DOM nodes per rendered row) | ${(memory.elementBytesPerStudent / 1024).toFixed(2)} KB |
| plain DOM drawing every row | ${(memory.plainAllRowsBytesPerStudent / 1024).toFixed(2)} KB |
`;
    writeFileSync(join(results, 'attendance-grid.md'), md);
    console.log(md);
  } finally {
    await close();
  }
}

await main();
