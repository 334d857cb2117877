/** French labels (English second) for the national audience-measurement vocabulary and hardware categories. */
import type { UsageProfile, UsageService } from '@preau/core';

export const PROFILE_LABELS: Record<UsageProfile, { fr: string; en: string }> = {
  ELEVE: { fr: 'Élèves', en: 'Students' },
  PARENT: { fr: 'Parents', en: 'Parents' },
  ENSEIGNANT: { fr: 'Enseignants', en: 'Teachers' },
  ADMIN_VIE_SCOL_TECH: { fr: 'Personnels (direction, vie scolaire, technique)', en: 'Staff' },
  AUTRE: { fr: 'Autres', en: 'Others' },
};

export const SERVICE_LABELS: Record<UsageService, string> = {
  accueil: 'Accueil',
  actualites: 'Actualités',
  cahier_textes: 'Cahier de textes',
  cahier_liaison: 'Cahier de liaison',
  courrier_electronique: 'Courrier électronique',
  messagerie_instantanee: 'Messagerie instantanée',
  visioconference: 'Visioconférence',
  stockage_partage: 'Stockage et partage',
  production_collaborative: 'Production collaborative',
  documentation_cdi: 'Documentation (CDI)',
  parcours_pedagogique: 'Parcours pédagogique',
  reservation_salles_materiels: 'Réservation de salles et matériels',
  service_collectivite: 'Services de la collectivité',
  services_vie_scolaire: 'Services de vie scolaire',
  gestion_temps: 'Emploi du temps',
  absences: 'Absences',
  gestion_competences: 'Compétences',
  notes: 'Notes',
  manuel_numerique: 'Manuels numériques',
  ressource_multimedia: 'Ressources multimédias',
  ressource_orientation: 'Orientation',
  ressource_production: 'Ressources de production',
  ressource_accompagnement_entrainement: 'Accompagnement et entraînement',
  ressource_reference_dictionnaire: 'Références et dictionnaires',
  ressource_documentaire: 'Ressources documentaires',
};

export const HARDWARE_CATEGORIES = [
  { key: 'fixed_pc', fr: 'Ordinateurs fixes' },
  { key: 'laptop', fr: 'Portables enseignants' },
  { key: 'video_projector', fr: 'Vidéoprojecteurs' },
  { key: 'interactive_whiteboard', fr: 'Tableaux blancs interactifs' },
  { key: 'server', fr: 'Serveurs' },
  { key: 'network_printer', fr: 'Imprimantes réseau' },
] as const;

export const FUNDING_LABELS: Record<string, string> = {
  departement: 'Conseil départemental',
  feder: 'Fonds européens (FEDER)',
  region: 'Région',
  etat: 'État',
  autre: 'Autre',
};

export const ENT_STATUS_LABELS: Record<string, string> = {
  none: 'Pas de projet',
  study: 'Étude',
  pilot: 'Expérimentation',
  generalised: 'Généralisé',
};

export const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export const serviceLabel = (s: unknown) => SERVICE_LABELS[s as UsageService] ?? String(s ?? '—');
export const profileLabel = (p: unknown) => PROFILE_LABELS[p as UsageProfile]?.fr ?? String(p ?? '—');
