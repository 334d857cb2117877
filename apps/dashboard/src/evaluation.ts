/**
 * The pilot evaluation an inspector can sign: it compares what can be compared.
 * - Adoption (weekly visits per student and per parent, services used) exists only once an ENT is open, so the
 *   pilots are compared with the later waves **at the same age of their ENT** (the weeks around N months after
 *   each établissement's start), never before/after: before the ENT these figures are zero by construction.
 * - Indicators that exist without an ENT (such as the delay to justify an absence) may be compared before and
 *   after; those that do not are refused with the reason.
 * Differences come with Welch's 95 % interval, a bootstrap interval and Cohen's d, and end in a French sentence.
 */
import { formatNumber } from './format.js';
import { bootstrapDiff, type Comparison, mean, welch } from './stats.js';

/** One établissement's week (adoption figures). */
export interface AdoptionWeek {
  uai: string;
  /** Monday of the week, ISO. */
  week: string;
  visitsStudents: number;
  visitsParents: number;
  /** Distinct services used that week. */
  services: number;
}

export interface EvaluatedSchool {
  uai: string;
  name: string;
  /** Day the établissement's ENT opened (ISO). */
  startsOn: string;
  pilot: boolean;
  students: number | null;
  /** Parent accounts (the denominator of visits per parent). */
  parents: number | null;
}

export const ADOPTION_INDICATORS = [
  {
    key: 'perStudent',
    label: ['Visites par élève et par semaine', 'Visits per student per week'],
    unit: [
      'visite par élève et par semaine',
      'visites par élève et par semaine',
      'visits per student per week',
    ],
    digits: 2,
    existsBeforeEnt: false,
  },
  {
    key: 'perParent',
    label: ['Visites par parent et par semaine', 'Visits per parent per week'],
    unit: [
      'visite par parent et par semaine',
      'visites par parent et par semaine',
      'visits per parent per week',
    ],
    digits: 2,
    existsBeforeEnt: false,
  },
  {
    key: 'services',
    label: ['Services utilisés par semaine', 'Services used per week'],
    unit: ['service utilisé par semaine', 'services utilisés par semaine', 'services used per week'],
    digits: 1,
    existsBeforeEnt: false,
  },
] as const;
export type AdoptionKey = (typeof ADOPTION_INDICATORS)[number]['key'];

const DAY = 86_400_000;
const days = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

/**
 * The weeks "at N months" of an ENT: those starting from N months after its opening, for four weeks
 * (N × 30.44 days, then 28 days). Returns [first day, last day] offsets from the start.
 */
export function ageWindow(months: number): [number, number] {
  const first = Math.round(months * 30.44);
  return [first, first + 27];
}

/** Each établissement's mean of the indicator over its weeks at `months`; null when it has no such week. */
export function valuesAtAge(
  weeks: readonly AdoptionWeek[],
  schools: readonly EvaluatedSchool[],
  key: AdoptionKey,
  months: number,
): Map<string, number | null> {
  const [lo, hi] = ageWindow(months);
  const bySchool = new Map<string, number[]>();
  const school = new Map(schools.map((s) => [s.uai, s]));
  for (const w of weeks) {
    const s = school.get(w.uai);
    if (!s) continue;
    const age = days(s.startsOn, w.week);
    if (age < lo || age > hi) continue;
    const v =
      key === 'perStudent'
        ? s.students
          ? w.visitsStudents / s.students
          : Number.NaN
        : key === 'perParent'
          ? s.parents
            ? w.visitsParents / s.parents
            : Number.NaN
          : w.services;
    if (!Number.isFinite(v)) continue;
    bySchool.set(w.uai, [...(bySchool.get(w.uai) ?? []), v]);
  }
  return new Map(schools.map((s) => [s.uai, bySchool.has(s.uai) ? mean(bySchool.get(s.uai)!) : null]));
}

export interface AgeComparison {
  key: AdoptionKey;
  months: number;
  pilots: number[];
  others: number[];
  pilotMean: number;
  othersMean: number;
  diff: number;
  welch: Comparison | null;
  bootstrap: { low: number; high: number } | null;
}

