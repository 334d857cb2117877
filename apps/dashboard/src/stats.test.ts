import { expect } from '@open-wc/testing';
import { bootstrapDiff, tCdf, tQuantile, welch } from './stats.js';

const close = (a: number, b: number, eps = 1e-4) => expect(Math.abs(a - b), `${a} ≈ ${b}`).to.be.below(eps);

describe('evaluation statistics', () => {
  it("matches Student's t tables", () => {
    close(tQuantile(0.975, 10), 2.228139);
    close(tQuantile(0.975, 1), 12.7062, 1e-3);
    close(tQuantile(0.975, 2), 4.302653);
    close(tQuantile(0.975, 3), 3.182446);
    close(tCdf(0, 7), 0.5);
    close(tCdf(2.0, 30), 0.972687, 1e-6);
  });

  it("computes Welch's comparison (unequal variances, Satterthwaite degrees of freedom)", () => {
    // By hand: means 6.2 and 2.65, variances 1.11 and 0.283, se = √(1.11/3 + 0.283/6) = 0.644851.
    const w = welch([5.1, 6.3, 7.2], [2.0, 2.4, 3.1, 2.2, 2.9, 3.3])!;
    close(w.diff, 3.55, 1e-9);
    close(w.se, 0.644851, 1e-5);
    close(w.t, 5.505144, 1e-5);
    close(w.df, 2.510774, 1e-5);
    const q = tQuantile(0.975, w.df);
    expect(q).to.be.above(3.182446).and.below(4.302653);
    close(w.low, 3.55 - q * w.se, 1e-9);
    close(w.high, 3.55 + q * w.se, 1e-9);
    expect(w.p).to.be.below(0.05);
    expect(welch([1], [2, 3])).to.equal(null);
  });

  it('bootstraps a reproducible interval around the difference', () => {
    const a = [10, 12, 11, 13];
    const b = [1, 2, 3, 2, 1];
    const one = bootstrapDiff(a, b)!;
    expect(bootstrapDiff(a, b)).to.deep.equal(one);
    expect(one.low).to.be.below(11.5 - 1.8);
    expect(one.high).to.be.above(11.5 - 1.8);
    expect(one.low).to.be.above(0);
  });
});
