import type { TestProject } from 'vitest/node';
import { startPreau } from './support/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The address of the Préau server shared by the end-to-end tests, e.g. http://localhost:41234. */
    preauUrl: string;
  }
}

/** One real server, with freshly seeded demo data, for all end-to-end tests. */
export default async function setup(project: TestProject) {
  const server = await startPreau();
  project.provide('preauUrl', server.url);
  return () => server.stop();
}
