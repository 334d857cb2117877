import type { Messages } from '../base/i18n.js';
import type { GradebookSharedKey } from './gradebook.messages.js';

/** What `<preau-gradebook>` shows everyone, in English (see `gradebookMessages`). */
export const en: Messages<GradebookSharedKey> = {
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
};
