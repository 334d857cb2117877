import { addDays } from '../attendance/half-days.js';
import { isClassDay, type SchoolCalendar, schoolCalendar, schoolYearOf } from '../calendar.js';

/**
 * "Pour demain": the next day with classes after `today` (Monday after a Friday, the first day back after the
 * holidays), or null when the school year has no class day left.
 */
export function nextClassDay(
  today: string,
  calendar: SchoolCalendar = schoolCalendar(schoolYearOf(today)),
): string | null {
  for (let d = addDays(today, 1); d <= calendar.lastClassDay; d = addDays(d, 1)) {
    if (isClassDay(calendar, d)) return d;
  }
  // Between the end of classes and 31 August: the first class day of the next year.
  if (today >= calendar.lastClassDay) {
    const next = schoolCalendar(calendar.year + 1);
    return next.firstClassDay > today ? next.firstClassDay : null;
  }
  return null;
}

export { byDueDate } from './due-dates.js';
