/**
 * What the app and every area receive, in one leaf module: `app.ts` builds them, `http/route.ts` types its routes
 * with them, and neither imports the other for it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from './config.js';
import type { Db } from './db/types.js';
import type { FileStore } from './files/store.js';
import type { FileKind, FileKinds } from './files/uploads.js';
import type { LiveService } from './live/service.js';
import type { Viewer } from './policies/index.js';
import type { SeedModule } from './seed/context.js';

export interface AppDeps {
  db: Db;
  config: Config;
  files: FileStore;
  /** The time, injectable for tests (sessions, throttling, live deliveries). */
  clock?: () => Date;
  /** Kinds of attachments; created empty when absent, then filled by the areas. */
  fileKinds?: FileKinds;
  /** Live notices and their streams; created when absent (the server passes its own to start its jobs). */
  live?: LiveService;
}

/** What every area's routes receive. */
export interface RouteDeps extends AppDeps {
  clock: () => Date;
  /** Kinds of uploaded files (one per record type) with who may read them. */
  fileKinds: FileKinds;
  /** Publishes notices (`live.publish(tx, …)`) and serves their streams. */
  live: LiveService;
}

/** The session behind a request, when there is one. */
export interface SessionInfo {
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ApiEnv {
  Variables: {
    viewer: Viewer | null;
    session: SessionInfo | null;
  };
}

export type ApiApp = OpenAPIHono<ApiEnv>;

/**
 * One area of the API (attendance, grade book, cahier de textes…), registered once in `areas.ts`: the app
 * declares its routes and file kinds, the demo data runs its seed module, and the access-matrix test reads its
 * entries from `test/access-matrix/<name>.ts`. See the README, "How to add an area".
 */
export interface Area {
  /** Lower-case, stable: names its matrix file, its policies file and its notices (`<name>.<event>`). */
  name: string;
  /** Declares the area's routes (`defineRoute`), in order. */
  routes: ReadonlyArray<(app: ApiApp, deps: RouteDeps) => void>;
  /** Kinds of attachments its records hold (who may upload, who may read). */
  fileKinds?: readonly FileKind[];
  /** Its demo data, run after the people, classes and timetable exist. */
  seed?: SeedModule;
}
