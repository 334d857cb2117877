/**
 * A student's agenda in `<preau-lesson-log view="student">` with a year of work (every school day from 1 September,
 * five pieces of work a day), in headless Chromium, as ratios to plain DOM doing the same work in the same page
 * (bench/lesson-log-agenda.page.ts):
 * - seen on 30 June: the year is in the data, the days to come are shown;
 * - seen on 1 September: the whole year is to come and shown.
 * Plus the element's size (minified, gzip, Lit excluded; every element's in bench/element-sizes).
 * Writes bench/results/lesson-log-agenda.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a build helper written in plain JavaScript
import { elementSizes } from '../packages/components/element-sizes.mjs';
import { median, openBenchPage, RESULTS } from './support.js';

const PER_DAY = 5;
const RUNS = 11;
const WARMUP = 2;
type Size = { minified: number; gzip: number };
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const SCENARIOS = [
  { today: '2027-06-30', label: 'seen on 30 June (the days to come shown)' },
  { today: '2026-09-01', label: 'seen on 1 September (the whole year shown)' },
] as const;

async function main() {
  const { page, close } = await openBenchPage('bench/lesson-log-agenda.page.ts', {
    width: 1280,
    height: 800,
  });
  try {
    const rows = [];
    for (const s of SCENARIOS) {
      const { items } = await page.evaluate(([t, n]) => window.lessonLogAgendaBench.setup(t, n), [
        s.today,
        PER_DAY,
      ] as const);
      const el: number[] = [];
      const plain: number[] = [];
      let shown = { element: 0, plain: 0 };
      // Alternating sides so that both see the same machine state; ratio = median of the pairs' ratios.
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const first = i % 2 === 0;
        const a = first
          ? await page.evaluate(() => window.lessonLogAgendaBench.renderElement())
          : await page.evaluate(() => window.lessonLogAgendaBench.renderPlain());
        const sa = await page.evaluate(() => window.lessonLogAgendaBench.shown());
        const b = first
          ? await page.evaluate(() => window.lessonLogAgendaBench.renderPlain())
          : await page.evaluate(() => window.lessonLogAgendaBench.renderElement());
        const sb = await page.evaluate(() => window.lessonLogAgendaBench.shown());
        shown = { element: Math.max(sa.element, sb.element), plain: Math.max(sa.plain, sb.plain) };
        if (shown.element !== shown.plain) {
          throw new Error(
            `Both sides must show the same items: element ${shown.element}, plain ${shown.plain}`,
          );
        }
        if (i < WARMUP) continue;
        el.push(first ? a : b);
        plain.push(first ? b : a);
      }
      rows.push({
        scenario: s.label,
        today: s.today,
        items,
        shown: shown.element,
        elementMs: round(median(el)),
        plainMs: round(median(plain)),
        ratio: round(median(el.map((t, i) => t / plain[i]!))),
      });
    }
    const size = ((await elementSizes(['lesson-log'])) as Record<string, { withBase: Size; own: Size }>)[
      'preau-lesson-log'
    ]!;
    const load = round(loadavg()[0]!, 1);
    const out = {
      benchmark: 'lesson-log-agenda',
      date: new Date().toISOString(),
      perDay: PER_DAY,
      runs: RUNS,
      warmup: WARMUP,
      loadAverage: load,
      rows,
      size: {
        elementAndBaseGzipBytes: size.withBase.gzip,
        elementAndBaseMinifiedBytes: size.withBase.minified,
        elementOwnGzipBytes: size.own.gzip,
      },
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'lesson-log-agenda.json'), `${JSON.stringify(out, null, 2)}\n`);
    const kb = (n: number) => `${round(n / 1024, 1)} KB`;
    const md = `## <preau-lesson-log> student agenda with a year of work (headless Chromium)

${PER_DAY} pieces of work due every school day from 1 September 2026 (${rows[0]!.items} items in the data). Baseline: plain DOM building the same agenda (same grouping rule, sanitizer, styles and texts) in the same page. Medians of ${RUNS} runs, first render with layout; ratio = median of paired runs. Machine load average at the end: ${load} (2 cores shared).

| agenda | items shown | element | plain DOM | ratio |
|---|---|---|---|---|
${rows.map((r) => `| ${r.scenario} | ${r.shown} | ${r.elementMs} ms | ${r.plainMs} ms | ${r.ratio}× |`).join('\n')}

| size in the CDN build (minified, gzip, Lit excluded) | gzip | minified |
|---|---|---|
| element + core rules + shared base | ${kb(size.withBase.gzip)} | ${kb(size.withBase.minified)} |
| element + core rules (base left out) | ${kb(size.own.gzip)} | ${kb(size.own.minified)} |
`;
    writeFileSync(join(RESULTS, 'lesson-log-agenda.md'), md);
    console.log(md);
  } finally {
    await close();
  }
}

declare global {
  interface Window {
    lessonLogAgendaBench: {
      setup(today: string, perDay: number): Promise<{ items: number }>;
      renderElement(): Promise<number>;
      renderPlain(): number;
      shown(): { element: number; plain: number };
    };
  }
}

await main();
