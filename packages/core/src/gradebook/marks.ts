/**
 * The grade book's vocabulary without schemas: what the element bundles (zod stays on the server side, see
 * types.ts which re-exports all of this).
 */

/** Annotations a teacher enters instead of a number. */
export const MARK_ANNOTATIONS = ['Abs', 'Disp', 'NN'] as const;
/**
 * - `Abs`: absent without a justification known at marking time (counts 0 when the établissement says so);
 * - `Disp`: dispensé (excused from the évaluation);
 * - `NN`: non noté (e.g. a justified absence) — never counts.
 */
export type MarkAnnotation = (typeof MARK_ANNOTATIONS)[number];

/**
 * What one cell of the grade book holds: a number within the évaluation's barème with at most two decimals
 * (0.01 precision: enough for quarter points and for marks on any barème), or an annotation.
 * An empty cell is `null`.
 */
export type MarkValue = number | MarkAnnotation;

/** Marks carry at most this many decimals. */
export const MARK_DECIMALS = 2;

/** How an évaluation counts in the subject average. */
export const EVALUATION_KINDS = ['normal', 'bonus', 'optional'] as const;
/**
 * - `normal`: counts with its coefficient;
 * - `bonus`: only the points above 10 (on /20) are added to the subject average;
 * - `optional`: counts only when it raises the subject average.
 */
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];

/** At most `decimals` decimals, checked on the decimal representation (no float remainder tricks). */
export function hasAtMostDecimals(n: number, decimals: number): boolean {
  if (!Number.isFinite(n)) return false;
  const s = String(n);
  const e = s.indexOf('e');
  if (e >= 0) {
    const exp = Number(s.slice(e + 1));
    const mantissa = s.slice(0, e);
    const frac = mantissa.includes('.') ? mantissa.split('.')[1]!.length : 0;
    return frac - exp <= decimals;
  }
  const dot = s.indexOf('.');
  return dot < 0 || s.length - dot - 1 <= decimals;
}

/** The rules' default when an établissement has not chosen: an unjustified absence does not count 0. */
export const DEFAULT_AVERAGE_SETTINGS = { unjustifiedAbsenceCountsZero: false } as const;

/** Longest appréciation (subject or general), in characters. */
export const APPRECIATION_MAX_LENGTH = 500;
