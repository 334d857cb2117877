// What a page pays for one element: its module with the shared base and the core rules it uses, Lit excluded,
// minified (templates too), gzip -9 — and the element's own share once the base is counted for another element.
// Used by build.mjs (dist/sizes.json) and `npm run bench` (bench/results/element-sizes.md).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

async function size(entry, plugins) {
  const r = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    conditions: ['production'],
    legalComments: 'none',
    tsconfig: join(here, '..', '..', 'tsconfig.base.json'),
    external: LIT_EXTERNAL,
    plugins: [minifyTemplatesPlugin, ...plugins],
  });
  const bytes = r.outputFiles[0].contents;
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** `{ 'preau-x': { withBase: {minified, gzip}, own: {minified, gzip} } }` for every element. */
export async function elementSizes(names = elementNames()) {
  const out = {};
  for (const name of names) {
    const entry = join(src, name, `${name}.ts`);
    out[`preau-${name}`] = { withBase: await size(entry, []), own: await size(entry, [externalBase]) };
  }
  return out;
}
