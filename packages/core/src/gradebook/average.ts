/**
 * Averages, class statistics and ranks, computed exactly (see decimal.ts) and rounded once to two decimals,
 * half-up.
 *
 * Subject average, for one student in one subject and period:
 * - every counted mark is put on /20: score = mark / barème × 20;
 * - its weight is the évaluation's coefficient; when the évaluation is not rescaled to /20
 *   (`rescaleTo20: false`) the weight is coefficient × barème / 20, so a /40 weighs twice a /20;
 * - normal marks: average = Σ(weight × score) / Σ weight;
 * - `Abs`, `Disp`, `NN` and empty cells are left out, except that `Abs` counts 0 on normal évaluations when the
 *   établissement says so (`unjustifiedAbsenceCountsZero`);
 * - bonus marks add only their points above 10: weight × (score − 10) is added to Σ(weight × score), nothing to
 *   Σ weight; a bonus below 10 changes nothing. The average never exceeds 20;
 * - optional marks count only when they raise the average (bonus points included). They are tried from the highest
 *   score down, each kept while it is above the current average: this is the exact optimum, not an approximation
 *   (the best weighted mean over subsets keeps exactly the optional marks above that mean), and it does not depend
 *   on the order of the marks;
 * - bonus and optional marks need at least one counted normal mark: without one there is no average.
 *
 * General average = Σ(subject coefficient × subject average) / Σ subject coefficient over the subjects that have an
 * average, computed from the exact subject averages (not from the rounded ones).
 */
import { max, min, Ratio, RatioSum, TEN, TWENTY, ZERO } from './decimal.js';
import { DEFAULT_AVERAGE_SETTINGS, type MarkValue } from './marks.js';
import type { EvaluationWeighting, GradebookSettings } from './types.js';

/** One mark of a student with what the rules need to know about its évaluation. */
export interface MarkEntry {
  evaluation: EvaluationWeighting;
  value: MarkValue | null;
}

/** The rules read only this part of the établissement's settings. */
export type AverageSettings = Pick<GradebookSettings, 'unjustifiedAbsenceCountsZero'>;

interface Term {
  index: number;
  /** On /20. */
  score: Ratio;
  weight: Ratio;
}

/** The number a cell counts as, or null when it does not count. */
export function countedMark(
  value: MarkValue | null,
  kind: EvaluationWeighting['kind'],
  settings: AverageSettings = DEFAULT_AVERAGE_SETTINGS,
): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (value === 'Abs' && kind === 'normal' && settings.unjustifiedAbsenceCountsZero) return 0;
  return null;
}

/** A mark on its barème, put on /20 (exact). */
export function scoreOn20(mark: number, outOf: number): Ratio {
  return Ratio.of(mark).times(TWENTY).div(Ratio.of(outOf));
}

/** A mark on its barème shown on /20, two decimals half-up (e.g. 7/15 → 9.33). */
export function markOn20(mark: number, outOf: number): number {
  return scoreOn20(mark, outOf).toNumber();
}

function weightOf(e: EvaluationWeighting): Ratio {
  return e.rescaleTo20 === false
    ? Ratio.of(e.coefficient).times(Ratio.of(e.outOf)).div(TWENTY)
    : Ratio.of(e.coefficient);
}

export interface SubjectAverageDetail {
  /** Exact average on /20 (use it for further computation). */
  exact: Ratio;
  /** Rounded to two decimals, half-up. */
  value: number;
  /** Indexes (in the given entries) of the marks that count: normal, bonus above 10, optional that raise. */
  counted: number[];
}

/** A student's average in one subject (see the rules above), with what counted; null when nothing counts. */
export function subjectAverageDetail(
  entries: readonly MarkEntry[],
  settings: AverageSettings = DEFAULT_AVERAGE_SETTINGS,
): SubjectAverageDetail | null {
  const normal: Term[] = [];
  const bonus: Term[] = [];
  const optional: Term[] = [];
  entries.forEach((entry, index) => {
    const mark = countedMark(entry.value, entry.evaluation.kind, settings);
    if (mark === null) return;
    const term = {
      index,
      score: scoreOn20(mark, entry.evaluation.outOf),
      weight: weightOf(entry.evaluation),
    };
    (entry.evaluation.kind === 'bonus'
      ? bonus
      : entry.evaluation.kind === 'optional'
        ? optional
        : normal
    ).push(term);
  });
  if (normal.length === 0) return null;

  const pointSum = new RatioSum();
  const weightSum = new RatioSum();
  const counted: number[] = [];
  for (const t of normal) {
    pointSum.add(t.weight.times(t.score));
    weightSum.add(t.weight);
    counted.push(t.index);
  }
  for (const t of bonus) {
    if (t.score.cmp(TEN) <= 0) continue;
    pointSum.add(t.weight.times(t.score.sub(TEN)));
    counted.push(t.index);
  }
  let points = pointSum.total();
  let weights = weightSum.total();
  // Highest first; ties broken by position so the result never depends on the order of equal marks.
  optional.sort((a, b) => b.score.cmp(a.score) || a.index - b.index);
  for (const t of optional) {
    if (t.score.cmp(points.div(weights)) <= 0) break;
    points = points.add(t.weight.times(t.score));
    weights = weights.add(t.weight);
    counted.push(t.index);
  }
  const exact = min(points.div(weights), TWENTY);
  counted.sort((a, b) => a - b);
  return { exact, value: exact.toNumber(), counted };
}

