// Finds the Chromium the browser tests, end-to-end tests and benchmarks drive.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** CHROME_PATH, then Debian's /usr/bin/chromium, then a Playwright cache; undefined when there is none. */
export function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const cache = join(homedir(), '.cache', 'ms-playwright');
  if (existsSync(cache)) {
    for (const d of readdirSync(cache)
      .filter((d) => d.startsWith('chromium'))
      .sort()
      .reverse()) {
      candidates.push(join(cache, d, 'chrome-linux', 'chrome'));
    }
  }
  return candidates.find((p) => p && existsSync(p));
}

export const NO_CHROMIUM =
  'No Chromium found: set CHROME_PATH, or install it (Debian: apt-get install -y chromium; .ci/run does this).';
