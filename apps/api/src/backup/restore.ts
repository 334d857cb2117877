/**
 * Brings a backup back into a data directory: the archive is unpacked and the database rebuilt in a staging
 * folder beside it, then put in place in one rename, so that a failure leaves the data directory as it was.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tar from 'tar';
import { openPglite } from '../db/index.js';
import { type BackupManifest, CONTROL_SOCKET, MANIFEST, PG_DUMP } from './snapshot.js';

/** Why a restore was refused (`code` picks the message shown). */
export class RestoreRefused extends Error {
  constructor(
    readonly code: 'not-empty' | 'server-running' | 'not-a-backup' | 'unknown-version',
    detail: string,
  ) {
    super(detail);
  }
}

/** Whether a folder is missing or empty. */
export async function isEmptyFolder(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  return (await readdir(dir)).length === 0;
}

/**
 * Restores `archive` into `dataDir`. Refused when `dataDir` holds anything, unless `force` (then it is replaced
 * as a whole). The caller checks first that no server runs on it (`isServerRunning`).
 */
export async function restoreBackup(
  archive: string,
  dataDir: string,
  { force = false }: { force?: boolean } = {},
): Promise<BackupManifest> {
  if (!force && !(await isEmptyFolder(dataDir))) throw new RestoreRefused('not-empty', dataDir);
  await mkdir(dirname(dataDir), { recursive: true });
  const staging = join(dirname(dataDir), `.restore-${basename(dataDir)}-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(staging);
    // node-tar keeps every entry inside `cwd` (no absolute paths, no `..`) and writes no links out of it.
    await tar.extract({ file: archive, cwd: staging, strict: true, preservePaths: false });
    const manifest = await readManifest(staging);
    if (manifest.database === 'pglite') {
      const dump = await readFile(join(staging, PG_DUMP));
      const db = await openPglite(join(staging, 'pg'), { from: new Blob([dump]) });
      // One statement proves the database opens before it is put in place.
      await db.query('SELECT 1');
      await db.close();
      await rm(join(staging, PG_DUMP));
    }
    await rm(join(staging, MANIFEST));
    await rm(join(staging, CONTROL_SOCKET), { force: true });
    if (existsSync(dataDir)) await rm(dataDir, { recursive: true, force: true });
    await rename(staging, dataDir);
    return manifest;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

async function readManifest(dir: string): Promise<BackupManifest> {
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
  } catch {
    throw new RestoreRefused('not-a-backup', MANIFEST);
  }
  if (manifest.format !== 'preau-backup') throw new RestoreRefused('not-a-backup', MANIFEST);
  if (manifest.version !== 1) throw new RestoreRefused('unknown-version', String(manifest.version));
  return manifest as BackupManifest;
}
