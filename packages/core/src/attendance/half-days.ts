/**
 * Demi-journées, the official unit for counting absences, in Europe/Paris local time.
 * The instant is converted with the IANA zone, so a séance at 08:00 local is in the morning on both sides of a
 * daylight-saving change (07:00 UTC in summer, 08:00 UTC in winter… with the local day taken from Paris, not UTC).
 */

export const SCHOOL_TIME_ZONE = 'Europe/Paris';

export type HalfDayPart = 'matin' | 'apres_midi';

export interface HalfDay {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  part: HalfDayPart;
  /** `date` + `:AM` / `:PM`, a stable key for sets and maps. */
  key: string;
  /** Local calendar month, YYYY-MM. */
  month: string;
}

const parisParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: SCHOOL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface LocalTime {
  date: string;
  month: string;
  /** Minutes since local midnight. */
  minutes: number;
}

/** The Europe/Paris local date and time of an instant. */
export function parisLocalTime(instant: Date | string): LocalTime {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`Instant invalide : ${String(instant)}`);
  const p: Record<string, string> = {};
  for (const part of parisParts.formatToParts(d)) p[part.type] = part.value;
  const date = `${p.year}-${p.month}-${p.day}`;
  return { date, month: date.slice(0, 7), minutes: Number(p.hour) * 60 + Number(p.minute) };
}

function hhmmToMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** The demi-journée a séance belongs to, from its start (afternoon from `afternoonStartsAt`, local time). */
export function halfDayOf(instant: Date | string, afternoonStartsAt = '12:00'): HalfDay {
  const t = parisLocalTime(instant);
  const part: HalfDayPart = t.minutes >= hhmmToMinutes(afternoonStartsAt) ? 'apres_midi' : 'matin';
  return { date: t.date, part, key: `${t.date}:${part === 'matin' ? 'AM' : 'PM'}`, month: t.month };
}
