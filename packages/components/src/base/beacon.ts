/**
 * The usage beacon: first-party audience measurement for the Ministry's evaluation, privacy-safe by design.
 *
 * - Events are kept in memory and sent in batches with `navigator.sendBeacon` when the page is hidden or left
 *   (`visibilitychange` → hidden, `pagehide`), or as soon as a batch is full. Nothing is sent per click.
 * - The beacon sets no cookie and stores no identifier that outlives the tab: the visit id lives in
 *   sessionStorage and is renewed after 30 minutes without activity. The server attaches profile and UAI from
 *   the session and pseudonymises the user; the page never sends who the user is.
 * - One page-level setting names the endpoint: `<meta name="preau-usage-endpoint" content="/api/v1/events">`
 *   (or `configureUsage({ endpoint })`); without one, the API root of the page's connected elements is used
 *   (`<api>/events`); with neither, nothing is sent.
 * - Off switch: `<meta name="preau-usage" content="off">` or `configureUsage({ enabled: false })`.
 */
import type { BeaconEvent, UsageService } from '@preau/core';
import { systemClock } from '@preau/core/clock';

export interface UsageSettings {
  endpoint?: string;
  enabled?: boolean;
  /** Events kept before an early flush. */
  maxBatch?: number;
}

export const VISIT_KEY = 'preau-visit';
export const VISIT_TIMEOUT_MS = 30 * 60 * 1000;
const DEFAULT_MAX_BATCH = 25;

let settings: UsageSettings = {};
let defaultEndpoint: string | undefined;
let queue: BeaconEvent[] = [];
let listening = false;
let memoryVisit: { id: string; last: number } | undefined;

/** Page-level JS setting; merges with earlier calls. `configureUsage({ enabled: false })` turns the beacon off. */
export function configureUsage(next: UsageSettings): void {
  settings = { ...settings, ...next };
  if (settings.enabled === false) queue = [];
}

/** Called by the API client for the API a connected element talks to: its `/events` route is the fallback endpoint. */
export function noteApiBase(base: string): void {
  defaultEndpoint ??= `${base.replace(/\/+$/, '')}/events`;
}

function meta(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content?.trim() || undefined;
}

export function usageEnabled(): boolean {
  if (settings.enabled === false) return false;
  const switchValue = meta('preau-usage')?.toLowerCase();
  return switchValue !== 'off' && switchValue !== 'false' && switchValue !== '0';
}

export function usageEndpoint(): string | undefined {
  return settings.endpoint ?? meta('preau-usage-endpoint') ?? defaultEndpoint;
}

function newId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${systemClock().getTime().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** The current visit id, renewed after 30 minutes of inactivity; each call counts as activity. */
export function visitId(now: number = systemClock().getTime()): string {
  let visit: { id: string; last: number } | undefined;
  try {
    const stored = JSON.parse(sessionStorage.getItem(VISIT_KEY) ?? 'null') as unknown;
    if (stored && typeof stored === 'object' && 'id' in stored && 'last' in stored) {
      visit = stored as { id: string; last: number };
    }
  } catch {
    visit = memoryVisit; // storage blocked (sandboxed frame, privacy mode): one visit per page load
  }
  if (!visit || typeof visit.id !== 'string' || !(now - visit.last <= VISIT_TIMEOUT_MS)) {
    visit = { id: newId(), last: now };
  }
  visit.last = now;
  memoryVisit = visit;
  try {
    sessionStorage.setItem(VISIT_KEY, JSON.stringify(visit));
  } catch {
    // Kept in memory only.
  }
  return visit.id;
}

function listen(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  // `pagehide` rather than `unload`: it fires on mobile and keeps the page eligible for the back/forward cache.
  window.addEventListener('pagehide', () => flushUsage());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushUsage();
  });
}

/** Records one action; `tool` is the element's tag. Never throws, whatever the page did to its globals. */
export function trackUsage(service: UsageService, action: string, tool?: string): void {
  try {
    if (!usageEnabled()) return;
    listen();
    const event: BeaconEvent = { time: systemClock().toISOString(), service, action, visitId: visitId() };
    if (tool) event.tool = tool;
    queue.push(event);
    if (queue.length >= (settings.maxBatch ?? DEFAULT_MAX_BATCH)) flushUsage();
  } catch {
    // Measurement must never break the page.
  }
}

/** Events waiting to be sent (for tests and diagnostics). */
export function pendingUsage(): readonly BeaconEvent[] {
  return queue;
}

/**
 * Sends what is queued. Same-origin endpoints get `application/json`; cross-origin ones get `text/plain`
 * (a CORS-safelisted type: `sendBeacon` cannot send a preflighted request), the body being the same JSON array.
 * Returns whether a batch was handed to the browser.
 */
export function flushUsage(): boolean {
  const endpoint = usageEndpoint();
  if (queue.length === 0 || !endpoint || !usageEnabled()) return false;
  const batch = queue;
  queue = [];
  const json = JSON.stringify(batch);
  let sameOrigin = true;
  try {
    sameOrigin = new URL(endpoint, location.href).origin === location.origin;
  } catch {
    return false;
  }
  const type = sameOrigin ? 'application/json' : 'text/plain;charset=UTF-8';
  try {
    if (
      typeof navigator.sendBeacon === 'function' &&
      navigator.sendBeacon(endpoint, new Blob([json], { type }))
    ) {
      return true;
    }
  } catch {
    // Fall through to fetch.
  }
  try {
    void fetch(endpoint, {
      method: 'POST',
      body: json,
      headers: { 'Content-Type': type },
      credentials: 'include',
      keepalive: true,
    }).catch(() => {});
    return true;
  } catch {
    return false;
  }
}

/** Forgets settings and queued events (tests). */
export function resetUsage(): void {
  settings = {};
  defaultEndpoint = undefined;
  queue = [];
  memoryVisit = undefined;
}
