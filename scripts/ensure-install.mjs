// Installs the dependencies when they are missing or when a manifest changed since the last install.
// (`npm ci` cannot be used here: the registry lacks most platform builds of rollup, so the lockfile is
// never complete; `npm install` resolves them. `--no-save`: the install leaves package.json and package-lock.json
// as they are — `npm start` changes no file of the repository.)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

function manifestsHash() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const files = ['package.json', 'package-lock.json', ...root.workspaces.map((w) => join(w, 'package.json'))];
  const hash = createHash('sha256');
  for (const f of files) if (existsSync(join(ROOT, f))) hash.update(f).update(readFileSync(join(ROOT, f)));
  return hash.digest('hex');
}

export function ensureInstall() {
  const stamp = join(ROOT, 'node_modules', '.preau-install');
  const want = manifestsHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  console.log('Installation des dépendances (npm install)…');
  const res = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (res.status !== 0) {
    console.error('npm install a échoué : voir les messages ci-dessus.');
    process.exit(res.status ?? 1);
  }
  writeFileSync(stamp, manifestsHash());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureInstall();
