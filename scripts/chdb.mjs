// ClickHouse embedded (the `chdb` npm package, ~540 MB with its engine) for the ClickHouse event store's tests and
// for `PREAU_EVENT_STORE=chdb`. It is not a dependency of any workspace, so `npm start` never downloads it: this
// installs it on demand into `.cache/chdb/` (or `PREAU_CHDB_DIR`), once; `node scripts/chdb.mjs` does it by hand.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './ensure-install.mjs';

export const CHDB_VERSION = '3.4.0';

/** The folder holding `node_modules/chdb`, installing it first when missing; null when the install failed. */
export function ensureChdb() {
  const dir = process.env.PREAU_CHDB_DIR ?? join(ROOT, '.cache', 'chdb');
  const stamp = join(dir, `.chdb-${CHDB_VERSION}`);
  if (existsSync(stamp) && existsSync(join(dir, 'node_modules', 'chdb', 'package.json'))) return dir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true,"description":"chdb for Préau tests"}\n');
  console.log(`Installation de chdb ${CHDB_VERSION} (ClickHouse embarqué, ~540 Mo) dans ${dir}…`);
  const started = Date.now();
  const res = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', `chdb@${CHDB_VERSION}`],
    { cwd: dir, stdio: 'inherit' },
  );
  if (res.status !== 0) return null;
  writeFileSync(stamp, `${Date.now() - started} ms\n`);
  console.log(`chdb installé en ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = ensureChdb();
  if (!dir) process.exit(1);
  console.log(`PREAU_CHDB_DIR=${dir}`);
}
