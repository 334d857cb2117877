import type { TestProject } from 'vitest/node';
import { serverClockStart } from './support/clock.js';
import { freePort, startPreau } from './support/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The address of the Préau server shared by the end-to-end tests, e.g. http://localhost:41234. */
    preauUrl: string;
    /** Whether that server runs at a set date (`PREAU_CLOCK`) rather than on the real time. */
    preauClockSet: boolean;
    /**
     * A second server, its clock set on a school day in the middle of a séance ({@link E2E_CLOCK}), for the tests of
     * embedding (frameworks, offline roll call, cross-site) whose subject is not the calendar.
     */
    schoolDayUrl: string;
    /** A school site of another site than the ENT, allowed by it (PREAU_ALLOWED_ORIGINS), for the cross-site test. */
    schoolSite: string;
  }
}

/** The school-day server's clock at its start: Thursday 19 November 2026, 09:30 in Paris, a séance under way. */
export const E2E_CLOCK = '2026-11-19T08:30:00Z';

/**
 * One real server, with freshly seeded demo data, for all end-to-end tests. It runs at the date in
 * `PREAU_TEST_CLOCK` when set (`npm test` runs the calendar-dependent pages on the first day of the school year, the
 * Sunday after a change of period, the last day of a trimestre, in the summer holidays and on 29 February), else on
 * the real time: the pages hold whatever the day and the hour.
 */
export default async function setup(project: TestProject) {
  const start = serverClockStart();
  const schoolSite = `http://college-exemple.localhost:${await freePort()}`;
  // A run at a fixed date (PREAU_TEST_CLOCK) takes the calendar's pages only: no school-day server for it.
  const [server, schoolDay] = await Promise.all([
    startPreau({ env: { PREAU_CLOCK: start ?? '', PREAU_ALLOWED_ORIGINS: schoolSite } }),
    start ? undefined : startPreau({ env: { PREAU_CLOCK: E2E_CLOCK, PREAU_ALLOWED_ORIGINS: schoolSite } }),
  ]);
  project.provide('preauUrl', server.url);
  project.provide('preauClockSet', start !== undefined);
  project.provide('schoolDayUrl', schoolDay?.url ?? '');
  project.provide('schoolSite', schoolSite);
  return () => Promise.all([server.stop(), schoolDay?.stop()]).then(() => {});
}
