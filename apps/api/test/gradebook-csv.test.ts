import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { evaluationHeader, MAX_IMPORT_ROWS, planImport, sheetToCsv } from '../src/gradebook/csv.js';
import type { SheetView } from '../src/gradebook/views.js';

const ev = (id: string, title: string, outOf = 20, coefficient = 1) => ({
  id,
  title,
  date: '2026-10-01',
  classId: 'c',
  subjectId: 'm',
  periodId: 'p',
  coefficient,
  outOf,
  rescaleTo20: true,
  publishOn: '2026-10-02',
  type: 'devoir_surveille' as const,
  kind: 'normal' as const,
});

const sheet: SheetView = {
  class: { id: 'c', name: '4e B' },
  subject: { id: 'm', code: 'MATHS', name: 'Mathématiques', coefficient: 3 },
  period: { id: 'p', label: 'Trimestre 1', startsOn: '2026-09-01', endsOn: '2026-11-30' },
  periods: [{ id: 'p', label: 'Trimestre 1', startsOn: '2026-09-01', endsOn: '2026-11-30' }],
  settings: {
    unjustifiedAbsenceCountsZero: false,
    visibility: { subjectAverages: true, generalAverage: true, classStats: true, rank: false },
  },
  canEdit: true,
  evaluations: [ev('e1', '=1+1 piège', 20, 2), ev('e2', 'Calcul mental', 10)],
  students: [
    { id: 's1', lastName: 'Martin', firstName: 'Léa' },
    { id: 's2', lastName: '@Bernard', firstName: '-Hugo' },
    { id: 's3', lastName: 'Petit', firstName: 'Inès' },
  ],
  marks: [
    { evaluationId: 'e1', studentId: 's1', value: 12.5 },
    { evaluationId: 'e2', studentId: 's1', value: 7 },
    { evaluationId: 'e1', studentId: 's2', value: 'Abs' },
  ],
  averages: [
    { studentId: 's1', average: 13, counted: ['e1', 'e2'] },
    { studentId: 's2', average: null, counted: [] },
    { studentId: 's3', average: null, counted: [] },
  ],
  evaluationStats: [
    { evaluationId: 'e1', stats: { count: 1, average: 12.5, min: 12.5, max: 12.5 } },
    { evaluationId: 'e2', stats: { count: 1, average: 7, min: 7, max: 7 } },
  ],
  classStats: { count: 1, average: 13, min: 13, max: 13 },
  appreciations: [],
  links: { marks: '/m', evaluations: '/e' },
};

describe('class sheet CSV', () => {
  const csv = sheetToCsv(sheet);

  it('opens right in French spreadsheets: BOM, semicolons, decimal comma, CRLF', () => {
    expect(csv.startsWith('\uFEFFNom;Prénom;')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines[1]).toBe('Martin;Léa;12,5;7;13,00');
    expect(lines.at(-1)).toBe('');
    expect(csv).toContain('Moyenne de la classe;;12,50;7,00;13,00');
  });

  it('neutralizes cells a spreadsheet would run as formulas', () => {
    const rows = Papa.parse<string[]>(csv.slice(1), { delimiter: ';' }).data;
    expect(rows[0]?.[2]).toBe("'=1+1 piège — 01/10/2026 — /20 — coef. 2");
    expect(rows[2]?.slice(0, 3)).toEqual(["'@Bernard", "'-Hugo", 'Abs']);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('reads its own export back with nothing to change', () => {
    const p = planImport(sheet, csv);
    expect(p.errors).toEqual([]);
    expect(p.summary).toEqual({ new: 0, changed: 0, unchanged: 3, errors: 0 });
    expect(p.columns.map((c) => c.evaluationId)).toEqual([null, null, 'e1', 'e2', null]);
  });

  it('previews a pasted tab-separated block: new, changed, unchanged and per-row errors', () => {
    const text = [
      'Élève\tCalcul mental\t=1+1 PIÈGE',
      'MARTIN Léa\t8\t12,5',
      'Inès Petit\tabs\t',
      'Dupont Jean\t5\t5',
      '',
      'Petit Inès\t11\t23',
    ].join('\n');
    const p = planImport(sheet, text);
    expect(p.delimiter).toBe('\t');
    expect(p.changes.map((c) => [c.line, c.studentId, c.evaluationId, c.before, c.after, c.status])).toEqual([
      [2, 's1', 'e2', 7, 8, 'changed'],
      [2, 's1', 'e1', 12.5, 12.5, 'unchanged'],
      [3, 's3', 'e2', null, 'Abs', 'new'],
    ]);
    expect(p.errors).toEqual([
      { line: 4, message: 'Élève introuvable dans la classe : « Dupont Jean ».' },
      { line: 6, message: 'Inès Petit figure déjà ligne 3.' },
    ]);
    const bad = planImport(sheet, 'Nom;Prénom;Calcul mental\nMartin;Léa;12\nPetit;Inès;douze');
    expect(bad.errors).toEqual([
      { line: 2, column: 'Calcul mental', message: 'Léa Martin : La note 12 dépasse le barème (10).' },
      {
        line: 3,
        column: 'Calcul mental',
        message: 'Inès Petit : « douze » n’est pas une note : tapez un nombre (12,5) ou abs, disp, nn.',
      },
    ]);
  });

  it('refuses a text without a header, or too large', () => {
    expect(planImport(sheet, '12;13\n14;15').errors[0]?.line).toBe(1);
    const many = `Nom;Prénom\n${'Martin;Léa\n'.repeat(MAX_IMPORT_ROWS + 5)}`;
    expect(planImport(sheet, many).errors[0]?.message).toMatch(/Trop de lignes/);
  });

  it('names évaluation columns as exported', () => {
    expect(evaluationHeader(ev('x', 'Oral', 40, 0.5))).toBe('Oral — 01/10/2026 — /40 — coef. 0,5');
  });
});
