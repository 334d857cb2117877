// Browser tests for the elements and the dashboard, in real Chromium (system browser, never a downloaded one).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { attendanceApiMiddleware } from './packages/components/test-support/attendance-api.mjs';
import { directoryApiMiddleware } from './packages/components/test-support/directory-api.mjs';
import { fakeApiMiddleware } from './packages/components/test-support/fake-api.mjs';
import { gradebookApiMiddleware } from './packages/components/test-support/gradebook-api.mjs';
import { lessonLogApiMiddleware } from './packages/components/test-support/lesson-log-api.mjs';
import { messagesApiMiddleware } from './packages/components/test-support/messages-api.mjs';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from './scripts/chromium.mjs';

// CHROME_PATH, then /usr/bin/chromium, then a Playwright cache; a one-line explanation when there is none.
const executablePath = findChromium();
if (!executablePath) {
  console.error(NO_CHROMIUM);
  process.exit(1);
}

/** `executeServerCommand('wheel', { x, y, deltaY })`: a real mouse wheel tick (synthetic wheel events do not scroll). */
const wheelCommand = {
  name: 'preau-wheel',
  async executeCommand({ command, payload, session }) {
    if (command !== 'wheel') return undefined;
    const page = session.browser.getPage(session.id);
    await page.mouse.move(payload.x, payload.y);
    await page.mouse.wheel(0, payload.deltaY);
    return true;
  },
};

/**
 * `executeServerCommand('network', { cut: '/__test/ns/' })`: requests to paths under that prefix fail as when
 * the Wi-Fi drops (`net::ERR_INTERNET_DISCONNECTED`) until `{ cut: null }`. The browser's own offline mode would also cut
 * the test runner's link to the page: the end-to-end suite uses it instead.
 */
const cutRoutes = new Map();
const networkCommand = {
  name: 'preau-network',
  async executeCommand({ command, payload, session }) {
    if (command !== 'network') return undefined;
    const page = session.browser.getPage(session.id);
    const previous = cutRoutes.get(session.id);
    if (previous) await page.unroute(previous.pattern, previous.handler);
    cutRoutes.delete(session.id);
    if (payload.cut) {
      const prefix = String(payload.cut);
      const pattern = (url) => url.pathname.startsWith(prefix);
      const handler = (route) => route.abort('internetdisconnected');
      await page.route(pattern, handler);
      cutRoutes.set(session.id, { pattern, handler });
    }
    return true;
  },
};

export default {
  files: ['packages/components/src/**/*.test.ts', 'apps/dashboard/src/**/*.test.ts'],
  port: Number(process.env.WTR_PORT ?? 8820),
  nodeResolve: true,
  rootDir: '.',
  testFramework: { config: { timeout: 10000 } },
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  // Test-only HTTP routes (`/__test/<namespace>/…`): a small fake API for the client and the sign-in element,
  // and a usage-events receiver for the beacon. Real HTTP, real cookies, real EventSource.
  middleware: [
    fakeApiMiddleware,
    gradebookApiMiddleware,
    attendanceApiMiddleware,
    lessonLogApiMiddleware,
    messagesApiMiddleware,
    directoryApiMiddleware,
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.base.json' }),
    wheelCommand,
    networkCommand,
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
};
