import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, NO_CHROMIUM } from '../../../scripts/chromium.mjs';

/** The system Chromium, driven by playwright-core (never a downloaded browser). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
