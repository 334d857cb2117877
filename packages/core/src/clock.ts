import { parisLocalTime } from './attendance/half-days.js';

/**
 * The one source of "now". Rules, query builders, services and seeds receive a `Clock` (the server's
 * `deps.clock`, an element's `this.clock`) and never read the time themselves; this module is the only place that
 * reads the system's clock (a guard test enforces it), so that a server, a suite or a demo can run at any date by
 * handing over another clock. A leaf module (elements import it as `@preau/core/clock`).
 */
export type Clock = () => Date;

/** The system's time: the default clock at the edges (a server started without `PREAU_CLOCK`, a page's elements). */
export const systemClock: Clock = () => new Date();

/** A clock that shows `start` now and moves on at the pace of `base` (a server or a suite at a fixed date). */
export function clockStartingAt(start: Date, base: Clock = systemClock): Clock {
  const offset = start.getTime() - base().getTime();
  return () => new Date(base().getTime() + offset);
}

/** A clock stopped at `at`. */
export function fixedClock(at: Date | string): Clock {
  const time = new Date(at).getTime();
  if (Number.isNaN(time)) throw new RangeError(`Instant invalide : ${String(at)}`);
  return () => new Date(time);
}

/** Today in Paris (YYYY-MM-DD) by `clock`: the day school rules and demo data speak of. */
export function parisToday(clock: Clock): string {
  return parisLocalTime(clock()).date;
}

/**
 * Reads an instant set in the environment (`PREAU_CLOCK=2026-11-19T08:30:00Z`; a bare date means 09:30 in Paris
 * that day, a school morning). Absent or empty: undefined. Anything else: an error naming the variable.
 */
export function instantFromEnv(name: string, value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const day = value.slice(0, 10);
  const noon = Date.parse(`${day}T12:00:00Z`);
  const realDay = !Number.isNaN(noon) && new Date(noon).toISOString().startsWith(day);
  const at = realDay && value === day ? parisMorning(day) : new Date(value);
  if (!realDay || Number.isNaN(at.getTime())) {
    throw new Error(`${name}: not an ISO 8601 instant or date: "${value}"`);
  }
  return at;
}

/** 09:30 in Paris on `day`: 08:30 UTC in winter, 07:30 UTC in summer. */
function parisMorning(day: string): Date {
  const winter = new Date(`${day}T08:30:00Z`);
  return parisLocalTime(winter).minutes === 9 * 60 + 30 ? winter : new Date(`${day}T07:30:00Z`);
}
