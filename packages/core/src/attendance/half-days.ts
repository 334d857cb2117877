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

/** The zone's answer for one instant (a few microseconds: too slow for the tens of thousands of a year's tallies). */
function zoneLocalTime(d: Date): LocalTime {
  const p: Record<string, string> = {};
  for (const part of parisParts.formatToParts(d)) p[part.type] = part.value;
  const date = `${p.year}-${p.month}-${p.day}`;
  return { date, month: date.slice(0, 7), minutes: Number(p.hour) * 60 + Number(p.minute) };
}

const HOUR_MS = 3_600_000;
/** Since then Paris changes its offset only on the hour (UTC): one offset per UTC hour, asked of the zone once. */
const WHOLE_HOUR_CHANGES_SINCE = Date.UTC(1946, 0, 1);
const offsetByHour = new Map<number, number>();

/** Minutes from UTC to Paris time during the UTC hour of `ms`. */
function parisOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const t = zoneLocalTime(new Date(hour * HOUR_MS));
    offset = (Date.parse(`${t.date}T00:00:00Z`) + t.minutes * 60_000 - hour * HOUR_MS) / 60_000;
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The Europe/Paris local date and time of an instant. */
export function parisLocalTime(instant: Date | string): LocalTime {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Instant invalide : ${String(instant)}`);
  if (ms < WHOLE_HOUR_CHANGES_SINCE || ms >= Date.UTC(10_000, 0, 1)) return zoneLocalTime(d);
  const local = new Date(ms + parisOffsetMinutes(ms) * 60_000);
  const date = local.toISOString().slice(0, 10);
  return { date, month: date.slice(0, 7), minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
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

/** The instant of local midnight (Europe/Paris) starting `date` (YYYY-MM-DD), DST-aware. */
export function parisMidnight(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  if (Number.isNaN(guess)) throw new RangeError(`Date invalide : ${date}`);
  // The offset at the guess, then once more at the corrected instant (a DST change may fall in between).
  let at = guess;
  for (let i = 0; i < 2; i++) {
    const t = parisLocalTime(new Date(at));
    const localMs = Date.parse(`${t.date}T00:00:00Z`) + t.minutes * 60_000;
    at = guess - (localMs - at);
  }
  return new Date(at);
}

/** Adds days to a local date (YYYY-MM-DD), calendar-wise. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Monday of the week holding `date` (YYYY-MM-DD). */
export function mondayOf(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, dow === 0 ? -6 : 1 - dow);
}

/** Default start times of the day's timetable slots (8 a day), local time. */
export const DEFAULT_SLOT_STARTS = [
  '08:00',
  '09:00',
  '10:00',
  '11:00',
  '13:00',
  '14:00',
  '15:00',
  '16:00',
] as const;

/** The slot a séance falls in: the last slot that starts at or before its local start time (0 before the first). */
export function slotIndex(
  instant: Date | string,
  slotStarts: readonly string[] = DEFAULT_SLOT_STARTS,
): number {
  const minutes = parisLocalTime(instant).minutes;
  let index = 0;
  slotStarts.forEach((s, i) => {
    if (hhmmToMinutes(s) <= minutes) index = i;
  });
  return index;
}
