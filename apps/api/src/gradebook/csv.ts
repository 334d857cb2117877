/**
 * A class sheet as CSV for French spreadsheet software (`;` separator, decimal comma, UTF-8 BOM, CRLF), and marks
 * read back from a CSV file or a block pasted from a spreadsheet (tab-separated).
 *
 * CSV is hostile input and output: exported cells that a spreadsheet would run as a formula (= + - @, tab, CR)
 * are prefixed with an apostrophe (papaparse's `escapeFormulae`); imports are size-limited and every cell goes
 * through the same mark parser as typing in the grade book.
 */
import { formatAverage, formatMark, type MarkValue, parseMarkInput, searchKey } from '@preau/core';
import Papa from 'papaparse';
import type { SheetView } from './views.js';

/** Largest import, in characters. */
export const MAX_IMPORT_CHARS = 512 * 1024;
export const MAX_IMPORT_ROWS = 1000;
export const MAX_IMPORT_COLUMNS = 200;

const STATS_LABELS = ['Moyenne de la classe', 'Note la plus basse', 'Note la plus haute'];

const frenchDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The column header of an évaluation in exports, e.g. `Fractions — 01/10/2026 — /20 — coef. 2`. */
export function evaluationHeader(e: SheetView['evaluations'][number]): string {
  return `${e.title} — ${frenchDate(e.date)} — /${formatMark(e.outOf)} — coef. ${formatMark(e.coefficient)}`;
}

export function sheetToCsv(sheet: SheetView): string {
  const averageOf = new Map(sheet.averages.map((a) => [a.studentId, a.average]));
  const cell = new Map(sheet.marks.map((m) => [`${m.studentId}\u0000${m.evaluationId}`, m.value]));
  const rows: string[][] = [['Nom', 'Prénom', ...sheet.evaluations.map(evaluationHeader), 'Moyenne']];
  for (const s of sheet.students) {
    rows.push([
      s.lastName,
      s.firstName,
      ...sheet.evaluations.map((e) => formatMark(cell.get(`${s.id}\u0000${e.id}`) ?? null)),
      formatAverage(averageOf.get(s.id) ?? null),
    ]);
  }
  const stats = sheet.evaluationStats.map((s) => s.stats);
  const pick = (key: 'average' | 'min' | 'max') => [
    ...stats.map((s) => (s ? (key === 'average' ? formatAverage(s[key]) : formatMark(s[key])) : '')),
    sheet.classStats ? formatAverage(sheet.classStats[key]) : '',
  ];
  rows.push([STATS_LABELS[0]!, '', ...pick('average')]);
  rows.push([STATS_LABELS[1]!, '', ...pick('min')]);
  rows.push([STATS_LABELS[2]!, '', ...pick('max')]);
  return `\uFEFF${Papa.unparse(rows, { delimiter: ';', newline: '\r\n', escapeFormulae: true })}\r\n`;
}

/** A cell as typed: trimmed, without the apostrophe an export put before formula characters. */
function unescapeCell(s: string | undefined): string {
  return (s ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '');
}

export type ImportStatus = 'new' | 'changed' | 'unchanged';

export interface ImportChange {
  /** Line in the text, from 1. */
  line: number;
  studentId: string;
  student: string;
  evaluationId: string;
  evaluation: string;
  before: MarkValue | null;
  after: MarkValue;
  status: ImportStatus;
}

export interface ImportError {
  line: number;
  /** The column's header, when the error is about one cell. */
  column?: string;
  message: string;
}

export interface ImportPreview {
  /** The separator found: `;`, `,` or a tab. */
  delimiter: string;
  /** Each header with the évaluation it was matched to (null: ignored). */
  columns: { header: string; evaluationId: string | null }[];
  changes: ImportChange[];
  errors: ImportError[];
  summary: Record<ImportStatus, number> & { errors: number };
}

/**
 * What importing `text` into the sheet would do. The first row names the columns: `Nom` and `Prénom` (or one
 * `Élève` column, « NOM Prénom » in either order), then one column per évaluation, matched by its exported header
 * or its title. Empty cells leave the mark as it is; the class statistics rows of an export are skipped.
 */
