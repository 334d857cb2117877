/**
 * The data `<preau-gradebook>` shows: a teacher's class sheet or a student's results (types defined in
 * `@preau/core`, shared with the API's views).
 */
import type {
  GradebookSheetEvaluation,
  GradebookSheetView,
  GradebookStudent,
  StudentResultsView,
} from '@preau/core/gradebook/views';

export type GradebookSheet = GradebookSheetView;
export type StudentResults = StudentResultsView;
export type SheetEvaluation = GradebookSheetEvaluation;
export type SheetStudent = GradebookStudent;
export type GradebookData = GradebookSheet | StudentResults;

export function isSheet(data: GradebookData): data is GradebookSheet {
  return Array.isArray((data as GradebookSheet).students);
}
