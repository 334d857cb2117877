import type { TalliesView } from '@preau/core';
import Papa from 'papaparse';

/** French spreadsheets: `;` separators, decimal comma, UTF-8 BOM, CRLF, formulas neutralised. */
export function talliesCsv(t: TalliesView): string {
  const rows = t.students.map((s) => [
    s.lastName,
    s.firstName,
    s.className ?? '',
    s.absentHalfDays,
    s.unjustifiedHalfDays,
    s.lateCount,
    s.lateMinutes,
    s.earlyDepartures,
    s.exclusions,
    s.alert ? 'oui' : 'non',
  ]);
  return `\uFEFF${Papa.unparse(
    {
      fields: [
        'Nom',
        'Prénom',
        'Classe',
        "Demi-journées d'absence",
        'Demi-journées non justifiées',
        'Retards',
        'Minutes de retard',
        'Départs anticipés',
        'Exclusions de cours',
        `Alerte (≥ ${t.alertThreshold} demi-journées non justifiées dans un mois)`,
      ],
      data: rows,
    },
    { delimiter: ';', newline: '\r\n', escapeFormulae: true, quotes: false },
  )}\r\n`;
}
