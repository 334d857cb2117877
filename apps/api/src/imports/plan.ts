/**
 * What an import would do or did: counts per `action:subject` and the first entries, for the preview, the
 * direction's page and the command line.
 */
export type Action = 'create' | 'update' | 'adopt' | 'close' | 'reopen' | 'add' | 'remove';
export type Subject =
  | 'classe'
  | 'groupe'
  | 'subject'
  | 'student'
  | 'guardian'
  | 'staff'
  | 'enrolment'
  | 'guardianship'
  | 'service'
  | 'head_teacher'
  | 'period';

export interface PlanEntry {
  action: Action;
  subject: Subject;
  label: string;
}

export interface ImportPlan {
  kind: string;
  uai: string;
  schoolYear: number;
  mode: 'full' | 'delta';
  /** `action:subject` → count, e.g. `create:student`. */
  counts: Record<string, number>;
  /** The first entries (the counts are complete). */
  entries: PlanEntry[];
  total: number;
  warnings: string[];
  /** The divisions and groups the source describes (their classes' credential sheets are the import's). */
  structures: string[];
}

const MAX_ENTRIES = 2000;

/** Counts one change in the plan (and lists it among the first `MAX_ENTRIES`). */
export function noteChange(plan: ImportPlan, action: Action, subject: Subject, label: string): void {
  const key = `${action}:${subject}`;
  plan.counts[key] = (plan.counts[key] ?? 0) + 1;
  plan.total++;
  if (plan.entries.length < MAX_ENTRIES) plan.entries.push({ action, subject, label });
}
