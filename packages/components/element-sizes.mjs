// What a page pays for one element: its module with the shared base and the core rules it uses, Lit excluded,
// minified (templates too), gzip -9 — and the element's own share once the base is counted for another element;
// what the page downloads first, and with what the element loads on demand.
// Used by build.mjs (dist/sizes.json) and `npm run bench` (bench/results/element-sizes.md).
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { minifyTemplatesPlugin } from './minify-templates.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
export const LIT_EXTERNAL = [
  'lit',
  'lit/*',
  '@lit/*',
  'lit-html',
  'lit-html/*',
  'lit-element',
  'lit-element/*',
];

/** Element folders: `src/<name>/<name>.ts`, tag `preau-<name>`. */
export function elementNames() {
  return readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'base' && existsSync(join(src, d.name, `${d.name}.ts`)))
    .map((d) => d.name)
    .sort();
}

const externalBase = {
  name: 'external-base',
  setup(b) {
    b.onResolve({ filter: /\/base\// }, (args) => ({ path: args.path, external: true }));
  },
};

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Built as the CDN builds it (code split): `first` is what a page downloads to show the element (the entry and the
 * chunks it imports statically), `all` adds what it loads on demand (a teacher's grid, a document's parser…).
 * Each file is gzipped on its own, as it is served.
 */
async function size(entry, plugins) {
  const r = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    outdir: '/size',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    conditions: ['production'],
    legalComments: 'none',
    tsconfig: join(here, '..', '..', 'tsconfig.base.json'),
    external: LIT_EXTERNAL,
    plugins: [minifyTemplatesPlugin, ...plugins],
  });
  const files = new Map(r.outputFiles.map((f) => [basename(f.path), f.contents]));
  const outputs = r.metafile.outputs;
  // On-demand modules are entry points too (`import()`): the element's is the one built from `entry`.
  const entryOut = Object.keys(outputs).find(
    (k) => outputs[k].entryPoint && resolve(outputs[k].entryPoint) === entry,
  );
  const first = new Set();
  const visit = (out) => {
    if (first.has(out)) return;
    first.add(out);
    for (const i of outputs[out].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryOut);
  const sum = (names) =>
    [...names].reduce(
      (t, n) => {
        const bytes = files.get(basename(n)) ?? new Uint8Array();
        return { minified: t.minified + bytes.length, gzip: t.gzip + gz(bytes) };
      },
      { minified: 0, gzip: 0 },
    );
  const all = sum(Object.keys(outputs));
  return { ...sum(first), all };
}

/** `{ 'preau-x': { withBase: {minified, gzip, all}, own: {minified, gzip, all} } }` for every element. */
export async function elementSizes(names = elementNames()) {
  const out = {};
  for (const name of names) {
    const entry = join(src, name, `${name}.ts`);
    out[`preau-${name}`] = { withBase: await size(entry, []), own: await size(entry, [externalBase]) };
  }
  return out;
}
