import { z } from 'zod';
import { addDays } from './attendance/half-days.js';
import { IsoDateSchema } from './iso-dates.js';
import type { PeriodScheme } from './school.js';

/**
 * The school-year calendar. Dates are `YYYY-MM-DD` strings (a calendar day in France, no time zone);
 * nothing here reads the clock: callers pass "today" in.
 *
 * Holidays follow the rules that the national calendars of recent years (zone B: Reims, Amiens) obey;
 * they are a faithful approximation for demo and planning, not a copy of the official decree.
 */

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`not a date (YYYY-MM-DD): "${date}"`);
  return t;
}

/** Days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** ISO day of the week: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(toUtc(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * The school year a day belongs to, by the year it starts in: the year starts on 1 September (31 August is the
 * last day of the previous one). The one rule for "this school year" everywhere.
 */
export function schoolYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? year : year - 1;
}

/** 1 September of the school year holding `date`. */
export function schoolYearStartOf(date: string): string {
  return `${schoolYearOf(date)}-09-01`;
}

/** A whole school year, 1 September to 31 August: the default period of records and indicators. */
export function schoolYearBounds(year: number): DateRange {
  return { from: `${year}-09-01`, to: `${year + 1}-08-31` };
}

/** Easter Sunday (Gregorian calendar, anonymous algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first Saturday on or after `date`. */
function saturdayOnOrAfter(date: string): string {
  return addDays(date, (6 - isoWeekday(date) + 7) % 7);
}

export interface DateRange {
  /** First day, inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
}
export interface Holiday extends DateRange {
  name: { fr: string; en: string };
}

export interface SchoolCalendar {
  year: number;
  /** 1 September: the school year starts. */
  startsOn: string;
  /** First day of classes (the first weekday from 1 September). */
  firstClassDay: string;
  /** Last day of classes (the Friday before the summer holidays). */
  lastClassDay: string;
  /** 31 August of the next year. */
  endsOn: string;
  /** School holidays (vacances scolaires), in order. */
  holidays: Holiday[];
  /** Public holidays that fall on a class day, and the Friday after Ascension (pont). */
  daysOff: { date: string; name: { fr: string; en: string } }[];
}

/** The calendar of school year `year` (2026 → 2026-2027). */
export function schoolCalendar(year: number): SchoolCalendar {
  const next = year + 1;
  const twoWeeks = (start: string, fr: string, en: string): Holiday => ({
    from: start,
    to: addDays(start, 15),
    name: { fr, en },
  });
  // Holidays start on a Saturday and classes resume on the Monday two weeks later.
  const holidays: Holiday[] = [
    twoWeeks(saturdayOnOrAfter(`${year}-10-17`), 'Vacances de la Toussaint', 'Autumn holidays'),
    twoWeeks(saturdayOnOrAfter(`${year}-12-18`), 'Vacances de Noël', 'Christmas holidays'),
    twoWeeks(saturdayOnOrAfter(`${next}-02-08`), "Vacances d'hiver", 'Winter holidays'),
    twoWeeks(saturdayOnOrAfter(`${next}-04-05`), 'Vacances de printemps', 'Spring holidays'),
  ];
  const summerStarts = saturdayOnOrAfter(`${next}-07-01`);
  holidays.push({
    from: summerStarts,
    to: `${next}-08-31`,
    name: { fr: "Vacances d'été", en: 'Summer holidays' },
  });
  const easter = easterSunday(next);
  const ascension = addDays(easter, 39);
  const candidates = [
    { date: `${year}-11-01`, name: { fr: 'Toussaint', en: "All Saints' Day" } },
    { date: `${year}-11-11`, name: { fr: 'Armistice 1918', en: 'Armistice Day' } },
    { date: `${year}-12-25`, name: { fr: 'Noël', en: 'Christmas Day' } },
    { date: `${next}-01-01`, name: { fr: "Jour de l'an", en: "New Year's Day" } },
    { date: addDays(easter, 1), name: { fr: 'Lundi de Pâques', en: 'Easter Monday' } },
    { date: `${next}-05-01`, name: { fr: 'Fête du travail', en: 'Labour Day' } },
    { date: `${next}-05-08`, name: { fr: 'Victoire 1945', en: 'Victory in Europe Day' } },
    { date: ascension, name: { fr: 'Ascension', en: 'Ascension Day' } },
    { date: addDays(ascension, 1), name: { fr: "Pont de l'Ascension", en: 'Ascension bridge day' } },
    { date: addDays(easter, 50), name: { fr: 'Lundi de Pentecôte', en: 'Whit Monday' } },
  ];
  const inHoliday = (d: string) => holidays.some((h) => d >= h.from && d <= h.to);
  const daysOff = candidates.filter((c) => isoWeekday(c.date) <= 5 && !inHoliday(c.date));
  let firstClassDay = `${year}-09-01`;
  while (isoWeekday(firstClassDay) > 5) firstClassDay = addDays(firstClassDay, 1);
  return {
    year,
    startsOn: `${year}-09-01`,
    firstClassDay,
    lastClassDay: addDays(summerStarts, -1),
    endsOn: `${next}-08-31`,
    holidays,
    daysOff,
  };
}

