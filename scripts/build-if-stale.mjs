// Builds the CDN bundle of the elements and the dashboard when their sources are newer than their output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './ensure-install.mjs';

/** The latest modification time of a file, or of any file in a folder (outputs and dependencies left out). */
export function newest(path) {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  let t = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    t = Math.max(t, newest(join(path, entry.name)));
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
