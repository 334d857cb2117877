// Starts a throwaway PostgreSQL server on loopback for the test run, where the machine has its binaries.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder holding initdb and pg_ctl: PG_BIN, then PATH, then Debian's /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a)))
      candidates.push(join(debian, v, 'bin'));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) candidates.push(dir);
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Returns `{ url, stop }`, or `{ skipped: reason }` when this machine has no PostgreSQL server binaries.
 * initdb refuses to run as root: as root the server runs as the `postgres` system user.
 * `data`: a cluster folder to keep (created when absent, left in place by `stop`); default a throwaway one.
 */
export async function startPostgres({ data: kept } = {}) {
  const bin = findPostgresBin();
  if (!bin) return { skipped: 'no PostgreSQL server binaries (initdb, pg_ctl) on this machine' };
  const asRoot = process.getuid?.() === 0;
  if (asRoot && spawnSync('id', ['postgres']).status !== 0) {
    return { skipped: 'running as root and there is no "postgres" system user to run the server as' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'preau-pg-'));
  chmodSync(dir, 0o777);
  const data = kept ?? join(dir, 'data');
  const port = await freePort();
  const run = (cmd, args) => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  if (!kept || !existsSync(join(kept, 'PG_VERSION'))) {
    run('initdb', ['-D', data, '-U', 'app', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  }
  run('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=300`,
    'start',
  ]);
  return {
    url: `postgres://app@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
