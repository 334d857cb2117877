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

/** Items grouped by due date, dates in order, items in their given order within a day. */
export function byDueDate<T extends { dueOn: string }>(items: readonly T[]): { date: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.dueOn, [...(groups.get(item.dueOn) ?? []), item]);
  return [...groups.keys()].sort().map((date) => ({ date, items: groups.get(date)! }));
}
