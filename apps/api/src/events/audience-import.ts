/**
 * Import of past audience figures (what the previous ENT reported before Préau measured itself): one row per
 * établissement, date, profile, module and number of accesses. Valid rows are kept (a re-import of the same
 * keys replaces them), invalid ones are reported with their line and column; progress is reported per chunk.
 */

import {
  isoDayFromText,
  slugify,
  USAGE_PROFILES,
  USAGE_SERVICES,
  type UsageProfile,
  type UsageService,
  uaiProblem,
} from '@preau/core';
import Papa from 'papaparse';
import type { FieldError } from '../http/problem.js';
import type { AudienceRow, EventStore } from './types.js';

export type { AudienceRow } from './types.js';

const norm = (s: string) => slugify(s, { separator: '_' });

const COLUMNS: Record<string, keyof AudienceRow> = {
  uai: 'uai',
  etablissement: 'uai',
  date: 'day',
  jour: 'day',
  day: 'day',
  profil: 'profile',
  profile: 'profile',
  module: 'service',
  service: 'service',
  acces: 'accesses',
  accesses: 'accesses',
  connexions: 'accesses',
  visites: 'accesses',
};
const PROFILE_WORDS: Record<string, UsageProfile> = {
  ...Object.fromEntries(USAGE_PROFILES.map((p) => [norm(p), p])),
  eleve: 'ELEVE',
  eleves: 'ELEVE',
  parent: 'PARENT',
  parents: 'PARENT',
  responsable: 'PARENT',
  enseignant: 'ENSEIGNANT',
  enseignants: 'ENSEIGNANT',
  personnel: 'ADMIN_VIE_SCOL_TECH',
  vie_scolaire: 'ADMIN_VIE_SCOL_TECH',
  autre: 'AUTRE',
};

export interface AudienceParse {
  rows: { line: number; value: AudienceRow }[];
  errors: FieldError[];
  total: number;
}

export function parseAudienceCsv(text: string): AudienceParse {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    delimiter: '',
  });
  const [header, ...lines] = parsed.data;
  if (!header) return { rows: [], errors: [{ field: 'body', message: 'Fichier vide.' }], total: 0 };
  const fields = header.map((h) => COLUMNS[norm(h)]);
  const missing = (['uai', 'day', 'profile', 'service', 'accesses'] as const).filter(
    (f) => !fields.includes(f),
  );
  if (missing.length) {
    return {
      rows: [],
      total: lines.length,
      errors: [
        {
          field: 'body.header',
          message: `Colonnes attendues : uai;date;profil;module;acces (manque : ${missing.join(', ')}).`,
        },
      ],
    };
  }
  const services = new Set<string>(USAGE_SERVICES);
  const rows: AudienceParse['rows'] = [];
  const errors: FieldError[] = [];
  /** The line of each (day, UAI, profile, module) already read: a second one is named, not silently merged. */
  const firstLine = new Map<string, number>();
  lines.forEach((cells, k) => {
    const line = k + 2;
    const get = (f: keyof AudienceRow) => (cells[fields.indexOf(f)] ?? '').trim();
    const before = errors.length;
    const bad = (col: string, message: string) => errors.push({ field: `body.line${line}.${col}`, message });
    const uai = get('uai').toUpperCase();
    const uaiError = uaiProblem(uai);
    if (uaiError) bad('uai', uaiError);
    const day = isoDayFromText(get('day'));
    if (!day) bad('date', `Date « ${get('day')} » invalide (AAAA-MM-JJ ou JJ/MM/AAAA).`);
    const profile = PROFILE_WORDS[norm(get('profile'))];
    if (!profile) bad('profil', `Profil « ${get('profile')} » inconnu (${USAGE_PROFILES.join(', ')}).`);
    const service = norm(get('service'));
    if (!services.has(service))
      bad(
        'module',
        `Module « ${get('service')} » inconnu : un des 25 services nationaux (notes, absences…).`,
      );
    const accesses = /^\d+$/.test(get('accesses')) ? Number(get('accesses')) : Number.NaN;
    if (!(accesses >= 0 && accesses < 2 ** 31))
      bad('acces', `Nombre d’accès « ${get('accesses')} » invalide.`);
    const key = `${day}|${uai}|${profile}|${service}`;
    const seen = firstLine.get(key);
    if (errors.length === before && seen !== undefined)
      bad(
        'uai',
        `Même établissement, date, profil et module qu’à la ligne ${seen} : gardez une seule ligne.`,
      );
    else if (errors.length === before) firstLine.set(key, line);
    if (errors.length === before) {
      rows.push({
        line,
        value: { day: day!, uai, profile: profile!, service: service as UsageService, accesses },
      });
    }
  });
  return { rows, errors, total: lines.length };
}

/** Writes rows in chunks (upsert on day, UAI, profile, service), calling `progress` after each. */
export async function importAudience(
  store: EventStore,
  rows: readonly AudienceRow[],
  progress: (done: number) => void | Promise<void>,
  chunk = 5_000,
): Promise<number> {
  for (let i = 0; i < rows.length; i += chunk) {
    await store.importAudience(rows.slice(i, i + chunk));
    await progress(Math.min(rows.length, i + chunk));
  }
  return rows.length;
}
