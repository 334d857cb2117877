import { slugify } from '@preau/core';
import type { Db } from '../db/types.js';
import type { DirectorySnapshot, ExternalRef, PersonRole } from './model.js';

/** What the database holds for the établissement and year an import speaks of. */
export interface PersonRow {
  id: string;
  profile: string;
  firstName: string;
  lastName: string;
  functions: string[];
  uai: string | null;
  disabled: boolean;
  purged: boolean;
  birthDate: string | null;
  ine: string | null;
  email: string | null;
  mobile: string | null;
  acceptsSms: boolean | null;
  civility: string | null;
}

export interface CurrentState {
  classes: Map<string, { id: string; kind: string; headTeacherId: string | null }>;
  subjects: Map<string, { id: string; name: string; nationalCode: string | null }>;
  /** By `source|scope|id`. */
  byRef: Map<string, PersonRow>;
  /** Role of each externally known person, by `source|scope|id`. */
  managed: { key: string; role: PersonRole; source: string; person: PersonRow }[];
  /** School people of the établissement without an id of the import's staff source: adoptable by name. */
  unmanagedStaff: PersonRow[];
  /** `classId|studentId` */
  enrolments: Set<string>;
  /** `studentId|guardianId` → relation */
  guardianships: Map<string, string>;
  /** `teacherId|classId|subjectId` → id */
  assignments: Map<string, string>;
}

export const refKey = (ref: ExternalRef) => `${ref.source}|${ref.scope}|${ref.id}`;
export const roleOf = (profile: string): PersonRole =>
  profile === 'student' ? 'student' : profile === 'guardian' ? 'guardian' : 'staff';

const PERSON_COLUMNS = `u.id, u.profile, u.first_name AS "firstName", u.last_name AS "lastName", u.functions, u.uai,
  (u.disabled_at IS NOT NULL) AS disabled, (ac.purged_at IS NOT NULL) AS purged,
  to_char(d.birth_date, 'YYYY-MM-DD') AS "birthDate", d.ine, d.email, d.mobile, d.accepts_sms AS "acceptsSms",
  d.civility`;
const PERSON_JOINS = `LEFT JOIN person_details d ON d.user_id = u.id
  LEFT JOIN account_closures ac ON ac.user_id = u.id`;

export async function loadState(db: Db, snap: DirectorySnapshot, staffSource: string): Promise<CurrentState> {
  const { uai, schoolYear } = snap;
  const classes = await db.query<{ id: string; name: string; kind: string; head_teacher_id: string | null }>(
    'SELECT id, name, kind, head_teacher_id FROM classes WHERE uai = $1 AND school_year = $2',
    [uai, schoolYear],
  );
  const subjects = await db.query<{ id: string; code: string; name: string; national: string | null }>(
    `SELECT s.id, s.code, s.name,
            (SELECT x.external_id FROM external_ids x WHERE x.record_id = s.id AND x.source = 'bcn' LIMIT 1) AS national
       FROM subjects s WHERE s.uai = $1`,
    [uai],
  );
  const scopes = [
    ...new Set(
      [...snap.students, ...snap.guardians, ...snap.staff, ...snap.removals]
        .map((p) => ('ref' in p ? p.ref : p))
        .map((r) => `${r.source}|${r.scope}`)
        .concat(
          snap.managed.map((m) => `${m.split(':')[0]}|${m.startsWith('aaf') ? academieScope(snap) : uai}`),
        ),
    ),
  ];
  const known = await db.query<PersonRow & { source: string; scope: string; external_id: string }>(
    `SELECT x.source, x.scope, x.external_id, ${PERSON_COLUMNS}
       FROM external_ids x JOIN users u ON u.id = x.record_id ${PERSON_JOINS}
      WHERE x.kind = 'user' AND (x.source || '|' || x.scope) = ANY($1::text[])`,
    [scopes],
  );
  const unmanagedStaff = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM users u ${PERSON_JOINS}
      WHERE u.uai = $1 AND u.profile IN ('teacher', 'vie_scolaire', 'direction', 'staff') AND u.disabled_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM external_ids x WHERE x.record_id = u.id AND x.kind = 'user' AND x.source = $2)`,
    [uai, staffSource],
  );
  const enrolments = await db.query<{ class_id: string; student_id: string }>(
    `SELECT e.class_id, e.student_id FROM enrolments e JOIN classes c ON c.id = e.class_id
      WHERE c.uai = $1 AND c.school_year = $2`,
    [uai, schoolYear],
  );
  const guardianships = await db.query<{ student_id: string; guardian_id: string; relation: string }>(
    `SELECT g.student_id, g.guardian_id, g.relation FROM guardianships g JOIN users s ON s.id = g.student_id
      WHERE s.uai = $1`,
    [uai],
  );
  const assignments = await db.query<{
    id: string;
    teacher_id: string;
    class_id: string;
    subject_id: string;
  }>(
    `SELECT t.id, t.teacher_id, t.class_id, t.subject_id FROM teaching_assignments t JOIN classes c ON c.id = t.class_id
      WHERE c.uai = $1 AND c.school_year = $2`,
    [uai, schoolYear],
  );
  const managedKinds = new Set<string>(snap.managed);
  const byRef = new Map<string, PersonRow>();
  const managed: CurrentState['managed'] = [];
  for (const row of known) {
    const key = `${row.source}|${row.scope}|${row.external_id}`;
    byRef.set(key, row);
    const role = roleOf(row.profile);
    if (managedKinds.has(`${row.source}:${role}`) && row.uai === uai) {
      managed.push({ key, role, source: row.source, person: row });
    }
  }
  return {
    classes: new Map(
      classes.map((c) => [c.name, { id: c.id, kind: c.kind, headTeacherId: c.head_teacher_id }]),
    ),
    subjects: new Map(subjects.map((s) => [s.code, { id: s.id, name: s.name, nationalCode: s.national }])),
    byRef,
    managed,
    unmanagedStaff,
    enrolments: new Set(enrolments.map((e) => `${e.class_id}|${e.student_id}`)),
    guardianships: new Map(guardianships.map((g) => [`${g.student_id}|${g.guardian_id}`, g.relation])),
    assignments: new Map(assignments.map((a) => [`${a.teacher_id}|${a.class_id}|${a.subject_id}`, a.id])),
  };
}

/** The académie scope of an AAF snapshot (every AAF ref of it shares one). */
function academieScope(snap: DirectorySnapshot): string {
  const ref = [...snap.students, ...snap.guardians, ...snap.staff].find((p) => p.ref.source === 'aaf')?.ref;
  return ref?.scope ?? '';
}

/** Names compared without accents, case or punctuation (adopting an account made by hand, matching a teacher). */
export const sameName = (a: string, b: string) => slugify(a) === slugify(b);
