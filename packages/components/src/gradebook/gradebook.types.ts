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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isObject) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const named = (v: unknown) =>
  isObject(v) ? { ...v, id: text(v.id), name: text(v.name) } : { id: '', name: '' };

/**
 * What the element shows from whatever the host or the server handed it: missing lists become empty, entries
 * without an id or with an impossible barème are left out, unknown levels show as not assessed. The element never
 * throws on bad data (it shows less).
 */
export function normalizeData(data: unknown): GradebookData | null {
  if (!isObject(data)) return null;
  if (Array.isArray(data.students)) {
    const sheet = data as unknown as GradebookSheet;
    return {
      ...sheet,
      class: named(data.class),
      subject: named(data.subject),
      period: isObject(data.period)
        ? { ...sheet.period, label: text(data.period.label) }
        : { id: '', label: '' },
      evaluations: list(data.evaluations).filter(
        (e) => typeof e.id === 'string' && typeof e.outOf === 'number' && e.outOf > 0,
      ) as unknown as SheetEvaluation[],
      students: list(data.students).filter((s) => typeof s.id === 'string') as unknown as SheetStudent[],
      marks: list(data.marks).filter(
        (m) => typeof m.studentId === 'string' && typeof m.evaluationId === 'string',
      ) as unknown as GradebookSheet['marks'],
    };
  }
  if (Array.isArray(data.subjects) || isObject(data.student)) {
    const results = data as unknown as StudentResults;
    const student = isObject(data.student) ? data.student : {};
    return {
      ...results,
      student: { id: text(student.id), firstName: text(student.firstName), lastName: text(student.lastName) },
      period: isObject(data.period)
        ? { ...results.period, label: text(data.period.label) }
        : { id: '', label: '' },
      subjects: list(data.subjects).map((s) => ({
        ...(s as unknown as StudentResults['subjects'][number]),
        id: text(s.id),
        name: text(s.name),
        evaluations: list(s.evaluations) as unknown as StudentResults['subjects'][number]['evaluations'],
      })),
      competences: list(data.competences).map((c) => ({
        domain: text(c.domain) as NonNullable<StudentResults['competences']>[number]['domain'],
        level: c.level === 1 || c.level === 2 || c.level === 3 || c.level === 4 ? c.level : null,
      })),
    };
  }
  return null;
}
