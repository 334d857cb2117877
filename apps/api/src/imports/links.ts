import { personName } from '@preau/core';
import type { Db } from '../db/types.js';
import { newId } from '../ids.js';
import type { DirectorySnapshot, ImportedGuardian, ImportedStaff, ImportedStudent } from './model.js';
import type { Action, ImportPlan, Subject } from './plan.js';
import { type CurrentState, refKey } from './state.js';

/**
 * The links between people and structures an import sets: enrolments (classes and groups), guardianships,
 * teaching services. A complete list replaces the links of the kinds it speaks of; a delta's additions and
 * removals leave the others as they are.
 */
export interface LinkRun {
  readonly snap: DirectorySnapshot;
  readonly state: CurrentState;
  readonly plan: ImportPlan;
  /** Our user id for each snapshot ref (existing or about to be created). */
  readonly ids: ReadonlyMap<string, string>;
  readonly classIds: ReadonlyMap<string, string>;
  readonly subjectIds: ReadonlyMap<string, string>;
  note(action: Action, subject: Subject, label: string, write?: (tx: Db) => Promise<void>): void;
}

export function enrolments(run: LinkRun, s: ImportedStudent): void {
  const studentId = run.ids.get(refKey(s.ref));
  if (!studentId || s.departed) return;
  const name = personName(s) || s.ref.id;
  const enrol = (code: string) => {
    const classId = run.classIds.get(code);
    if (!classId) {
      run.plan.warnings.push(`${name} : structure ${code} inconnue.`);
      return;
    }
    if (run.state.enrolments.has(`${classId}|${studentId}`)) return;
    run.note('add', 'enrolment', `${name} → ${code}`, (tx) =>
      tx
        .query('INSERT INTO enrolments (class_id, student_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          classId,
          studentId,
        ])
        .then(() => undefined),
    );
  };
  const leave = (code: string, classId: string) => {
    if (!run.state.enrolments.has(`${classId}|${studentId}`)) return;
    run.note('remove', 'enrolment', `${name} ✕ ${code}`, (tx) =>
      tx
        .query('DELETE FROM enrolments WHERE class_id = $1 AND student_id = $2', [classId, studentId])
        .then(() => undefined),
    );
  };
  if (s.structures !== undefined) {
    for (const code of s.structures) enrol(code);
    // Leaves the classes (or groups) of the year the source no longer lists for them: a move between classes.
    const wanted = new Set(s.structures.map((code) => run.classIds.get(code)));
    const kinds = new Set(s.structureKinds ?? ['classe', 'groupe']);
    for (const [code, cls] of run.state.classes) {
      if (!wanted.has(cls.id) && kinds.has(cls.kind as 'classe')) leave(code, cls.id);
    }
  }
  // A delta's additions and removals leave the other enrolments as they are.
  for (const code of s.structuresAdded ?? []) enrol(code);
  for (const code of s.structuresRemoved ?? []) {
    const cls = run.state.classes.get(code);
    if (cls) leave(code, cls.id);
  }
}

export function guardianships(run: LinkRun, g: ImportedGuardian): void {
  const guardianId = run.ids.get(refKey(g.ref));
  if (!guardianId || !g.children) return;
  const name = personName(g);
  const wanted = new Set<string>();
  for (const c of g.children) {
    const studentId = run.ids.get(refKey({ ...g.ref, id: c.studentId }));
    if (!studentId) continue;
    wanted.add(studentId);
    const current = run.state.guardianships.get(`${studentId}|${guardianId}`);
    if (current === c.relation) continue;
    run.note(current ? 'update' : 'add', 'guardianship', `${name} — enfant ${c.studentId}`, (tx) =>
      tx
        .query(
          `INSERT INTO guardianships (student_id, guardian_id, relation) VALUES ($1, $2, $3)
         ON CONFLICT (student_id, guardian_id) DO UPDATE SET relation = EXCLUDED.relation`,
          [studentId, guardianId, c.relation],
        )
        .then(() => undefined),
    );
  }
  for (const key of run.state.guardianships.keys()) {
    const [studentId, gid] = key.split('|');
    if (gid !== guardianId || wanted.has(studentId!)) continue;
    run.note('remove', 'guardianship', `${name} — ${studentId}`, (tx) =>
      tx
        .query('DELETE FROM guardianships WHERE student_id = $1 AND guardian_id = $2', [
          studentId,
          guardianId,
        ])
        .then(() => undefined),
    );
  }
}

export function services(run: LinkRun, p: ImportedStaff): void {
  const teacherId = run.ids.get(refKey(p.ref));
  if (!teacherId) return;
  const name = personName(p);
  const keyOf = (v: { structure: string; subject: string }) => {
    const classId = run.classIds.get(v.structure) ?? run.state.classes.get(v.structure)?.id;
    const subjectId = run.subjectIds.get(v.subject) ?? run.state.subjects.get(v.subject)?.id;
    return classId && subjectId ? { key: `${teacherId}|${classId}|${subjectId}`, classId, subjectId } : null;
  };
  const give = (v: { structure: string; subject: string }) => {
    const k = keyOf(v);
    if (!k || run.state.assignments.has(k.key)) return k?.key;
    run.note('add', 'service', `${name} : ${v.subject} en ${v.structure}`, (tx) =>
      tx
        .query(
          'INSERT INTO teaching_assignments (id, teacher_id, class_id, subject_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [newId('ta'), teacherId, k.classId, k.subjectId],
        )
        .then(() => undefined),
    );
    return k.key;
  };
  const withdraw = (id: string, label: string) =>
    run.note('remove', 'service', `${name} : ${label}`, (tx) =>
      tx.query('DELETE FROM teaching_assignments WHERE id = $1', [id]).then(() => undefined),
    );
  if (p.services) {
    const wanted = new Set(p.services.map(give));
    const kinds = new Set(p.serviceKinds ?? ['classe', 'groupe']);
    // A complete import speaks of its own structures (classes made by hand are not its business); a delta's
    // replaced list speaks of the whole year's, of the kinds it names.
    const imported = new Map<string | undefined, string>(
      run.snap.mode === 'delta'
        ? [...run.state.classes.values()].map((c) => [c.id, c.kind])
        : run.snap.structures.map((st) => [run.classIds.get(st.code), st.kind]),
    );
    for (const [key, id] of run.state.assignments) {
      const [tid, classId] = key.split('|');
      const kind = imported.get(classId!);
      if (tid === teacherId && !wanted.has(key) && kind && kinds.has(kind as 'classe'))
        withdraw(id, 'service retiré');
    }
  }
  // A delta's added and removed services leave the others as they are.
  for (const v of p.servicesAdded ?? []) give(v);
  for (const v of p.servicesRemoved ?? []) {
    const k = keyOf(v);
    const id = k && run.state.assignments.get(k.key);
    if (id) withdraw(id, `${v.subject} en ${v.structure} retiré`);
  }
  for (const code of p.headOf ?? []) {
    const cls = run.state.classes.get(code);
    const classId = run.classIds.get(code);
    if (!classId || cls?.headTeacherId === teacherId) continue;
    run.note('update', 'head_teacher', `${name} : professeur principal de ${code}`, (tx) =>
      tx
        .query('UPDATE classes SET head_teacher_id = $2 WHERE id = $1', [classId, teacherId])
        .then(() => undefined),
    );
  }
}
