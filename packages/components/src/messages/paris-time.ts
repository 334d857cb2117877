/**
 * The deferred-send field speaks Paris wall-clock time (`<input type="datetime-local">`, `YYYY-MM-DDTHH:MM`),
 * whatever the reader's computer is set to; the API speaks instants.
 */
import { parisLocalTime } from '@preau/core/attendance/half-days';

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the field's value, in Paris time; '' for an invalid instant. */
export function toParisInput(instant: string | Date): string {
  const d = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(d.getTime())) return '';
  const { date, minutes } = parisLocalTime(d);
  return `${date}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** The field's value (Paris time) as an ISO instant; null when it is not a time. */
export function fromParisInput(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wanted = Date.parse(`${m[1]}T${m[2]}:${m[3]}:00Z`);
  if (Number.isNaN(wanted)) return null;
  // Start one hour back (Paris is UTC+1 or +2) and correct by what Paris reads at that instant, twice.
  let t = wanted - 3_600_000;
  for (let i = 0; i < 2; i++) {
    const seen = toParisInput(new Date(t));
    t += wanted - Date.parse(`${seen}:00Z`);
  }
  return new Date(t).toISOString();
}
