import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ratio, RatioSum } from './decimal.js';

describe('Ratio (exact rationals over BigInt)', () => {
  it('reads decimals exactly, as written', () => {
    expect(Ratio.of(0.1).add(Ratio.of(0.2)).cmp(Ratio.of(0.3))).toBe(0);
    expect(Ratio.of('12,5'.replace(',', '.')).toString()).toBe('12.5');
    expect(Ratio.of(1e-7).toString()).toBe('0.0000001');
    expect(Ratio.of(1.5e21).toString()).toBe('1500000000000000000000');
    expect(Ratio.of(-0.25).toString()).toBe('-0.25');
    expect(() => Ratio.of(Number.NaN)).toThrow();
    expect(() => Ratio.of('douze')).toThrow();
  });

  it('rounds once, half-up away from zero, to two decimals (hand-computed)', () => {
    expect(Ratio.of(7).div(Ratio.of(3)).toFixed(2)).toBe('2.33');
    expect(Ratio.of(2).div(Ratio.of(3)).toFixed(2)).toBe('0.67');
    expect(Ratio.of(12.345).toFixed(2)).toBe('12.35');
    expect(Ratio.of(-12.345).toFixed(2)).toBe('-12.35');
    expect(Ratio.of(-0.004).toFixed(2)).toBe('0.00');
    expect(Ratio.of(1.005).toFixed(2)).toBe('1.01'); // 1.005 in floats is 1.00499…: read as written
    expect(Ratio.of(7).times(Ratio.of(20)).div(Ratio.of(15)).toNumber()).toBe(9.33);
    expect(Ratio.of(5).toFixed(0)).toBe('5');
    expect(Ratio.of(1).div(Ratio.of(3)).toString()).toBe('1/3');
    expect(Ratio.of(1).div(Ratio.of(8)).toString()).toBe('0.125');
  });

  it('is a field: (a + b) − b = a, (a × b) ÷ b = a, in lowest terms', () => {
    const dec = fc.integer({ min: -100_000, max: 100_000 }).map((n) => Ratio.of(n / 100));
    fc.assert(
      fc.property(dec, dec, (a, b) => {
        expect(a.add(b).sub(b).cmp(a)).toBe(0);
        if (!b.isZero()) expect(a.times(b).div(b).cmp(a)).toBe(0);
        const sum = a.add(b);
        expect(sum.den > 0n).toBe(true);
      }),
    );
  });

  it('agrees with integer cent arithmetic when rounding sums of decimals', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000, max: 10_000 }), { maxLength: 30 }), (cents) => {
        const sum = new RatioSum();
        for (const c of cents) sum.add(Ratio.of(c).div(Ratio.of(100)));
        const total = cents.reduce((a, b) => a + b, 0);
        expect(sum.total().toFixed(2)).toBe(Ratio.of(total).div(Ratio.of(100)).toFixed(2));
        expect(sum.total().cmp(new Ratio(BigInt(total), 100n))).toBe(0);
      }),
    );
  });
});
