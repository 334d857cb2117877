// `npm run backup` while the server runs, then `npm run restore` into a fresh data folder: the restored server
// signs the same person in, and holds the same events and files. The commands run as a user runs them (the CLI
// in a process of its own), against a real server, its embedded database (PGlite) and event store (DuckDB).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { usageServiceFor } from '../src/events/service.js';
import type { DuckDbEventStore } from '../src/events/store.js';
import type { StoredEvent } from '../src/events/types.js';
import { localFileStore } from '../src/files/store.js';
import { type RunningServer, startServer } from '../src/server.js';
import { FIXTURE_PASSWORD, loadFixture } from './support/fixture.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLOCK = '2026-11-16T08:30:00Z';
const FILE_KEY = 'backup-test-file-0001';
const FILE_BYTES = new TextEncoder().encode('certificat médical');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function start(dataDir: string): Promise<RunningServer> {
  const port = await freePort();
  const config = loadConfig({ PREAU_DATA_DIR: dataDir, PORT: String(port), PREAU_CLOCK: CLOCK });
  return startServer({ config, seedScale: false });
}

/** Runs the backup CLI as `npm run backup|restore` does; resolves with its exit code and what it printed. */
function cli(args: string[], dataDir: string, lang = 'fr_FR.UTF-8') {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/backup/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, PREAU_DATA_DIR: dataDir, DATABASE_URL: '', LANG: lang, LC_ALL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function signIn(server: RunningServer, login: string) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password: FIXTURE_PASSWORD }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  const me = await fetch(`${server.url}/api/v1/me`, { headers: { Origin: server.url, Cookie: cookie } });
  return { login: res.status, me: me.status, body: (await me.json()) as { user?: { id: string } } };
}

const eventCount = async (dataDir: string) => {
  const store = (await usageServiceFor(dataDir)).store as DuckDbEventStore;
  const [row] = await store.query('SELECT count(*)::int AS n FROM events');
  return Number(row!.n);
};

describe('backup and restore of a data folder (PGlite, DuckDB, files)', () => {
  const dirs: string[] = [];
  let work: string;
  let server: RunningServer | undefined;
  let teacher: { id: string; login: string };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'preau-backup-'));
    dirs.push(work);
  });
  afterAll(async () => {
    await server?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('saves a running server’s data and restores it into a fresh folder, where the same person signs in', async () => {
    const source = join(work, 'source');
    server = await start(source);
    const fixture = await loadFixture(server.db);
    teacher = fixture.schools.a.teachers.maths;
    await localFileStore(source).put(FILE_KEY, FILE_BYTES);
    const event: StoredEvent = {
      timeMs: Date.parse(CLOCK),
      day: Math.floor(Date.parse(CLOCK) / 86_400_000),
      hour: 9,
      uai: fixture.schools.a.uai,
      service: 'notes',
      type: 'page',
      tool: null,
      profile: 'ENSEIGNANT',
      action: 'view',
      visitId: 'visit-backup-1',
      visitor: 'v1',
      device: 'desktop',
      os: 'Linux',
      browser: 'Chrome',
      classe: null,
    };
    await (await usageServiceFor(source)).store.append([event, { ...event, visitId: 'visit-backup-2' }]);
    expect((await signIn(server, teacher.login)).me).toBe(200);

    // The backup, taken by the running server through its control socket.
    const archive = join(work, 'sauvegarde.tar.gz');
    const saved = await cli(['backup', archive], source);
    expect(saved.out).toContain('Serveur en marche');
    expect(saved.out).toContain(`Sauvegarde écrite : ${archive}`);
    expect(saved.code).toBe(0);
    // Its staging folder is gone; the data folder holds what it held.
    await expect
      .poll(async () => (await readdir(source)).filter((n) => n.startsWith('.backup-')))
      .toEqual([]);
    // An archive is never overwritten.
    expect((await cli(['backup', archive], source)).code).toBe(1);

    // Never under a running server, never over data without --force.
    const underServer = await cli(['restore', archive], source);
    expect(underServer.code).toBe(1);
    expect(underServer.out).toContain('arrêtez-le avant de restaurer');
    const occupied = join(work, 'occupied');
    await mkdir(occupied);
    await writeFile(join(occupied, 'keep.txt'), 'x');
    const refused = await cli(['restore', archive], occupied, 'en_GB.UTF-8');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('is not empty');
    expect(refused.out).toContain('--force');
    expect(await readdir(occupied)).toEqual(['keep.txt']);

    const restoredDir = join(work, 'restored');
    const done = await cli(['restore', archive], restoredDir, 'en_GB.UTF-8');
    expect(done.out).toContain(`Restored into ${restoredDir}`);
    expect(done.code).toBe(0);
    await server.close();
    server = undefined;

    // Restored into a fresh folder: the same person signs in, the events and the file are there.
    const restored = await start(restoredDir);
    server = restored;
    const session = await signIn(restored, teacher.login);
    expect(session).toMatchObject({ login: 200, me: 200, body: { user: { id: teacher.id } } });
    expect(await eventCount(restoredDir)).toBe(2);
    expect(await localFileStore(restoredDir).get(FILE_KEY)).toEqual(FILE_BYTES);
  }, 240_000);

  it('with --force, replaces a folder’s content; refuses what is not a backup', async () => {
    await server?.close();
    server = undefined;
    const target = join(work, 'replaced');
    await cli(['restore', join(work, 'sauvegarde.tar.gz')], target);
    await writeFile(join(target, 'stray.txt'), 'x');
    const forced = await cli(['restore', join(work, 'sauvegarde.tar.gz'), '--force'], target);
    expect(forced.out).toContain(`Restauré dans ${target}`);
    expect(forced.code).toBe(0);
    expect(existsSync(join(target, 'stray.txt'))).toBe(false);
    expect(existsSync(join(target, 'pg'))).toBe(true);

    const notAnArchive = join(work, 'notes.tar.gz');
    await writeFile(notAnArchive, 'pas une archive');
    const bad = await cli(['restore', notAnArchive], join(work, 'other'));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('pas une sauvegarde Préau lisible');
    expect(existsSync(join(work, 'other'))).toBe(false);
  }, 120_000);
});
