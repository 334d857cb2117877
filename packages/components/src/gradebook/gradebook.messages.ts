import { defineCatalog } from '../base/i18n.js';
import type { TeacherMessageKey } from './teacher.messages.js';

/**
 * What `<preau-gradebook>` shows everyone (results, periods, loading), French first, English second. The teacher's
 * grid has its own catalog, loaded with it (teacher.messages.ts).
 */
export const gradebookMessages = defineCatalog({
  fr: {
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
  },
  en: {
    labelValue: '{label}: {value}',
    classAverage: 'Class average',
    loading: 'Loading the grade book…',
    loadFailed: 'The grade book could not be loaded: {detail}',
    noData: 'Nothing to show.',
    date: 'Date',
    coefficient: 'Weight',
    resultsOf: 'Results of {name}',
    evaluation: 'Assessment',
    mark: 'Mark',
    subjectAverage: 'Student’s average',
    subjectClassAverage: 'Class average',
    generalAverage: 'Overall average',
    rank: 'Rank: {position} of {of}',
    noMarks: 'No published marks yet.',
    competences: 'Skills',
    domain: 'Domain of the socle',
    level: 'Level of mastery',
    unknownError: 'unknown error.',
    period: 'Period',
    loadFailedTitle: 'The grade book could not be loaded:',
    periodShown: '{period} shown.',
  },
});

export type GradebookMessageKey = keyof (typeof gradebookMessages)['fr'] | TeacherMessageKey;
