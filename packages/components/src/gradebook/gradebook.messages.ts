import { defineCatalog, type Messages } from '../base/i18n.js';
import type { TeacherMessageKey } from './teacher.messages.js';

const fr = {
  labelValue: '{label} : {value}',
  classAverage: 'Moyenne de la classe',
  loading: 'Chargement du carnet de notes…',
  loadFailed: 'Impossible de charger le carnet de notes : {detail}',
  noData: 'Aucune donnée à afficher.',
  date: 'Date',
  coefficient: 'Coefficient',
  resultsOf: 'Résultats de {name}',
  evaluation: 'Évaluation',
  mark: 'Note',
  subjectAverage: 'Moyenne de l’élève',
  subjectClassAverage: 'Moyenne de la classe',
  generalAverage: 'Moyenne générale',
  rank: 'Rang : {position} sur {of}',
  noMarks: 'Aucune note publiée pour l’instant.',
  competences: 'Compétences',
  domain: 'Domaine du socle',
  level: 'Niveau de maîtrise',
  unknownError: 'erreur inconnue.',
  period: 'Période',
  loadFailedTitle: 'Impossible de charger le carnet de notes :',
  periodShown: '{period} affiché.',
} satisfies Messages<string>;
export type GradebookSharedKey = keyof typeof fr;

/**
 * What `<preau-gradebook>` shows everyone (results, periods, loading), in French; the English, in
 * gradebook.messages.en.ts, loads when an element speaks English. The teacher's grid has its own catalog, loaded with
 * it (teacher.messages.ts).
 */
export const gradebookMessages = defineCatalog<GradebookSharedKey>({
  fr,
  en: () => import('./gradebook.messages.en.js').then((m) => m.en),
});

export type GradebookMessageKey = GradebookSharedKey | TeacherMessageKey;