/** A student's average in one subject, two decimals half-up; null when no mark counts. */
export function subjectAverage(
  entries: readonly MarkEntry[],
  settings: AverageSettings = DEFAULT_AVERAGE_SETTINGS,
): number | null {
  return subjectAverageDetail(entries, settings)?.value ?? null;
}

/** One subject of a student's report: its coefficient and the student's marks. */
export interface SubjectMarks {
  coefficient: number;
  marks: readonly MarkEntry[];
}

/** Exact general average from exact subject averages; null when no subject has an average. */
export function weightedMean(items: readonly { coefficient: number; average: Ratio | null }[]): Ratio | null {
  let points = ZERO;
  let weights = ZERO;
  for (const { coefficient, average } of items) {
    if (!average) continue;
    const w = Ratio.of(coefficient);
    points = points.add(w.times(average));
    weights = weights.add(w);
  }
  return weights.isZero() ? null : points.div(weights);
}

/** A student's general average: subject averages weighted by the subjects' coefficients; null when none. */
export function generalAverage(
  subjects: readonly SubjectMarks[],
  settings: AverageSettings = DEFAULT_AVERAGE_SETTINGS,
): number | null {
  const exact = weightedMean(
    subjects.map((s) => ({
      coefficient: s.coefficient,
      average: subjectAverageDetail(s.marks, settings)?.exact ?? null,
    })),
  );
  return exact ? exact.toNumber() : null;
}

/** Average, lowest and highest of a set of values; all two decimals half-up. */
export interface Stats {
  count: number;
  average: number;
  min: number;
  max: number;
}

/** Statistics of exact values; null when there are none. */
export function statsOf(values: readonly Ratio[]): Stats | null {
  if (values.length === 0) return null;
  const sum = new RatioSum();
  let lo = values[0]!;
  let hi = values[0]!;
  for (const v of values) {
    sum.add(v);
    lo = min(lo, v);
    hi = max(hi, v);
  }
  return {
    count: values.length,
    average: sum.total().div(Ratio.of(values.length)).toNumber(),
    min: lo.toNumber(),
    max: hi.toNumber(),
  };
}

/**
 * Class statistics of one évaluation, on its own barème: the numbers entered (and `Abs` as 0 when the
 * établissement counts it on a normal évaluation). Null when no mark counts.
 */
export function evaluationStats(
  values: readonly (MarkValue | null)[],
  evaluation: Pick<EvaluationWeighting, 'kind'>,
  settings: AverageSettings = DEFAULT_AVERAGE_SETTINGS,
): Stats | null {
  const counted: Ratio[] = [];
  for (const v of values) {
    const mark = countedMark(v, evaluation.kind, settings);
    if (mark !== null) counted.push(Ratio.of(mark));
  }
  return statsOf(counted);
}

/** Class statistics of a subject: over the students' exact subject averages (students without one left out). */
export function subjectClassStats(
  students: readonly (readonly MarkEntry[])[],
  settings: AverageSettings = DEFAULT_AVERAGE_SETTINGS,
): Stats | null {
  const averages: Ratio[] = [];
  for (const marks of students) {
    const d = subjectAverageDetail(marks, settings);
    if (d) averages.push(d.exact);
  }
  return statsOf(averages);
}

/**
 * Ranks by average, highest first, ties sharing a rank (1, 2, 2, 4), compared on the two-decimal averages a person
 * sees. Null stays null (no average, no rank).
 */
export function ranks(averages: readonly (number | null)[]): (number | null)[] {
  const present = averages.filter((a): a is number => a !== null).map((a) => Ratio.of(a));
  return averages.map((a) => {
    if (a === null) return null;
    const mine = Ratio.of(a);
    return 1 + present.filter((p) => p.cmp(mine) > 0).length;
  });
}

/** Whether students and parents see an évaluation on `today` (ISO date in Europe/Paris, given by the caller). */
export function isPublished(evaluation: { publishOn: string }, today: string): boolean {
  return evaluation.publishOn <= today;
}
