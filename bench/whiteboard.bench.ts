/**
 * <preau-whiteboard> in headless Chromium with a 30-page OpenBoard document (the pages of the OpenBoard-made
 * fixture, repeated), as ratios to a baseline in the same page: the same pages shown as plain `<img>`s of their
 * already sanitized SVG (no archive, no parsing, no sanitizing, no viewer).
 * - time to first page: bytes in → page 1 on screen, pictures decoded;
 * - page turn: next page on screen.
 * Plus the element's size (minified, gzip, Lit excluded; the lazily loaded libraries listed apart).
 * Writes bench/results/whiteboard.json and .md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { median, openBenchPage, RESULTS, ROOT } from './support.js';

const PAGES = 30;
const FIRST_RUNS = 9;
const TURN_RUNS = 29;
const WARMUP = 2;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const litExternal = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*'];

/** 30 pages: OpenBoard's three, each repeated ten times with its pictures and thumbnail. */
function thirtyPageDocument(): Uint8Array {
  const source = unzipSync(
    new Uint8Array(readFileSync(join(ROOT, 'packages/components/test-support/whiteboard/fractions.ubz'))),
  );
  const out: Record<string, Uint8Array> = { 'metadata.rdf': source['metadata.rdf']! };
  for (const [name, data] of Object.entries(source)) if (name.startsWith('images/')) out[name] = data;
  for (let i = 0; i < PAGES; i++) {
    const from = String(i % 3).padStart(3, '0');
    const to = String(i).padStart(3, '0');
    const svg = new TextDecoder()
      .decode(source[`page${from}.svg`])
      .replace(/ub:uuid="[^"]+"/, `ub:uuid="bench-page-${to}"`);
    out[`page${to}.svg`] = strToU8(svg);
    out[`page${to}.thumbnail.jpg`] = source[`page${from}.thumbnail.jpg`]!;
  }
  return zipSync(out, { level: 6 });
}

/** What each lazily loaded chunk holds, from esbuild's chunk name. */
function lazyName(path: string): string {
  const stem = path
    .split('/')
    .pop()!
    .replace(/-[A-Z0-9]{8}\.js$/, '');
  const known: Record<string, string> = {
    'pdf-lib.esm.min': 'pdf-lib (PDF export only)',
    'purify.es': 'DOMPurify (sanitizer)',
    open: 'document reader (formats, pages, text)',
    archive: 'fflate and the archive limits',
    sanitize: 'sanitizer settings',
  };
  return known[stem] ?? `${stem}.js`;
}

async function sizes() {
  const r = await esbuild.build({
    entryPoints: { whiteboard: join(ROOT, 'packages/components/src/whiteboard/whiteboard.ts') },
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: join(ROOT, 'bench', '.whiteboard-sizes'),
    minify: true,
    write: false,
    target: 'es2022',
    conditions: ['production'],
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    legalComments: 'none',
    external: litExternal,
  });
  const gz = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;
  const entry = r.outputFiles.find((f) => f.path.endsWith('whiteboard.js'))!;
  const lazy = r.outputFiles
    .filter((f) => f !== entry && f.path.endsWith('.js'))
    .map((f) => ({ file: lazyName(f.path), minified: f.contents.length, gzip: gz(f.contents) }))
    .sort((a, b) => b.gzip - a.gzip);
  return { element: { minified: entry.contents.length, gzip: gz(entry.contents) }, lazy };
}

async function main() {
  const document = thirtyPageDocument();
  const { page, close } = await openBenchPage('bench/whiteboard.page.ts', { width: 1280, height: 800 });
  try {
    const pages = await page.evaluate(
      (b64) => window.whiteboardBench.setup(b64),
      Buffer.from(document).toString('base64'),
    );
    if (pages !== PAGES) throw new Error(`expected ${PAGES} pages, got ${pages}`);
    const firstEl: number[] = [];
    const firstPlain: number[] = [];
    for (let i = 0; i < WARMUP + FIRST_RUNS; i++) {
      const a = await page.evaluate(() => window.whiteboardBench.firstPageElement());
      const b = await page.evaluate(() => window.whiteboardBench.firstPagePlain());
      if (i < WARMUP) continue;
      firstEl.push(a);
      firstPlain.push(b);
    }
    const turnEl: number[] = [];
    const turnPlain: number[] = [];
    for (let i = 1; i <= WARMUP + TURN_RUNS; i++) {
      const a = await page.evaluate((n) => window.whiteboardBench.turnElement(n), i % PAGES);
      const b = await page.evaluate((n) => window.whiteboardBench.turnPlain(n), i % PAGES);
      if (i <= WARMUP) continue;
      turnEl.push(a);
      turnPlain.push(b);
    }
    const size = await sizes();
    const pair = (xs: number[], ys: number[]) => round(median(xs.map((x, i) => x / ys[i]!)));
    const out = {
      benchmark: 'whiteboard',
      date: new Date().toISOString(),
      document: { pages: PAGES, bytes: document.byteLength },
      runs: { first: FIRST_RUNS, turn: TURN_RUNS, warmup: WARMUP },
      firstPage: {
        elementMs: round(median(firstEl)),
        plainMs: round(median(firstPlain)),
        ratio: pair(firstEl, firstPlain),
      },
      pageTurn: {
        elementMs: round(median(turnEl)),
        plainMs: round(median(turnPlain)),
        ratio: pair(turnEl, turnPlain),
      },
      size,
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, 'whiteboard.json'), `${JSON.stringify(out, null, 2)}\n`);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    const md = [
      '## Whiteboard viewer (`<preau-whiteboard>`)',
      '',
      `A ${PAGES}-page OpenBoard document (${kb(document.byteLength)}), headless Chromium, 1280×800. Baseline: the same`,
      'pages as plain `<img>`s of their already sanitized SVG. Medians; ratio = median of paired runs.',
      'The bench page is one script, so the archive is read on the page’s thread here (in the product, a worker).',
      '',
      '| measure | element | baseline | ratio |',
      '| --- | ---: | ---: | ---: |',
      `| time to first page (inflate, parse, sanitize, render, pictures) | ${out.firstPage.elementMs} ms | ${out.firstPage.plainMs} ms | ${out.firstPage.ratio}× |`,
      `| page turn | ${out.pageTurn.elementMs} ms | ${out.pageTurn.plainMs} ms | ${out.pageTurn.ratio}× |`,
      '',
      '| size (minified / gzip, Lit excluded) | minified | gzip |',
      '| --- | ---: | ---: |',
      `| element, loaded with the page | ${kb(size.element.minified)} | ${kb(size.element.gzip)} |`,
      ...size.lazy
        .slice(0, 6)
        .map((l) => `| loaded when needed: ${l.file} | ${kb(l.minified)} | ${kb(l.gzip)} |`),
      '',
    ].join('\n');
    writeFileSync(join(RESULTS, 'whiteboard.md'), md);
    console.log(md);
  } finally {
    await close();
  }
}

await main();
