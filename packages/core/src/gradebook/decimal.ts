/**
 * Exact arithmetic for the grade book: rationals over BigInt. Every mark, coefficient and barème is a decimal with
 * few digits, but mark/barème is not (7/3…). Averages are kept as exact fractions and rounded once, at the end, to
 * two decimals half-up (away from zero on a tie): no float drift and no double rounding.
 */

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b) [a, b] = [b, a % b];
  return a;
}

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** num / den in lowest terms, den > 0. */
export class Ratio {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den = 1n) {
    if (den === 0n) throw new RangeError('Division by zero');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = den === 1n ? 1n : gcd(num, den);
    this.num = g > 1n ? num / g : num;
    this.den = g > 1n ? den / g : den;
  }

  /** The exact value of a number as written in decimal (`0.1` is one tenth), or of a decimal string. */
  static of(value: number | string | bigint | Ratio): Ratio {
    if (value instanceof Ratio) return value;
    if (typeof value === 'bigint') return new Ratio(value);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`Not a number: ${value}`);
    const m = DECIMAL.exec(String(value).trim());
    if (!m || (m[2] === '' && !m[3])) throw new RangeError(`Not a decimal: ${value}`);
    const [, sign, int = '', frac = '', exp = '0'] = m;
    const shift = Number(exp) - frac.length;
    let num = BigInt(int + frac || '0');
    let den = 1n;
    if (shift >= 0) num *= 10n ** BigInt(shift);
    else den = 10n ** BigInt(-shift);
    return new Ratio(sign ? -num : num, den);
  }

  add(o: Ratio): Ratio {
    if (this.den === o.den) return new Ratio(this.num + o.num, this.den);
    return new Ratio(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Ratio): Ratio {
    return this.add(new Ratio(-o.num, o.den));
  }

  times(o: Ratio): Ratio {
    return new Ratio(this.num * o.num, this.den * o.den);
  }

  /** o must not be zero. */
  div(o: Ratio): Ratio {
    return new Ratio(this.num * o.den, this.den * o.num);
  }

  cmp(o: Ratio): -1 | 0 | 1 {
    const a = this.num * o.den;
    const b = o.num * this.den;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }

  /** The value in units of 10^-digits, rounded half-up (ties away from zero). */
  #scaled(digits: number): bigint {
    const negative = this.num < 0n;
    const scaled = (negative ? -this.num : this.num) * 10n ** BigInt(digits);
    let q = scaled / this.den;
    if (2n * (scaled % this.den) >= this.den) q += 1n;
    return negative ? -q : q;
  }

  /** Rounded to `digits` decimals, half-up, as a string with exactly that many decimals (`12.35`, `-0.50`). */
  toFixed(digits = 2): string {
    const q = this.#scaled(digits);
    const negative = q < 0n;
    const text = (negative ? -q : q).toString().padStart(digits + 1, '0');
    const int = text.slice(0, text.length - digits);
    const frac = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
    return `${negative ? '-' : ''}${int}${frac}`;
  }

  /** Rounded to two decimals, half-up, as a number (exact: a two-decimal number prints back unchanged). */
  toNumber(): number {
    return Number(this.toFixed(2));
  }

  /** The exact decimal when it has one (`12.5`, `0.125`), else `num/den`. */
  toString(): string {
    let d = this.den;
    let digits = 0;
    while (d % 10n === 0n) {
      d /= 10n;
      digits++;
    }
    while (d % 2n === 0n || d % 5n === 0n) {
      // One more decimal is needed for each factor 2 or 5 left over.
      d /= d % 2n === 0n ? 2n : 5n;
      digits++;
    }
    if (d !== 1n) return `${this.num}/${this.den}`;
    return this.toFixed(digits)
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  }
}

/**
 * A sum of many fractions that keeps one partial sum per denominator and combines them at the end: marks share a
 * handful of barèmes, so the final denominator stays the product of a few numbers instead of growing with each term.
 */
export class RatioSum {
  /** Denominator → sum of numerators (not reduced until the end). */
  private readonly byDen = new Map<bigint, bigint>();

  add(r: Ratio): this {
    this.byDen.set(r.den, (this.byDen.get(r.den) ?? 0n) + r.num);
    return this;
  }

  total(): Ratio {
    let sum = ZERO;
    for (const [den, num] of this.byDen) sum = sum.add(new Ratio(num, den));
    return sum;
  }
}

export const ZERO = new Ratio(0n);
export const TWENTY = new Ratio(20n);
export const TEN = new Ratio(10n);

export function min(a: Ratio, b: Ratio): Ratio {
  return a.cmp(b) <= 0 ? a : b;
}
export function max(a: Ratio, b: Ratio): Ratio {
  return a.cmp(b) >= 0 ? a : b;
}
