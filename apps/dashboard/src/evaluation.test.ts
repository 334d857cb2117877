import { expect } from '@open-wc/testing';
import {
  ADOPTION_INDICATORS,
  type AdoptionWeek,
  ageWindow,
  beforeAfterRefusal,
  compareAtAge,
  conclusion,
  type EvaluatedSchool,
} from './evaluation.js';
import { tQuantile } from './stats.js';

const close = (a: number, b: number, eps = 1e-4) => expect(Math.abs(a - b), `${a} ≈ ${b}`).to.be.below(eps);
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/*
 * Hand computation. Two pilots opened 30/09/2011, three later collèges 03/09/2012, 100 students each (200 for P2).
 * "At 6 months" = days 183 to 210 after opening: 02/04–23/04/2012 for the pilots, 11/03–01/04/2013 for the others.
 *   P1: 150 and 250 visits (weeks of 2 and 9 April) → 1.5 and 2.5 per student → 2.0; a week of 26 March (day 178,
 *       1,000 visits) is outside the window.   P2: 600 on 16 April / 200 students → 3.0.
 *   O1: 100 on 11 March → 1.0; O2: 50 on 18 March → 0.5; O3: 150 on 25 March → 1.5.
 * Pilots 2.0, 3.0 (mean 2.5, variance 0.5); others 1.0, 0.5, 1.5 (mean 1.0, variance 0.25); difference 1.5.
 * Welch: se² = 0.5/2 + 0.25/3 = 1/3, se = 0.57735; df = (1/3)² / (0.25²/1 + (1/12)²/2) = 1.684211.
 * Cohen's d: pooled variance (1 × 0.5 + 2 × 0.25) / 3 = 1/3 → d = 1.5 / 0.57735 = 2.598076.
 */
const schools: EvaluatedSchool[] = [
  { uai: '0000001P', name: 'P1', startsOn: '2011-09-30', pilot: true, students: 100, parents: 160 },
  { uai: '0000002P', name: 'P2', startsOn: '2011-09-30', pilot: true, students: 200, parents: 320 },
  { uai: '0000003O', name: 'O1', startsOn: '2012-09-03', pilot: false, students: 100, parents: 160 },
  { uai: '0000004O', name: 'O2', startsOn: '2012-09-03', pilot: false, students: 100, parents: 160 },
  { uai: '0000005O', name: 'O3', startsOn: '2012-09-03', pilot: false, students: 100, parents: 160 },
];
const w = (uai: string, week: string, visitsStudents: number): AdoptionWeek => ({
  uai,
  week,
  visitsStudents,
  visitsParents: 0,
  services: 3,
});
const weeks = [
  w('0000001P', '2012-03-26', 1000),
  w('0000001P', '2012-04-02', 150),
  w('0000001P', '2012-04-09', 250),
  w('0000002P', '2012-04-16', 600),
  w('0000003O', '2013-03-11', 100),
  w('0000004O', '2013-03-18', 50),
  w('0000005O', '2013-03-25', 150),
];

describe('pilot evaluation', () => {
  it('compares the pilots with the later waves at the same age of their ENT, as computed by hand', () => {
    expect(ageWindow(6)).to.deep.equal([183, 210]);
    const c = compareAtAge(weeks, schools, 'perStudent', 6);
    expect(c.pilots).to.deep.equal([2, 3]);
    expect(c.others).to.deep.equal([1, 0.5, 1.5]);
    close(c.pilotMean, 2.5);
    close(c.othersMean, 1);
    close(c.diff, 1.5);
    close(c.welch!.se, Math.sqrt(1 / 3));
    close(c.welch!.df, 1.684211);
    close(c.welch!.effect, 2.598076);
    const q = tQuantile(0.975, 1.684211);
    close(c.welch!.low, 1.5 - q * Math.sqrt(1 / 3));
    close(c.welch!.high, 1.5 + q * Math.sqrt(1 / 3));
    expect(c.bootstrap!.low).to.be.at.most(1.5);
    expect(c.bootstrap!.high).to.be.at.least(1.5);
  });

  it('ends with a sentence an inspector can read, which says when nothing can be concluded', () => {
    const c = compareAtAge(weeks, schools, 'perStudent', 6);
    const text = nbsp(conclusion(c, 'fr'));
    expect(
      text.startsWith(
        'Après 6 mois, les collèges pilotes comptaient en moyenne 2,5 visites par élève et par semaine, contre 1 pour ' +
          'les collèges des vagues suivantes au même âge de leur ENT (écart +1,5, IC 95 % de ',
      ),
    ).to.equal(true);
    // df ≈ 1.7: the interval is wide and contains 0
    expect(c.welch!.low).to.be.below(0);
    expect(text).to.contain('ne permettent pas de conclure');
    expect(nbsp(conclusion(compareAtAge(weeks, schools, 'perStudent', 18), 'fr'))).to.equal(
      'À 18 mois d’ENT, les données manquent pour comparer les pilotes et les vagues suivantes.',
    );
  });

  it('refuses a before/after comparison of an indicator that is zero before an ENT', () => {
    for (const i of ADOPTION_INDICATORS)
      expect(beforeAfterRefusal(i, 'fr')).to.contain('zéro par construction');
    expect(beforeAfterRefusal({ existsBeforeEnt: true }, 'fr')).to.equal(null);
  });
});
