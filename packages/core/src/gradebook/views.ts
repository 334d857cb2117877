/**
 * What the grade book's API views send and `<preau-gradebook>` shows (types only): the teacher's class sheet and a
 * student's results. Hidden items are absent from the data, never sent to hide later.
 */
import type { Stats } from './average.js';
import type { LsuLevel, SocleDomain } from './competences.js';
import type { Evaluation, GradebookSettings, MarkValue } from './types.js';

export interface GradebookStudent {
  id: string;
  lastName: string;
  firstName: string;
}

/** An évaluation as the sheet needs it (the API sends every field). */
export type GradebookSheetEvaluation = Pick<
  Evaluation,
  'id' | 'title' | 'date' | 'coefficient' | 'outOf' | 'rescaleTo20' | 'kind' | 'publishOn'
> &
  Partial<Evaluation>;

/** A teacher's class × évaluations sheet for one subject and period. */
export interface GradebookSheetView {
  class: { id: string; name: string };
  subject: { id: string; name: string; code?: string; coefficient?: number };
  period: { id: string; label: string; startsOn?: string; endsOn?: string };
  settings?: Partial<GradebookSettings>;
  /** The viewer may write marks; absent means yes. */
  canEdit?: boolean;
  evaluations: GradebookSheetEvaluation[];
  students: GradebookStudent[];
  /** Filled cells only. */
  marks: { studentId: string; evaluationId: string; value: MarkValue | null }[];
  /** The subject's appréciations of the period, per student. */
  appreciations?: { studentId: string; text: string }[];
  /** The head teacher's general appréciations: sent only to whoever may write them. */
  generalAppreciations?: { studentId: string; text: string }[];
  /** The class's periods, in order, to switch between them. */
  periods?: PeriodView[];
}

/** A period of the class (trimestre, semestre). */
export interface PeriodView {
  id: string;
  label: string;
  startsOn?: string;
  endsOn?: string;
}

/** One published évaluation in a student's results; `classStats` only when the établissement shows them. */
export interface ResultEvaluationView {
  id: string;
  title: string;
  date: string;
  coefficient: number;
  outOf: number;
  mark: MarkValue | null;
  classStats?: Stats | null;
}

export interface ResultSubjectView {
  id: string;
  name: string;
  coefficient?: number;
  evaluations: ResultEvaluationView[];
  /** Only when the établissement shows subject averages; null when no mark counts. */
  average?: number | null;
  /** Only when the établissement shows class statistics. */
  classStats?: Stats | null;
  appreciation?: string | null;
}

/** What a student or a parent sees for one period. */
export interface StudentResultsView {
  student: { id: string; firstName: string; lastName: string };
  period: { id: string; label: string };
  subjects: ResultSubjectView[];
  /** Only when shown. */
  generalAverage?: number | null;
  /** Only when the établissement shows it: rank among the students of the class who have a general average. */
  rank?: { position: number; of: number } | null;
  /** The head teacher's general appréciation. */
  appreciation?: string | null;
  /** Level per domain of the socle (LSU scale). */
  competences?: { domain: SocleDomain; level: LsuLevel | null }[];
  /** The periods of the student's class, in order, to switch between them. */
  periods?: PeriodView[];
}
