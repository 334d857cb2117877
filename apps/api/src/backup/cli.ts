// `npm run backup [-- <archive.tar.gz>]` and `npm run restore -- <archive.tar.gz> [--force]`: save a data folder
// (PREAU_DATA_DIR, ./data by default) into one archive, and bring it back. Messages in French, or in English when
// the locale (LC_ALL, LANG) is English.
import { createWriteStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { parisLocalTime, systemClock } from '@preau/core';
import { loadConfig } from '../config.js';
import { openDb } from '../db/index.js';
import { DuckDbEventStore } from '../events/store.js';
import { isServerRunning, requestBackup } from './control.js';
import { isEmptyFolder, RestoreRefused, restoreBackup } from './restore.js';
import { backupStream, CONTROL_SOCKET, EVENTS_FILE } from './snapshot.js';

const english = /^en/i.test(process.env.LC_ALL || process.env.LANG || '');
const say = (fr: string, en: string) => (english ? en : fr);
const megabytes = (bytes: number) =>
  new Intl.NumberFormat(english ? 'en' : 'fr', { maximumFractionDigits: 1 }).format(bytes / 1e6);

const USAGE = say(
  'usage : npm run backup [-- <archive.tar.gz>]\n        npm run restore -- <archive.tar.gz> [--force]',
  'usage: npm run backup [-- <archive.tar.gz>]\n       npm run restore -- <archive.tar.gz> [--force]',
);

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

const [command, ...rest] = process.argv.slice(2);
let parsed: { values: { force: boolean; help: boolean }; positionals: string[] };
try {
  parsed = parseArgs({
    args: rest,
    options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`, 2);
}
if (parsed.values.help || (command !== 'backup' && command !== 'restore') || parsed.positionals.length > 1) {
  fail(USAGE, parsed.values.help ? 0 : 2);
}
const config = loadConfig();
/** Archive paths are the user's: relative to the folder `npm run` was typed in (npm runs scripts at the root). */
const fromUser = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
const socket = join(config.dataDir, CONTROL_SOCKET);

if (command === 'backup') await backup(parsed.positionals[0]);
else await restore(parsed.positionals[0], parsed.values.force);

async function backup(target: string | undefined) {
  const { date, minutes } = parisLocalTime(systemClock());
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
  const file = fromUser(target ?? `preau-sauvegarde-${date}-${hhmm}.tar.gz`);
  if (!existsSync(config.dataDir)) {
    fail(say(`Dossier de données introuvable : ${config.dataDir}`, `No data folder at ${config.dataDir}`));
  }
  if (existsSync(file)) {
    fail(say(`${file} existe déjà : choisissez un autre nom.`, `${file} already exists: pick another name.`));
  }
  let stream: NodeJS.ReadableStream;
  let close = async () => {};
  if (await isServerRunning(socket)) {
    console.log(
      say(
        'Serveur en marche : il prend la sauvegarde lui-même…',
        'The server is running: it takes the backup itself…',
      ),
    );
    stream = await requestBackup(socket).catch((err: Error) =>
      fail(
        say(
          `Le serveur a refusé la sauvegarde : ${err.message}`,
          `The server refused the backup: ${err.message}`,
        ),
      ),
    );
  } else {
    // No server: the folder's stores are opened here, the event store first — DuckDB's lock refuses a server
    // that runs without a control socket, before the database is touched.
    const events = existsSync(join(config.dataDir, EVENTS_FILE))
      ? await DuckDbEventStore.open(config.dataDir).catch((err: Error) =>
          fail(say(`Magasin d'événements occupé : ${err.message}`, `Event store busy: ${err.message}`)),
        )
      : undefined;
    const db = await openDb(config);
    close = async () => {
      await events?.close();
      await db.close();
    };
    stream = await backupStream({ dataDir: config.dataDir, db, events, clock: systemClock });
  }
  try {
    await pipeline(stream, createWriteStream(file, { flags: 'wx' }));
  } finally {
    await close();
  }
  const size = megabytes((await stat(file)).size);
  console.log(say(`Sauvegarde écrite : ${file} (${size} Mo)`, `Backup written: ${file} (${size} MB)`));
  if (config.databaseUrl) {
    console.log(
      say(
        'La base PostgreSQL (DATABASE_URL) n’y est pas : sauvegardez-la avec pg_dump.',
        'The PostgreSQL database (DATABASE_URL) is not in it: save it with pg_dump.',
      ),
    );
  }
  console.log(
    say(`Pour la restaurer : npm run restore -- ${file}`, `To restore it: npm run restore -- ${file}`),
  );
}

async function restore(archive: string | undefined, force: boolean) {
  if (!archive) fail(USAGE, 2);
  const file = fromUser(archive);
  if (!existsSync(file)) fail(say(`Archive introuvable : ${file}`, `No archive at ${file}`));
  if (await isServerRunning(socket)) {
    fail(
      say(
        `Un serveur Préau utilise ${config.dataDir} : arrêtez-le avant de restaurer.`,
        `A Préau server is using ${config.dataDir}: stop it before restoring.`,
      ),
    );
  }
  if (!force && !(await isEmptyFolder(config.dataDir))) {
    fail(
      say(
        `${config.dataDir} n'est pas vide : restaurez dans un dossier vide (PREAU_DATA_DIR=…), ou ajoutez --force pour remplacer son contenu.`,
        `${config.dataDir} is not empty: restore into an empty folder (PREAU_DATA_DIR=…), or add --force to replace what it holds.`,
      ),
    );
  }
  try {
    const manifest = await restoreBackup(file, config.dataDir, { force });
    console.log(
      say(
        `Restauré dans ${config.dataDir} (sauvegarde du ${manifest.takenAt}). Lancez : npm start`,
        `Restored into ${config.dataDir} (backup taken ${manifest.takenAt}). Start it: npm start`,
      ),
    );
  } catch (err) {
    const refused = err instanceof RestoreRefused || (err as { code?: string }).code?.startsWith('TAR_');
    fail(
      refused
        ? say(`${file} n'est pas une sauvegarde Préau lisible.`, `${file} is not a readable Préau backup.`)
        : say(
            `Restauration impossible : ${(err as Error).message}`,
            `Restore failed: ${(err as Error).message}`,
          ),
    );
  }
}
