// Builds the CDN bundle of the elements and the dashboard when their sources are newer than their output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ensure-install.mjs';

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const TARGETS = [
  {
    name: '@preau/components',
    output: 'packages/components/dist/cdn/preau.js',
    sources: ['packages/components/src', 'packages/components/build.mjs', 'packages/core/src'],
  },
  {
    name: '@preau/dashboard',
    output: 'apps/dashboard/dist/index.html',
    sources: [
      'apps/dashboard/src',
      'apps/dashboard/build.mjs',
      'packages/analytics/src',
      'packages/core/src',
    ],
  },
];

export function buildIfStale({ force = false } = {}) {
  for (const t of TARGETS) {
    const out = join(ROOT, t.output);
    const stale =
      force || !existsSync(out) || t.sources.some((s) => newest(join(ROOT, s)) > statSync(out).mtimeMs);
    if (!stale) continue;
    console.log(`Construction de ${t.name}…`);
    const res = spawnSync('npm', ['run', 'build', '-w', t.name], { cwd: ROOT, stdio: 'inherit' });
    if (res.status !== 0) throw new Error(`La construction de ${t.name} a échoué.`);
  }
}
