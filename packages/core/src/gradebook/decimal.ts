/**
 * Exact arithmetic for the grade book. Every mark, coefficient and barème is a decimal with few digits, but
 * mark/barème is not (7/3…). Averages are therefore kept as exact fractions of big.js decimals and divided once,
 * at the end, to two decimals rounded half-up: no float drift and no double rounding.
 */
import Big from 'big.js';

/** A private big.js constructor: its rounding settings do not leak into other modules. */
export const D = Big();
D.DP = 2;
D.RM = Big.roundHalfUp;

export type Decimal = InstanceType<typeof D>;

/** num / den, den > 0. */
export class Ratio {
  constructor(
    readonly num: Decimal,
    readonly den: Decimal,
  ) {}

  static of(value: number | string | Decimal): Ratio {
    return new Ratio(D(value), D(1));
  }

  add(o: Ratio): Ratio {
    if (this.den.eq(o.den)) return new Ratio(this.num.plus(o.num), this.den);
    return new Ratio(this.num.times(o.den).plus(o.num.times(this.den)), this.den.times(o.den));
  }

  sub(o: Ratio): Ratio {
    return this.add(new Ratio(o.num.neg(), o.den));
  }

  times(o: Ratio): Ratio {
    return new Ratio(this.num.times(o.num), this.den.times(o.den));
  }

  /** o must not be zero. */
  div(o: Ratio): Ratio {
    const r = new Ratio(this.num.times(o.den), this.den.times(o.num));
    return r.den.lt(0) ? new Ratio(r.num.neg(), r.den.neg()) : r;
  }

  cmp(o: Ratio): -1 | 0 | 1 {
    return this.num.times(o.den).cmp(o.num.times(this.den));
  }

  isZero(): boolean {
    return this.num.eq(0);
  }

  /** Rounded to two decimals, half-up, as a decimal. */
  round2(): Decimal {
    return this.num.div(this.den);
  }

  /** Rounded to two decimals, half-up, as a number (exact: a two-decimal number prints back unchanged). */
  toNumber(): number {
    return Number(this.round2());
  }
}

/**
 * A sum of many fractions that keeps one partial sum per denominator and combines them at the end: marks share a
 * handful of barèmes, so the final denominator stays the product of a few numbers instead of growing with each term.
 */
export class RatioSum {
  private readonly byDen = new Map<string, Ratio>();

  add(r: Ratio): this {
    const key = r.den.toString();
    const prior = this.byDen.get(key);
    this.byDen.set(key, prior ? new Ratio(prior.num.plus(r.num), prior.den) : r);
    return this;
  }

  total(): Ratio {
    let sum = ZERO;
    for (const part of this.byDen.values()) sum = sum.add(part);
    return sum;
  }
}

export const ZERO = Ratio.of(0);
export const TWENTY = Ratio.of(20);
export const TEN = Ratio.of(10);

export function min(a: Ratio, b: Ratio): Ratio {
  return a.cmp(b) <= 0 ? a : b;
}
export function max(a: Ratio, b: Ratio): Ratio {
  return a.cmp(b) >= 0 ? a : b;
}
