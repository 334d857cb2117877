import { expect } from '@open-wc/testing';
import { compareDelays, type DelayMonth, days, delayConclusion } from './before-after.js';
import type { EvaluatedSchool } from './evaluation.js';
import { tQuantile } from './stats.js';

const close = (a: number, b: number, eps = 1e-4) => expect(Math.abs(a - b), `${a} ≈ ${b}`).to.be.below(eps);
const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/*
 * Hand computation. Pilots P1, P2 opened 30/09/2011: before = Sept 2010–Aug 2011, after = March 2012–Feb 2013.
 *   P1: Jan 2011 (10 justified, 50 days) and May 2011 (10, 30) → 80 / 20 = 4; Oct 2011 (month 1) and Aug 2010
 *       (month −13) are outside both windows; June 2012 (20, 40) → 2. Change −2.
 *   P2: Oct 2010 (10, 60) → 6; Oct 2012 (10, 30) → 3; March 2013 (month 18) outside. Change −3.
 * Later waves O1–O3 opened 03/09/2012 (before Sept 2011–Aug 2012, after March 2013–Feb 2014):
 *   O1 5 → 4 (−1), O2 4 → 3.5 (−0.5), O3 4.5 → 3 (−1.5).
 * O4, O5 opened 01/09/2014 (before Sept 2013–Aug 2014, after March 2015–Feb 2016): O4 4 → 2 (−2), O5 5 → 4.5 (−0.5).
 *   Over the pilots' months they had no ENT yet (opened after Feb 2013): O4 5 → 4.8 (−0.2), O5 4 → 3.6 (−0.4).
 * O6 has no month after its opening: left out.
 * Pilots: changes −2, −3: mean −2.5, sd √0.5, se 0.5, df 1, d_z = −2.5 / √0.5 = −3.535534; before 5, after 2.5.
 * Later waves: −1, −0.5, −1.5, −2, −0.5: mean −1.1, variance 1.7 / 4 = 0.425, se = √(0.425 / 5) = 0.291548, df 4,
 *   d_z = −1.1 / √0.425 = −1.687324; before 4.5, after 3.4.
 * Pilots against later waves (Welch): −1.4, se² = 0.25 + 0.085 = 0.335, df = 0.335² / (0.25² + 0.085² / 4) = 1.745150.
 * Control: −0.2, −0.4 (before 4.5, after 4.2); difference in differences −2.2, se = √(0.25 + 0.01) = 0.509902,
 *   df = 0.26² / (0.25² + 0.01²) = 1.079872.
 */
const school = (uai: string, startsOn: string, pilot: boolean): EvaluatedSchool => ({
  uai,
  name: uai,
  startsOn,
  pilot,
  students: 100,
  parents: 160,
});
const schools = [
  school('P1', '2011-09-30', true),
  school('P2', '2011-09-30', true),
  ...['O1', 'O2', 'O3'].map((u) => school(u, '2012-09-03', false)),
  ...['O4', 'O5', 'O6'].map((u) => school(u, '2014-09-01', false)),
];
const m = (uai: string, month: string, justified: number, delayDays: number): DelayMonth => ({
  uai,
  month: `${month}-01`,
  justified,
  delayDays,
});
const months = [
  m('P1', '2010-08', 10, 999),
  m('P1', '2011-01', 10, 50),
  m('P1', '2011-05', 10, 30),
  m('P1', '2011-10', 10, 100),
  m('P1', '2012-06', 20, 40),
  m('P2', '2010-10', 10, 60),
  m('P2', '2012-10', 10, 30),
  m('P2', '2013-03', 10, 999),
  m('O1', '2012-01', 10, 50),
  m('O1', '2013-05', 10, 40),
  m('O2', '2011-11', 20, 80),
  m('O2', '2013-11', 10, 35),
  m('O3', '2012-03', 10, 45),
  m('O3', '2014-01', 10, 30),
  m('O4', '2011-02', 10, 50),
  m('O4', '2012-05', 10, 48),
  m('O4', '2014-02', 10, 40),
  m('O4', '2015-04', 10, 20),
  m('O5', '2011-03', 10, 40),
  m('O5', '2012-09', 10, 36),
  m('O5', '2013-10', 10, 50),
  m('O5', '2015-10', 10, 45),
  m('O6', '2014-03', 10, 40),
];

