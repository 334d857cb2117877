import { z } from 'zod';
import { addDays, mondayOf } from './attendance/half-days.js';

/**
 * Calendar dates (`YYYY-MM-DD`), ISO weeks (`YYYY-Www`) and wall-clock times (`HH:MM`) as people send them:
 * checked as real dates (no 30 February, no month 13), with a French message that says what to write. One schema
 * per kind, used by every route parameter and body field of that kind.
 */

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_SHAPE = /^(\d{4})-W(\d{2})$/;
/** Years a school record may carry: anything else is a typing slip. */
export const ISO_YEAR_MIN = 1900;
export const ISO_YEAR_MAX = 2199;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why a string is not a real calendar date (French, shown to people), or `null` when it is one. */
export function isoDateProblem(value: string): string | null {
  const m = DATE_SHAPE.exec(value);
  if (!m) return 'Date attendue au format AAAA-MM-JJ (ex. 2026-11-16).';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < ISO_YEAR_MIN || year > ISO_YEAR_MAX)
    return `Année ${m[1]} hors des années acceptées (${ISO_YEAR_MIN} à ${ISO_YEAR_MAX}).`;
  if (month < 1 || month > 12) return `Le mois ${m[2]} n'existe pas (01 à 12).`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `Le jour ${m[3]} n'existe pas dans ce mois (01 à ${last}).`;
  return null;
}

export const isIsoDate = (value: string): boolean => isoDateProblem(value) === null;

/**
 * A day typed in a file (CSV imports): « 2024-09-01 », « 01/09/2024 » or « 1/9/2024 » → `2024-09-01`; null when it
 * is neither shape or no such day exists.
 */
export function isoDayFromText(text: string): string | null {
  const t = text.trim();
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : t;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(iso) ? iso : null;
}

/** A real calendar date, `YYYY-MM-DD`. */
export const IsoDateSchema = z.string().superRefine((value, ctx) => {
  const problem = isoDateProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The number of ISO weeks (52 or 53) of an ISO week-numbering year. */
export function isoWeeksInYear(year: number): number {
  const first = mondayOf(`${year}-01-04`);
  const next = mondayOf(`${year + 1}-01-04`);
  return Math.round((Date.parse(next) - Date.parse(first)) / (7 * 86_400_000));
}

/** Why a string is neither an ISO week (`2026-W47`) nor a date of one, or `null`. */
export function isoWeekProblem(value: string): string | null {
  const w = WEEK_SHAPE.exec(value);
  if (!w) {
    if (DATE_SHAPE.test(value)) return isoDateProblem(value);
    return 'Semaine attendue au format AAAA-Wss (ex. 2026-W47) ou un jour de la semaine AAAA-MM-JJ.';
  }
  const [year, week] = [Number(w[1]), Number(w[2])];
  if (year < ISO_YEAR_MIN || year > ISO_YEAR_MAX)
    return `Année ${w[1]} hors des années acceptées (${ISO_YEAR_MIN} à ${ISO_YEAR_MAX}).`;
  const weeks = isoWeeksInYear(year);
  if (week < 1 || week > weeks) return `La semaine ${w[2]} n'existe pas en ${year} (01 à ${weeks}).`;
  return null;
}

/** The Monday of an ISO week (`2026-W47`) or of the week holding a date (`2026-11-18`). */
export function isoWeekMonday(value: string): string {
  const problem = isoWeekProblem(value);
  if (problem) throw new RangeError(problem);
  const w = WEEK_SHAPE.exec(value);
  if (!w) return mondayOf(value);
  return addDays(mondayOf(`${w[1]}-01-04`), (Number(w[2]) - 1) * 7);
}

/** An ISO week (`2026-W47`) or any day of it (`2026-11-18`), turned into the week's Monday (`2026-11-16`). */
export const IsoWeekSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = isoWeekProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => isoWeekMonday(value));

/** A wall-clock time, `HH:MM` (00:00 to 23:59). */
export const LocalTimeSchema = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'Heure au format HH:MM.');

/** Minutes since midnight of an `HH:MM` time. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