export function planImport(sheet: SheetView, text: string): ImportPreview {
  const preview: ImportPreview = {
    delimiter: ';',
    columns: [],
    changes: [],
    errors: [],
    summary: { new: 0, changed: 0, unchanged: 0, errors: 0 },
  };
  const fail = (line: number, message: string, column?: string) => {
    preview.errors.push(column === undefined ? { line, message } : { line, column, message });
  };
  const body = text.replace(/^\uFEFF/, '');
  // The header row decides: a pasted block has tabs, a French CSV semicolons, anything else commas.
  const headerLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = headerLine.includes('\t') ? '\t' : headerLine.includes(';') ? ';' : ',';
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  preview.delimiter = parsed.meta.delimiter;
  const rows = parsed.data;
  if (rows.length > MAX_IMPORT_ROWS + 1) {
    fail(MAX_IMPORT_ROWS + 2, `Trop de lignes : ${MAX_IMPORT_ROWS} élèves au plus par import.`);
    return finish(preview);
  }
  const header = (rows[0] ?? []).map(unescapeCell);
  if (header.length > MAX_IMPORT_COLUMNS) {
    fail(1, `Trop de colonnes : ${MAX_IMPORT_COLUMNS} au plus.`);
    return finish(preview);
  }
  const norm = header.map(searchKey);
  const lastCol = norm.indexOf('nom');
  const firstCol = norm.indexOf('prenom');
  const fullCol = norm.findIndex((h) => h === 'eleve' || h === 'nom prenom' || h === 'nom et prenom');
  if ((lastCol < 0 || firstCol < 0) && fullCol < 0) {
    fail(
      1,
      'La première ligne doit nommer les colonnes « Nom » et « Prénom » (ou « Élève »), puis les évaluations.',
    );
    return finish(preview);
  }
  const byHeader = new Map(sheet.evaluations.map((e) => [searchKey(evaluationHeader(e)), e]));
  const titleCount = new Map<string, number>();
  for (const e of sheet.evaluations)
    titleCount.set(searchKey(e.title), (titleCount.get(searchKey(e.title)) ?? 0) + 1);
  const byTitle = new Map(
    sheet.evaluations
      .filter((e) => titleCount.get(searchKey(e.title)) === 1)
      .map((e) => [searchKey(e.title), e]),
  );
  const columnEval = header.map((h, i) => {
    if (i === lastCol || i === firstCol || i === fullCol || h === '') return null;
    const e = byHeader.get(norm[i]!) ?? byTitle.get(norm[i]!) ?? null;
    if (!e && (titleCount.get(norm[i]!) ?? 0) > 1)
      fail(1, `Plusieurs évaluations s'appellent « ${h} » : utilisez l'en-tête complet de l'export.`, h);
    return e;
  });
  preview.columns = header.map((h, i) => ({ header: h, evaluationId: columnEval[i]?.id ?? null }));
  const used = new Set<string>();
  columnEval.forEach((e, i) => {
    if (!e) return;
    if (used.has(e.id)) fail(1, `L'évaluation « ${e.title} » a deux colonnes.`, header[i]);
    used.add(e.id);
  });

  const studentsByName = new Map<string, SheetView['students'][number] | 'ambiguous'>();
  const addName = (key: string, s: SheetView['students'][number]) => {
    const prior = studentsByName.get(key);
    studentsByName.set(key, prior && prior !== s ? 'ambiguous' : s);
  };
  for (const s of sheet.students) {
    addName(searchKey(`${s.lastName} ${s.firstName}`), s);
    addName(searchKey(`${s.firstName} ${s.lastName}`), s);
  }
  const current = new Map(sheet.marks.map((m) => [`${m.studentId}\u0000${m.evaluationId}`, m.value]));
  const seenStudents = new Map<string, number>();

  for (let r = 1; r < rows.length; r++) {
    const line = r + 1;
    const row = rows[r]!;
    if (row.every((c) => c.trim() === '')) continue;
    const first = (row[0] ?? '').trim();
    if (STATS_LABELS.includes(first)) continue;
    const name =
      lastCol >= 0 && firstCol >= 0
        ? `${unescapeCell(row[lastCol])} ${unescapeCell(row[firstCol])}`
        : unescapeCell(row[fullCol]);
    const found = studentsByName.get(searchKey(name));
    if (!found || found === 'ambiguous') {
      fail(
        line,
        found === 'ambiguous'
          ? `Deux élèves de la classe s'appellent « ${name.trim()} ».`
          : `Élève introuvable dans la classe : « ${name.trim()} ».`,
      );
      continue;
    }
    const before = seenStudents.get(found.id);
    if (before !== undefined) {
      fail(line, `${found.firstName} ${found.lastName} figure déjà ligne ${before}.`);
      continue;
    }
    seenStudents.set(found.id, line);
    columnEval.forEach((e, i) => {
      if (!e) return;
      const raw = unescapeCell(row[i]);
      if (raw === '') return;
      const result = parseMarkInput(raw, e.outOf);
      if (!result.ok) {
        fail(line, `${found.firstName} ${found.lastName} : ${result.error.message.fr}.`, header[i]);
        return;
      }
      const after = result.value!;
      const was = current.get(`${found.id}\u0000${e.id}`) ?? null;
      preview.changes.push({
        line,
        studentId: found.id,
        student: `${found.firstName} ${found.lastName}`,
        evaluationId: e.id,
        evaluation: e.title,
        before: was,
        after,
        status: was === null ? 'new' : was === after ? 'unchanged' : 'changed',
      });
    });
  }
  return finish(preview);
}

function finish(p: ImportPreview): ImportPreview {
  for (const c of p.changes) p.summary[c.status]++;
  p.summary.errors = p.errors.length;
  return p;
}