/** Whether classes are held on `date` (weekdays outside holidays and days off; Wednesday counts). */
export function isClassDay(calendar: SchoolCalendar, date: string): boolean {
  if (date < calendar.firstClassDay || date > calendar.lastClassDay) return false;
  if (isoWeekday(date) > 5) return false;
  if (calendar.holidays.some((h) => date >= h.from && date <= h.to)) return false;
  return !calendar.daysOff.some((d) => d.date === date);
}

/** Every class day of the year, in order. */
export function classDays(calendar: SchoolCalendar): string[] {
  const days: string[] = [];
  for (let d = calendar.firstClassDay; d <= calendar.lastClassDay; d = addDays(d, 1)) {
    if (isClassDay(calendar, d)) days.push(d);
  }
  return days;
}

export interface PeriodDefinition {
  scheme: PeriodScheme;
  number: 1 | 2 | 3;
  name: { fr: string; en: string };
  startsOn: string;
  endsOn: string;
  /** Last day to enter grades, before the conseil de classe. */
  gradesDeadline: string;
}

/** The Friday on or before `date`. */
function fridayOnOrBefore(date: string): string {
  return addDays(date, -((isoWeekday(date) - 5 + 7) % 7));
}

/**
 * The periods of a school year: three trimestres (to 30 November, to 15 March, to the end of classes) or two
 * semestres (to 31 January, to the end of classes). Periods are contiguous and cover the year's classes. Grades are
 * due on the Friday a week before a period ends; for the last period, on the first Friday of June at the latest
 * (the last conseils de classe come before the brevet and the end of the year).
 */
export function periodsFor(scheme: PeriodScheme, year: number): PeriodDefinition[] {
  const calendar = schoolCalendar(year);
  const next = year + 1;
  const bounds =
    scheme === 'trimestre'
      ? [
          [calendar.startsOn, `${year}-11-30`],
          [`${year}-12-01`, `${next}-03-15`],
          [`${next}-03-16`, calendar.lastClassDay],
        ]
      : [
          [calendar.startsOn, `${next}-01-31`],
          [`${next}-02-01`, calendar.lastClassDay],
        ];
  return bounds.map(([startsOn, endsOn], i) => {
    const number = (i + 1) as 1 | 2 | 3;
    const last = i === bounds.length - 1;
    const gradesDeadline = last ? fridayOnOrBefore(`${next}-06-07`) : fridayOnOrBefore(addDays(endsOn!, -7));
    const label = scheme === 'trimestre' ? ['Trimestre', 'Term'] : ['Semestre', 'Semester'];
    return {
      scheme,
      number,
      name: { fr: `${label[0]} ${number}`, en: `${label[1]} ${number}` },
      startsOn: startsOn!,
      endsOn: endsOn!,
      gradesDeadline,
    };
  });
}

/** The period of `scheme` that contains `date`, or null outside the year's classes. */
export function periodOn(scheme: PeriodScheme, date: string): PeriodDefinition | null {
  return periodsFor(scheme, schoolYearOf(date)).find((p) => date >= p.startsOn && date <= p.endsOn) ?? null;
}

export const PeriodSchema = z
  .object({
    id: z.string().min(1),
    uai: z.string().min(1),
    schoolYear: z.number().int(),
    scheme: z.enum(['trimestre', 'semestre']),
    number: z.number().int().min(1).max(3),
    name: z.string().min(1),
    startsOn: IsoDateSchema,
    endsOn: IsoDateSchema,
    gradesDeadline: IsoDateSchema,
  })
  .refine((p) => p.startsOn <= p.endsOn, { path: ['endsOn'], message: 'la période finit avant de commencer' })
  .refine((p) => p.scheme === 'trimestre' || p.number <= 2, {
    path: ['number'],
    message: 'un semestre est numéroté 1 ou 2',
  });
export type Period = z.infer<typeof PeriodSchema>;

/**
 * Offset of Europe/Paris from UTC, in minutes, for a local date and time: +120 in summer time (from the last
 * Sunday of March, 02:00, to the last Sunday of October, 03:00 local), +60 otherwise.
 */
export function parisOffsetMinutes(date: string, time = '12:00'): number {
  const year = Number(date.slice(0, 4));
  const lastSunday = (month: string) => {
    const end = `${year}-${month}-31`;
    return addDays(end, -(isoWeekday(end) % 7));
  };
  const start = lastSunday('03');
  const end = lastSunday('10');
  if (date > start && date < end) return 120;
  if (date === start) return time >= '02:00' ? 120 : 60;
  if (date === end) return time < '03:00' ? 120 : 60;
  return 60;
}

/** A Paris wall-clock time as an ISO 8601 instant with its offset: ('2026-09-07', '08:00') → '2026-09-07T08:00:00+02:00'. */
export function parisDateTime(date: string, time: string): string {
  const offset = parisOffsetMinutes(date, time);
  const sign = offset >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${date}T${time}:00${sign}${hh}:${mm}`;
}
