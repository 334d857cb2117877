/** Display of marks and averages (French decimal comma by default); what a teacher types is read in mark-input.ts. */
import { Ratio } from './decimal.js';
import type { MarkAnnotation, MarkValue } from './marks.js';

export type GradebookLang = 'fr' | 'en';

/** What the annotations mean, for screen readers and legends (the short code is shown in the cell). */
export const MARK_ANNOTATION_LABELS: Record<MarkAnnotation, { fr: string; en: string }> = {
  Abs: { fr: 'Absent', en: 'Absent' },
  Disp: { fr: 'Dispensé', en: 'Exempted' },
  NN: { fr: 'Non noté', en: 'Not graded' },
};

function withSeparator(s: string, lang: GradebookLang): string {
  return lang === 'fr' ? s.replace('.', ',') : s;
}

/**
 * An average: always two decimals, half-up on the decimal value (12.345 → "12,35"), French decimal comma.
 * Null gives an empty string.
 */
export function formatAverage(value: number | string | null | undefined, lang: GradebookLang = 'fr'): string {
  if (value === null || value === undefined || value === '') return '';
  try {
    return withSeparator(Ratio.of(value).toFixed(2), lang);
  } catch {
    return ''; // not a number: shown as nothing, never an exception in a school's page
  }
}

/** A number as entered (no trailing zeros): 12.5 → "12,5", 14 → "14". */
export function formatNumber(value: number, lang: GradebookLang = 'fr'): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return withSeparator(Ratio.of(value).toString(), lang);
}

/** A cell: a number as entered, an annotation's short code, empty for null. */
export function formatMark(value: MarkValue | null | undefined, lang: GradebookLang = 'fr'): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? formatNumber(value, lang) : typeof value === 'string' ? value : '';
}
