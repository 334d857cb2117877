/**
 * When entries reach students and parents, and whom to tell. Kept in one place so that the établissement's quiet
 * hours (the "droit à la déconnexion": nothing published 20:00–07:00 on school days and at weekends) change one
 * function: `defaultPublishAt`.
 */
import type { Db } from '../db/types.js';

/**
 * The publication time of an entry written at `now` whose author chose none. Today: at once. With quiet hours this
 * becomes the next opening of the établissement's hours (computed by `@preau/core` from its settings), e.g. 07:00
 * the next school day for an entry written in the evening; an author's explicit `publishAt` is kept as given.
 */
export async function defaultPublishAt(_db: Db, _uai: string, now: Date): Promise<Date> {
  return now;
}

/** A notice the live service delivers once `notBefore` has come (students and parents never see unpublished work). */
export interface LessonNotice {
  kind: 'lesson-log.work-new' | 'lesson-log.work-changed';
  recipientIds: string[];
  notBefore: Date;
  payload: {
    entryId: string;
    workId: string;
    classId: string;
    subject: string;
    title: string;
    dueOn: string;
    /** The students of the recipient this work is for (a parent may have several children in the class). */
    studentIds: string[];
  };
}

/** The students a class or group's work is for, and their guardians. */
export async function workAudience(
  db: Db,
  classId: string,
): Promise<{ studentIds: string[]; guardiansOf: Map<string, string[]> }> {
  const rows = await db.query<{ student_id: string; guardian_id: string | null }>(
    `SELECT e.student_id, g.guardian_id FROM enrolments e JOIN users u ON u.id = e.student_id
       LEFT JOIN guardianships g ON g.student_id = e.student_id
      WHERE e.class_id = $1 AND u.disabled_at IS NULL ORDER BY e.student_id, g.guardian_id`,
    [classId],
  );
  const studentIds = [...new Set(rows.map((r) => r.student_id))];
  const guardiansOf = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.guardian_id) continue;
    guardiansOf.set(r.guardian_id, [...(guardiansOf.get(r.guardian_id) ?? []), r.student_id]);
  }
  return { studentIds, guardiansOf };
}

/**
 * The notices a new or changed work item calls for: one per student and one per parent (naming their children
 * concerned), not before the entry's publication.
 */
export async function workNotices(
  db: Db,
  change: 'new' | 'changed',
  work: { id: string; entryId: string; classId: string; subject: string; title: string; dueOn: string },
  publishAt: Date,
): Promise<LessonNotice[]> {
  const { studentIds, guardiansOf } = await workAudience(db, work.classId);
  const kind = change === 'new' ? 'lesson-log.work-new' : 'lesson-log.work-changed';
  const base = {
    entryId: work.entryId,
    workId: work.id,
    classId: work.classId,
    subject: work.subject,
    title: work.title,
    dueOn: work.dueOn,
  };
  return [
    ...studentIds.map((id) => ({
      kind,
      recipientIds: [id],
      notBefore: publishAt,
      payload: { ...base, studentIds: [id] },
    })),
    ...[...guardiansOf].map(([guardian, children]) => ({
      kind,
      recipientIds: [guardian],
      notBefore: publishAt,
      payload: { ...base, studentIds: children },
    })),
  ] as LessonNotice[];
}
