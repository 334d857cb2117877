/**
 * A backup of one data directory: the embedded database (a PGlite dump, taken between transactions), the event
 * store (a DuckDB copy made in one transaction), the uploaded files and the rest of the folder (the usage
 * pseudonyms' secrets), packed as one `.tar.gz`. The database goes first and the files last, so that every file
 * a row names is in the archive (a file uploaded meanwhile is kept too, unused).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Clock } from '@preau/core';
import * as tar from 'tar';
import { type Db, dumpPglite } from '../db/index.js';
import { DuckDbEventStore } from '../events/store.js';
import type { EventStore } from '../events/types.js';

/** What `manifest.json` at the root of an archive says. */
export interface BackupManifest {
  format: 'preau-backup';
  version: 1;
  /** When the backup was taken, by the server's clock. */
  takenAt: string;
  /** `pglite`: `pg.tar` holds the database. `postgres`: not in the archive (pg_dump saves a server's). */
  database: 'pglite' | 'postgres';
  /** `duckdb`: `events.duckdb` holds the event store. `clickhouse`: not in the archive (the server keeps it). */
  events: 'duckdb' | 'clickhouse' | 'none';
}

export const MANIFEST = 'manifest.json';
export const PG_DUMP = 'pg.tar';
export const EVENTS_FILE = 'events.duckdb';
/** The control socket of a running server (see `control.ts`). */
export const CONTROL_SOCKET = 'preau.sock';

/**
 * Entries of a data directory a backup does not copy as they are: the database and the event store (saved by
 * their engines instead), the control socket, ClickHouse embedded (saved by ClickHouse's own tools), and staging
 * folders of backups and restores under way.
 */
const NOT_COPIED = new Set(['pg', EVENTS_FILE, `${EVENTS_FILE}.wal`, CONTROL_SOCKET, 'clickhouse']);
const isStaging = (name: string) => name.startsWith('.backup-') || name.startsWith('.restore-');

export interface BackupSources {
  dataDir: string;
  db: Db;
  /** The event store of the data directory, when open. */
  events?: EventStore;
  clock: Clock;
}

/**
 * Writes the backup of a data directory as a gzipped tar stream. The parts are gathered first in a staging
 * folder inside the data directory (files hard-linked, not copied), removed once the stream has ended.
 */
export async function backupStream(sources: BackupSources): Promise<Readable> {
  const staging = join(sources.dataDir, `.backup-${randomBytes(6).toString('hex')}`);
  try {
    const entries = await gather(sources, staging);
    const stream = tar.create({ gzip: true, cwd: staging, portable: true }, entries);
    const cleanUp = () => void rm(staging, { recursive: true, force: true });
    stream.once('end', cleanUp);
    stream.once('error', cleanUp);
    stream.once('close', cleanUp);
    return stream as unknown as Readable;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

async function gather({ dataDir, db, events, clock }: BackupSources, staging: string): Promise<string[]> {
  await mkdir(staging, { recursive: true });
  const manifest: BackupManifest = {
    format: 'preau-backup',
    version: 1,
    takenAt: clock().toISOString(),
    database: db.engine,
    events: events ? events.engine : 'none',
  };
  if (db.engine === 'pglite') {
    const dump = await dumpPglite(db);
    await writeFile(join(staging, PG_DUMP), Buffer.from(await dump.arrayBuffer()));
  }
  if (events instanceof DuckDbEventStore) await copyEventStore(events, join(staging, EVENTS_FILE));
  const others = (await readdir(dataDir)).filter((name) => !NOT_COPIED.has(name) && !isStaging(name));
  for (const name of others) await linkTree(join(dataDir, name), join(staging, name));
  await writeFile(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return [MANIFEST, ...(await readdir(staging)).filter((n) => n !== MANIFEST).sort()];
}

/** Copies the whole event store into a new DuckDB file, in one transaction, while no write is under way. */
function copyEventStore(store: DuckDbEventStore, target: string): Promise<void> {
  return store.exclusive(async (conn) => {
    const [[name]] = (await conn.runAndReadAll('SELECT current_database()')).getRows() as [[string]];
    const path = target.replaceAll("'", "''");
    await conn.run(`ATTACH '${path}' AS preau_backup`);
    try {
      await conn.run(`COPY FROM DATABASE "${name.replaceAll('"', '""')}" TO preau_backup`);
    } finally {
      await conn.run('DETACH preau_backup');
    }
  });
}

/**
 * Hard-links every file of a tree into another (files are written once, by rename, so a link is a stable copy);
 * copies when linking is refused (another file system).
 */
async function linkTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') return null;
    throw err;
  });
  if (entries === null) {
    await link(from, to).catch(() => copyFile(from, to));
    return;
  }
  await mkdir(to, { recursive: true });
  for (const entry of entries) {
    // Half-written uploads (`*.tmp`) and anything but files and folders stay out.
    if (entry.isDirectory()) await linkTree(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
      await link(join(from, entry.name), join(to, entry.name)).catch(() =>
        copyFile(join(from, entry.name), join(to, entry.name)),
      );
    }
  }
}
