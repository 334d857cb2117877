/** What an import of the directory would do (preview) or did, as `POST …/directory/preview|import` answers. */
export const PLAN_ACTIONS = ['create', 'update', 'adopt', 'reopen', 'add', 'remove', 'close'] as const;
export const PLAN_SUBJECTS = [
  'student',
  'guardian',
  'staff',
  'classe',
  'groupe',
  'subject',
  'service',
  'head_teacher',
  'enrolment',
  'guardianship',
  'period',
] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];
export type PlanSubject = (typeof PLAN_SUBJECTS)[number];

export interface PlanEntry {
  action: PlanAction;
  subject: PlanSubject;
  label: string;
}

export interface ImportPlan {
  kind: string;
  mode: 'full' | 'delta';
  schoolYear: number | null;
  /** Count of each known `action:subject`, zero left out. */
  counts: Map<`${PlanAction}:${PlanSubject}`, number>;
  entries: PlanEntry[];
  total: number;
  warnings: string[];
  /** After an import: its classes, whose credential sheets can be printed. */
  classes: { id: string; name: string }[];
}

const isAction = (v: unknown): v is PlanAction => PLAN_ACTIONS.includes(v as PlanAction);
const isSubject = (v: unknown): v is PlanSubject => PLAN_SUBJECTS.includes(v as PlanSubject);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Reads an untrusted plan: unknown actions, subjects and malformed entries are dropped; null if it is no plan. */
export function asImportPlan(value: unknown): ImportPlan | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const counts: ImportPlan['counts'] = new Map();
  if (v.counts && typeof v.counts === 'object' && !Array.isArray(v.counts)) {
    for (const [key, n] of Object.entries(v.counts)) {
      const [action, subject] = key.split(':');
      if (isAction(action) && isSubject(subject) && isCount(n)) counts.set(`${action}:${subject}`, n);
    }
  }
  const entries = (Array.isArray(v.entries) ? v.entries : []).flatMap((e): PlanEntry[] => {
    if (!e || typeof e !== 'object') return [];
    const { action, subject, label } = e as Record<string, unknown>;
    return isAction(action) && isSubject(subject) && text(label)
      ? [{ action, subject, label: text(label) }]
      : [];
  });
  const counted = [...counts.values()].reduce((a, b) => a + b, 0);
  return {
    kind: text(v.kind),
    mode: v.mode === 'delta' ? 'delta' : 'full',
    schoolYear: typeof v.schoolYear === 'number' && Number.isInteger(v.schoolYear) ? v.schoolYear : null,
    counts,
    entries,
    total: isCount(v.total) ? Math.max(v.total, counted) : counted,
    warnings: (Array.isArray(v.warnings) ? v.warnings : []).filter((w): w is string => !!text(w)),
    classes: (Array.isArray(v.classes) ? v.classes : []).flatMap((k) => {
      const { id, name } = (k && typeof k === 'object' ? k : {}) as Record<string, unknown>;
      return text(id) && text(name) ? [{ id: text(id), name: text(name) }] : [];
    }),
  };
}
