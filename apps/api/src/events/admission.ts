/**
 * What the server accepts as usage events — it owns identity and time:
 * - a beacon's visit is a token the server issued to the same session (`visits.ts`), never an id the page made;
 * - an event's time lies between the start of its visit (or of its account, or of the ingestion window) and
 *   now, give or take a small clock skew;
 * - a session, a platform token, and the visits a session asks for are limited in volume (`http/rate-limit.ts`).
 * So one forged request cannot add visits to the DNMA export, nor date them in 1999 or 2031.
 */
import type { RateLimit } from '../http/rate-limit.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const ADMISSION = {
  /** Tolerated difference between the sender's clock and ours (the beacon corrects its own with ours). */
  skewMs: 5 * MINUTE,
  /** How old a beacon event may be: a visit's events are sent when the page is hidden or left. */
  beaconWindowMs: 24 * HOUR,
  /** How old a forwarded event may be: another ENT's logs, sent in daily batches. */
  forwardWindowMs: 7 * 24 * HOUR,
  /** How long a visit token is accepted after it was issued (the session usually ends first). */
  visitLifetimeMs: 12 * HOUR,
} as const;

/** Events one session may send in an hour (a person's busiest hour is a few hundred). */
export const eventsPerSession = (sessionId: string): RateLimit => ({
  key: `events:session:${sessionId}`,
  limit: 3000,
  windowMs: HOUR,
});
/** Events one forwarding platform may send in an hour (`PREAU_EVENTS_PER_TOKEN_HOUR`, default 2 million). */
export const eventsPerToken = (name: string): RateLimit => ({
  key: `events:token:${name}`,
  limit: Number(process.env.PREAU_EVENTS_PER_TOKEN_HOUR) || 2_000_000,
  windowMs: HOUR,
});
/** Visits one session may open in an hour (a visit ends after 30 minutes without activity, one per tab). */
export const visitsPerSession = (sessionId: string): RateLimit => ({
  key: `visits:session:${sessionId}`,
  limit: 20,
  windowMs: HOUR,
});
/** Visits one person may open in a day, whatever their sessions. */
export const visitsPerUser = (userId: string): RateLimit => ({
  key: `visits:user:${userId}`,
  limit: 60,
  windowMs: 24 * HOUR,
});

/** Why an event's time is refused (French), or null when `timeMs` lies in [notBefore − skew, now + skew]. */
export function timeProblem(timeMs: number, nowMs: number, notBeforeMs: number): string | null {
  if (timeMs > nowMs + ADMISSION.skewMs)
    return 'Événement daté dans le futur : horloge de l’appareil à corriger.';
  if (timeMs < notBeforeMs - ADMISSION.skewMs)
    return 'Événement trop ancien : antérieur à la visite, au compte ou à la période de collecte.';
  return null;
}
