/**
 * Hardware inventory CSV: what a collectivité exports from its asset register. Separator `;` or `,`, a header
 * line, French or English column names, French or ISO dates, amounts like `1 234,56`. Each row is checked and
 * every problem is reported with its line and column; nothing is written unless every row is valid.
 */
import { isoDayFromText, slugify } from '@preau/core';
import Papa from 'papaparse';
import type { FieldError } from '../http/problem.js';

export const HARDWARE_CATEGORIES = [
  'fixed_pc',
  'laptop',
  'video_projector',
  'interactive_whiteboard',
  'server',
  'network_printer',
] as const;
export type HardwareCategory = (typeof HARDWARE_CATEGORIES)[number];
export const FUNDING_SOURCES = ['departement', 'feder', 'region', 'etat', 'autre'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export interface HardwareInput {
  uai: string;
  category: HardwareCategory;
  count: number;
  acquiredOn: string;
  warrantyEnd: string | null;
  costCents: number;
  funding: FundingSource;
  note: string | null;
}

const norm = (s: string) => slugify(s, { separator: ' ' });

const CATEGORY_WORDS: Record<string, HardwareCategory> = {
  'fixed pc': 'fixed_pc',
  'pc fixe': 'fixed_pc',
  'poste fixe': 'fixed_pc',
  'ordinateur fixe': 'fixed_pc',
  laptop: 'laptop',
  portable: 'laptop',
  'ordinateur portable': 'laptop',
  'pc portable': 'laptop',
  'video projector': 'video_projector',
  videoprojecteur: 'video_projector',
  'video projecteur': 'video_projector',
  'interactive whiteboard': 'interactive_whiteboard',
  tbi: 'interactive_whiteboard',
  'tableau blanc interactif': 'interactive_whiteboard',
  tni: 'interactive_whiteboard',
  server: 'server',
  serveur: 'server',
  'network printer': 'network_printer',
  imprimante: 'network_printer',
  'imprimante reseau': 'network_printer',
};
const FUNDING_WORDS: Record<string, FundingSource> = {
  departement: 'departement',
  'conseil departemental': 'departement',
  'conseil general': 'departement',
  feder: 'feder',
  region: 'region',
  etat: 'etat',
  state: 'etat',
  autre: 'autre',
  other: 'autre',
};

/** Column name variants → field. */
const COLUMNS: Record<string, keyof HardwareInput> = {
  uai: 'uai',
  categorie: 'category',
  category: 'category',
  nombre: 'count',
  quantite: 'count',
  count: 'count',
  'date acquisition': 'acquiredOn',
  acquisition: 'acquiredOn',
  'acquired on': 'acquiredOn',
  'fin garantie': 'warrantyEnd',
  'fin de garantie': 'warrantyEnd',
  'warranty end': 'warrantyEnd',
  'cout ttc': 'costCents',
  cout: 'costCents',
  cost: 'costCents',
  montant: 'costCents',
  financement: 'funding',
  funding: 'funding',
  note: 'note',
  commentaire: 'note',
};

/** `1 234,56` / `1234.56` / `1234` euros → cents, or null. */
export function parseEuros(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

export interface ParsedRow {
  line: number;
  value?: HardwareInput;
  errors: FieldError[];
}

/** Parses and checks every row (shape only; whether each UAI exists and may be touched is checked by the caller). */
export function parseHardwareCsv(text: string): { rows: ParsedRow[]; errors: FieldError[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: 'greedy',
    delimiter: '',
  });
  const [header, ...lines] = parsed.data;
  if (!header)
    return {
      rows: [],
      errors: [{ field: 'body', message: 'Fichier vide : une ligne d’en-tête est attendue.' }],
    };
  const fields = header.map((h) => COLUMNS[norm(h)]);
  const missing = (['uai', 'category', 'count', 'acquiredOn', 'costCents', 'funding'] as const).filter(
    (f) => !fields.includes(f),
  );
  if (missing.length) {
    return {
      rows: [],
      errors: [
        {
          field: 'body.header',
          message: `Colonnes manquantes : ${missing.join(', ')} (attendu : uai;categorie;nombre;date_acquisition;fin_garantie;cout_ttc;financement).`,
        },
      ],
    };
  }
  const rows = lines.map((cells, k): ParsedRow => {
    const line = k + 2;
    const get = (f: keyof HardwareInput) => (cells[fields.indexOf(f)] ?? '').trim();
    const errors: FieldError[] = [];
    const bad = (col: string, message: string) => errors.push({ field: `body.line${line}.${col}`, message });
    const uai = get('uai').toUpperCase();
    if (!/^[0-9]{7}[A-Z]$/.test(uai))
      bad('uai', `UAI « ${get('uai')} » invalide (7 chiffres et une lettre).`);
    const category = CATEGORY_WORDS[norm(get('category'))];
    if (!category)
      bad(
        'categorie',
        `Catégorie « ${get('category')} » inconnue (PC fixe, portable, vidéoprojecteur, TBI, serveur, imprimante réseau).`,
      );
    const count = /^\d+$/.test(get('count')) ? Number(get('count')) : Number.NaN;
    if (!(count > 0 && count <= 100_000))
      bad('nombre', `Nombre « ${get('count')} » invalide (entier positif).`);
    const acquiredOn = isoDayFromText(get('acquiredOn'));
    if (!acquiredOn)
      bad('date_acquisition', `Date « ${get('acquiredOn')} » invalide (AAAA-MM-JJ ou JJ/MM/AAAA).`);
    const warrantyText = get('warrantyEnd');
    const warrantyEnd = warrantyText ? isoDayFromText(warrantyText) : null;
    if (warrantyText && !warrantyEnd) bad('fin_garantie', `Date « ${warrantyText} » invalide.`);
    if (warrantyEnd && acquiredOn && warrantyEnd < acquiredOn)
      bad('fin_garantie', 'La garantie finit avant l’acquisition.');
    const costCents = parseEuros(get('costCents'));
    if (costCents === null) bad('cout_ttc', `Montant « ${get('costCents')} » invalide (ex. 1 234,56).`);
    const funding = FUNDING_WORDS[norm(get('funding'))];
    if (!funding)
      bad(
        'financement',
        `Financement « ${get('funding')} » inconnu (département, FEDER, région, État, autre).`,
      );
    if (errors.length) return { line, errors };
    return {
      line,
      errors,
      value: {
        uai,
        category: category!,
        count,
        acquiredOn: acquiredOn!,
        warrantyEnd,
        costCents: costCents!,
        funding: funding!,
        note: get('note') || null,
      },
    };
  });
  return { rows, errors: rows.flatMap((r) => r.errors) };
}
