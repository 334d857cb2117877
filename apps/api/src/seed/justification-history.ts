/**
 * The vie-scolaire side of the Marne's founding story: each collège's absences per month and the delay its families
 * took to justify them, from September 2009 until Préau's own records begin, imported as past figures
 * (`justification_history`). Before its ENT, a family justified on a paper slip brought back by the student (about
 * four and a half days); once the ENT opened and its absences service was in use (from the second month), families
 * justified online and the delay fell, more in the pilots (intensive support). Each collège has its own level, the
 * delay drifts slowly down everywhere (so that an evaluation has a trend to tell apart from the ENT's effect), and
 * every month has its noise.
 */
import type { Rng } from './rng.js';

export interface DelaySchool {
  uai: string;
  students: number;
  /** Day its ENT opened (ISO). */
  startsOn: string;
  pilot: boolean;
  /** First month (YYYY-MM-01) not imported: Préau's records cover it. */
  until: string;
}

export const HISTORY_FROM = '2009-09-01';

const monthsBetween = (a: string, b: string) =>
  (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

export function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * Rows `[uai, month, absences, justified, delay_days]` of each collège from `HISTORY_FROM` to the month before its
 * `until`. `classDays(month)` gives the class days of a month (holidays have none).
 */
export function justificationHistoryRows(
  schools: readonly DelaySchool[],
  classDays: (month: string) => number,
  rng: Rng,
): [string, string, number, number, number][] {
  const rows: [string, string, number, number, number][] = [];
  for (const s of schools) {
    const r = rng.fork(s.uai);
    const level = 0.85 + 0.3 * r.next();
    const opened = `${s.startsOn.slice(0, 7)}-01`;
    for (let month = HISTORY_FROM; month < s.until; month = nextMonth(month)) {
      const days = classDays(month);
      if (days === 0) continue;
      const age = monthsBetween(opened, month);
      // Online justification in use from the second month of the ENT, adopted over the following months.
      const adoption = age < 2 ? 0 : 1 - Math.exp(-(age - 2) / 4);
      const trend = 1 - 0.015 * (monthsBetween(HISTORY_FROM, month) / 12);
      const delay = 4.6 * level * trend * (1 - (s.pilot ? 0.6 : 0.5) * adoption) * (0.9 + 0.2 * r.next());
      const absences = Math.round(s.students * 0.12 * days * (0.85 + 0.3 * r.next()));
      const justified = Math.round(absences * (0.78 + 0.1 * adoption) * (0.97 + 0.06 * r.next()));
      rows.push([
        s.uai,
        month,
        absences,
        Math.min(absences, justified),
        Math.round(delay * justified * 100) / 100,
      ]);
    }
  }
  return rows;
}
