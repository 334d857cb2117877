/**
 * <preau-messages> opening a mailbox of 10,000 messages in headless Chromium, until the frame showing the list is
 * painted, as ratios to two plain-DOM lists built in the same page from the same lines: every line (a page without
 * virtualization), and only the lines that fit on screen (the least any list can do). Plus the element's size.
 * Writes bench/results/messages-element.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: a build helper written in plain JavaScript
import { elementSizes } from '../packages/components/element-sizes.mjs';
import { median, openBenchPage, RESULTS } from './support.js';

const MESSAGES = 10_000;
const RUNS = 21;
const WARMUP = 3;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
type Size = { minified: number; gzip: number };

async function main() {
  const { page, close } = await openBenchPage('bench/messages-element.page.ts', { width: 1280, height: 900 });
  try {
    await page.evaluate((n) => window.messagesBench.setup(n), MESSAGES);
    const element: number[] = [];
    const all: number[] = [];
    const visible: number[] = [];
    let shape = { rows: 0, rowcount: null as string | null, allRows: 0, visibleRows: 0 };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // Rotating the order so that no side always runs first.
      const order = [0, 1, 2].map((k) => (k + i) % 3);
      const got: number[] = [];
      for (const side of order) {
        if (side === 0) {
          const r = await page.evaluate(() => window.messagesBench.openElement());
          got[0] = r.ms;
          shape = { ...shape, rows: r.rows, rowcount: r.rowcount };
        } else {
          const r = await page.evaluate((v) => window.messagesBench.openPlain(v), side === 2);
          got[side] = r.ms;
          if (side === 1) shape.allRows = r.rows;
          else shape.visibleRows = r.rows;
        }
      }
      if (i < WARMUP) continue;
      element.push(got[0]!);
      all.push(got[1]!);
      visible.push(got[2]!);
    }
    if (shape.rowcount !== String(MESSAGES) || shape.allRows !== MESSAGES)
      throw new Error(`Both sides must show the mailbox: ${JSON.stringify(shape)}`);
    const sizes = (await elementSizes(['messages'])) as Record<string, { withBase: Size; own: Size }>;
    const size = sizes['preau-messages']!;
    const out = {
      benchmark: 'messages-element',
      date: new Date().toISOString(),
      messages: MESSAGES,
      runs: RUNS,
      warmup: WARMUP,
      rowsInTheElement: shape.rows,
      open: {
        elementMs: round(median(element)),
        plainAllMs: round(median(all)),
        plainVisibleMs: round(median(visible)),
        ratioToAll: round(median(element.map((t, i) => t / all[i]!))),
        ratioToVisible: round(median(element.map((t, i) => t / visible[i]!))),
      },
      size: {
        elementAndBaseGzipBytes: size.withBase.gzip,
        elementAndBaseMinifiedBytes: size.withBase.minified,
        elementOwnGzipBytes: size.own.gzip,
        elementOwnMinifiedBytes: size.own.minified,
      },
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'messages-element.json'), `${JSON.stringify(out, null, 2)}\n`);
    const kb = (n: number) => `${round(n / 1024, 1)} KB`;
    const o = out.open;
    const md = `## <preau-messages> opening a ${MESSAGES.toLocaleString('en')}-message mailbox (headless Chromium, first paint of the list)

Baselines, in the same page: plain-DOM lists built with createElement from the same lines — every line (a page
without virtualization), and only the ${shape.visibleRows} lines that fit on screen (the least any list can do). The element
normalizes the 10,000 lines it is given, sorts them, draws folders and search, and renders ${shape.rows} rows of the grid.

| first paint of the list (median of ${RUNS}; ratio = median of paired runs) | time | element ÷ baseline |
|---|---|---|
| \`<preau-messages>\` | ${o.elementMs} ms | |
| plain list of all ${MESSAGES.toLocaleString('en')} lines | ${o.plainAllMs} ms | ${o.ratioToAll}× |
| plain list of the ${shape.visibleRows} visible lines | ${o.plainVisibleMs} ms | ${o.ratioToVisible}× |

| size in the CDN build (minified, gzip, Lit excluded) | gzip | minified |
|---|---|---|
| element + core rules + shared base | ${kb(size.withBase.gzip)} | ${kb(size.withBase.minified)} |
| element + core rules (base shared by all elements left out) | ${kb(size.own.gzip)} | ${kb(size.own.minified)} |
`;
    writeFileSync(join(RESULTS, 'messages-element.md'), md);
    console.log(md);
  } finally {
    await close();
  }
}

declare global {
  interface Window {
    messagesBench: {
      setup(count: number): void;
      openElement(): Promise<{ ms: number; rows: number; rowcount: string | null }>;
      openPlain(visibleOnly: boolean): Promise<{ ms: number; rows: number }>;
    };
  }
}

await main();
