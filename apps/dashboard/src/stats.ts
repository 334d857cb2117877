/**
 * Statistics of the pilot evaluation: per-établissement means compared with Welch's t interval (unequal
 * variances) and a percentile bootstrap interval (resampling établissements within each group, seeded so a report
 * is reproducible); per-établissement changes (before → after) with a paired t interval.
 */
import { randomLcg } from 'd3';

export const mean = (xs: readonly number[]) =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;

/** Sample variance (n − 1). */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

/** ln Γ(x), Lanczos approximation. */
function lnGamma(x: number): number {
  const c = [
    76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
    -0.5395239384953e-5,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

/** Continued fraction of the regularized incomplete beta function (Numerical Recipes `betacf`). */
function betacf(a: number, b: number, x: number): number {
  const tiny = 1e-30;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 200; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-12) break;
  }
  return h;
}

function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (bt * betacf(a, b, x)) / a : 1 - (bt * betacf(b, a, 1 - x)) / b;
}

/** Student's t cumulative distribution with `df` degrees of freedom (df may be fractional). */
export function tCdf(t: number, df: number): number {
  const p = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - p : p;
}

/** Quantile of Student's t (bisection on the CDF). */
export function tQuantile(p: number, df: number): number {
  let lo = -1e3;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Comparison {
  /** Mean of group A minus mean of group B. */
  diff: number;
  se: number;
  df: number;
  t: number;
  /** Two-sided p-value. */
  p: number;
  /** 95 % interval (Welch). */
  low: number;
  high: number;
  /** Difference over the pooled standard deviation (Cohen's d). */
  effect: number;
}

/** Welch's two-sample comparison of A and B. Needs at least 2 values in each group. */
export function welch(a: readonly number[], b: readonly number[], level = 0.95): Comparison | null {
  if (a.length < 2 || b.length < 2) return null;
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const diff = mean(a) - mean(b);
  const se = Math.sqrt(va + vb);
  const df =
    se === 0
      ? a.length + b.length - 2
      : (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const t = se === 0 ? (diff === 0 ? 0 : Math.sign(diff) * Number.POSITIVE_INFINITY) : diff / se;
  const q = tQuantile(1 - (1 - level) / 2, df);
  const pooled = Math.sqrt(
    ((a.length - 1) * variance(a) + (b.length - 1) * variance(b)) / (a.length + b.length - 2),
  );
  return {
    diff,
    se,
    df,
    t,
    p: Number.isFinite(t) ? 2 * (1 - tCdf(Math.abs(t), df)) : 0,
    low: diff - q * se,
    high: diff + q * se,
    // No spread at all (identical changes within each group): a standardised size means nothing.
    effect: pooled > 1e-9 * Math.max(1, Math.abs(diff)) ? diff / pooled : Number.NaN,
  };
}

/** Percentile bootstrap interval of mean(A) − mean(B), resampling each group with replacement. */
export function bootstrapDiff(
  a: readonly number[],
  b: readonly number[],
  { resamples = 2000, level = 0.95, seed = 0.42 } = {},
): { low: number; high: number } | null {
  if (!a.length || !b.length) return null;
  const rnd = randomLcg(seed);
  const diffs = new Float64Array(resamples);
  const draw = (xs: readonly number[]) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[Math.floor(rnd() * xs.length)]!;
    return s / xs.length;
  };
  for (let r = 0; r < resamples; r++) diffs[r] = draw(a) - draw(b);
  diffs.sort();
  const lo = Math.floor(((1 - level) / 2) * resamples);
  const hi = Math.min(resamples - 1, Math.ceil((1 - (1 - level) / 2) * resamples) - 1);
  return { low: diffs[lo]!, high: diffs[hi]! };
}

export interface PairedComparison {
  /** Mean of the changes (after − before). */
  mean: number;
  /** Standard deviation of the changes. */
  sd: number;
  se: number;
  df: number;
  /** 95 % interval (Student, n − 1 degrees of freedom). */
  low: number;
  high: number;
  /** Mean change over the changes' standard deviation (Cohen's d for paired data, d_z). */
  effect: number;
}

/** Paired comparison of each unit's change (after − before). Needs at least 2 changes. */
export function paired(changes: readonly number[], level = 0.95): PairedComparison | null {
  if (changes.length < 2) return null;
  const m = mean(changes);
  const sd = Math.sqrt(variance(changes));
  const se = sd / Math.sqrt(changes.length);
  const q = tQuantile(1 - (1 - level) / 2, changes.length - 1);
  return {
    mean: m,
    sd,
    se,
    df: changes.length - 1,
    low: m - q * se,
    high: m + q * se,
    effect: sd > 1e-9 * Math.max(1, Math.abs(m)) ? m / sd : Number.NaN,
  };
}
