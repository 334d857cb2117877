/** Attendance's SQL: séances, roll calls, entries and their history, justifications, and the office's views. */
import {
  type AttendanceSettings,
  type AttendanceStatus,
  type JustificationState,
  resolveAttendanceSettings,
  type StudentRef,
} from '@preau/core';
import type { Db } from '../db/types.js';

// ---------------------------------------------------------------- séances, settings, people

export interface SeanceRow {
  id: string;
  class_id: string;
  class_name: string;
  uai: string;
  subject_id: string;
  subject_name: string;
  teacher_id: string;
  teacher_first_name: string;
  teacher_last_name: string;
  starts_at: Date;
  ends_at: Date;
  room: string | null;
}

const SEANCE_SELECT = `
  SELECT s.id, s.class_id, c.name AS class_name, c.uai, s.subject_id, sub.name AS subject_name, s.teacher_id,
         t.first_name AS teacher_first_name, t.last_name AS teacher_last_name, s.starts_at, s.ends_at, s.room
    FROM seances s JOIN classes c ON c.id = s.class_id JOIN subjects sub ON sub.id = s.subject_id
    JOIN users t ON t.id = s.teacher_id`;

export async function loadSeance(db: Db, seanceId: string): Promise<SeanceRow | undefined> {
  const [row] = await db.query<SeanceRow>(`${SEANCE_SELECT} WHERE s.id = $1`, [seanceId]);
  return row;
}

/** A teacher's séances starting in [start, end), in time order, with the state of each roll call. */
export async function teacherSeances(
  db: Db,
  teacherId: string,
  start: Date,
  end: Date,
): Promise<(SeanceRow & { entries: number; closed: boolean })[]> {
  return db.query(
    `SELECT q.*, (SELECT count(*)::int FROM attendance_entries e WHERE e.seance_id = q.id) AS entries,
            EXISTS (SELECT 1 FROM roll_calls r WHERE r.seance_id = q.id AND r.closed_at IS NOT NULL) AS closed
       FROM (${SEANCE_SELECT} WHERE s.teacher_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3) q
      ORDER BY q.starts_at, q.class_name, q.id`,
    [teacherId, start, end],
  );
}

/** The séances of a class (and subject, and teacher) starting in [start, end), in time order. */
export async function classSeances(
  db: Db,
  q: { classId: string; subjectId?: string; teacherId?: string; start: Date; end: Date },
): Promise<{ id: string; starts_at: Date; ends_at: Date }[]> {
  return db.query(
    `SELECT s.id, s.starts_at, s.ends_at FROM seances s
      WHERE s.class_id = $1 AND ($2::text IS NULL OR s.subject_id = $2::text)
        AND s.starts_at >= $3 AND s.starts_at < $4 AND ($5::text IS NULL OR s.teacher_id = $5::text)
      ORDER BY s.starts_at`,
    [q.classId, q.subjectId ?? null, q.start, q.end, q.teacherId ?? null],
  );
}

/** The établissement's attendance settings (alert threshold, afternoon start, motifs), defaults filled in. */
export async function attendanceSettings(db: Db, uai: string): Promise<AttendanceSettings> {
  const [row] = await db.query<{ settings: Record<string, unknown> | null }>(
    'SELECT settings FROM etablissements WHERE uai = $1',
    [uai],
  );
  return resolveAttendanceSettings(row?.settings?.attendance);
}

/** The guardians of each student. */
export async function guardiansOf(db: Db, studentIds: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (studentIds.length === 0) return map;
  const rows = await db.query<{ student_id: string; guardian_id: string }>(
    'SELECT student_id, guardian_id FROM guardianships WHERE student_id = ANY($1::text[])',
    [[...new Set(studentIds)]],
  );
  for (const r of rows) {
    const list = map.get(r.student_id) ?? [];
    list.push(r.guardian_id);
    map.set(r.student_id, list);
  }
  return map;
}

