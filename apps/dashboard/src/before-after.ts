/**
 * Before and after an ENT, for an indicator that exists without one: the delay families take to justify an
 * absence (the `justification_delays` dataset). For each établissement, the mean delay of the absences justified in
 * the 12 months before the month its ENT opened, against months 6 to 17 after it (once online justification is in
 * use; 12 months each, so that every season counts once on each side). Pilots and later waves each get the mean of
 * their établissements' changes with a paired interval and effect size; the pilots' change is also set against the
 * change, over the same calendar months, of the établissements that had no ENT yet (the general trend), which is
 * what an inspector needs before crediting the ENT.
 */
import type { EvaluatedSchool } from './evaluation.js';
import { formatNumber } from './format.js';
import { type Comparison, mean, type PairedComparison, paired, welch } from './stats.js';

/** One établissement's month of the dataset. */
export interface DelayMonth {
  uai: string;
  /** First day of the month, ISO. */
  month: string;
  justified: number;
  /** Summed delay of the month's justified absences, days. */
  delayDays: number;
}

/** Months compared, as offsets from the opening month: before [-12, -1], after [6, 17]. */
export const BEFORE: readonly [number, number] = [-12, -1];
export const AFTER: readonly [number, number] = [6, 17];

const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;

/** Mean delay of the absences justified within the months [lo, hi] (indexes); null without any. */
function pooled(rows: readonly DelayMonth[], lo: number, hi: number): number | null {
  let justified = 0;
  let days = 0;
  for (const r of rows) {
    const m = monthIndex(r.month);
    if (m < lo || m > hi) continue;
    justified += r.justified;
    days += r.delayDays;
  }
  return justified > 0 ? days / justified : null;
}

export interface Change {
  uai: string;
  before: number;
  after: number;
}

/** An établissement's delay before and after a month (index), when both windows have justified absences. */
function changeAround(uai: string, rows: readonly DelayMonth[], opened: number): Change | null {
  const before = pooled(rows, opened + BEFORE[0], opened + BEFORE[1]);
  const after = pooled(rows, opened + AFTER[0], opened + AFTER[1]);
  return before === null || after === null ? null : { uai, before, after };
}

export interface GroupChange {
  changes: Change[];
  /** Means over the établissements. */
  before: number;
  after: number;
  change: number;
  test: PairedComparison | null;
}

function group(changes: Change[]): GroupChange {
  const diffs = changes.map((c) => c.after - c.before);
  return {
    changes,
    before: mean(changes.map((c) => c.before)),
    after: mean(changes.map((c) => c.after)),
    change: mean(diffs),
    test: paired(diffs),
  };
}

export interface DelayComparison {
  pilots: GroupChange;
  others: GroupChange;
  /** Pilots' changes against the later waves' (each at its own opening), Welch. */
  groups: Comparison | null;
  /** Établissements without an ENT yet, over the pilots' calendar months. */
  control: GroupChange;
  /** Pilots' changes against the control's (difference in differences), Welch. */
  did: Comparison | null;
}

export function compareDelays(
  months: readonly DelayMonth[],
  schools: readonly EvaluatedSchool[],
): DelayComparison {
  const byUai = new Map<string, DelayMonth[]>();
  for (const m of months) byUai.set(m.uai, [...(byUai.get(m.uai) ?? []), m]);
  const opened = (s: EvaluatedSchool) => monthIndex(s.startsOn);
  const own = (s: EvaluatedSchool) => changeAround(s.uai, byUai.get(s.uai) ?? [], opened(s));
  const present = (c: Change | null): c is Change => c !== null;
  const pilots = schools.filter((s) => s.pilot);
  const others = schools.filter((s) => !s.pilot);
  // Controls of the pilots opened in a month: later établissements whose ENT opened after their last compared month.
  const cohorts = [...new Set(pilots.map(opened))];
  const control = cohorts.flatMap((cohort) =>
    others
      .filter((o) => opened(o) > cohort + AFTER[1])
      .map((o) => changeAround(o.uai, byUai.get(o.uai) ?? [], cohort)),
  );
  const p = group(pilots.map(own).filter(present));
  const o = group(others.map(own).filter(present));
  const c = group(control.filter(present));
  const diffs = (g: GroupChange) => g.changes.map((x) => x.after - x.before);
  return {
    pilots: p,
    others: o,
    groups: welch(diffs(p), diffs(o)),
    control: c,
    did: welch(diffs(p), diffs(c)),
  };
}

