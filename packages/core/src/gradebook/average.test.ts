import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type EvaluationWeighting,
  evaluationStats,
  formatAverage,
  generalAverage,
  type MarkEntry,
  type MarkValue,
  Ratio,
  ranks,
  scoreOn20,
  subjectAverage,
  subjectAverageDetail,
  subjectClassStats,
} from './index.js';

const ev = (over: Partial<EvaluationWeighting> = {}): EvaluationWeighting => ({
  coefficient: 1,
  outOf: 20,
  rescaleTo20: true,
  kind: 'normal',
  ...over,
});
const m = (value: MarkValue | null, over: Partial<EvaluationWeighting> = {}): MarkEntry => ({
  evaluation: ev(over),
  value,
});
const ZERO_ABS = { unjustifiedAbsenceCountsZero: true };

describe('subject average — hand-computed cases', () => {
  const cases: [string, MarkEntry[], number | null, string, { unjustifiedAbsenceCountsZero: boolean }?][] = [
    ['two marks /20', [m(12), m(15)], 13.5, '13,50'],
    ['coefficients 2 and 1: (2×10 + 16) / 3', [m(10, { coefficient: 2 }), m(16)], 12, '12,00'],
    ['coefficient 0.5: (0.5×8 + 14) / 1.5', [m(8, { coefficient: 0.5 }), m(14)], 12, '12,00'],
    ['barème 10 put on /20', [m(7, { outOf: 10 }), m(14)], 14, '14,00'],
    ['barème 40 rescaled: (15 + 10) / 2', [m(30, { outOf: 40 }), m(10)], 12.5, '12,50'],
    [
      'barème 40 not rescaled weighs 2: (2×15 + 10) / 3 = 13.333…',
      [m(30, { outOf: 40, rescaleTo20: false }), m(10)],
      13.33,
      '13,33',
    ],
    ['barème 3: 1/3 and 2/3 give exactly 10', [m(1, { outOf: 3 }), m(2, { outOf: 3 })], 10, '10,00'],
    ['5/6 = 16.666… rounds to 16.67', [m(5, { outOf: 6 })], 16.67, '16,67'],
    ['12.34 and 12.35 give 12.345, half-up 12.35', [m(12.34), m(12.35)], 12.35, '12,35'],
    ['Abs left out by default', [m(12), m('Abs')], 12, '12,00'],
    ['Abs counts 0 when the établissement says so', [m(12), m('Abs')], 6, '6,00', ZERO_ABS],
    ['Disp left out even when Abs counts 0', [m(12), m('Disp')], 12, '12,00', ZERO_ABS],
    ['NN left out', [m(12), m('NN'), m(null)], 12, '12,00', ZERO_ABS],
    ['all excluded: no average', [m('Abs'), m('Disp'), m('NN')], null, ''],
    ['no marks: no average', [], null, ''],
    [
      'bonus adds its points above 10: (12 + 14 + (16 − 10)) / 2',
      [m(12), m(14), m(16, { kind: 'bonus' })],
      16,
      '16,00',
    ],
    ['bonus below 10 changes nothing', [m(12), m(14), m(8, { kind: 'bonus' })], 13, '13,00'],
    ['bonus on /10: 7/10 = 14, adds 4', [m(12), m(7, { kind: 'bonus', outOf: 10 })], 16, '16,00'],
    ['bonus never lifts above 20', [m(19), m(20, { kind: 'bonus' })], 20, '20,00'],
    ['bonus alone: no average', [m(18, { kind: 'bonus' })], null, ''],
    ['Abs on a bonus never counts 0', [m(12), m('Abs', { kind: 'bonus' })], 12, '12,00', ZERO_ABS],
    [
      'optional that raises counts: (10 + 12 + 15) / 3',
      [m(10), m(12), m(15, { kind: 'optional' })],
      12.33,
      '12,33',
    ],
    ['optional that lowers is left out', [m(10), m(12), m(9, { kind: 'optional' })], 11, '11,00'],
    [
      'optionals 15 then 11.5: 11.5 is below 12.33, left out',
      [m(10), m(12), m(11.5, { kind: 'optional' }), m(15, { kind: 'optional' })],
      12.33,
      '12,33',
    ],
    [
      'optionals 15 then 13: both raise, (10 + 12 + 15 + 13) / 4',
      [m(10), m(12), m(13, { kind: 'optional' }), m(15, { kind: 'optional' })],
      12.5,
      '12,50',
    ],
    ['optional alone: no average', [m(15, { kind: 'optional' })], null, ''],
    ['Abs on an optional never counts 0', [m(12), m('Abs', { kind: 'optional' })], 12, '12,00', ZERO_ABS],
  ];
  for (const [name, entries, expected, shown, settings] of cases) {
    it(name, () => {
      const avg = subjectAverage(entries, settings);
      expect(avg).toBe(expected);
      expect(formatAverage(avg)).toBe(shown);
    });
  }

  it('names the marks that counted', () => {
    const d = subjectAverageDetail([m(10), m(9, { kind: 'optional' }), m(12), m(15, { kind: 'optional' })]);
    expect(d?.counted).toEqual([0, 2, 3]);
  });

  it('12.345 shows 12,35 and 2.675 shows 2,68 (floats would give 12,34 / 2,67)', () => {
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(formatAverage(12.345)).toBe('12,35');
    expect(formatAverage(2.675)).toBe('2,68');
    expect(formatAverage(2.675, 'en')).toBe('2.68');
    expect(formatAverage(null)).toBe('');
  });
});

