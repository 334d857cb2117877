// Builds the analysts' dashboard into dist/: a complete static app served under any path (relative URLs only,
// no CDN): index.html, app.js (Lit + d3 + @preau/analytics), the map asset and the DuckDB-wasm engine files.
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { precompress } from '../../scripts/precompress.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, 'dist');
const require = createRequire(import.meta.url);
const duckdbDist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser.mjs'));

/** DuckDB-wasm files the browser needs: the MVP build (any browser) and the exception-handling one (faster). */
export const DUCKDB_FILES = [
  'duckdb-mvp.wasm',
  'duckdb-eh.wasm',
  'duckdb-browser-mvp.worker.js',
  'duckdb-browser-eh.worker.js',
];

export async function build({ minify = true } = {}) {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(resolve(dist, 'duckdb'), { recursive: true });
  mkdirSync(resolve(dist, 'geo'), { recursive: true });
  await esbuild.build({
    entryPoints: [resolve(here, 'src/main.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify,
    sourcemap: true,
    outfile: resolve(dist, 'app.js'),
    tsconfig: resolve(here, '../../tsconfig.base.json'),
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(resolve(here, 'src/index.html'), resolve(dist, 'index.html'));
  copyFileSync(resolve(here, 'src/geo/france.topojson'), resolve(dist, 'geo/france.topojson'));
  for (const file of DUCKDB_FILES) copyFileSync(resolve(duckdbDist, file), resolve(dist, 'duckdb', file));
  const size = statSync(resolve(dist, 'app.js')).size;
  const { before, after } = await precompress(dist);
  const mb = (n) => (n / 1048576).toFixed(1);
  console.log(
    `dashboard: dist/ built (app.js ${(size / 1024).toFixed(0)} KiB; ${mb(before)} MB, ${mb(after)} MB gzipped)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build({ minify: !process.argv.includes('--dev') });
}