/** A number of days with one decimal; the noun agrees with the figure shown (« 1,96 » shows « 2 jours »). */
export function days(v: number, lang: 'fr' | 'en'): string {
  const shown = Math.round(Math.abs(v) * 10) / 10;
  const noun = lang === 'fr' ? (shown >= 2 ? 'jours' : 'jour') : shown === 1 ? 'day' : 'days';
  return `${formatNumber(v, 1, lang)} ${noun}`;
}
const signed = (v: number, lang: 'fr' | 'en') => `${v >= 0 ? '+' : '−'}${days(Math.abs(v), lang)}`;
const interval = (t: { low: number; high: number }, lang: 'fr' | 'en') =>
  lang === 'fr'
    ? `IC 95 % de ${signed(t.low, lang)} à ${signed(t.high, lang)}`
    : `95 % CI ${signed(t.low, lang)} to ${signed(t.high, lang)}`;
const excludesZero = (t: { low: number; high: number }) => t.low > 0 || t.high < 0;

/** The before/after comparison in plain words, ending with what may be concluded. */
export function delayConclusion(c: DelayComparison, lang: 'fr' | 'en'): string {
  const fr = lang === 'fr';
  if (!c.pilots.changes.length) {
    return fr
      ? 'Le délai de justification des absences manque, avant ou après l’ouverture de leur ENT, pour les collèges pilotes : pas de comparaison avant/après.'
      : 'The delay to justify absences is missing before or after their ENT opened for the pilot collèges: no before/after comparison.';
  }
  const change = (g: GroupChange) => {
    const d = fr ? `écart ${signed(g.change, lang)}` : `difference ${signed(g.change, lang)}`;
    if (!g.test)
      return fr
        ? `${d} ; trop peu d’établissements pour un intervalle`
        : `${d}; too few schools for an interval`;
    // The effect size (d) stays in the table: the sentence is for readers who are not statisticians.
    return `${d}, ${interval(g.test, lang)}`;
  };
  const p = c.pilots;
  const out = [
    fr
      ? `Dans les 12 mois avant leur ENT, les familles des collèges pilotes justifiaient une absence en ${days(p.before, lang)} en moyenne ; de 6 à 18 mois après son ouverture, en ${days(p.after, lang)} (${change(p)}).`
      : `In the 12 months before their ENT, families of the pilot collèges took ${days(p.before, lang)} on average to justify an absence; 6 to 18 months after it opened, ${days(p.after, lang)} (${change(p)}).`,
  ];
  if (c.others.changes.length) {
    const o = c.others;
    out.push(
      fr
        ? `Aux mêmes âges de leur ENT, les collèges des vagues suivantes sont passés de ${days(o.before, lang)} à ${days(o.after, lang)} (${change(o)}).`
        : `At the same ages of their ENT, the later waves went from ${days(o.before, lang)} to ${days(o.after, lang)} (${change(o)}).`,
    );
  }
  if (c.did && c.control.changes.length) {
    const k = c.control;
    out.push(
      fr
        ? `Sur les mêmes mois que les pilotes, les collèges encore sans ENT sont passés de ${days(k.before, lang)} à ${days(k.after, lang)} : l’écart propre aux pilotes est de ${signed(c.did.diff, lang)} (${interval(c.did, lang)}) ; ${
            excludesZero(c.did)
              ? `${c.did.diff < 0 ? 'la baisse' : 'la hausse'} est nette et ne s’explique pas par l’évolution générale.`
              : 'l’intervalle contient 0 : ces données ne permettent pas de distinguer l’effet de l’ENT de l’évolution générale.'
          }`
        : `Over the same months as the pilots, the collèges without an ENT yet went from ${days(k.before, lang)} to ${days(k.after, lang)}: the pilots' own difference is ${signed(c.did.diff, lang)} (${interval(c.did, lang)}); ${
            excludesZero(c.did)
              ? `the ${c.did.diff < 0 ? 'fall' : 'rise'} is clear and not explained by the general trend.`
              : 'the interval contains 0: this data cannot tell the ENT’s effect from the general trend.'
          }`,
    );
  } else {
    out.push(
      p.test && excludesZero(p.test)
        ? fr
          ? 'L’écart est net (l’intervalle ne contient pas 0), mais sans collèges restés sans ENT sur la même période, l’évolution générale ne peut en être séparée.'
          : 'The difference is clear (the interval excludes 0), but without collèges still lacking an ENT over the same period, the general trend cannot be told apart.'
        : fr
          ? 'Ces données ne permettent pas de conclure.'
          : 'This data does not allow a conclusion.',
    );
  }
  return out.join(' ');
}
