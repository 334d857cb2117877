import type { TestProject } from 'vitest/node';
import { serverClockStart } from './support/clock.js';
import { startPreau } from './support/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The address of the Préau server shared by the end-to-end tests, e.g. http://localhost:41234. */
    preauUrl: string;
    /** Whether that server runs at a set date (`PREAU_CLOCK`) rather than on the real time. */
    preauClockSet: boolean;
  }
}

/**
 * One real server, with freshly seeded demo data, for all end-to-end tests. It runs at the date in
 * `PREAU_TEST_CLOCK` when set (`npm test` runs the calendar-dependent pages on the first day of the school year, the
 * Sunday after a change of period, the last day of a trimestre, in the summer holidays and on 29 February), else on
 * the real time: the pages hold whatever the day and the hour.
 */
export default async function setup(project: TestProject) {
  const start = serverClockStart();
  const server = await startPreau({ env: { PREAU_CLOCK: start ?? '' } });
  project.provide('preauUrl', server.url);
  project.provide('preauClockSet', start !== undefined);
  return () => server.stop();
}
