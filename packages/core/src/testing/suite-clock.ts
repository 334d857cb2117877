import { type Clock, fixedClock, instantFromEnv, systemClock } from '../clock.js';

/** The environment variable that sets the date of the calendar-dependent suites. */
export const SUITE_CLOCK_ENV = 'PREAU_TEST_CLOCK';

/**
 * The clock of the suites that depend on the calendar (seed, calendar rules, end-to-end pages): the instant in
 * `PREAU_TEST_CLOCK` (or 09:30 in Paris on a bare date) when set — `npm test` runs them at several fixed dates —
 * else the real time the suite started at, so that a suite that holds on one day only is caught on the others.
 * Stopped: the suite reads one instant throughout.
 */
export function suiteClock(env: Record<string, string | undefined> = process.env): Clock {
  return fixedClock(instantFromEnv(SUITE_CLOCK_ENV, env[SUITE_CLOCK_ENV]) ?? systemClock());
}
