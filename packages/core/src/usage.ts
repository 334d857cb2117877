/**
 * Audience measurement vocabulary, shared by the usage beacon (elements), the ingestion API and the indicators.
 * Service and profile names are the national audience measurement's (DNMA), so that Préau's figures can be
 * compared with the Ministry's open data.
 */

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
  /** Identifies one visit (a run of activity with no gap over 30 minutes), generated in the page. */
  visitId: string;
}
