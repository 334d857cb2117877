/**
 * When entries reach students and parents, and whom to tell. The établissement's quiet hours (the "droit à la
 * déconnexion": by default nothing published 20:00–07:00 on school days, at weekends and in the holidays) decide the
 * publication time of an entry whose author chose none; the notices of its work go out through the live service at
 * that time, never before.
 */
import { nextAllowedDelivery } from '@preau/core';
import type { Db } from '../db/types.js';
import type { Publication } from '../live/service.js';
import { quietHoursOf } from '../live/store.js';

/**
 * The publication time of an entry written at `now` whose author chose none: at once when the établissement's
 * quiet hours allow it, else their next opening (07:00 the next school day for an entry written in the evening).
 * An author's explicit `publishAt` is kept as given.
 */
export async function defaultPublishAt(db: Db, uai: string, now: Date): Promise<Date> {
  return nextAllowedDelivery(now, await quietHoursOf(db, uai));
}

/** What changed in a piece of work: students and parents are told about new and changed work, and removals. */
export type WorkChange = 'new' | 'changed' | 'removed';

export const WORK_NOTICE_KINDS = {
  new: 'lesson-log.work-new',
  changed: 'lesson-log.work-changed',
  removed: 'lesson-log.work-removed',
} as const satisfies Record<WorkChange, string>;
/** A student ticked work done (or not): their parents' and their own other open pages follow. */
export const WORK_DONE_KIND = 'lesson-log.work-done';

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

export interface NoticeWork {
  id: string;
  entryId: string;
  /** The class or group the work is given to. */
  classId: string;
  subject: string;
  title: string;
  dueOn: string;
}

/**
 * The publications a new, changed or removed work item calls for: one per student and one per parent (naming
 * their children concerned), delivered at the entry's publication (`deliverAt`) and within the établissement's
 * quiet hours.
 */
export async function workNotices(
  db: Db,
  change: WorkChange,
  work: NoticeWork,
  deliverAt: Date,
  uai: string,
): Promise<Publication[]> {
  const { studentIds, guardiansOf } = await workAudience(db, work.classId);
  const kind = WORK_NOTICE_KINDS[change];
  const base = {
    entryId: work.entryId,
    workId: work.id,
    classId: work.classId,
    subject: work.subject,
    title: work.title,
    dueOn: work.dueOn,
  };
  return [
    ...studentIds.map((id) => ({ audience: [id], payload: { ...base, studentIds: [id] } })),
    ...[...guardiansOf].map(([guardian, children]) => ({
      audience: [guardian],
      payload: { ...base, studentIds: children },
    })),
  ].map((p) => ({ ...p, kind, uai, deliverAt }));
}
