import { z } from 'zod';
import { addDays, parisLocalTime } from './attendance/half-days.js';
import { isoWeekday, parisDateTime, type SchoolCalendar, schoolCalendar, schoolYearOf } from './calendar.js';
import { LocalTimeSchema, minutesOfDay } from './iso-dates.js';

/**
 * Quiet hours (the 2025 "droit à la déconnexion"): when an établissement sends nothing to anyone. By default
 * nothing goes out from 20:00 to 07:00 on school days, nor at all over weekends, school holidays and public
 * holidays (as `schoolCalendar` knows them). Times are Europe/Paris wall-clock times, so 07:00 stays 07:00 on
 * both sides of a daylight-saving change. Every area computes its delivery and publication times here.
 */
export const quietHoursSchema = z
  .object({
    /** `false`: deliver at any time. */
    enabled: z.boolean().default(true),
    /** Quiet from this time… */
    from: LocalTimeSchema.default('20:00'),
    /** …until this one (the next morning when it is earlier than `from`). */
    until: LocalTimeSchema.default('07:00'),
    /** Quiet all Saturday and Sunday. */
    weekends: z.boolean().default(true),
    /** Quiet all day during school holidays and public holidays. */
    holidays: z.boolean().default(true),
  })
  .refine((q) => q.from !== q.until, { path: ['until'], message: 'La fin doit différer du début.' });
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = Object.freeze(quietHoursSchema.parse({}));

/** Reads `etablissements.settings.quietHours`: the defaults for anything missing, all of them when invalid. */
export function resolveQuietHours(raw: unknown): QuietHours {
  const parsed = quietHoursSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : { ...DEFAULT_QUIET_HOURS };
}

const calendars = new Map<number, SchoolCalendar>();
function calendarOf(date: string): SchoolCalendar {
  const year = schoolYearOf(date);
  let calendar = calendars.get(year);
  if (!calendar) {
    calendar = schoolCalendar(year);
    calendars.set(year, calendar);
  }
  return calendar;
}

/** A school holiday, a public holiday off, or outside the year's classes (summer). */
export function isSchoolHoliday(date: string): boolean {
  const c = calendarOf(date);
  if (date < c.firstClassDay || date > c.lastClassDay) return true;
  return c.holidays.some((h) => date >= h.from && date <= h.to) || c.daysOff.some((d) => d.date === date);
}

/** A day that is quiet from start to end under these settings (a weekend or a holiday). */
function isRestDay(date: string, q: QuietHours): boolean {
  return (q.weekends && isoWeekday(date) > 5) || (q.holidays && isSchoolHoliday(date));
}

/** Whether nothing may be delivered at this instant. */
export function isQuietTime(at: Date, quietHours: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  if (!quietHours.enabled) return false;
  const local = parisLocalTime(at);
  if (isRestDay(local.date, quietHours)) return true;
  const from = minutesOfDay(quietHours.from);
  const until = minutesOfDay(quietHours.until);
  return from > until
    ? local.minutes >= from || local.minutes < until
    : local.minutes >= from && local.minutes < until;
}

/**
 * The first instant at or after `at` when the établissement's quiet hours allow a delivery: `at` itself when it
 * is allowed, else the next opening (07:00 of the next school day by default; after a weekend or holidays, the
 * first school day's morning). Pure: the caller passes the time in.
 */
export function nextAllowedDelivery(at: Date, quietHours: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (!isQuietTime(at, quietHours)) return at;
  const first = parisLocalTime(at).date;
  // Openings happen when a quiet window ends (`until`) or a rest day ends (midnight): try those, day by day.
  for (let i = 0; i <= 400; i++) {
    const day = addDays(first, i);
    if (isRestDay(day, quietHours)) continue;
    for (const time of ['00:00', quietHours.until]) {
      const candidate = new Date(parisDateTime(day, time));
      if (candidate > at && !isQuietTime(candidate, quietHours)) return candidate;
    }
  }
  return at; // settings that never open: better late than never is not an option, so deliver now
}
