/**
 * What the benchmarks share: the statistic they report, the system Chromium with a page bundled for the run, and
 * the HTTP load generator. Each benchmark keeps its own baseline, measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from '../scripts/chromium.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS = join(ROOT, 'bench', 'results');

/** The middle value (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The system Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Bundles `entry` (a bench page script, minified as in production) and opens it in an empty French page of the
 * system Chromium. `close()` ends the browser and removes the bundle.
 */
export async function openBenchPage(
  entry: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'preau-bench-'));
  const outfile = join(dir, 'page.js');
  await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2022',
    conditions: ['production'],
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    outfile,
    logLevel: 'warning',
  });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  await page.setContent('<!doctype html><html lang="fr"><body></body></html>');
  await page.addScriptTag({ path: outfile });
  return {
    page,
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The parts of autocannon's interface the benchmarks use. */
export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
}
export interface CannonClient {
  setRequests(requests: CannonRequest[]): void;
}
export interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
export type Cannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  headers?: Record<string, string>;
  setupClient?: (client: CannonClient) => void;
}) => Promise<CannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;