describe('before/after an ENT: the delay to justify an absence', () => {
  it('compares each group before and after its opening, and the pilots with the établissements still without an ENT, as computed by hand', () => {
    const c = compareDelays(months, schools);
    expect(c.pilots.changes).to.deep.equal([
      { uai: 'P1', before: 4, after: 2 },
      { uai: 'P2', before: 6, after: 3 },
    ]);
    close(c.pilots.before, 5);
    close(c.pilots.after, 2.5);
    close(c.pilots.change, -2.5);
    close(c.pilots.test!.se, 0.5);
    expect(c.pilots.test!.df).to.equal(1);
    close(c.pilots.test!.effect, -3.535534);
    close(c.pilots.test!.low, -2.5 - tQuantile(0.975, 1) * 0.5);
    close(c.pilots.test!.high, -2.5 + tQuantile(0.975, 1) * 0.5);

    expect(c.others.changes.map((x) => x.uai)).to.deep.equal(['O1', 'O2', 'O3', 'O4', 'O5']);
    close(c.others.before, 4.5);
    close(c.others.after, 3.4);
    close(c.others.change, -1.1);
    close(c.others.test!.se, 0.291548);
    close(c.others.test!.effect, -1.687324);
    close(c.others.test!.low, -1.1 - tQuantile(0.975, 4) * 0.291548);

    close(c.groups!.diff, -1.4);
    close(c.groups!.se, Math.sqrt(0.335));
    close(c.groups!.df, 1.74515);

    expect(c.control.changes.map((x) => x.uai)).to.deep.equal(['O4', 'O5']);
    close(c.control.before, 4.5);
    close(c.control.after, 4.2);
    close(c.did!.diff, -2.2);
    close(c.did!.se, 0.509902);
    close(c.did!.df, 1.079872);
  });

  it('says it in plain French, and what may be concluded', () => {
    const text = nbsp(delayConclusion(compareDelays(months, schools), 'fr'));
    expect(text).to.match(
      /^Dans les 12 mois avant leur ENT, les familles des collèges pilotes justifiaient une absence en 5 jours en moyenne ; de 6 à 18 mois après son ouverture, en 2,5 jours \(écart −2,5 jours, IC 95 % de −8,9 jours à \+3,9 jours\)\. /,
    );
    expect(text).to.contain(
      'les collèges des vagues suivantes sont passés de 4,5 jours à 3,4 jours (écart −1,1 jour',
    );
    expect(text).to.contain(
      'Sur les mêmes mois que les pilotes, les collèges encore sans ENT sont passés de 4,5 jours à 4,2 jours : l’écart propre aux pilotes est de −2,2 jours',
    );
    expect(text).to.match(/ne permettent pas de distinguer l’effet de l’ENT de l’évolution générale\.$/);

    // Three pilots that all fell by about 2 days, three établissements without an ENT that barely moved: clear.
    const clear = [
      ...[2, 2.2, 2.1].flatMap((d, i) => [
        m(`Q${i}`, '2011-01', 10, 50),
        m(`Q${i}`, '2012-06', 10, 50 - 10 * d),
      ]),
      ...[0.1, 0.2, 0].flatMap((d, i) => [
        m(`R${i}`, '2011-01', 10, 50),
        m(`R${i}`, '2012-06', 10, 50 - 10 * d),
      ]),
    ];
    const qs = [0, 1, 2].flatMap((i) => [
      school(`Q${i}`, '2011-09-30', true),
      school(`R${i}`, '2014-09-01', false),
    ]);
    expect(nbsp(delayConclusion(compareDelays(clear, qs), 'fr'))).to.match(
      /la baisse est nette et ne s’explique pas par l’évolution générale\.$/,
    );
    expect(delayConclusion(compareDelays([], schools), 'fr')).to.contain('pas de comparaison avant/après');
  });

  it('makes the noun agree with the figure as shown', () => {
    expect(nbsp(days(1.96, 'fr'))).to.equal('2 jours');
    expect(nbsp(days(1.84, 'fr'))).to.equal('1,8 jour');
    expect(days(0.96, 'en')).to.equal('1 day');
    expect(days(1.5, 'en')).to.equal('1.5 days');
  });
});
