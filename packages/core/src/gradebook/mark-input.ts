/**
 * What a teacher types in a cell, and marks received as JSON, checked against the évaluation's barème (apart from
 * the display in format.ts: a family's results page needs only that).
 */
import { formatNumber } from './format.js';
import { hasAtMostDecimals, MARK_ANNOTATIONS, MARK_DECIMALS, type MarkValue } from './marks.js';

/** Why a typed or received mark is refused: a code, its parameters and the message in both languages. */
export interface MarkError {
  code: 'not-a-number' | 'negative' | 'above-max' | 'too-many-decimals';
  message: { fr: string; en: string };
}

export type MarkParseResult = { ok: true; value: MarkValue | null } | { ok: false; error: MarkError };

/** Checks a number against the évaluation's barème; null when it is acceptable. */
export function checkMark(value: number, outOf: number): MarkError | null {
  if (!Number.isFinite(value)) {
    return {
      code: 'not-a-number',
      message: { fr: 'La note doit être un nombre', en: 'The mark must be a number' },
    };
  }
  if (value < 0) {
    return {
      code: 'negative',
      message: {
        fr: `La note ${formatNumber(value)} est négative`,
        en: `The mark ${formatNumber(value, 'en')} is negative`,
      },
    };
  }
  if (value > outOf) {
    return {
      code: 'above-max',
      message: {
        fr: `La note ${formatNumber(value)} dépasse le barème (${formatNumber(outOf)})`,
        en: `The mark ${formatNumber(value, 'en')} is above the maximum (${formatNumber(outOf, 'en')})`,
      },
    };
  }
  if (!hasAtMostDecimals(value, MARK_DECIMALS)) {
    return {
      code: 'too-many-decimals',
      message: {
        fr: `La note ${formatNumber(value)} a plus de ${MARK_DECIMALS} décimales`,
        en: `The mark ${formatNumber(value, 'en')} has more than ${MARK_DECIMALS} decimals`,
      },
    };
  }
  return null;
}

/** Checks a cell value received as JSON against the barème; null when it is acceptable. */
export function checkMarkValue(value: MarkValue | null, outOf: number): MarkError | null {
  if (value === null || (typeof value === 'string' && MARK_ANNOTATIONS.includes(value))) return null;
  if (typeof value !== 'number') {
    return {
      code: 'not-a-number',
      message: {
        fr: 'Une note est un nombre ou Abs, Disp, NN',
        en: 'A mark is a number or Abs, Disp, NN',
      },
    };
  }
  return checkMark(value, outOf);
}

const NUMBER = /^[0-9]+(?:[.,][0-9]*)?$|^[.,][0-9]+$/;

/**
 * What a teacher types in a cell, into a value: "12,5" and "12.5" are 12.5; "abs", "disp", "nn" in any case are
 * the annotations; an empty or blank text clears the cell (null). Anything else is refused with a message naming the
 * problem, e.g. « La note 23 dépasse le barème (20) ».
 */
export function parseMarkInput(text: string, outOf: number): MarkParseResult {
  const t = text.trim().replace(/\s+/g, '');
  if (t === '') return { ok: true, value: null };
  const annotation = MARK_ANNOTATIONS.find((a) => a.toLowerCase() === t.toLowerCase());
  if (annotation) return { ok: true, value: annotation };
  const negative = t.startsWith('-');
  const digits = negative ? t.slice(1) : t;
  if (!NUMBER.test(digits)) {
    return {
      ok: false,
      error: {
        code: 'not-a-number',
        message: {
          fr: `« ${text.trim()} » n’est pas une note : tapez un nombre (12,5) ou abs, disp, nn`,
          en: `“${text.trim()}” is not a mark: type a number (12.5) or abs, disp, nn`,
        },
      },
    };
  }
  const value = Number((negative ? '-' : '') + digits.replace(',', '.'));
  const error = checkMark(value, outOf);
  return error ? { ok: false, error } : { ok: true, value };
}
