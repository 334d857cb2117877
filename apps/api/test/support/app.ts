import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiApp, createApp } from '../../src/app.js';
import { createSession } from '../../src/auth/sessions.js';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db/index.js';
import { LocalDiskStore } from '../../src/files/store.js';
import { FileKinds } from '../../src/files/uploads.js';
import { LiveService } from '../../src/live/service.js';
import { requireStudent } from '../../src/policies/index.js';
import { TestClient } from './client.js';
import { freshDb } from './db.js';
import { type Fixture, type FxUser, loadFixture } from './fixture.js';

/** The API's own origin in tests, and a collège site allowed to call it. */
export const TEST_ORIGIN = 'http://api.preau.test';
export const SCHOOL_SITE_ORIGIN = 'https://college-terres-rouges.test';

/** A clock tests move by hand. Starts on Monday 16 November 2026, 09:30 in Paris. */
export class TestClock {
  current = new Date('2026-11-16T08:30:00Z');
  readonly now = () => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A file kind for tests only: documents about a student, readable by whoever may see the student
 * (`requireStudent`), uploadable by any school profile. Record id = the student's id.
 */
export const STUDENT_DOCUMENT = 'test_student_document';

export interface TestApp {
  app: ApiApp;
  db: Db;
  config: Config;
  clock: TestClock;
  files: LocalDiskStore;
  fileKinds: FileKinds;
  /** Live notices: tests release due ones with `live.deliverDue()` after moving the clock. */
  live: LiveService;
  fixture: Fixture;
  /** A client with no session, calling from the API's own origin. */
  client(options?: { origin?: string | null; address?: string }): TestClient;
  /** A client signed in as the user, with a session made directly (no password hashing: fast). */
  as(user: FxUser, options?: { origin?: string; address?: string }): Promise<TestClient>;
  close(): Promise<void>;
}

/** A fresh app on a fresh, migrated database (PGlite, or PostgreSQL under the test script) with the fixture. */
export async function buildTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const db = await freshDb();
  const dataDir = await mkdtemp(join(tmpdir(), 'preau-api-test-'));
  const fixture = await loadFixture(db);
  const base = assemble(db, dataDir, fixture, new TestClock(), overrides);
  return {
    ...base,
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Another app on the same database, fixture and clock, with other settings (HTTPS, proxy…): opening a
 * database is the slow part of a test file, an app is not. Closing it leaves the database to its parent.
 */
export function variantOf(parent: TestApp, overrides: Partial<Config>): TestApp {
  return {
    ...assemble(parent.db, parent.config.dataDir, parent.fixture, parent.clock, overrides),
    close: async () => {},
  };
}

function assemble(
  db: Db,
  dataDir: string,
  fixture: Fixture,
  clock: TestClock,
  overrides: Partial<Config>,
): Omit<TestApp, 'close'> {
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    allowedOrigins: [SCHOOL_SITE_ORIGIN],
    publicOrigin: TEST_ORIGIN,
    sessionTtlSeconds: 2 * 3600,
    maxUploadBytes: 256 * 1024,
    secureCookies: false,
    ...overrides,
  };
  const files = new LocalDiskStore(join(dataDir, 'files'));
  const fileKinds = new FileKinds();
  fileKinds.register({
    recordType: STUDENT_DOCUMENT,
    label: 'document',
    mediaTypes: ['application/pdf', 'image/png', 'image/jpeg'],
    mayUpload: (v) => v.uai !== null,
    canRead: async (ctx, studentId) => {
      try {
        await requireStudent(ctx, studentId);
        return true;
      } catch {
        return false;
      }
    },
  });
  const live = new LiveService({ db, clock: clock.now });
  const app = createApp({ db, config, files, clock: clock.now, fileKinds, live });
  const client = (options: { origin?: string | null; address?: string } = {}) =>
    new TestClient(app, {
      origin: options.origin === undefined ? config.publicOrigin : options.origin,
      address: options.address,
    });
  return {
    app,
    db,
    config,
    clock,
    files,
    fileKinds,
    live,
    fixture,
    client,
    async as(user, options = {}) {
      const c = client(options);
      const session = await createSession(db, user.id, clock.now(), config.sessionTtlSeconds);
      c.useSession(session.token, session.csrfToken);
      return c;
    },
  };
}
