// `npm run bench [name…]`: runs each benchmark of bench/ (files *.bench.ts or *.bench.mjs) one after the other
// — never in parallel, so that they do not disturb each other's timings — then gathers their Markdown tables
// into bench/results/SUMMARY.md. Each benchmark measures ratios against a baseline of its own run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';
import { ensureInstall, ROOT } from './ensure-install.mjs';

ensureInstall();
buildIfStale();
const dir = join(ROOT, 'bench');
const results = join(dir, 'results');
mkdirSync(results, { recursive: true });
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(' ') || '(all)'} in bench/.`);
  process.exit(1);
}
const failures = [];
for (const f of files) {
  console.log(`\n━━ ${f}`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, f)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (res.status !== 0) failures.push(f);
}
const tables = readdirSync(results)
  .filter((f) => f.endsWith('.md') && f !== 'SUMMARY.md')
  .sort()
  .map((f) => readFileSync(join(results, f), 'utf8').trim());
writeFileSync(join(results, 'SUMMARY.md'), `# Préau benchmarks\n\n${tables.join('\n\n')}\n`);
console.log(`\nResults: ${join('bench', 'results')} (SUMMARY.md gathers the tables).`);
if (failures.length) {
  console.error(`Failed: ${failures.join(', ')}`);
  process.exit(1);
}
if (!existsSync(join(results, 'SUMMARY.md'))) process.exit(1);
