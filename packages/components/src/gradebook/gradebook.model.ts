/**
 * The grade book's view model: the class sheet turned into immutable rows (one object per student, replaced when one
 * of its marks changes) so that rendering can skip unchanged rows, with averages and statistics memoized per row and
 * per column. Every number comes from the rules in `@preau/core`.
 */
import type { AverageSettings, MarkEntry, Stats, SubjectAverageDetail } from '@preau/core/gradebook/average';
import { evaluationStats, statsOf, subjectAverageDetail } from '@preau/core/gradebook/average';
import type { MarkValue } from '@preau/core/gradebook/marks';
import type { MarkChange } from './gradebook.events.js';
import type { GradebookSheet, SheetEvaluation, SheetStudent } from './gradebook.types.js';

export interface Row {
  readonly student: SheetStudent;
  /** evaluationId → value; absent key = empty cell. */
  readonly marks: ReadonlyMap<string, MarkValue>;
}

export class SheetModel {
  readonly evaluations: readonly SheetEvaluation[];
  readonly settings: AverageSettings;
  rows: Row[];
  readonly #rowIndex = new Map<string, number>();
  readonly #averages = new WeakMap<Row, SubjectAverageDetail | null>();
  readonly #columnVersion = new Map<string, number>();
  readonly #columnStats = new Map<string, { version: number; stats: Stats | null }>();
  #averageStats: { rows: Row[]; stats: Stats | null } | undefined;

  constructor(readonly sheet: GradebookSheet) {
    this.evaluations = sheet.evaluations;
    this.settings = { unjustifiedAbsenceCountsZero: sheet.settings?.unjustifiedAbsenceCountsZero ?? false };
    const byStudent = new Map<string, Map<string, MarkValue>>();
    for (const m of sheet.marks) {
      if (m.value === null || m.value === undefined) continue;
      let marks = byStudent.get(m.studentId);
      if (!marks) {
        marks = new Map();
        byStudent.set(m.studentId, marks);
      }
      marks.set(m.evaluationId, m.value);
    }
    this.rows = sheet.students.map((student, i) => {
      this.#rowIndex.set(student.id, i);
      return { student, marks: byStudent.get(student.id) ?? new Map() };
    });
  }

  value(row: number, evaluation: number): MarkValue | null {
    return this.rows[row]?.marks.get(this.evaluations[evaluation]?.id ?? '') ?? null;
  }

  valueOf(studentId: string, evaluationId: string): MarkValue | null {
    const i = this.#rowIndex.get(studentId);
    return i === undefined ? null : (this.rows[i]!.marks.get(evaluationId) ?? null);
  }

  /** Applies changes (each cell's `value`); rows and columns touched get new identities/versions. */
  apply(changes: readonly Pick<MarkChange, 'studentId' | 'evaluationId' | 'value'>[]): void {
    const touched = new Map<number, Map<string, MarkValue>>();
    for (const c of changes) {
      const i = this.#rowIndex.get(c.studentId);
      if (i === undefined) continue;
      let marks = touched.get(i);
      if (!marks) {
        marks = new Map(this.rows[i]!.marks);
        touched.set(i, marks);
      }
      if (c.value === null) marks.delete(c.evaluationId);
      else marks.set(c.evaluationId, c.value);
      this.#columnVersion.set(c.evaluationId, (this.#columnVersion.get(c.evaluationId) ?? 0) + 1);
    }
    if (touched.size === 0) return;
    const rows = this.rows.slice();
    for (const [i, marks] of touched) rows[i] = { student: rows[i]!.student, marks };
    this.rows = rows;
  }

  /** The student's subject average (exact and rounded), memoized on the row object. */
  average(row: Row): SubjectAverageDetail | null {
    let detail = this.#averages.get(row);
    if (detail === undefined) {
      const entries: MarkEntry[] = [];
      for (const evaluation of this.evaluations) {
        const value = row.marks.get(evaluation.id);
        if (value !== undefined) entries.push({ evaluation, value });
      }
      detail = subjectAverageDetail(entries, this.settings);
      this.#averages.set(row, detail);
    }
    return detail;
  }

  /** Class statistics of one évaluation (on its barème), recomputed only when that column changed. */
  columnStats(evaluation: SheetEvaluation): Stats | null {
    const version = this.#columnVersion.get(evaluation.id) ?? 0;
    const cached = this.#columnStats.get(evaluation.id);
    if (cached && cached.version === version) return cached.stats;
    const values = this.rows.map((r) => r.marks.get(evaluation.id) ?? null);
    const stats = evaluationStats(values, evaluation, this.settings);
    this.#columnStats.set(evaluation.id, { version, stats });
    return stats;
  }

  /** Class statistics of the subject averages (over the exact averages). */
  averageStats(): Stats | null {
    if (this.#averageStats?.rows === this.rows) return this.#averageStats.stats;
    const exact = [];
    for (const row of this.rows) {
      const d = this.average(row);
      if (d) exact.push(d.exact);
    }
    const stats = statsOf(exact);
    this.#averageStats = { rows: this.rows, stats };
    return stats;
  }
}
