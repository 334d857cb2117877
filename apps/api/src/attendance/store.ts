/** Attendance's SQL: séances, roll calls, entries and their history, justifications, and the office's views. */
import {
  type AttendanceSettings,
  type AttendanceStatus,
  type JustificationState,
  resolveAttendanceSettings,
  type StudentRef,
} from '@preau/core';
import type { Db } from '../db/types.js';
import { type NoticeWrite, noticeStatement } from '../live/store.js';

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

/**
 * A séance with what saving its roll call needs: its class's active students (alphabetical), their guardians, the
 * entries recorded so far and when the roll call was closed (null while open, or never opened).
 */
export interface RollCallSnapshot extends SeanceRow {
  students: StudentRef[];
  guardians: Record<string, string[]>;
  entries: EntryRow[];
  closed_at: Date | null;
}

/**
 * A subquery run for each row of the class by its key's index: joined, the planner would rather read the
 * whole table (users, guardianships) once the school is small enough, which costs more than 25 lookups.
 * (OFFSET 0 keeps it from being merged into a join.)
 */
const byKey = (select: string) => `(${select} OFFSET 0)`;

/**
 * Reads, in one statement and without locking anything, what a roll call's save decides from (see
 * `RollCallSnapshot`); `writeRollCall` then writes only if the entries are still those read.
 */
