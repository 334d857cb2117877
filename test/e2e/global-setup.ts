import type { TestProject } from 'vitest/node';
import { startPreau } from './support/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The address of the Préau server shared by the end-to-end tests, e.g. http://localhost:41234. */
    preauUrl: string;
  }
}

/**
 * Thursday 19 November 2026, 09:30 in Paris: a school day of the first trimestre with marks to show, during the
 * demo teacher's class with the demo student (09:00–09:55), outside quiet hours. The server runs from that instant
 * on, so the pages behave the same whatever day the suite runs.
 */
export const E2E_CLOCK = '2026-11-19T08:30:00Z';

/** One real server, with freshly seeded demo data, for all end-to-end tests. */
export default async function setup(project: TestProject) {
  const server = await startPreau({ env: { PREAU_CLOCK: E2E_CLOCK } });
  project.provide('preauUrl', server.url);
  return () => server.stop();
}
