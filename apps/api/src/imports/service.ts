import { parisLocalTime, schoolYearOf } from '@preau/core';
import type { Db } from '../db/types.js';
import { readAafFeed } from './aaf.js';
import type { DirectorySnapshot } from './model.js';
import type { ImportPlan } from './plan.js';
import { reconcile } from './reconcile.js';
import { type InputFile, readSchoolExports } from './siecle.js';
import { XmlRefused } from './xml.js';

/** Is this set of files an AAF feed (rather than SIECLE/STS-web exports)? */
export function isAafFeed(files: InputFile[]): boolean {
  return files.some((f) => /ficAlimMENESR/.test(new TextDecoder('latin1').decode(f.bytes.subarray(0, 400))));
}

/**
 * Reads a set of directory files into a snapshot of one établissement: SIECLE + STS-web exports (the UAI is in
 * the files), or an AAF feed (the UAI says which établissement of the académie's feed).
 */
export async function readDirectoryFiles(
  db: Db,
  files: InputFile[],
  options: { uai?: string; now: Date },
): Promise<DirectorySnapshot> {
  if (!files.length) throw new XmlRefused('Aucun fichier.');
  if (!isAafFeed(files)) {
    const snap = readSchoolExports(files, parisLocalTime(options.now).date);
    if (options.uai && options.uai !== snap.uai) {
      throw new XmlRefused(`Les fichiers sont ceux de l'établissement ${snap.uai}, pas de ${options.uai}.`);
    }
    return snap;
  }
  if (!options.uai)
    throw new XmlRefused("Un flux AAF couvre une académie : précisez l'UAI de l'établissement.");
  const uai = options.uai;
  const year = await db.query<{ year: number | null }>(
    'SELECT max(school_year) AS year FROM classes WHERE uai = $1',
    [uai],
  );
  const jointures = await db.query<{ external_id: string; scope: string }>(
    "SELECT external_id, scope FROM external_ids WHERE source = 'aaf' AND kind = 'etablissement' AND record_id = $1",
    [uai],
  );
  const subjects = await db.query<{ national: string; code: string }>(
    `SELECT x.external_id AS national, s.code FROM subjects s
       JOIN external_ids x ON x.record_id = s.id AND x.source = 'bcn' AND x.kind = 'subject' WHERE s.uai = $1`,
    [uai],
  );
  // A feed received in August prepares the coming school year.
  const today = parisLocalTime(options.now).date;
  const schoolYear = schoolYearOf(today) + (today.slice(5, 7) === '08' ? 1 : 0);
  return readAafFeed(files, {
    uai,
    schoolYear: Math.max(schoolYear, year[0]?.year ?? 0),
    structureUai: new Map(jointures.map((j) => [j.external_id, uai])),
    subjectByNational: new Map(subjects.map((s) => [s.national, s.code])),
    academie: jointures[0]?.scope,
  });
}

/** Reads the files and previews (`apply: false`) or applies the changes they bring. */
export async function importDirectory(
  db: Db,
  files: InputFile[],
  options: { uai?: string; now: Date; apply: boolean; appliedBy?: string | null },
): Promise<ImportPlan> {
  const snap = await readDirectoryFiles(db, files, options);
  const known = await db.query('SELECT 1 FROM etablissements WHERE uai = $1', [snap.uai]);
  if (!known.length) throw new XmlRefused(`Établissement ${snap.uai} inconnu de Préau.`);
  return reconcile(db, snap, options);
}