/** The active vie scolaire staff of an établissement. */
export async function vieScolaireOf(db: Db, uai: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM users WHERE uai = $1 AND profile = 'vie_scolaire' AND disabled_at IS NULL`,
    [uai],
  );
  return rows.map((r) => r.id);
}

/** The active students of a class or group, alphabetical. */
export async function enrolled(db: Db, classId: string): Promise<StudentRef[]> {
  const rows = await db.query<{ id: string; first_name: string; last_name: string }>(
    `SELECT u.id, u.first_name, u.last_name FROM enrolments e JOIN users u ON u.id = e.student_id
      WHERE e.class_id = $1 AND u.disabled_at IS NULL ORDER BY u.last_name, u.first_name, u.id`,
    [classId],
  );
  return rows.map((r) => ({ id: r.id, firstName: r.first_name, lastName: r.last_name }));
}

export interface StudentRow {
  id: string;
  first_name: string;
  last_name: string;
  uai: string;
  class_id: string | null;
  class_name: string | null;
}

/** The student's current class (the latest school year's). */
export const CLASS_OF = (alias: string, column: 'id' | 'name') =>
  `(SELECT c.${column} FROM enrolments e JOIN classes c ON c.id = e.class_id
     WHERE e.student_id = ${alias}.id AND c.kind = 'classe' ORDER BY c.school_year DESC LIMIT 1)`;

export async function loadStudent(db: Db, studentId: string): Promise<StudentRow | undefined> {
  const [row] = await db.query<StudentRow>(
    `SELECT u.id, u.first_name, u.last_name, u.uai, ${CLASS_OF('u', 'id')} AS class_id,
            ${CLASS_OF('u', 'name')} AS class_name
       FROM users u WHERE u.id = $1 AND u.profile = 'student'`,
    [studentId],
  );
  return row;
}

export type ScopeStudent = Omit<StudentRow, 'uai' | 'class_id'>;

/** The active students of a class, or of a whole établissement, alphabetical, with their class. */
export async function studentsOfScope(
  db: Db,
  scope: { classId: string } | { uai: string },
): Promise<ScopeStudent[]> {
  const columns = `u.id, u.first_name, u.last_name, ${CLASS_OF('u', 'name')} AS class_name`;
  if ('classId' in scope) {
    return db.query(
      `SELECT ${columns} FROM enrolments e JOIN users u ON u.id = e.student_id
        WHERE e.class_id = $1 AND u.disabled_at IS NULL ORDER BY u.last_name, u.first_name, u.id`,
      [scope.classId],
    );
  }
  return db.query(
    `SELECT ${columns} FROM users u WHERE u.uai = $1 AND u.profile = 'student' AND u.disabled_at IS NULL
      ORDER BY u.last_name, u.first_name, u.id`,
    [scope.uai],
  );
}

// ---------------------------------------------------------------- roll calls and entries

export interface EntryRow {
  id: string;
  seance_id: string;
  student_id: string;
  uai: string;
  starts_at: Date;
  status: AttendanceStatus;
  late_minutes: number | null;
  note: string | null;
  erroneous: boolean;
  version: number;
  recorded_by: string;
  recorded_at: Date;
}

export async function entriesOf(db: Db, seanceId: string, { lock = false } = {}): Promise<EntryRow[]> {
  return db.query<EntryRow>(
    `SELECT * FROM attendance_entries WHERE seance_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [seanceId],
  );
}

export async function loadEntry(db: Db, entryId: string): Promise<EntryRow | undefined> {
  const [row] = await db.query<EntryRow>('SELECT * FROM attendance_entries WHERE id = $1', [entryId]);
  return row;
}

/** When the séance's roll call was closed; undefined when it was never opened. */
export async function rollCallClosedAt(db: Db, seanceId: string): Promise<Date | null | undefined> {
  const [row] = await db.query<{ closed_at: Date | null }>(
    'SELECT closed_at FROM roll_calls WHERE seance_id = $1',
    [seanceId],
  );
  return row ? row.closed_at : undefined;
}

export async function openRollCall(tx: Db, seanceId: string, actorId: string): Promise<void> {
  await tx.query(
    `INSERT INTO roll_calls (seance_id, opened_by) VALUES ($1, $2)
     ON CONFLICT (seance_id) DO UPDATE SET updated_at = now()`,
    [seanceId, actorId],
  );
}

export async function closeRollCall(tx: Db, seanceId: string, actorId: string): Promise<void> {
  await tx.query(
    `UPDATE roll_calls SET closed_at = coalesce(closed_at, now()), closed_by = coalesce(closed_by, $2)
      WHERE seance_id = $1`,
    [seanceId, actorId],
  );
}

/** Keeps an entry's current value in its history before it changes. */
export async function archiveEntry(
  tx: Db,
  entry: EntryRow,
  changedBy: string,
  reason: string | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO attendance_entry_history
       (entry_id, version, status, late_minutes, note, erroneous, recorded_by, recorded_at, changed_by, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      entry.id,
      entry.version,
      entry.status,
      entry.late_minutes,
      entry.note,
      entry.erroneous,
      entry.recorded_by,
      entry.recorded_at,
      changedBy,
      reason,
    ],
  );
}

export interface EntryValue {
  status: AttendanceStatus;
  lateMinutes: number | null;
  note: string | null;
}

