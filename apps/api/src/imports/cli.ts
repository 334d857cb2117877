// `npm run import -- …`: a school's data in from the command line (same code as the direction's page).
//   directory FILE… [--uai UAI] [--apply] [--sheets DIR]   SIECLE + STS-web exports, or an AAF feed (--uai)
//   timetable FILE… --uai UAI [--holidays FILE.ics] [--zone A|B|C] [--apply]   UnDeuxTEMPS / EDT exports
//   sample DIR --uai UAI [--year YYYY] [--format siecle|aaf] [--adopt LOGIN:SUBJECT]   invented files to try it
//   purge                                                  removes the data of accounts closed long enough
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parisLocalTime, plural, schoolYearOf } from '@preau/core';
import { systemClock } from '@preau/core/clock';
import { loadConfig } from '../config.js';
import { migrate, openDb } from '../db/index.js';
import type { Db } from '../db/types.js';
import { localFileStore } from '../files/store.js';
import { importTimetable } from '../timetable/service.js';
import { purgeClosedAccounts } from './closures.js';
import { credentialSheetPdf, importedClasses, issueClassCredentials } from './credentials.js';
import type { ImportPlan } from './plan.js';
import { sampleCollege } from './samples/college.js';
import { aafFullFiles, siecleFiles, stsFile } from './samples/files.js';
import { edtCoursFile, holidaysIcs, sampleLessons } from './samples/timetable.js';
import { importDirectory } from './service.js';
import { XmlRefused } from './xml.js';

const USAGE = `usage: npm run import -- directory FILE… [--uai UAI] [--apply] [--sheets DIR]
       npm run import -- timetable FILE… --uai UAI [--holidays FILE.ics] [--zone A|B|C] [--apply]
       npm run import -- sample DIR --uai UAI [--year YYYY] [--format siecle|aaf] [--adopt LOGIN:SUBJECT]
       npm run import -- purge`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values: args, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        uai: { type: 'string' },
        apply: { type: 'boolean', default: false },
        sheets: { type: 'string' },
        holidays: { type: 'string' },
        zone: { type: 'string' },
        year: { type: 'string' },
        format: { type: 'string', default: 'siecle' },
        adopt: { type: 'string', multiple: true },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    fail((err as Error).message);
  }
})();
const [command, ...paths] = positionals;
if (args.help || !command) {
  console.log(USAGE);
  process.exit(args.help ? 0 : 2);
}

const readFiles = (list: string[]) =>
  Promise.all(list.map(async (p) => ({ name: basename(p), bytes: new Uint8Array(await readFile(p)) })));

function printPlan(plan: ImportPlan, applied: boolean) {
  console.log(
    `${plan.kind} — ${plan.uai}, année ${plan.schoolYear}-${plan.schoolYear + 1} (${plan.mode === 'full' ? 'complet' : 'delta'})`,
  );
  for (const [key, n] of Object.entries(plan.counts).sort()) console.log(`  ${key.padEnd(24)} ${n}`);
  for (const w of plan.warnings.slice(0, 30)) console.log(`  ⚠ ${w}`);
  console.log(
    plan.total === 0
      ? 'Rien à changer.'
      : applied
        ? `${plural('fr', plan.total, { one: 'changement appliqué', other: 'changements appliqués' })}.`
        : `${plural('fr', plan.total, { one: 'changement', other: 'changements' })} à appliquer : relancez avec --apply.`,
  );
}

async function writeSheets(db: Db, uai: string, structures: string[], dir: string, origin: string) {
  await mkdir(dir, { recursive: true });
  const school = (
    await db.query<{ name: string }>('SELECT name FROM etablissements WHERE uai = $1', [uai])
  )[0]!;
  for (const cls of await importedClasses(db, uai, structures)) {
    const people = await issueClassCredentials(db, cls.id);
    const file = join(dir, `codes-${cls.name.replace(/[^A-Za-z0-9-]+/g, '_')}.pdf`);
    await writeFile(file, await credentialSheetPdf(cls.name, school.name, origin, people));
    console.log(`  ${file} (${plural('fr', people.length, { one: 'code', other: 'codes' })})`);
  }
}

