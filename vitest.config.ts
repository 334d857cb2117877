import { configDefaults, defineConfig } from 'vitest/config';
import { chdbModulePath } from './apps/api/src/events/clickhouse-connection.js';

// The API suite runs on PGlite, then again on PostgreSQL (PREAU_TEST_DATABASE_URL). `*.pg.test.ts` need PostgreSQL
// (several processes, LISTEN/NOTIFY, lock waits); `*.pglite.test.ts` run once, on the embedded database (the second
// pass would repeat them unchanged).
const ENGINE_SPECIFIC = process.env.PREAU_TEST_DATABASE_URL ? '**/*.pglite.test.ts' : '**/*.pg.test.ts';
// The ClickHouse store's contract needs chdb (npm test installs it, scripts/chdb.mjs, and says so when it cannot) or
// a ClickHouse server (CLICKHOUSE_URL); without either there is nothing to run it on.
const WITHOUT_CLICKHOUSE =
  chdbModulePath() || process.env.CLICKHOUSE_URL ? [] : ['apps/api/test/events/clickhouse-store.test.ts'];

// Node-side suites. Browser suites (elements, dashboard) run in web-test-runner; see web-test-runner.config.mjs.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/core/src/**/*.test.ts',
            'packages/analytics/src/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'api',
          include: ['apps/api/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ENGINE_SPECIFIC, ...WITHOUT_CLICKHOUSE],
          globalSetup: ['apps/api/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The real server under libfaketime (`faketime`, a Debian package): run by `npm test` when installed.
        test: {
          name: 'faketime',
          include: ['test/faketime/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        // The elements' documentation, after the build: Storybook's docs pages (static build, in Chromium) and the
        // generated reference and typings, checked against custom-elements.json.
        test: { name: 'docs', include: ['test/docs/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