describe('general average, class statistics, ranks', () => {
  it('weights subject averages by subject coefficients, from exact averages', () => {
    expect(
      generalAverage([
        { coefficient: 3, marks: [m(12)] },
        { coefficient: 2, marks: [m(15)] },
        { coefficient: 1, marks: [m('Abs')] },
      ]),
    ).toBe(13.2);
    // 2/3 (13.333…) and 5/6 (16.666…) average exactly 15, not 15.005 from rounded values.
    expect(
      generalAverage([
        { coefficient: 1, marks: [m(2, { outOf: 3 })] },
        { coefficient: 1, marks: [m(5, { outOf: 6 })] },
      ]),
    ).toBe(15);
    expect(generalAverage([{ coefficient: 1, marks: [] }])).toBeNull();
  });

  it('évaluation statistics are on its barème; Abs counts 0 only when chosen', () => {
    const values: MarkValue[] = [12, 15.5, 'Abs', 'Disp', 8];
    expect(evaluationStats(values, { kind: 'normal' })).toEqual({
      count: 3,
      average: 11.83,
      min: 8,
      max: 15.5,
    });
    // 35.5 / 4 = 8.875 → 8.88 half-up
    expect(evaluationStats(values, { kind: 'normal' }, ZERO_ABS)).toEqual({
      count: 4,
      average: 8.88,
      min: 0,
      max: 15.5,
    });
    expect(evaluationStats(['Abs', null], { kind: 'normal' })).toBeNull();
  });

  it('subject statistics are over students’ averages', () => {
    expect(subjectClassStats([[m(12), m(14)], [m(8)], [m('Abs')], [m(17, { outOf: 20 })]])).toEqual({
      count: 3,
      average: 12.67,
      min: 8,
      max: 17,
    });
  });

  it('ranks share ties and skip after them', () => {
    expect(ranks([12, 15, 12, null, 9])).toEqual([2, 1, 2, null, 4]);
  });
});

// ---- properties ---------------------------------------------------------------------------------------------

const outOfArb = fc.constantFrom(10, 20, 40, 15, 7, 100, 3);
const entryArb = (kinds: EvaluationWeighting['kind'][]) =>
  fc
    .record({
      coefficient: fc.constantFrom(0.5, 1, 1.5, 2, 3),
      outOf: outOfArb,
      rescaleTo20: fc.boolean(),
      kind: fc.constantFrom(...kinds),
      cents: fc.integer({ min: 0, max: 10_000 }),
      annotation: fc.option(fc.constantFrom<MarkValue>('Abs', 'Disp', 'NN'), { freq: 5 }),
    })
    .map(({ cents, annotation, ...e }): MarkEntry => {
      const value = annotation ?? Math.round((cents / 10_000) * e.outOf * 100) / 100;
      return { evaluation: e, value };
    });
// Decimal product: 13.53 × 10 in floats is 135.29999999999998.
const times = (a: number, b: number) => Number(Ratio.of(a).times(Ratio.of(b)).toString());
const settingsArb = fc.record({ unjustifiedAbsenceCountsZero: fc.boolean() });

