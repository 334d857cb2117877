// Browser tests for the elements and the dashboard, in real Chromium (system browser, never a downloaded one).
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fakeApiMiddleware } from './packages/components/test-support/fake-api.mjs';
import { gradebookApiMiddleware } from './packages/components/test-support/gradebook-api.mjs';

function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium'];
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache', 'ms-playwright');
  if (existsSync(cache)) {
    for (const dir of readdirSync(cache)
      .filter((d) => d.startsWith('chromium'))
      .sort()
      .reverse()) {
      candidates.push(
        join(cache, dir, 'chrome-linux', 'chrome'),
        join(cache, dir, 'chrome-linux64', 'chrome'),
      );
    }
  }
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) {
    console.error(
      'web-test-runner: no Chromium found (set CHROME_PATH, or install it: apt-get install -y chromium).',
    );
    process.exit(1);
  }
  return found;
}

const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default {
  files: ['packages/components/src/**/*.test.ts', 'apps/dashboard/src/**/*.test.ts'],
  port: Number(process.env.WTR_PORT ?? 8820),
  nodeResolve: true,
  rootDir: '.',
  testFramework: { config: { timeout: 10000 } },
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  // Test-only HTTP routes (`/__test/<namespace>/…`): a small fake API for the client and the sign-in element,
  // and a usage-events receiver for the beacon. Real HTTP, real cookies, real EventSource.
  middleware: [fakeApiMiddleware, gradebookApiMiddleware],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.base.json' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: findChromium(), headless: true, args },
    }),
  ],
};