/** Pilots against the later waves at the same age of their ENT, for one indicator. */
export function compareAtAge(
  weeks: readonly AdoptionWeek[],
  schools: readonly EvaluatedSchool[],
  key: AdoptionKey,
  months: number,
): AgeComparison {
  const values = valuesAtAge(weeks, schools, key, months);
  const side = (pilot: boolean) =>
    schools
      .filter((s) => s.pilot === pilot)
      .map((s) => values.get(s.uai))
      .filter((v): v is number => v !== null && v !== undefined);
  const pilots = side(true);
  const others = side(false);
  return {
    key,
    months,
    pilots,
    others,
    pilotMean: mean(pilots),
    othersMean: mean(others),
    diff: mean(pilots) - mean(others),
    welch: welch(pilots, others),
    bootstrap: bootstrapDiff(pilots, others),
  };
}

/** Why a before/after comparison of an indicator is refused, or null when it may be made. */
export function beforeAfterRefusal(
  indicator: { existsBeforeEnt: boolean },
  lang: 'fr' | 'en',
): string | null {
  if (indicator.existsBeforeEnt) return null;
  return lang === 'fr'
    ? 'Comparaison avant/après refusée : sans ENT, cet indicateur vaut zéro par construction ; l’écart ne mesurerait que l’ouverture du service.'
    : 'Before/after comparison refused: without an ENT this indicator is zero by construction; the gap would only measure the service opening.';
}

const signed = (v: number, digits: number, lang: 'fr' | 'en') =>
  `${v >= 0 ? '+' : '−'}${formatNumber(Math.abs(v), digits, lang)}`;

/** The conclusion in plain words, e.g. « Après 6 mois, les collèges pilotes comptaient en moyenne … ». */
export function conclusion(c: AgeComparison, lang: 'fr' | 'en'): string {
  const def = ADOPTION_INDICATORS.find((i) => i.key === c.key)!;
  const d = def.digits;
  // French puts the noun in the plural from 2 on.
  const unit = lang === 'en' ? def.unit[2] : Math.abs(c.pilotMean) >= 2 ? def.unit[1] : def.unit[0];
  const n = (v: number) => formatNumber(v, d, lang);
  if (!c.pilots.length || !c.others.length) {
    return lang === 'fr'
      ? `À ${c.months} mois d’ENT, les données manquent pour comparer les pilotes et les vagues suivantes.`
      : `At ${c.months} months of ENT, data is missing to compare the pilots with the later waves.`;
  }
  const head =
    lang === 'fr'
      ? `Après ${c.months} mois, les collèges pilotes comptaient en moyenne ${n(c.pilotMean)} ${unit}, contre ${n(c.othersMean)} pour les collèges des vagues suivantes au même âge de leur ENT`
      : `After ${c.months} months, the pilot collèges averaged ${n(c.pilotMean)} ${unit}, against ${n(c.othersMean)} for the later waves at the same age of their ENT`;
  if (!c.welch) {
    return lang === 'fr'
      ? `${head} (écart ${signed(c.diff, d, lang)}) ; trop peu d’établissements pour un intervalle de confiance.`
      : `${head} (difference ${signed(c.diff, d, lang)}); too few schools for a confidence interval.`;
  }
  const interval =
    lang === 'fr'
      ? `écart ${signed(c.diff, d, lang)}, IC 95 % de ${signed(c.welch.low, d, lang)} à ${signed(c.welch.high, d, lang)}`
      : `difference ${signed(c.diff, d, lang)}, 95 % CI ${signed(c.welch.low, d, lang)} to ${signed(c.welch.high, d, lang)}`;
  const clear = c.welch.low > 0 || c.welch.high < 0;
  const verdict = clear
    ? lang === 'fr'
      ? `l’écart est net (l’intervalle ne contient pas 0) et ${c.diff > 0 ? 'favorable aux pilotes' : 'défavorable aux pilotes'}.`
      : `the difference is clear (the interval excludes 0) and ${c.diff > 0 ? 'in the pilots’ favour' : 'against the pilots'}.`
    : lang === 'fr'
      ? 'l’intervalle contient 0 : ces données ne permettent pas de conclure à une différence.'
      : 'the interval contains 0: this data does not show a difference.';
  return `${head} (${interval}) : ${verdict}`;
}
