/** French labels (English second) for the national audience-measurement vocabulary and hardware categories. */
import type { UsageProfile, UsageService } from '@preau/core';
import { lang, t } from './i18n.js';

export const PROFILE_LABELS: Record<UsageProfile, { fr: string; en: string }> = {
  ELEVE: { fr: 'Élèves', en: 'Students' },
  PARENT: { fr: 'Parents', en: 'Parents' },
  ENSEIGNANT: { fr: 'Enseignants', en: 'Teachers' },
  ADMIN_VIE_SCOL_TECH: { fr: 'Personnels (direction, vie scolaire, technique)', en: 'Staff' },
  AUTRE: { fr: 'Autres', en: 'Others' },
};

export const SERVICE_LABELS: Record<UsageService, [string, string]> = {
  accueil: ['Accueil', 'Home'],
  actualites: ['Actualités', 'News'],
  cahier_textes: ['Cahier de textes', 'Lesson log'],
  cahier_liaison: ['Cahier de liaison', 'Home–school notebook'],
  courrier_electronique: ['Courrier électronique', 'E-mail'],
  messagerie_instantanee: ['Messagerie instantanée', 'Instant messaging'],
  visioconference: ['Visioconférence', 'Video conferencing'],
  stockage_partage: ['Stockage et partage', 'Storage and sharing'],
  production_collaborative: ['Production collaborative', 'Collaborative work'],
  documentation_cdi: ['Documentation (CDI)', 'Library (CDI)'],
  parcours_pedagogique: ['Parcours pédagogique', 'Learning paths'],
  reservation_salles_materiels: ['Réservation de salles et matériels', 'Room and equipment booking'],
  service_collectivite: ['Services de la collectivité', 'Local authority services'],
  services_vie_scolaire: ['Services de vie scolaire', 'School life services'],
  gestion_temps: ['Emploi du temps', 'Timetable'],
  absences: ['Absences', 'Absences'],
  gestion_competences: ['Compétences', 'Skills'],
  notes: ['Notes', 'Marks'],
  manuel_numerique: ['Manuels numériques', 'Digital textbooks'],
  ressource_multimedia: ['Ressources multimédias', 'Multimedia resources'],
  ressource_orientation: ['Orientation', 'Careers guidance'],
  ressource_production: ['Ressources de production', 'Production resources'],
  ressource_accompagnement_entrainement: ['Accompagnement et entraînement', 'Tutoring and practice'],
  ressource_reference_dictionnaire: ['Références et dictionnaires', 'References and dictionaries'],
  ressource_documentaire: ['Ressources documentaires', 'Documentary resources'],
};

export const HARDWARE_CATEGORIES = [
  { key: 'fixed_pc', fr: 'Ordinateurs fixes', en: 'Desktop computers' },
  { key: 'laptop', fr: 'Portables enseignants', en: 'Teachers’ laptops' },
  { key: 'video_projector', fr: 'Vidéoprojecteurs', en: 'Video projectors' },
  { key: 'interactive_whiteboard', fr: 'Tableaux blancs interactifs', en: 'Interactive whiteboards' },
  { key: 'server', fr: 'Serveurs', en: 'Servers' },
  { key: 'network_printer', fr: 'Imprimantes réseau', en: 'Network printers' },
] as const;

const FUNDING: Record<string, [string, string]> = {
  departement: ['Conseil départemental', 'Département council'],
  feder: ['Fonds européens (FEDER)', 'European funds (ERDF)'],
  region: ['Région', 'Region'],
  etat: ['État', 'State'],
  autre: ['Autre', 'Other'],
};

const ENT_STATUS: Record<string, [string, string]> = {
  none: ['Pas de projet', 'No project'],
  study: ['Étude', 'Study'],
  pilot: ['Expérimentation', 'Pilot'],
  generalised: ['Généralisé', 'Rolled out'],
};

const WEEKDAY_NAMES: [string, string][] = [
  ['lundi', 'Monday'],
  ['mardi', 'Tuesday'],
  ['mercredi', 'Wednesday'],
  ['jeudi', 'Thursday'],
  ['vendredi', 'Friday'],
  ['samedi', 'Saturday'],
  ['dimanche', 'Sunday'],
];

const pick = (pair: [string, string] | undefined, raw: unknown) => (pair ? t(...pair) : String(raw ?? '—'));
export const serviceLabel = (s: unknown) => pick(SERVICE_LABELS[s as UsageService], s);
export const profileLabel = (p: unknown) => {
  const l = PROFILE_LABELS[p as UsageProfile];
  return l ? t(l.fr, l.en) : String(p ?? '—');
};
export const fundingLabel = (f: unknown) => pick(FUNDING[f as string], f);
export const entStatusLabel = (s: unknown) => pick(ENT_STATUS[s as string], s);
export const hardwareLabel = (k: unknown) => {
  const c = HARDWARE_CATEGORIES.find((h) => h.key === k);
  return c ? t(c.fr, c.en) : String(k ?? '—');
};
/** Weekday names, Monday first, in the current language. */
export const weekdays = () => WEEKDAY_NAMES.map((d) => t(...d));

/** « Académie de Reims », « Académie d’Amiens » (elision before a vowel); English: "Académie of …". */
export function academieLabel(name: string): string {
  if (lang() === 'en') return `Académie of ${name}`;
  return /^[AEIOUYÀÂÉÈÊÎÔÛH]/i.test(name) && !/^H[^aeiouy]/i.test(name)
    ? `Académie d’${name}`
    : `Académie de ${name}`;
}
