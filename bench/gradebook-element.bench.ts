/**
 * <preau-gradebook> in headless Chromium, as ratios to a plain-DOM table doing the same work in the same page:
 * - first render of 40 students × 60 évaluations (cells, averages, class statistics, layout);
 * - one cell edited with the row average and the statistics refreshed.
 * Plus the element's size (minified, gzip, Lit excluded; every element's in bench/element-sizes).
 * Writes bench/results/gradebook-element.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a build helper written in plain JavaScript
import { elementSizes } from '../packages/components/element-sizes.mjs';
import { median, openBenchPage } from './support.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'bench', 'results');
const STUDENTS = 40;
const EVALUATIONS = 60;
const RENDER_RUNS = 21;
const EDIT_RUNS = 41;
const WARMUP = 3;
type Size = { minified: number; gzip: number };

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function sizes() {
  // The same measure as the build and bench/element-sizes: templates minified too, Lit excluded.
  const all = (await elementSizes(['gradebook'])) as Record<string, { withBase: Size; own: Size }>;
  return all['preau-gradebook']!;
}

async function main() {
  const { page, close } = await openBenchPage('bench/gradebook-element.page.ts', {
    width: 1280,
    height: 800,
  });
  try {
    await page.evaluate(([s, e]) => window.gradebookBench.setup(s, e), [STUDENTS, EVALUATIONS] as const);

    // First render, alternating sides so that both see the same machine state.
    const renderEl: number[] = [];
    const renderPlain: number[] = [];
    for (let i = 0; i < WARMUP + RENDER_RUNS; i++) {
      const first = i % 2 === 0;
      const a = first
        ? await page.evaluate(() => window.gradebookBench.renderElement())
        : await page.evaluate(() => window.gradebookBench.renderPlain());
      const b = first
        ? await page.evaluate(() => window.gradebookBench.renderPlain())
        : await page.evaluate(() => window.gradebookBench.renderElement());
      if (i < WARMUP) continue;
      renderEl.push(first ? a : b);
      renderPlain.push(first ? b : a);
    }

    // One cell edit with averages refreshed (row 17, évaluation 23, a /40 one), both grids in the page,
    // element and plain edits alternating.
    const [r, c] = [17, 23];
    await page.evaluate(() => window.gradebookBench.renderBoth());
    await page.evaluate(([r, c]) => window.gradebookBench.selectElementCell(r, c), [r, c] as const);
    const editEl: number[] = [];
    const editPlain: number[] = [];
    for (let i = 0; i < WARMUP + EDIT_RUNS; i++) {
      const a = await page.evaluate(() => window.gradebookBench.editElement());
      const b = await page.evaluate(([r, c]) => window.gradebookBench.editPlain(r, c), [r, c] as const);
      if (i < WARMUP) continue;
      editEl.push(a);
      editPlain.push(b);
    }
    const elementCells = await page.evaluate(([r, c]) => window.gradebookBench.elementCells(r, c), [
      r,
      c,
    ] as const);
    const plainCells = await page.evaluate(([r, c]) => window.gradebookBench.plainCells(r, c), [
      r,
      c,
    ] as const);
    if (elementCells.join('|') !== plainCells.join('|')) {
      throw new Error(`Both sides must show the same: element ${elementCells} vs plain ${plainCells}`);
    }

    const size = await sizes();
    const render = { elementMs: round(median(renderEl)), plainMs: round(median(renderPlain)) };
    const edit = { elementMs: round(median(editEl), 3), plainMs: round(median(editPlain), 3) };
    const out = {
      benchmark: 'gradebook-element',
      date: new Date().toISOString(),
      grid: { students: STUDENTS, evaluations: EVALUATIONS },
      runs: { render: RENDER_RUNS, edit: EDIT_RUNS, warmup: WARMUP },
      // Each element run is paired with the plain run next to it: the ratio is the median of the pairs' ratios,
      // which the load of a shared machine disturbs less than a ratio of medians.
      firstRender: {
        ...render,
        ratio: round(median(renderEl.map((t, i) => t / renderPlain[i]!))),
        aim: 1.5,
      },
      cellEdit: {
        ...edit,
        ratio: round(median(editEl.map((t, i) => t / editPlain[i]!))),
        aim: 1.5,
        checked: { cell: elementCells[0], average: elementCells[1] },
      },
      size: {
        elementAndBaseGzipBytes: size.withBase.gzip,
        elementAndBaseMinifiedBytes: size.withBase.minified,
        elementOwnGzipBytes: size.own.gzip,
        elementOwnMinifiedBytes: size.own.minified,
        aimGzipBytes: 15 * 1024,
      },
    };
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'gradebook-element.json'), `${JSON.stringify(out, null, 2)}\n`);
    const kb = (n: number) => `${round(n / 1024, 1)} KB`;
    const md = `## <preau-gradebook> (${STUDENTS} students × ${EVALUATIONS} évaluations, headless Chromium)

| measure (medians; ratio = median of paired runs) | element | plain-DOM table | ratio | aim |
|---|---|---|---|---|
| first render (median of ${RENDER_RUNS}) | ${render.elementMs} ms | ${render.plainMs} ms | ${out.firstRender.ratio}× | ≤ 1.5× |
| one cell edit, averages refreshed (median of ${EDIT_RUNS}) | ${edit.elementMs} ms | ${edit.plainMs} ms | ${out.cellEdit.ratio}× | ≤ 1.5× |

| size in the CDN build (minified, gzip, Lit excluded) | gzip | minified | aim |
|---|---|---|---|
| element + core rules + shared base | ${kb(size.withBase.gzip)} | ${kb(size.withBase.minified)} | ≤ 15 KB |
| element + core rules (base shared by all elements left out) | ${kb(size.own.gzip)} | ${kb(size.own.minified)} | |
`;
    writeFileSync(join(results, 'gradebook-element.md'), md);
    console.log(md);
  } finally {
    await close();
  }
}

declare global {
  interface Window {
    gradebookBench: {
      setup(students: number, evaluations: number): void;
      renderElement(): Promise<number>;
      renderBoth(): Promise<void>;
      renderPlain(): number;
      selectElementCell(r: number, c: number): Promise<void>;
      editElement(): Promise<number>;
      editPlain(r: number, c: number): number;
      elementCells(r: number, c: number): [string, string];
      plainCells(r: number, c: number): [string, string];
    };
  }
}

await main();
