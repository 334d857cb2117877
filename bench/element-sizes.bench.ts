/**
 * What a page pays for each element alone: its module with the shared base and the core rules it uses, Lit
 * excluded, minified, gzip -9; and its own share (the base counted once for all elements of a page). The aim for
 * an element with the base is 15 KB. Writes bench/results/element-sizes.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a build helper written in plain JavaScript
import { elementSizes } from '../packages/components/element-sizes.mjs';

type Size = { minified: number; gzip: number };
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'bench', 'results');
const AIM = 15 * 1024;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const sizes = (await elementSizes()) as Record<string, { withBase: Size; own: Size }>;
mkdirSync(results, { recursive: true });
writeFileSync(
  join(results, 'element-sizes.json'),
  `${JSON.stringify({ benchmark: 'element-sizes', date: new Date().toISOString(), aimGzipBytes: AIM, sizes }, null, 2)}\n`,
);
const md = `## Element sizes (Lit excluded, minified, gzip -9)

| element | with the shared base and core | own share (base left out) | minified with base | aim ≤ 15 KB |
|---|---|---|---|---|
${Object.entries(sizes)
  .map(
    ([tag, s]) =>
      `| \`<${tag}>\` | ${kb(s.withBase.gzip)} | ${kb(s.own.gzip)} | ${kb(s.withBase.minified)} | ${s.withBase.gzip <= AIM ? 'met' : 'not met'} |`,
  )
  .join('\n')}
`;
writeFileSync(join(results, 'element-sizes.md'), md);
console.log(md);
