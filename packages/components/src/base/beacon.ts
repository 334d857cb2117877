/**
 * The usage beacon: first-party audience measurement for the Ministry's evaluation, privacy-safe by design.
 *
 * - Events are kept in memory and sent in batches with `navigator.sendBeacon` when the page is hidden or left
 *   (`visibilitychange` → hidden, `pagehide`), or as soon as a batch is full. Nothing is sent per click.
 * - A visit is the server's: at the first action (and after 30 minutes without activity) the beacon asks
 *   `<endpoint>/visits` for one, for the signed-in session, and names it in each event; the server refuses
 *   visits it did not issue to that session. The token lives in sessionStorage (never a cookie, gone with the
 *   tab). Event times are the server's: the answer carries its clock, and the beacon corrects its own.
 * - The server attaches profile and UAI from the session and pseudonymises the user; the page never sends who
 *   the user is. Without a session (or when the server refuses a visit) nothing is sent; asked again later.
 * - One page-level setting names the endpoint: `<meta name="preau-usage-endpoint" content="/api/v1/events">`
 *   (or `configureUsage({ endpoint })`); without one, the API root of the page's connected elements is used
 *   (`<api>/events`); with neither, nothing is sent.
 * - Off switch: `<meta name="preau-usage" content="off">` or `configureUsage({ enabled: false })`.
 * - Elements load this module with their first measured action (`PreauElement.trackUsage`), so a page where
 *   nothing is measured never downloads it; they note their API roots then.
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
/** Events kept while no visit is known (no session yet, server unreachable): the oldest go first. */
const MAX_WAITING = 500;
/** After a refused or failed visit request, wait this long before asking again. */
const RETRY_AFTER_MS = 5 * 60 * 1000;

/** A visit the server issued: its token, the last activity, the server's clock minus ours, its end. */
export interface Visit {
  id: string;
  last: number;
  offset: number;
  until: number;
}

interface Pending {
  /** The page's clock at the action. */
  at: number;
  service: UsageService;
  action: string;
  tool?: string;
  visit?: Visit;
}

let settings: UsageSettings = {};
let defaultEndpoint: string | undefined;
let queue: Pending[] = [];
let listening = false;
let memoryVisit: Visit | undefined;
let asking: Promise<void> | undefined;
let askAgainAt = 0;

/** Page-level JS setting; merges with earlier calls. `configureUsage({ enabled: false })` turns the beacon off. */
export function configureUsage(next: UsageSettings): void {
  settings = { ...settings, ...next };
  if (settings.enabled === false) queue = [];
}

/** An API the page's connected elements talk to: the first one's `/events` route is the fallback endpoint. */
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

function storedVisit(): Visit | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(VISIT_KEY) ?? 'null') as Partial<Visit> | null;
    if (v && typeof v.id === 'string' && [v.last, v.offset, v.until].every((n) => typeof n === 'number'))
      return v as Visit;
    return undefined;
  } catch {
    return memoryVisit; // storage blocked (sandboxed frame, privacy mode): one visit per page load
  }
}

function saveVisit(visit: Visit | undefined): void {
  memoryVisit = visit;
  try {
    if (visit) sessionStorage.setItem(VISIT_KEY, JSON.stringify(visit));
    else sessionStorage.removeItem(VISIT_KEY);
  } catch {
    // Kept in memory only.
  }
}

/**
 * The visit under way at `now` (page clock), if any: issued by the server, not over, with activity in the last
 * 30 minutes. Each call counts as activity.
 */
export function currentVisit(now: number = systemClock().getTime()): Visit | undefined {
  const visit = storedVisit();
  if (!visit || !(now - visit.last <= VISIT_TIMEOUT_MS) || now + visit.offset >= visit.until)
    return undefined;
  visit.last = now;
  saveVisit(visit);
  return visit;
}

/** Asks the server for a visit (once at a time); events waiting without one get it, then a full batch goes. */
function askForVisit(): void {
  const endpoint = usageEndpoint();
  if (asking || !endpoint || systemClock().getTime() < askAgainAt) return;
  asking = (async () => {
    try {
      const res = await fetch(`${endpoint.replace(/\/+$/, '')}/visits`, {
        method: 'POST',
        credentials: 'include',
      });
      if (!res.ok) throw new Error(String(res.status));
      const body = (await res.json()) as { visitId?: unknown; now?: unknown; expiresAt?: unknown };
      const serverNow = Date.parse(String(body.now));
      const until = Date.parse(String(body.expiresAt));
      if (typeof body.visitId !== 'string' || Number.isNaN(serverNow) || Number.isNaN(until))
        throw new Error('visit');
      const now = systemClock().getTime();
      const visit: Visit = { id: body.visitId, last: now, offset: serverNow - now, until };
      saveVisit(visit);
      for (const e of queue) e.visit ??= visit;
      if (queue.length >= (settings.maxBatch ?? DEFAULT_MAX_BATCH)) flushUsage();
    } catch {
      askAgainAt = systemClock().getTime() + RETRY_AFTER_MS; // no session, refused, offline: the page goes on, unmeasured
    } finally {
      asking = undefined;
    }
  })();
}

/** Resolves once the visit request under way (if any) has been answered (for tests and diagnostics). */
export function visitSettled(): Promise<void> {
  return asking ?? Promise.resolve();
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
    const now = systemClock().getTime();
    const visit = currentVisit(now);
    const event: Pending = { at: now, service, action, visit };
    if (tool) event.tool = tool;
    queue.push(event);
    if (queue.length > MAX_WAITING) queue.splice(0, queue.length - MAX_WAITING);
    if (!visit) askForVisit();
    else if (queue.length >= (settings.maxBatch ?? DEFAULT_MAX_BATCH)) flushUsage();
  } catch {
    // Measurement must never break the page.
  }
}

/** Events waiting to be sent, as they would be sent (for tests and diagnostics). */
export function pendingUsage(): readonly {
  service: UsageService;
  action: string;
  tool?: string;
  visitId?: string;
}[] {
  return queue.map((e) => ({ service: e.service, action: e.action, tool: e.tool, visitId: e.visit?.id }));
}

/**
 * Sends the events that have a visit. Same-origin endpoints get `application/json`; cross-origin ones get
 * `text/plain` (a CORS-safelisted type: `sendBeacon` cannot send a preflighted request), the body being the same
 * JSON array. Events still waiting for a visit stay queued. Returns whether a batch was handed to the browser.
 */
export function flushUsage(): boolean {
  const endpoint = usageEndpoint();
  if (!endpoint || !usageEnabled()) return false;
  const ready = queue.filter((e) => e.visit);
  if (ready.length === 0) return false;
  queue = queue.filter((e) => !e.visit);
  const batch: BeaconEvent[] = ready.map((e) => {
    const event: BeaconEvent = {
      time: new Date(e.at + e.visit!.offset).toISOString(),
      service: e.service,
      action: e.action,
      visitId: e.visit!.id,
    };
    if (e.tool) event.tool = e.tool;
    return event;
  });
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

/** Forgets settings, queued events and the visit (tests). */
export function resetUsage(): void {
  settings = {};
  defaultEndpoint = undefined;
  queue = [];
  memoryVisit = undefined;
  asking = undefined;
  askAgainAt = 0;
}
