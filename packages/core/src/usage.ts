/**
 * Audience measurement vocabulary, shared by the usage beacon (elements), the ingestion API and the indicators.
 * Service and profile names are the national audience measurement's (DNMA), so that Préau's figures can be
 * compared with the Ministry's open data.
 */
import { z } from 'zod';
import { UaiSchema } from './uai.js';

/** The national service categories, in the Ministry's order. */
export const USAGE_SERVICES = [
  'accueil',
  'actualites',
  'cahier_textes',
  'cahier_liaison',
  'courrier_electronique',
  'messagerie_instantanee',
  'visioconference',
  'stockage_partage',
  'production_collaborative',
  'documentation_cdi',
  'parcours_pedagogique',
  'reservation_salles_materiels',
  'service_collectivite',
  'services_vie_scolaire',
  'gestion_temps',
  'absences',
  'gestion_competences',
  'notes',
  'manuel_numerique',
  'ressource_multimedia',
  'ressource_orientation',
  'ressource_production',
  'ressource_accompagnement_entrainement',
  'ressource_reference_dictionnaire',
  'ressource_documentaire',
] as const;
export type UsageService = (typeof USAGE_SERVICES)[number];

/** Audience-measurement profiles. */
export const USAGE_PROFILES = ['ELEVE', 'PARENT', 'ENSEIGNANT', 'ADMIN_VIE_SCOL_TECH', 'AUTRE'] as const;
export type UsageProfile = (typeof USAGE_PROFILES)[number];

/** What a page's beacon sends; the server adds UAI, profile, pseudonymous visitor and device from the session. */
export interface BeaconEvent {
  /** ISO 8601 instant of the action. */
  time: string;
  service: UsageService;
  /** What was done, e.g. `view`, `mark-change`, `roll-call-close`. */
  action: string;
  /** The element or tool, e.g. `preau-gradebook`. */
  tool?: string;
  /** The visit (a run of activity with no gap over 30 minutes): a token the server issued to the session. */
  visitId: string;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Event schema: what the beacon sends, what a forwarding server sends, what the event store keeps.             */

export const USAGE_SERVICE_TYPES = ['native', 'third_party'] as const;
export type UsageServiceType = (typeof USAGE_SERVICE_TYPES)[number];

/** Device types of the national audience measurement. */
export const USAGE_DEVICES = ['ordinateur', 'smartphone', 'tablette', 'autre'] as const;
export type UsageDevice = (typeof USAGE_DEVICES)[number];

const eventTime = z.iso.datetime({
  offset: true,
  message: 'instant ISO 8601 attendu / ISO 8601 instant expected',
});
const shortText = (max: number) => z.string().trim().min(1).max(max);
const visitId = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{8,64}$/,
    'identifiant de visite invalide (8 à 64 caractères A-Z a-z 0-9 _ -) / invalid visit id',
  );

/** Validates what the beacon sends (see `BeaconEvent`). */
export const BeaconEventSchema = z.object({
  time: eventTime,
  service: z.enum(USAGE_SERVICES),
  action: shortText(64),
  tool: shortText(64).optional(),
  visitId,
  /** Native Préau service or a third-party tool reached through the ENT (default native). */
  type: z.enum(USAGE_SERVICE_TYPES).optional(),
});

/**
 * What a server forwarding another ENT's logs sends with a platform token: the beacon fields plus who and where.
 * `visitor` is that ENT's own opaque user key; Préau hashes it again with its monthly secret before storing.
 * The device comes either as a raw `userAgent` (parsed, never stored) or as already-classified families.
 */
export const ForwardedEventSchema = BeaconEventSchema.extend({
  uai: UaiSchema,
  profile: z.enum(USAGE_PROFILES),
  visitor: shortText(128),
  userAgent: z.string().max(1024).optional(),
  device: z.enum(USAGE_DEVICES).optional(),
  os: shortText(32).optional(),
  browser: shortText(32).optional(),
});
export type ForwardedEvent = z.infer<typeof ForwardedEventSchema>;

/** One stored usage event. No account id, raw user agent or IP: only pseudonymous and coarse fields. */
export const UsageEventSchema = z.object({
  time: eventTime,
  uai: UaiSchema,
  service: z.enum(USAGE_SERVICES),
  type: z.enum(USAGE_SERVICE_TYPES),
  tool: z.string().max(64).nullable(),
  profile: z.enum(USAGE_PROFILES),
  action: shortText(64),
  visitId,
  /** HMAC-SHA-256 of the account key with the month's secret, hex (64 characters). */
  visitor: z.string().regex(/^[0-9a-f]{64}$/),
  device: z.enum(USAGE_DEVICES),
  os: z.string().max(32),
  browser: z.string().max(32),
  /** The student's class name (e.g. "4e B") for sign-ins by class; null for other profiles. */
  classe: z.string().max(64).nullable(),
});
export type UsageEvent = z.infer<typeof UsageEventSchema>;

/* ------------------------------------------------------------------------------------------------------------ */
/* Local time of an event. The EU rule (summer time from the last Sunday of March to the last Sunday of October, */
/* switching at 01:00 UTC) computed directly: ingestion runs it for every event, where Intl would be too slow.  */

function lastSundayUtc(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0, 1); // last day of the month, 01:00 UTC
  return last - new Date(last).getUTCDay() * 86_400_000;
}

/* Summer-time bounds per year, computed once. */
const summerBounds = new Map<number, readonly [number, number]>();

/** Offset of Europe/Paris from UTC in milliseconds at an instant (1 h in winter, 2 h in summer). */
export function parisOffsetMs(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  let bounds = summerBounds.get(year);
  if (!bounds) {
    bounds = [lastSundayUtc(year, 2), lastSundayUtc(year, 9)];
    summerBounds.set(year, bounds);
  }
  return epochMs >= bounds[0] && epochMs < bounds[1] ? 7_200_000 : 3_600_000;
}

/** The Europe/Paris calendar day (days since 1970-01-01) and hour of an instant. */
export function parisDayHour(epochMs: number): { day: number; hour: number } {
  const local = epochMs + parisOffsetMs(epochMs);
  const day = Math.floor(local / 86_400_000);
  return { day, hour: Math.floor((local - day * 86_400_000) / 3_600_000) };
}
