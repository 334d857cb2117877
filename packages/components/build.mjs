// Builds @preau/components:
//   dist/<name>/<name>.js + .d.ts   ES modules per element for npm (Lit left as a dependency)
//   dist/index.js                   every element
//   dist/cdn/preau.js               ONE minified bundle, Lit included, every element registered
//   dist/cdn/autoloader.js          loads dist/cdn/elements/<name>.js for the elements present in the page
//   custom-elements.json            from the JSDoc (@fires, @csspart, @cssprop, @slot)
// and prints each element's minified+gzip size, Lit excluded.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { precompress } from '../../scripts/precompress.mjs';
import { elementNames, elementSizes } from './element-sizes.mjs';
import { minifyTemplatesPlugin } from './minify-templates.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');
const root = join(here, '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Elements are the folders `src/<name>/` holding `<name>.ts`; the tag is `preau-<name>`. */
const elements = elementNames();

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  tsconfig: join(root, 'tsconfig.base.json'),
  legalComments: 'none',
  logLevel: 'warning',
  // Production Lit: no dev-mode warnings in schools' pages.
  conditions: ['production'],
  plugins: [minifyTemplatesPlugin],
};
const litExternal = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*'];

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// 1. npm modules, one per element, shared code split into chunks.
await esbuild.build({
  ...common,
  entryPoints: Object.fromEntries([
    ['index', join(src, 'index.ts')],
    ...elements.map((name) => [`${name}/${name}`, join(src, name, `${name}.ts`)]),
  ]),
  outdir: dist,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  external: litExternal,
  sourcemap: true,
});

// 2. The CDN bundle: the base and every element folder (whether or not index.ts lists it yet).
await esbuild.build({
  ...common,
  stdin: {
    contents: [
      "export * from './base/index.js';",
      ...elements.map((name) => `export * from './${name}/${name}.js';`),
    ].join('\n'),
    resolveDir: src,
    sourcefile: 'preau-cdn.ts',
    loader: 'ts',
  },
  outdir: join(dist, 'cdn'),
  entryNames: 'preau',
  // Libraries an element loads only when needed (the whiteboard's zip reader, sanitizer, PDF writer) stay
  // in chunks beside preau.js instead of growing it.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  sourcemap: true,
});

// 3. The autoloader and its per-element modules (Lit and the base shared in chunks).
await esbuild.build({
  ...common,
  entryPoints: Object.fromEntries([
    ['autoloader', join(src, 'autoloader.ts')],
    ...elements.map((name) => [`elements/${name}`, join(src, name, `${name}.ts`)]),
  ]),
  outdir: join(dist, 'cdn'),
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  define: { __PREAU_ELEMENT_NAMES__: JSON.stringify(elements) },
});

// 3b. The whiteboard's archive worker, a module beside every chunk that may start it (the worker's URL is
// resolved from the module holding the code that starts it).
for (const dir of [
  dist,
  join(dist, 'chunks'),
  join(dist, 'whiteboard'),
  join(dist, 'cdn'),
  join(dist, 'cdn', 'chunks'),
  join(dist, 'cdn', 'elements'),
]) {
  await esbuild.build({
    ...common,
    entryPoints: [join(src, 'whiteboard', 'document', 'archive.worker.ts')],
    outfile: join(dir, 'archive.worker.js'),
    minify: true,
  });
}

// 4. Declarations (TypeScript 7 emits them), moved beside the modules.
try {
  execFileSync(bin('tsc'), ['-p', join(here, 'tsconfig.build.json')], { stdio: 'pipe' });
} catch (error) {
  // Declarations are still written when some file has a type error; say so without failing the build.
  console.warn(`tsc (declarations) reported type errors:\n${String(error.stdout ?? error).trim()}`);
}
const typesOut = join(dist, 'types', 'packages', 'components', 'src');
if (existsSync(typesOut)) cpSync(typesOut, dist, { recursive: true });
rmSync(join(dist, 'types'), { recursive: true, force: true });

// 5. custom-elements.json from the JSDoc (the analyzer brings its own TypeScript 5 compiler).
execFileSync(
  bin('custom-elements-manifest'),
  ['analyze', '--config', join(here, 'custom-elements-manifest.config.mjs')],
  {
    cwd: here,
    stdio: 'pipe',
  },
);

// 6. Sizes: each element alone, minified and gzipped, Lit excluded (with the shared base, and its own share).
const sizes = {};
for (const [tag, s] of Object.entries(await elementSizes(elements))) sizes[tag] = s.withBase;
const cdnBundle = readdirSync(join(dist, 'cdn')).includes('preau.js');
if (cdnBundle) {
  const { readFileSync } = await import('node:fs');
  const bundle = readFileSync(join(dist, 'cdn', 'preau.js'));
  sizes['cdn/preau.js (all, Lit included)'] = {
    minified: bundle.length,
    gzip: gzipSync(bundle, { level: 9 }).length,
  };
}
writeFileSync(join(dist, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
// 7. gzip copies of the CDN files, sent as they are to browsers that accept them.
await precompress(join(dist, 'cdn'));
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log('element                              minified     gzip  (Lit excluded)');
for (const [name, s] of Object.entries(sizes)) {
  console.log(`${name.padEnd(36)} ${kb(s.minified).padStart(9)} ${kb(s.gzip).padStart(9)}`);
}
