/** The teacher's sheet as the grade book answers it (the service builds it, the CSV export and import read it). */
import type { GradebookSettings, GradebookSheetView, Stats } from '@preau/core';
import type { EvaluationRow, MarkRow, StudentRow } from './store.js';

export type SheetEvaluation = Omit<EvaluationRow, 'uai'>;

export interface SheetView extends GradebookSheetView {
  class: { id: string; name: string };
  subject: { id: string; code: string; name: string; coefficient: number };
  period: { id: string; label: string; startsOn: string; endsOn: string };
  settings: GradebookSettings;
  /** The viewer may write marks (teacher of this class and subject, or direction). */
  canEdit: boolean;
  evaluations: SheetEvaluation[];
  students: StudentRow[];
  marks: MarkRow[];
  /** Per student: the subject average (two decimals, null when nothing counts) and the évaluations that count. */
  averages: { studentId: string; average: number | null; counted: string[] }[];
  /** Per évaluation, on its barème. */
  evaluationStats: { evaluationId: string; stats: Stats | null }[];
  /** Over the students' subject averages. */
  classStats: Stats | null;
  appreciations: { studentId: string; text: string }[];
  /** The class's periods, in order. */
  periods: { id: string; label: string; startsOn: string; endsOn: string }[];
  /** Where the element writes: marks in batches, new évaluations. */
  links: { marks: string; evaluations: string };
}