/** A new version of an entry (no longer erroneous). */
export async function updateEntry(tx: Db, id: string, v: EntryValue, actorId: string): Promise<EntryRow> {
  const [row] = await tx.query<EntryRow>(
    `UPDATE attendance_entries SET status = $2, late_minutes = $3, note = $4, erroneous = false,
            version = version + 1, recorded_by = $5, recorded_at = now()
      WHERE id = $1 RETURNING *`,
    [id, v.status, v.lateMinutes, v.note, actorId],
  );
  return row!;
}

export async function markEntryErroneous(tx: Db, id: string, actorId: string): Promise<EntryRow> {
  const [row] = await tx.query<EntryRow>(
    `UPDATE attendance_entries SET erroneous = true, version = version + 1, recorded_by = $2, recorded_at = now()
      WHERE id = $1 RETURNING *`,
    [id, actorId],
  );
  return row!;
}

export interface NewEntry extends EntryValue {
  id: string;
  studentId: string;
}

/** New entries of a séance, in one statement. */
export async function insertEntries(
  tx: Db,
  seance: { id: string; uai: string; starts_at: Date },
  entries: readonly NewEntry[],
  actorId: string,
): Promise<void> {
  if (entries.length === 0) return;
  const params: unknown[] = [seance.id, seance.uai, seance.starts_at, actorId];
  const tuples = entries.map((e) => {
    params.push(e.id, e.studentId, e.status, e.lateMinutes, e.note);
    const k = params.length;
    return `($${k - 4}, $1, $${k - 3}, $2, $3, $${k - 2}, $${k - 1}, $${k}, $4)`;
  });
  await tx.query(
    `INSERT INTO attendance_entries
       (id, seance_id, student_id, uai, starts_at, status, late_minutes, note, recorded_by)
     VALUES ${tuples.join(',')}`,
    params,
  );
}

export interface HistoryRow {
  version: number;
  status: AttendanceStatus;
  late_minutes: number | null;
  note: string | null;
  erroneous: boolean;
  recorded_at: Date;
  recorded_by: string;
  changed_at: Date;
  changed_by: string;
  reason: string | null;
}

export async function historyOf(db: Db, entryId: string): Promise<HistoryRow[]> {
  return db.query<HistoryRow>('SELECT * FROM attendance_entry_history WHERE entry_id = $1 ORDER BY version', [
    entryId,
  ]);
}

/** Which entries are régularisées: covered by a validated justification whose motif justifies. */
const JUSTIFIED_SQL = `EXISTS (SELECT 1 FROM absence_justification_entries je
    JOIN absence_justifications j ON j.id = je.justification_id
   WHERE je.entry_id = e.id AND j.state = 'validee' AND j.justifies)`;

export interface StudentEntryRow extends EntryRow {
  subject_name: string;
  ends_at: Date;
  justification_id: string | null;
  justification_state: JustificationState | null;
  justified: boolean;
}

/** A student's absences, lateness… in [start, end), newest first, with their latest justification. */
export async function studentEntries(
  db: Db,
  studentId: string,
  start: Date,
  end: Date,
): Promise<StudentEntryRow[]> {
  return db.query<StudentEntryRow>(
    `SELECT e.*, sub.name AS subject_name, s.ends_at, ${JUSTIFIED_SQL} AS justified,
            lj.id AS justification_id, lj.state AS justification_state
       FROM attendance_entries e JOIN seances s ON s.id = e.seance_id JOIN subjects sub ON sub.id = s.subject_id
       LEFT JOIN LATERAL (
         SELECT j.id, j.state FROM absence_justification_entries je
           JOIN absence_justifications j ON j.id = je.justification_id
          WHERE je.entry_id = e.id ORDER BY j.submitted_at DESC LIMIT 1) lj ON true
      WHERE e.student_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND e.status <> 'present'
        AND NOT e.erroneous
      ORDER BY e.starts_at DESC`,
    [studentId, start, end],
  );
}

export interface AbsenceRow {
  id: string;
  student_id: string;
  starts_at: Date;
  status: AttendanceStatus;
  late_minutes: number | null;
  justified: boolean;
}

/** The counted entries (not present, not erroneous) of these students of an établissement in [start, end). */
export async function absencesBetween(
  db: Db,
  uai: string,
  studentIds: readonly string[],
  start: Date,
  end: Date,
): Promise<AbsenceRow[]> {
  return db.query<AbsenceRow>(
    `SELECT e.id, e.student_id, e.starts_at, e.status, e.late_minutes, ${JUSTIFIED_SQL} AS justified
       FROM attendance_entries e
      WHERE e.uai = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND e.status <> 'present' AND NOT e.erroneous
        AND e.student_id = ANY($4::text[])`,
    [uai, start, end, studentIds],
  );
}