const config = loadConfig();
// The server's clock: PREAU_CLOCK when set (a demo at a fixed date), else the real time.
const now = config.clockStart ?? systemClock();
if (command === 'sample') {
  const dir = paths[0] ?? fail('sample: which folder?');
  if (!args.uai) fail('sample: --uai is needed');
  const year = Number(args.year ?? schoolYearOf(parisLocalTime(now).date));
  // --adopt prof.demo:MATHS puts an existing account's teacher in the files, so the import adopts that account.
  const knownTeachers: { firstName: string; lastName: string; subject: string }[] = [];
  if (args.adopt?.length) {
    const db = await openDb(config);
    try {
      for (const spec of args.adopt) {
        const [login, subject = 'MATHS'] = spec.split(':');
        const u = (
          await db.query<{ first_name: string; last_name: string }>(
            'SELECT first_name, last_name FROM users WHERE lower(login) = lower($1)',
            [login],
          )
        )[0];
        if (!u) fail(`--adopt: no account ${login}`);
        knownTeachers.push({ firstName: u.first_name, lastName: u.last_name, subject });
      }
    } finally {
      await db.close();
    }
  }
  const college = sampleCollege({ uai: args.uai, schoolYear: year, knownTeachers });
  const files =
    args.format === 'aaf'
      ? aafFullFiles(college, `${year}0901`)
      : [...siecleFiles(college, `${year}-09-10`), stsFile(college)];
  const lessons = sampleLessons(college);
  files.push(edtCoursFile(college, lessons));
  await mkdir(dir, { recursive: true });
  for (const f of files) await writeFile(join(dir, f.name), f.bytes);
  await writeFile(join(dir, 'calendrier-scolaire.ics'), holidaysIcs(year));
  console.log(
    `${files.length + 1} fichiers écrits dans ${dir} (personnes inventées ; EXP_COURS.xml et le calendrier servent à « timetable »).`,
  );
  process.exit(0);
}

const db = await openDb(config);
try {
  await migrate(db);
  if (command === 'purge') {
    const purged = await purgeClosedAccounts({ db, files: localFileStore(config.dataDir) }, now);
    console.log(`${plural('fr', purged, { one: 'compte purgé', other: 'comptes purgés' })}.`);
  } else if (command === 'directory') {
    if (!paths.length) fail('directory: which files?');
    const plan = await importDirectory(db, await readFiles(paths), { uai: args.uai, now, apply: args.apply });
    printPlan(plan, args.apply);
    if (args.apply && args.sheets)
      await writeSheets(db, plan.uai, plan.structures, args.sheets, config.publicOrigin);
  } else if (command === 'timetable') {
    if (!paths.length || !args.uai) fail('timetable: files and --uai are needed');
    const holidays = args.holidays ? new TextDecoder().decode(await readFile(args.holidays)) : undefined;
    const zone = (args.zone ?? 'B') as 'A' | 'B' | 'C';
    const plan = await importTimetable(db, await readFiles(paths), {
      uai: args.uai,
      now,
      apply: args.apply,
      holidaysIcs: holidays,
      zone,
    });
    console.log(`${plan.format} — ${plan.lessons} cours hebdomadaires, ${plan.seances} séances de l'année`);
    for (const w of plan.warnings.slice(0, 30)) console.log(`  ⚠ ${w}`);
    console.log(
      args.apply
        ? `${plural('fr', plan.created, { one: 'séance créée', other: 'séances créées' })}, ${plural('fr', plan.removed, { one: 'retirée', other: 'retirées' })}.`
        : 'Relancez avec --apply pour créer les séances.',
    );
  } else {
    fail(`unknown command ${command}`);
  }
} catch (err) {
  if (err instanceof XmlRefused) fail(`Refusé : ${err.message}`);
  throw err;
} finally {
  await db.close();
}