export async function rollCallSnapshot(db: Db, seanceId: string): Promise<RollCallSnapshot | undefined> {
  const [row] = await db.query<RollCallSnapshot>(
    `SELECT q.*,
            coalesce((SELECT json_agg(json_build_object('id', u.id, 'firstName', u.first_name, 'lastName', u.last_name)
                                      ORDER BY u.last_name, u.first_name, u.id)
                        FROM enrolments e CROSS JOIN LATERAL ${byKey(
                          'SELECT u.id, u.first_name, u.last_name FROM users u WHERE u.id = e.student_id AND u.disabled_at IS NULL',
                        )} u
                       WHERE e.class_id = q.class_id), '[]') AS students,
            coalesce((SELECT json_object_agg(e.student_id, g.ids)
                        FROM enrolments e CROSS JOIN LATERAL ${byKey(
                          'SELECT json_agg(g.guardian_id) AS ids FROM guardianships g WHERE g.student_id = e.student_id HAVING count(*) > 0',
                        )} g
                       WHERE e.class_id = q.class_id), '{}') AS guardians,
            coalesce((SELECT json_agg(a) FROM attendance_entries a WHERE a.seance_id = q.id), '[]') AS entries,
            (SELECT r.closed_at FROM roll_calls r WHERE r.seance_id = q.id) AS closed_at
       FROM (${SEANCE_SELECT} WHERE s.id = $1) q`,
    [seanceId],
    { planOnce: true },
  );
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

/** The établissement of a class, or undefined when there is no such class. */
export async function classUai(db: Db, classId: string): Promise<string | undefined> {
  return (await db.query<{ uai: string }>('SELECT uai FROM classes WHERE id = $1', [classId]))[0]?.uai;
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

/**
 * The active students of a class, or of a whole établissement, alphabetical, with their class. Set-based: the
 * current classes of all the scope's students are found in one pass (not one lookup per student), so the plan
 * stays cheap even before the planner has statistics.
 */
export async function studentsOfScope(
  db: Db,
  scope: { classId: string } | { uai: string },
): Promise<ScopeStudent[]> {
  const students =
    'classId' in scope
      ? `SELECT u.id, u.first_name, u.last_name FROM enrolments e JOIN users u ON u.id = e.student_id
          WHERE e.class_id = $1 AND u.disabled_at IS NULL`
      : `SELECT u.id, u.first_name, u.last_name FROM users u
          WHERE u.uai = $1 AND u.profile = 'student' AND u.disabled_at IS NULL`;
  return db.query(
    `WITH s AS MATERIALIZED (${students}),
          e AS MATERIALIZED (SELECT student_id, class_id FROM enrolments WHERE student_id IN (SELECT id FROM s)),
          current_class AS (
            SELECT DISTINCT ON (e.student_id) e.student_id, c.name
              FROM e JOIN classes c ON c.id = e.class_id AND c.kind = 'classe'
             ORDER BY e.student_id, c.school_year DESC)
     SELECT s.id, s.first_name, s.last_name, cc.name AS class_name
       FROM s LEFT JOIN current_class cc ON cc.student_id = s.id
      ORDER BY s.last_name, s.first_name, s.id`,
    ['classId' in scope ? scope.classId : scope.uai],
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

export async function loadEntry(db: Db, entryId: string): Promise<EntryRow | undefined> {
  const [row] = await db.query<EntryRow>('SELECT * FROM attendance_entries WHERE id = $1', [entryId]);
  return row;
}

/** Keeps an entry's current value in its history before it changes. */
export async function archiveEntry(
  tx: Db,
  entry: EntryRow,
  changedBy: string,
  reason: string | null,
  at: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO attendance_entry_history
       (entry_id, version, status, late_minutes, note, erroneous, recorded_by, recorded_at, changed_by, reason,
        changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
      at,
    ],
  );
}

export interface EntryValue {
  status: AttendanceStatus;
  lateMinutes: number | null;
  note: string | null;
}

export async function markEntryErroneous(tx: Db, id: string, actorId: string, at: Date): Promise<EntryRow> {
  const [row] = await tx.query<EntryRow>(
    `UPDATE attendance_entries SET erroneous = true, version = version + 1, recorded_by = $2, recorded_at = $3
      WHERE id = $1 RETURNING *`,
    [id, actorId, at],
  );
  return row!;
}

export interface NewEntry extends EntryValue {
  id: string;
  studentId: string;
}

export interface EntryChange extends EntryValue {
  id: string;
}

/**
 * A roll call's writes in one statement: the roll call opened (or marked updated) and closed when asked, the changed
 * entries' previous values into their history, the changes themselves, the new entries, the families' notices (one
 * statement is one transaction: no round trip holds anything). `seen`: each entry's
 * version as the save read it (`rollCallSnapshot`). When the séance's entries are no longer those (another save came
 * in between), nothing is written and `undefined` comes back: the caller reads again and decides again. Two first
 * saves of one roll call at once both insert: the second fails on the entries' unique key, and is retried the same way.
 * Returns the entries written (as stored) and when the roll call is closed (null while open).
 */
export async function writeRollCall(
  tx: Db,
  seance: { id: string; uai: string; starts_at: Date },
  w: {
    seen: Readonly<Record<string, number>>;
    changes: readonly EntryChange[];
    inserts: readonly NewEntry[];
    close: boolean;
    reason: string | null;
    /** The families' notices, written only with the entries. */
    notices: NoticeWrite;
  },
  actorId: string,
  at: Date,
): Promise<{ written: EntryRow[]; closedAt: Date | null } | undefined> {
  const changes = Object.fromEntries(
    w.changes.map((c) => [c.id, { status: c.status, late_minutes: c.lateMinutes, note: c.note }]),
  );
  const inserts = w.inserts.map((e) => ({
    id: e.id,
    student_id: e.studentId,
    status: e.status,
    late_minutes: e.lateMinutes,
    note: e.note,
  }));
  const notices = noticeStatement(w.notices, 11, '(SELECT ok FROM fresh)');
  // Its plan is made once per connection, maybe while the table is still empty (see `planOnce`), so entries are
  // reached only by the séance's index: `current` reads and locks them, the history copies `current`, the update
  // finds its rows by that index too. No join or order on an entry's column: either would let the planner walk a
  // whole index (its order looks useful, and scanning an empty table costs nothing), as the plan would then keep
  // doing once the table has grown (roll-call-plans.pg.test.ts).
  const [row] = await tx.query<{ fresh: boolean; written: EntryRow[]; closed_at: Date | null }>(
    `WITH current AS MATERIALIZED (
       SELECT * FROM attendance_entries WHERE seance_id = $5 FOR UPDATE),
     fresh AS MATERIALIZED (
       SELECT coalesce((SELECT jsonb_object_agg(id, version) FROM current), '{}') = $10::text::jsonb AS ok),
     changes AS MATERIALIZED (SELECT $1::text::jsonb AS by_id WHERE (SELECT ok FROM fresh)),
     opened AS (
       INSERT INTO roll_calls (seance_id, opened_by, opened_at, updated_at, closed_at, closed_by)
       SELECT $5, $2, $9, $9, CASE WHEN $8 THEN $9::timestamptz END, CASE WHEN $8 THEN $2 END
        WHERE (SELECT ok FROM fresh)
       ON CONFLICT (seance_id) DO UPDATE SET updated_at = EXCLUDED.updated_at,
          closed_at = coalesce(roll_calls.closed_at, EXCLUDED.closed_at),
          closed_by = coalesce(roll_calls.closed_by, EXCLUDED.closed_by)
       RETURNING closed_at),
     archived AS (
       INSERT INTO attendance_entry_history
         (entry_id, version, status, late_minutes, note, erroneous, recorded_by, recorded_at, changed_by, reason,
        changed_at)
       SELECT e.id, e.version, e.status, e.late_minutes, e.note, e.erroneous, e.recorded_by, e.recorded_at, $2, $3,
              $9::timestamptz
         FROM current e JOIN changes c ON c.by_id ? e.id),
     updated AS (
       UPDATE attendance_entries e SET status = c.by_id -> e.id ->> 'status',
              late_minutes = (c.by_id -> e.id ->> 'late_minutes')::int, note = c.by_id -> e.id ->> 'note',
              erroneous = false, version = e.version + 1, recorded_by = $2, recorded_at = $9::timestamptz
         FROM changes c WHERE e.seance_id = $5 AND c.by_id ? e.id
       RETURNING e.*),
     inserted AS (
       INSERT INTO attendance_entries
         (id, seance_id, student_id, uai, starts_at, status, late_minutes, note, recorded_by, recorded_at)
       SELECT n.id, $5, n.student_id, $6, $7, n.status, n.late_minutes, n.note, $2, $9::timestamptz
         FROM jsonb_to_recordset($4::text::jsonb) AS n(id text, student_id text, status text, late_minutes int, note text)
        WHERE (SELECT ok FROM fresh)
       RETURNING *),
     ${notices.ctes}
     SELECT (SELECT ok FROM fresh) AS fresh,
            coalesce((SELECT json_agg(w) FROM (SELECT * FROM updated UNION ALL SELECT * FROM inserted) w), '[]')
              AS written,
            (SELECT closed_at FROM opened) AS closed_at,
            ${notices.columns}`,
    [
      JSON.stringify(changes),
      actorId,
      w.reason,
      JSON.stringify(inserts),
      seance.id,
      seance.uai,
      seance.starts_at,
      w.close,
      at,
      JSON.stringify(w.seen),
      ...notices.params,
    ],
    { planOnce: true },
  );
  if (!row!.fresh) return undefined;
  return { written: row!.written, closedAt: row!.closed_at };
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

/**
 * The counted entries (not present, not erroneous) of these students of an établissement in [start, end), each
 * saying whether a validated justification covers it. Set-based: the justified ones among them are gathered once
 * and looked up in a hash (not one subquery per entry); the partial index of counted entries
 * (`attendance_entries_counted`) serves the range.
 */
export async function absencesBetween(
  db: Db,
  uai: string,
  studentIds: readonly string[],
  start: Date,
  end: Date,
): Promise<AbsenceRow[]> {
  return db.query<AbsenceRow>(
    `WITH counted AS MATERIALIZED (
       SELECT e.id, e.student_id, e.starts_at, e.status, e.late_minutes
         FROM attendance_entries e
        WHERE e.uai = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND e.status <> 'present' AND NOT e.erroneous
          AND e.student_id = ANY($4::text[])),
     justified AS MATERIALIZED (
       SELECT je.entry_id FROM absence_justification_entries je
         JOIN absence_justifications j ON j.id = je.justification_id
        WHERE j.state = 'validee' AND j.justifies AND je.entry_id IN (SELECT id FROM counted))
     SELECT c.*, c.id IN (SELECT entry_id FROM justified) AS justified FROM counted c`,
    [uai, start, end, studentIds],
  );
}

/** « Prénom NOM » of users, by id (who recorded an entry). */
export async function userNames(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { firstName: string; lastName: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; first_name: string; last_name: string }>(
    'SELECT id, first_name, last_name FROM users WHERE id = ANY($1)',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { firstName: r.first_name, lastName: r.last_name }]));
}
