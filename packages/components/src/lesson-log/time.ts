import {
  addDays as addDaysOf,
  mondayOf as mondayOfDate,
  parisLocalTime,
} from '@preau/core/attendance/half-days';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const valid = (date: string) => DAY.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));

/** `date` moved by `days` (calendar days); an unreadable date stays as it is (bad data never throws). */
export function addDays(date: string, days: number): string {
  return valid(date) ? addDaysOf(date, days) : date;
}

/** The Monday of the week holding `date`; an unreadable date stays as it is. */
export function mondayOf(date: string): string {
  return valid(date) ? mondayOfDate(date) : date;
}

/**
 * The instant (ISO, UTC) of a Paris wall-clock time `YYYY-MM-DDTHH:MM` (a datetime-local field), or null when the
 * value is not one. The offset is read back from the zone, so both sides of a daylight-saving change are right.
 */
export function parisInstant(local: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [, date, hh, mm] = m;
  const wanted = Number(hh) * 60 + Number(mm);
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || wanted >= 24 * 60) return null;
  // First guess: the wall time as if it were UTC, then corrected by the zone's offset at that instant (twice, for
  // a guess that lands on the other side of a change).
  let instant = Date.parse(`${date}T${hh}:${mm}:00Z`);
  for (let i = 0; i < 2; i++) {
    const seen = parisLocalTime(new Date(instant));
    const dayShift = seen.date === date ? 0 : seen.date < date ? -1440 : 1440;
    instant -= (seen.minutes + dayShift - wanted) * 60_000;
  }
  return new Date(instant).toISOString();
}
