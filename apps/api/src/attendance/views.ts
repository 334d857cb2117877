/** Attendance rows as the API answers them (`@preau/core`'s view types). */
import {
  addDays,
  displayName,
  type EntryView,
  type JustificationView,
  type Motif,
  parisMidnight,
  type SeanceView,
  type StudentRef,
} from '@preau/core';
import type { JustificationRow } from './justification-store.js';
import type { EntryRow, SeanceRow } from './store.js';

export function seanceView(s: SeanceRow): SeanceView {
  return {
    id: s.id,
    classId: s.class_id,
    className: s.class_name,
    uai: s.uai,
    subject: s.subject_name,
    teacherId: s.teacher_id,
    teacherName: displayName({ firstName: s.teacher_first_name, lastName: s.teacher_last_name }),
    startsAt: new Date(s.starts_at).toISOString(),
    endsAt: new Date(s.ends_at).toISOString(),
    room: s.room,
  };
}

export const entryView = (e: EntryRow): EntryView => ({
  id: e.id,
  studentId: e.student_id,
  status: e.status,
  lateMinutes: e.late_minutes,
  note: e.note,
  erroneous: e.erroneous,
  version: e.version,
  recordedAt: new Date(e.recorded_at).toISOString(),
});

/** What a family's notice about an entry says. */
export function noticePayload(s: SeanceRow, student: StudentRef | undefined, v: EntryView) {
  return {
    entryId: v.id,
    studentId: v.studentId,
    studentName: student ? displayName(student) : undefined,
    status: v.status,
    lateMinutes: v.lateMinutes,
    erroneous: v.erroneous,
    seanceId: s.id,
    subject: s.subject_name,
    className: s.class_name,
    startsAt: new Date(s.starts_at).toISOString(),
    endsAt: new Date(s.ends_at).toISOString(),
  };
}

export function justificationView(j: JustificationRow, motifs: readonly Motif[]): JustificationView {
  return {
    id: j.id,
    studentId: j.student_id,
    studentName: displayName({ firstName: j.first_name, lastName: j.last_name }),
    className: j.class_name,
    state: j.state,
    motif: j.motif,
    motifLabel: motifs.find((m) => m.code === j.motif)?.label ?? j.motif,
    comment: j.comment,
    fileId: j.file_id,
    fileMediaType: j.media_type,
    submittedAt: new Date(j.submitted_at).toISOString(),
    submittedBy: j.submitted_by,
    entryIds: j.entry_ids,
    regularisee: j.state === 'validee' && j.justifies === true,
    decidedAt: j.decided_at ? new Date(j.decided_at).toISOString() : null,
    decisionComment: j.decision_comment,
  };
}

/** A Europe/Paris date range as instants [from 00:00, day after `to` 00:00). */
export function rangeInstants(from: string, to: string): [Date, Date] {
  return [parisMidnight(from), parisMidnight(addDays(to, 1))];
}