describe('subject average — properties', () => {
  it('the order of marks never changes the result', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb(['normal', 'bonus', 'optional']), { maxLength: 12 }),
        settingsArb,
        fc.integer(),
        (entries, settings, seed) => {
          const shuffled = [...entries]
            .map((e, i) => ({ e, k: (i * 7919 + seed) % 101 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.e);
          expect(subjectAverage(shuffled, settings)).toBe(subjectAverage(entries, settings));
        },
      ),
    );
  });

  it('an average lies between the lowest and highest counted mark (on /20)', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb(['normal', 'optional']), { minLength: 1, maxLength: 12 }),
        settingsArb,
        (entries, settings) => {
          const d = subjectAverageDetail(entries, settings);
          if (!d) return;
          const scores = d.counted.map((i) => {
            const e = entries[i]!;
            return scoreOn20(typeof e.value === 'number' ? e.value : 0, e.evaluation.outOf);
          });
          expect(scores.some((s) => s.cmp(d.exact) <= 0)).toBe(true);
          expect(scores.some((s) => s.cmp(d.exact) >= 0)).toBe(true);
        },
      ),
    );
  });

  it('rescaling is consistent: m/b averages like k·m/k·b (and keeps its weight when not rescaled)', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb(['normal', 'bonus', 'optional']), { maxLength: 10 }),
        fc.constantFrom(2, 4, 5, 10),
        settingsArb,
        (entries, k, settings) => {
          const scaled = entries.map(({ evaluation: e, value }) => ({
            evaluation: {
              ...e,
              outOf: times(e.outOf, k),
              // a mark not put on /20 weighs its barème: the same weight needs coefficient / k
              coefficient: e.rescaleTo20
                ? e.coefficient
                : Number(Ratio.of(e.coefficient).div(Ratio.of(k)).toString()),
            },
            value: typeof value === 'number' ? times(value, k) : value,
          }));
          const a = subjectAverageDetail(entries, settings);
          const b = subjectAverageDetail(scaled, settings);
          expect(b === null).toBe(a === null);
          if (a && b) expect(a.exact.cmp(b.exact)).toBe(0);
        },
      ),
    );
  });

  it('optional marks never lower the average; bonus marks never lower it nor lift it above 20', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb(['normal', 'bonus', 'optional']), { maxLength: 12 }),
        settingsArb,
        (entries, settings) => {
          const withoutOptional = entries.filter((e) => e.evaluation.kind !== 'optional');
          const normalOnly = withoutOptional.filter((e) => e.evaluation.kind === 'normal');
          const all = subjectAverageDetail(entries, settings);
          const noOpt = subjectAverageDetail(withoutOptional, settings);
          const base = subjectAverageDetail(normalOnly, settings);
          expect(all === null).toBe(base === null);
          if (all && noOpt && base) {
            expect(all.exact.cmp(noOpt.exact)).toBeGreaterThanOrEqual(0);
            expect(noOpt.exact.cmp(base.exact)).toBeGreaterThanOrEqual(0);
            expect(all.value).toBeLessThanOrEqual(20);
          }
        },
      ),
    );
  });

  it('agrees with the plain formula Σ(coef × mark/barème × 20) / Σ coef, computed independently in floats', () => {
    fc.assert(
      fc.property(fc.array(entryArb(['normal']), { minLength: 1, maxLength: 15 }), (entries) => {
        let points = 0;
        let weights = 0;
        for (const { evaluation: e, value } of entries) {
          if (typeof value !== 'number') continue;
          const w = e.rescaleTo20 ? e.coefficient : (e.coefficient * e.outOf) / 20;
          points += w * ((value / e.outOf) * 20);
          weights += w;
        }
        const avg = subjectAverage(entries);
        if (weights === 0) expect(avg).toBeNull();
        else expect(Math.abs(avg! - points / weights)).toBeLessThanOrEqual(0.005 + 1e-9);
      }),
    );
  });

  it('a general average lies between the lowest and highest subject average', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            coefficient: fc.constantFrom(0.5, 1, 1.5, 2, 3),
            marks: fc.array(entryArb(['normal', 'bonus', 'optional']), { maxLength: 6 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (subjects) => {
          const averages = subjects
            .map((s) => subjectAverage(s.marks))
            .filter((a): a is number => a !== null);
          const general = generalAverage(subjects);
          if (averages.length === 0) expect(general).toBeNull();
          else {
            expect(general!).toBeGreaterThanOrEqual(Math.min(...averages) - 0.01);
            expect(general!).toBeLessThanOrEqual(Math.max(...averages) + 0.01);
          }
        },
      ),
    );
  });

  it('class statistics: min ≤ average ≤ max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(entryArb(['normal', 'bonus', 'optional']), { maxLength: 6 }), { maxLength: 8 }),
        settingsArb,
        (students, settings) => {
          const s = subjectClassStats(students, settings);
          if (s) {
            expect(s.min).toBeLessThanOrEqual(s.average);
            expect(s.average).toBeLessThanOrEqual(s.max);
          }
          const values = students.flat().map((e) => e.value);
          const e = evaluationStats(values, { kind: 'normal' }, settings);
          if (e) {
            expect(e.min).toBeLessThanOrEqual(e.average);
            expect(e.average).toBeLessThanOrEqual(e.max);
          }
        },
      ),
    );
  });
});
