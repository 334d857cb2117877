// Builds the framework example pages (each its own small esbuild bundle of the framework and the page; the
// elements themselves come from the ENT's /cdn/preau.js), after generating their typings from the manifest.
// Angular's page is compiled in the browser (JIT): the Angular CLI's AOT build would weigh on every test run.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { writeElementTypes } from '../scripts/element-types.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
writeElementTypes();

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};
await esbuild.build({
  ...common,
  entryPoints: [join(here, 'react-page', 'main.tsx')],
  outfile: join(here, 'react-page', 'dist', 'main.js'),
  jsx: 'automatic',
});
await esbuild.build({
  ...common,
  entryPoints: [join(here, 'vue-page', 'main.ts')],
  outfile: join(here, 'vue-page', 'dist', 'main.js'),
  define: {
    ...common.define,
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
});
await esbuild.build({
  ...common,
  entryPoints: [join(here, 'angular-page', 'main.ts')],
  outfile: join(here, 'angular-page', 'dist', 'main.js'),
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
});
