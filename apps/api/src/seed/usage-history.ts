/**
 * The Marne's founding story as demo data: the pilot signed 30 September 2011 in three collèges, evaluated in spring
 * 2012, then the 44 other collèges in three waves (September 2012, 2013, 2014). Until Préau measured itself (the
 * last 365 days, as events), the weekly audience of each collège is the one its previous ENT reported, imported as
 * past audience figures: visits of students and parents per service and week, from the day its ENT opened.
 *
 * The figures follow a simple adoption model, so that the evaluation has something true to find: visits per
 * student grow over the first months of an ENT, later waves start from a more mature service (+8 % a year), the
 * pilots had intensive support (+25 %), each collège has its own level, and holidays are quiet.
 */
import { addDays, type UsageService } from '@preau/core';
import type { AudienceRow } from '../events/audience-import.js';
import type { DemoDay } from '../events/generate.js';

/** The waves of the roll-out to the 44 other collèges, after the pilots' evaluation. */
export const MARNE_WAVES = [
  { from: '2012-09-03', count: 15 },
  { from: '2013-09-02', count: 15 },
  { from: '2014-09-01', count: 14 },
] as const;

/** Each non-pilot collège's ENT opening, wave by wave, in the order given (already shuffled by the caller). */
export function waveStarts(uais: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  for (const wave of MARNE_WAVES)
    for (let k = 0; k < wave.count && i < uais.length; k++) out.set(uais[i++]!, wave.from);
  for (; i < uais.length; i++) out.set(uais[i]!, MARNE_WAVES.at(-1)!.from);
  return out;
}

export interface HistorySchool {
  uai: string;
  students: number;
  startsOn: string;
  pilot: boolean;
  /** The collège's own level around the average (0.85–1.15). */
  level: number;
}

/* Services of the previous ENT and their share of visits, opened one after the other over the first weeks. */
const SERVICES: { service: UsageService; share: number; fromWeek: number }[] = [
  { service: 'cahier_textes', share: 0.4, fromWeek: 0 },
  { service: 'notes', share: 0.3, fromWeek: 0 },
  { service: 'absences', share: 0.15, fromWeek: 8 },
  { service: 'courrier_electronique', share: 0.15, fromWeek: 20 },
];

/** Mondays from `from` (rounded up to a Monday) to `until`. */
function mondays(from: string, until: string): string[] {
  const dow = new Date(`${from}T00:00:00Z`).getUTCDay();
  let d = addDays(from, (8 - dow) % 7);
  const out: string[] = [];
  for (; d <= until; d = addDays(d, 7)) out.push(d);
  return out;
}

/**
 * Weekly audience rows (day = Monday of the week) of each collège from its opening to `until`, for students and
 * parents. `dayFactor` gives the school rhythm of a day (holidays quiet).
 */
export function historyRows(
  schools: readonly HistorySchool[],
  until: string,
  dayFactor: (day: string) => number,
): AudienceRow[] {
  const rows: AudienceRow[] = [];
  const weekFactor = new Map<string, number>();
  for (const s of schools) {
    for (const week of mondays(s.startsOn, until)) {
      let f = weekFactor.get(week);
      if (f === undefined) {
        f = 0;
        for (let i = 0; i < 7; i++) f += dayFactor(addDays(week, i));
        f /= 5;
        weekFactor.set(week, f);
      }
      const age = (Date.parse(week) - Date.parse(s.startsOn)) / (7 * 86_400_000);
      const maturity = 1 + 0.08 * (Number(s.startsOn.slice(0, 4)) - 2011);
      const adoption = (1 - Math.exp(-age / 10)) * maturity * (s.pilot ? 1.25 : 1) * s.level * f;
      for (const [profile, perStudent] of [
        ['ELEVE', 0.9],
        ['PARENT', 0.55],
      ] as const) {
        const visits = s.students * perStudent * adoption;
        for (const sv of SERVICES) {
          if (age < sv.fromWeek) continue;
          const accesses = Math.round(visits * sv.share);
          if (accesses > 0) rows.push({ day: week, uai: s.uai, profile, service: sv.service, accesses });
        }
      }
    }
  }
  return rows;
}

/** Day factors of `demoDays` as a lookup (1 on an ordinary class day). */
export function dayFactorOf(days: readonly DemoDay[]): (day: string) => number {
  const map = new Map(days.map((d) => [d.day, d.factor]));
  return (day) => map.get(day) ?? 0;
}
