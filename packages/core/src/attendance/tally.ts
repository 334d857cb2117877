import { halfDayOf } from './half-days.js';
import { type AttendanceStatus, DEFAULT_ALERT_THRESHOLD, isAbsence } from './statuses.js';

/** One recorded entry as the tallies need it (erroneous entries are left out by the caller or flagged here). */
export interface TallyEntry {
  studentId: string;
  /** Start of the séance, ISO 8601 instant. */
  startsAt: string;
  status: AttendanceStatus;
  /** Minutes late, for `retard`. */
  lateMinutes?: number | null;
  /** True when a validated justification with a justifying motif covers the entry (régularisée). */
  justified: boolean;
  /** Entries marked erroneous never count. */
  erroneous?: boolean;
}

export interface TallyOptions {
  alertThreshold?: number;
  afternoonStartsAt?: string;
}

export interface MonthTally {
  /** YYYY-MM, local month. */
  month: string;
  absentHalfDays: number;
  unjustifiedHalfDays: number;
  /** Unjustified demi-journées reach the alert threshold this month. */
  alert: boolean;
}

export interface StudentTally {
  studentId: string;
  absentHalfDays: number;
  /** Demi-journées with at least one absence not régularisée by a justifying motif. */
  unjustifiedHalfDays: number;
  absences: number;
  lateCount: number;
  lateMinutes: number;
  unjustifiedLateCount: number;
  earlyDepartures: number;
  exclusions: number;
  months: MonthTally[];
  /** At least one month reaches the alert threshold. */
  alert: boolean;
}

export interface GroupTally {
  students: number;
  absentHalfDays: number;
  unjustifiedHalfDays: number;
  lateCount: number;
  lateMinutes: number;
  /** Students with at least one month over the threshold. */
  studentsInAlert: number;
}

function emptyTally(studentId: string): StudentTally {
  return {
    studentId,
    absentHalfDays: 0,
    unjustifiedHalfDays: 0,
    absences: 0,
    lateCount: 0,
    lateMinutes: 0,
    unjustifiedLateCount: 0,
    earlyDepartures: 0,
    exclusions: 0,
    months: [],
    alert: false,
  };
}

/**
 * Counts one student's entries. A demi-journée counts as absent when the student missed at least one séance in
 * it, and as unjustified when at least one of those absences is not régularisée. The result does not depend on
 * the order of the entries.
 */
export function tallyStudent(
  studentId: string,
  entries: Iterable<TallyEntry>,
  options: TallyOptions = {},
): StudentTally {
  const threshold = options.alertThreshold ?? DEFAULT_ALERT_THRESHOLD;
  const t = emptyTally(studentId);
  // half-day key → { month, unjustified }
  const halfDays = new Map<string, { month: string; unjustified: boolean }>();
  for (const e of entries) {
    if (e.erroneous) continue;
    if (isAbsence(e.status)) {
      t.absences++;
      const h = halfDayOf(e.startsAt, options.afternoonStartsAt);
      const prev = halfDays.get(h.key);
      halfDays.set(h.key, { month: h.month, unjustified: (prev?.unjustified ?? false) || !e.justified });
    } else if (e.status === 'retard') {
      t.lateCount++;
      t.lateMinutes += Math.max(0, Math.round(e.lateMinutes ?? 0));
      if (!e.justified) t.unjustifiedLateCount++;
    } else if (e.status === 'depart_anticipe') {
      t.earlyDepartures++;
    } else if (e.status === 'exclusion') {
      t.exclusions++;
    }
  }
  const months = new Map<string, MonthTally>();
  for (const h of halfDays.values()) {
    let m = months.get(h.month);
    if (!m) {
      m = { month: h.month, absentHalfDays: 0, unjustifiedHalfDays: 0, alert: false };
      months.set(h.month, m);
    }
    m.absentHalfDays++;
    if (h.unjustified) m.unjustifiedHalfDays++;
  }
  t.months = [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  for (const m of t.months) {
    m.alert = m.unjustifiedHalfDays >= threshold;
    t.absentHalfDays += m.absentHalfDays;
    t.unjustifiedHalfDays += m.unjustifiedHalfDays;
    if (m.alert) t.alert = true;
  }
  return t;
}

/** Tallies every student in `entries` (plus `studentIds` with nothing recorded), sorted by student id. */
export function tallyStudents(
  entries: Iterable<TallyEntry>,
  options: TallyOptions = {},
  studentIds: Iterable<string> = [],
): StudentTally[] {
  const byStudent = new Map<string, TallyEntry[]>();
  for (const id of studentIds) byStudent.set(id, []);
  for (const e of entries) {
    let list = byStudent.get(e.studentId);
    if (!list) {
      list = [];
      byStudent.set(e.studentId, list);
    }
    list.push(e);
  }
  return [...byStudent.keys()].sort().map((id) => tallyStudent(id, byStudent.get(id)!, options));
}

/** Sums student tallies for a class or an établissement. */
export function sumTallies(tallies: Iterable<StudentTally>): GroupTally {
  const g: GroupTally = {
    students: 0,
    absentHalfDays: 0,
    unjustifiedHalfDays: 0,
    lateCount: 0,
    lateMinutes: 0,
    studentsInAlert: 0,
  };
  for (const t of tallies) {
    g.students++;
    g.absentHalfDays += t.absentHalfDays;
    g.unjustifiedHalfDays += t.unjustifiedHalfDays;
    g.lateCount += t.lateCount;
    g.lateMinutes += t.lateMinutes;
    if (t.alert) g.studentsInAlert++;
  }
  return g;
}
