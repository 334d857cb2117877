import type { AttendanceStatus, JustificationState, Motif, RollCallState } from './statuses.js';
import type { GroupTally, StudentTally } from './tally.js';

/**
 * What the attendance API answers, shared by the API (which builds them) and the <preau-attendance> element
 * (which shows them, in connected or property mode). Instants are ISO 8601 strings, dates YYYY-MM-DD.
 */

export type TallyScope = 'student' | 'class' | 'etablissement';

export interface SeanceView {
  id: string;
  classId: string;
  className: string;
  uai: string;
  subject: string;
  teacherId: string;
  teacherName: string;
  startsAt: string;
  endsAt: string;
  room: string | null;
}

export interface StudentRef {
  id: string;
  firstName: string;
  lastName: string;
}

export interface EntryView {
  id: string;
  studentId: string;
  status: AttendanceStatus;
  lateMinutes: number | null;
  note: string | null;
  erroneous: boolean;
  version: number;
  recordedAt: string;
}

export interface RollCallView {
  seance: SeanceView;
  state: RollCallState;
  closedAt: string | null;
  students: StudentRef[];
  entries: EntryView[];
}

/** One line of a 409 `roll-call-conflict`: the entry changed since the sender saw it, to something else. */
export interface RollCallConflict {
  studentId: string;
  /** What the sender asked for. */
  yours: { status: AttendanceStatus; lateMinutes: number | null };
  /** The entry as it is now (null: it was removed, never the case today). */
  theirs: EntryView | null;
  /** Who made the change now on record (« Mila BARBIER »). */
  changedBy: string;
}

export interface HistoryItem {
  version: number;
  status: AttendanceStatus;
  lateMinutes: number | null;
  note: string | null;
  erroneous: boolean;
  recordedAt: string;
  recordedBy: string;
  changedAt: string | null;
  changedBy: string | null;
  reason: string | null;
}

export interface JustificationView {
  id: string;
  studentId: string;
  studentName: string;
  className: string | null;
  state: JustificationState;
  motif: string;
  motifLabel: string;
  /**
   * The family's own words, the CPE's answer and the document: only for the family and the vie scolaire (and
   * direction). Absent for a teacher, who sees the state and the motif.
   */
  comment?: string;
  fileId?: string | null;
  fileMediaType?: string | null;
  submittedAt: string;
  submittedBy: string;
  entryIds: string[];
  /** Validated with a justifying motif. */
  regularisee: boolean;
  decidedAt: string | null;
  decisionComment?: string | null;
}

export interface StudentEntryView extends EntryView {
  seanceId: string;
  subject: string;
  startsAt: string;
  endsAt: string;
  /** The latest justification covering the entry, if any. */
  justificationId: string | null;
  justificationState: JustificationState | null;
  regularisee: boolean;
}

export interface StudentAttendanceView {
  student: StudentRef & { className: string | null };
  from: string;
  to: string;
  entries: StudentEntryView[];
  justifications: JustificationView[];
  motifs: Motif[];
  tally: StudentTally;
  alertThreshold: number;
}

export interface TallyRow extends StudentTally {
  firstName: string;
  lastName: string;
  className: string | null;
}

export interface TalliesView {
  scope: TallyScope;
  id: string;
  from: string;
  to: string;
  alertThreshold: number;
  students: TallyRow[];
  total: GroupTally;
}

export interface WeekGridView {
  weekStart: string;
  days: string[];
  slots: string[];
  students: { id: string; name: string; className: string | null }[];
  /**
   * Recorded entries other than présent, compact: [student index, day 0–4, slot 0–7, status, late minutes,
   * régularisée (1/0), entry id].
   */
  cells: [number, number, number, AttendanceStatus, number | null, 0 | 1, string][];
}
