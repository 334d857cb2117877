import { classDays, instantFromEnv, parisToday, schoolCalendar, schoolYearOf } from '@preau/core';
import { SUITE_CLOCK_ENV } from '@preau/core/testing/suite-clock';

/**
 * The instant the shared server starts at: `PREAU_TEST_CLOCK` when set (`npm test` runs the calendar-dependent
 * pages on several fixed dates), else none — the server then runs on the real time, and so do the browsers.
 */
export function serverClockStart(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return instantFromEnv(SUITE_CLOCK_ENV, env[SUITE_CLOCK_ENV])?.toISOString();
}

/** The server's time now, as its health route tells (its one clock, `PREAU_CLOCK` or real). */
export async function serverNow(url: string): Promise<Date> {
  const res = await fetch(`${url}/api/v1/health`);
  const { time } = (await res.json()) as { time: string };
  return new Date(time);
}

/** What the demo shows on the server's day: whether classes were held this school year before today. */
export async function demoDay(url: string) {
  const now = await serverNow(url);
  const today = parisToday(() => now);
  const days = classDays(schoolCalendar(schoolYearOf(today)));
  const held = days.filter((d) => d < today);
  return { now, today, firstClassDay: days[0]!, classesHeld: held.length };
}
