/**
 * Device type, OS family and browser family of a user agent, parsed server-side with bowser. Only these
 * coarse families are kept; the user agent itself is never stored. Results are cached: a school's traffic
 * comes from a handful of distinct user agents.
 */
import type { UsageDevice } from '@preau/core';
import Bowser from 'bowser';

export interface DeviceFamilies {
  device: UsageDevice;
  os: string;
  browser: string;
}

const OS_FAMILIES = new Set(['Windows', 'macOS', 'iOS', 'Android', 'Linux', 'Chrome OS', 'ChromeOS']);
const BROWSER_FAMILIES = new Map([
  ['Chrome', 'Chrome'],
  ['Chromium', 'Chrome'],
  ['Firefox', 'Firefox'],
  ['Safari', 'Safari'],
  ['Microsoft Edge', 'Edge'],
  ['Opera', 'Opera'],
  ['Samsung Internet for Android', 'Samsung Internet'],
]);
const UNKNOWN: DeviceFamilies = { device: 'autre', os: 'autre', browser: 'autre' };
const cache = new Map<string, DeviceFamilies>();
const CACHE_SIZE = 2_000;

export function deviceFamilies(userAgent: string | null | undefined): DeviceFamilies {
  if (!userAgent) return UNKNOWN;
  const hit = cache.get(userAgent);
  if (hit) return hit;
  const parsed = Bowser.parse(userAgent);
  const platform = parsed.platform.type;
  const device: UsageDevice =
    platform === 'desktop'
      ? 'ordinateur'
      : platform === 'mobile'
        ? 'smartphone'
        : platform === 'tablet'
          ? 'tablette'
          : 'autre';
  const osName = parsed.os.name ?? '';
  const os = OS_FAMILIES.has(osName) ? (osName === 'Chrome OS' ? 'ChromeOS' : osName) : 'autre';
  const browser = BROWSER_FAMILIES.get(parsed.browser.name ?? '') ?? 'autre';
  const families = { device, os, browser };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(userAgent, families);
  return families;
}
