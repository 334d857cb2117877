import { randomUUID } from 'node:crypto';
import type {
  EntryView,
  HistoryItem,
  JustificationView,
  RollCallView,
  SeanceView,
  StudentAttendanceView,
  StudentRef,
  TalliesView,
  TallyRow,
  TallyScope,
  WeekGridView,
} from '@preau/core';
import {
  type AttendanceSettings,
  type AttendanceStatus,
  addDays,
  DEFAULT_SLOT_STARTS,
  displayName,
  isNotifiable,
  type JustificationDecision,
  type JustificationInput,
  type JustificationState,
  type Motif,
  mondayOf,
  parisLocalTime,
  parisMidnight,
  type RollCallBatch,
  resolveAttendanceSettings,
  rollCallState,
  slotIndex,
  sumTallies,
  type TallyEntry,
  tallyStudents,
} from '@preau/core';
import type { Db } from '../db/index.js';
import { attachFile } from '../files/uploads.js';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../http/problem.js';
import {
  type PolicyContext,
  requireAttendanceOffice,
  requireClassAttendance,
  requireJustifier,
  requireSeance,
  requireStudent,
} from '../policies.js';
import { insertNotices, type NewNotice } from './notices.js';

/** The upload kind of a justification's attachment (registered with the platform's upload service). */
export const JUSTIFICATION_FILE_KIND = 'absence_justification';

/** Media types accepted as a justification's attachment (detected from the bytes by the upload service). */
export const JUSTIFICATION_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

/** What a service call needs besides the database: who acts, and whom to wake after the commit. */
export interface AttendanceContext extends PolicyContext {
  /** Called with the recipients of new notices once their transaction has committed. */
  wake?: (userIds: string[]) => void;
}

// ---------------------------------------------------------------- séances and settings

interface SeanceRow {
  id: string;
  class_id: string;
  class_name: string;
  uai: string;
  subject_name: string;
  teacher_id: string;
  teacher_first_name: string;
  teacher_last_name: string;
  starts_at: Date;
  ends_at: Date;
  room: string | null;
}

async function loadSeance(db: Db, seanceId: string): Promise<SeanceRow | undefined> {
  const [row] = await db.query<SeanceRow>(
    `SELECT s.id, s.class_id, c.name AS class_name, c.uai, sub.name AS subject_name, s.teacher_id,
            t.first_name AS teacher_first_name, t.last_name AS teacher_last_name, s.starts_at, s.ends_at, s.room
       FROM seances s JOIN classes c ON c.id = s.class_id JOIN subjects sub ON sub.id = s.subject_id
       JOIN users t ON t.id = s.teacher_id
      WHERE s.id = $1`,
    [seanceId],
  );
  return row;
}

function seanceView(s: SeanceRow): SeanceView {
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

/** The établissement's attendance settings (alert threshold, afternoon start, motifs), defaults filled in. */
export async function attendanceSettings(db: Db, uai: string): Promise<AttendanceSettings> {
  const [row] = await db.query<{ settings: Record<string, unknown> | null }>(
    'SELECT settings FROM etablissements WHERE uai = $1',
    [uai],
  );
  return resolveAttendanceSettings(row?.settings?.attendance);
}

async function guardiansOf(db: Db, studentIds: readonly string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (studentIds.length === 0) return map;
  const rows = await db.query<{ student_id: string; guardian_id: string }>(
    'SELECT student_id, guardian_id FROM guardianships WHERE student_id = ANY($1::text[])',
    [studentIds],
  );
  for (const r of rows) {
    const list = map.get(r.student_id) ?? [];
    list.push(r.guardian_id);
    map.set(r.student_id, list);
  }
  return map;
}

// ---------------------------------------------------------------- roll call

interface EntryRow {
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

const entryView = (e: EntryRow): EntryView => ({
  id: e.id,
  studentId: e.student_id,
  status: e.status,
  lateMinutes: e.late_minutes,
  note: e.note,
  erroneous: e.erroneous,
  version: e.version,
  recordedAt: new Date(e.recorded_at).toISOString(),
});

async function enrolled(db: Db, classId: string): Promise<StudentRef[]> {
  const rows = await db.query<{ id: string; first_name: string; last_name: string }>(
    `SELECT u.id, u.first_name, u.last_name FROM enrolments e JOIN users u ON u.id = e.student_id
      WHERE e.class_id = $1 AND u.disabled_at IS NULL ORDER BY u.last_name, u.first_name, u.id`,
    [classId],
  );
  return rows.map((r) => ({ id: r.id, firstName: r.first_name, lastName: r.last_name }));
}

/** The séance, if the viewer may take its roll (its teacher, the CPE, the direction): 404/403 otherwise. */
async function visibleSeance(ctx: AttendanceContext, seanceId: string): Promise<SeanceRow> {
  await requireSeance(ctx, seanceId, 'record');
  const s = await loadSeance(ctx.db, seanceId);
  if (!s) throw notFound("Cette séance n'existe pas ou ne vous est pas accessible.");
  return s;
}

/** The roll call of a séance: its students in alphabetical order and what has been recorded. */
export async function getRollCall(ctx: AttendanceContext, seanceId: string): Promise<RollCallView> {
  const s = await visibleSeance(ctx, seanceId);
  return rollCallView(ctx.db, s);
}

async function rollCallView(db: Db, s: SeanceRow): Promise<RollCallView> {
  const [students, entries, [rc]] = await Promise.all([
    enrolled(db, s.class_id),
    db.query<EntryRow>('SELECT * FROM attendance_entries WHERE seance_id = $1', [s.id]),
    db.query<{ closed_at: Date | null }>('SELECT closed_at FROM roll_calls WHERE seance_id = $1', [s.id]),
  ]);
  return {
    seance: seanceView(s),
    state: rollCallState(entries.length, rc?.closed_at != null),
    closedAt: rc?.closed_at ? new Date(rc.closed_at).toISOString() : null,
    students,
    entries: entries.map(entryView),
  };
}

function noticePayload(s: SeanceRow, student: StudentRef | undefined, e: EntryRow | EntryView) {
  const v = 'student_id' in e ? entryView(e) : e;
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

/**
 * Saves a batch of marks for a séance, all or nothing: every line is checked first (an unknown student is
 * named by its line), then the changes are written in one transaction. A changed entry keeps its previous value
 * in `attendance_entry_history`; families of students newly absent, late… get a notice on their live stream.
 */
export async function saveRollCall(
  ctx: AttendanceContext,
  seanceId: string,
  batch: RollCallBatch,
): Promise<RollCallView> {
  const s = await visibleSeance(ctx, seanceId);
  const students = await enrolled(ctx.db, s.class_id);
  const byId = new Map(students.map((st) => [st.id, st]));
  const errors: FieldError[] = [];
  batch.marks.forEach((m, i) => {
    if (!byId.has(m.studentId)) {
      errors.push({
        field: `body.marks.${i}.studentId`,
        message: `L'élève « ${m.studentId} » n'est pas inscrit dans la classe ${s.class_name}.`,
      });
    }
  });
  if (errors.length) throw invalid(errors, 'Rien n’a été enregistré : corrigez les lignes signalées.');

  const actorId = ctx.viewer.id;
  const woken = await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO roll_calls (seance_id, opened_by) VALUES ($1, $2)
       ON CONFLICT (seance_id) DO UPDATE SET updated_at = now()`,
      [s.id, actorId],
    );
    const existing = new Map(
      (
        await tx.query<EntryRow>('SELECT * FROM attendance_entries WHERE seance_id = $1 FOR UPDATE', [s.id])
      ).map((e) => [e.student_id, e]),
    );
    const changed: { before?: EntryRow; after: EntryView }[] = [];
    const inserts: unknown[][] = [];
    for (const m of batch.marks) {
      const late = m.status === 'retard' ? (m.lateMinutes ?? null) : null;
      const note = m.note ?? null;
      const prev = existing.get(m.studentId);
      if (prev) {
        if (prev.status === m.status && prev.late_minutes === late && prev.note === note && !prev.erroneous) {
          continue;
        }
        await tx.query(
          `INSERT INTO attendance_entry_history
             (entry_id, version, status, late_minutes, note, erroneous, recorded_by, recorded_at, changed_by, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            prev.id,
            prev.version,
            prev.status,
            prev.late_minutes,
            prev.note,
            prev.erroneous,
            prev.recorded_by,
            prev.recorded_at,
            actorId,
            batch.reason ?? null,
          ],
        );
        const [row] = await tx.query<EntryRow>(
          `UPDATE attendance_entries SET status = $2, late_minutes = $3, note = $4, erroneous = false,
                  version = version + 1, recorded_by = $5, recorded_at = now()
            WHERE id = $1 RETURNING *`,
          [prev.id, m.status, late, note, actorId],
        );
        changed.push({ before: prev, after: entryView(row!) });
      } else {
        const id = randomUUID();
        inserts.push([id, s.id, m.studentId, s.uai, s.starts_at, m.status, late, note, actorId]);
        changed.push({
          after: {
            id,
            studentId: m.studentId,
            status: m.status,
            lateMinutes: late,
            note,
            erroneous: false,
            version: 1,
            recordedAt: new Date().toISOString(),
          },
        });
      }
    }
    if (inserts.length) {
      const params: unknown[] = [];
      const tuples = inserts.map((row) => {
        const marks = row.map((v) => {
          params.push(v);
          return `$${params.length}`;
        });
        return `(${marks.join(',')})`;
      });
      await tx.query(
        `INSERT INTO attendance_entries
           (id, seance_id, student_id, uai, starts_at, status, late_minutes, note, recorded_by)
         VALUES ${tuples.join(',')}`,
        params,
      );
    }
    if (batch.close) {
      await tx.query(
        `UPDATE roll_calls SET closed_at = coalesce(closed_at, now()), closed_by = coalesce(closed_by, $2)
          WHERE seance_id = $1`,
        [s.id, actorId],
      );
    }
    // Families hear of what concerns them: a new or changed absence/lateness, or its correction.
    const notable = changed.filter(
      (c) => isNotifiable(c.after.status) || (c.before && isNotifiable(c.before.status)),
    );
    const guardians = notable.length
      ? await guardiansOf(
          tx,
          notable.map((c) => c.after.studentId),
        )
      : new Map<string, string[]>();
    const notices: NewNotice[] = [];
    for (const c of notable) {
      const kind = isNotifiable(c.after.status) ? 'attendance.entry' : 'attendance.correction';
      const payload = noticePayload(s, byId.get(c.after.studentId), c.after);
      for (const g of guardians.get(c.after.studentId) ?? []) notices.push({ recipientId: g, kind, payload });
    }
    const recipients = await insertNotices(tx, notices);
    // The answer is read in the same transaction: what was committed, without reloading the class.
    const [entries, [rc]] = await Promise.all([
      tx.query<EntryRow>('SELECT * FROM attendance_entries WHERE seance_id = $1', [s.id]),
      tx.query<{ closed_at: Date | null }>('SELECT closed_at FROM roll_calls WHERE seance_id = $1', [s.id]),
    ]);
    const view: RollCallView = {
      seance: seanceView(s),
      state: rollCallState(entries.length, rc?.closed_at != null),
      closedAt: rc?.closed_at ? new Date(rc.closed_at).toISOString() : null,
      students,
      entries: entries.map(entryView),
    };
    return { recipients, view };
  });
  ctx.wake?.(woken.recipients);
  return woken.view;
}

/**
 * The séance of a class (and subject) whose roll the viewer takes: the one under way at `now`, else the next one
 * (that day when `date` is given, else within a week), else the last one before. A teacher only finds their own.
 */
export async function currentSeanceId(
  ctx: AttendanceContext,
  query: { classId: string; subjectId?: string; date?: string; now: Date },
): Promise<string> {
  const [start, end] = query.date
    ? [parisMidnight(query.date), parisMidnight(addDays(query.date, 1))]
    : [new Date(query.now.getTime() - 7 * 86_400_000), new Date(query.now.getTime() + 7 * 86_400_000)];
  const rows = await ctx.db.query<{ id: string; starts_at: Date; ends_at: Date }>(
    `SELECT s.id, s.starts_at, s.ends_at FROM seances s
      WHERE s.class_id = $1 AND ($2::text IS NULL OR s.subject_id = $2::text)
        AND s.starts_at >= $3 AND s.starts_at < $4 AND ($5::text IS NULL OR s.teacher_id = $5::text)
      ORDER BY s.starts_at`,
    [
      query.classId,
      query.subjectId ?? null,
      start,
      end,
      ctx.viewer.profile === 'teacher' ? ctx.viewer.id : null,
    ],
  );
  const now = query.now.getTime();
  const chosen = rows.find((r) => new Date(r.ends_at).getTime() > now) ?? rows[rows.length - 1];
  if (!chosen) throw notFound("Aucune séance de cette classe n'a lieu à cette date pour vous.");
  return chosen.id;
}

async function loadEntry(db: Db, entryId: string): Promise<EntryRow | undefined> {
  const [row] = await db.query<EntryRow>('SELECT * FROM attendance_entries WHERE id = $1', [entryId]);
  return row;
}

/** Marks an entry as erroneous (never deleted): it stops counting, the old value stays in the history. */
export async function markErroneous(
  ctx: AttendanceContext,
  entryId: string,
  reason: string,
): Promise<EntryView> {
  const entry = await loadEntry(ctx.db, entryId);
  if (!entry || entry.uai !== ctx.viewer.uai)
    throw notFound("Cette saisie n'existe pas ou ne vous est pas accessible.");
  const s = await visibleSeance(ctx, entry.seance_id);
  if (entry.erroneous) throw conflict('Cette saisie est déjà marquée comme erronée.');
  const woken = await ctx.db.transaction(async (tx) => {
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
        ctx.viewer.id,
        reason,
      ],
    );
    const [row] = await tx.query<EntryRow>(
      `UPDATE attendance_entries SET erroneous = true, version = version + 1, recorded_by = $2, recorded_at = now()
        WHERE id = $1 RETURNING *`,
      [entry.id, ctx.viewer.id],
    );
    const updated = row!;
    if (!isNotifiable(entry.status)) return { updated, recipients: [] as string[] };
    const guardians = (await guardiansOf(tx, [entry.student_id])).get(entry.student_id) ?? [];
    const recipients = await insertNotices(
      tx,
      guardians.map((g) => ({
        recipientId: g,
        kind: 'attendance.correction' as const,
        payload: noticePayload(s, undefined, updated),
      })),
    );
    return { updated, recipients };
  });
  ctx.wake?.(woken.recipients);
  return entryView(woken.updated);
}

/** Every value an entry has had, oldest first, ending with the current one. */
export async function entryHistory(ctx: AttendanceContext, entryId: string): Promise<HistoryItem[]> {
  const entry = await loadEntry(ctx.db, entryId);
  if (!entry || entry.uai !== ctx.viewer.uai)
    throw notFound("Cette saisie n'existe pas ou ne vous est pas accessible.");
  await visibleSeance(ctx, entry.seance_id);
  const rows = await ctx.db.query<{
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
  }>('SELECT * FROM attendance_entry_history WHERE entry_id = $1 ORDER BY version', [entryId]);
  const items: HistoryItem[] = rows.map((r) => ({
    version: r.version,
    status: r.status,
    lateMinutes: r.late_minutes,
    note: r.note,
    erroneous: r.erroneous,
    recordedAt: new Date(r.recorded_at).toISOString(),
    recordedBy: r.recorded_by,
    changedAt: new Date(r.changed_at).toISOString(),
    changedBy: r.changed_by,
    reason: r.reason,
  }));
  items.push({
    version: entry.version,
    status: entry.status,
    lateMinutes: entry.late_minutes,
    note: entry.note,
    erroneous: entry.erroneous,
    recordedAt: new Date(entry.recorded_at).toISOString(),
    recordedBy: entry.recorded_by,
    changedAt: null,
    changedBy: null,
    reason: null,
  });
  return items;
}

// ---------------------------------------------------------------- a student's record (parent view)

interface StudentFacts {
  id: string;
  first_name: string;
  last_name: string;
  uai: string;
  class_id: string | null;
  class_name: string | null;
}

async function loadStudent(db: Db, studentId: string): Promise<StudentFacts | undefined> {
  const [row] = await db.query<StudentFacts>(
    `SELECT u.id, u.first_name, u.last_name, u.uai,
            (SELECT c.id FROM enrolments e JOIN classes c ON c.id = e.class_id
              WHERE e.student_id = u.id AND c.kind = 'classe' ORDER BY c.school_year DESC LIMIT 1) AS class_id,
            (SELECT c.name FROM enrolments e JOIN classes c ON c.id = e.class_id
              WHERE e.student_id = u.id AND c.kind = 'classe' ORDER BY c.school_year DESC LIMIT 1) AS class_name
       FROM users u WHERE u.id = $1 AND u.profile = 'student'`,
    [studentId],
  );
  return row;
}

async function visibleStudent(ctx: AttendanceContext, studentId: string): Promise<StudentFacts> {
  await requireStudent(ctx, studentId);
  const st = await loadStudent(ctx.db, studentId);
  if (!st) throw notFound("Cet élève n'existe pas ou ne vous est pas accessible.");
  return st;
}

interface JustificationRow {
  id: string;
  uai: string;
  student_id: string;
  first_name: string;
  last_name: string;
  class_name: string | null;
  submitted_by: string;
  submitted_at: Date;
  motif: string;
  comment: string;
  file_id: string | null;
  media_type: string | null;
  state: JustificationState;
  justifies: boolean | null;
  decided_at: Date | null;
  decision_comment: string | null;
  entry_ids: string[];
}

const JUSTIFICATION_SELECT = `
  SELECT j.id, j.uai, j.student_id, u.first_name, u.last_name,
         (SELECT c.name FROM enrolments e JOIN classes c ON c.id = e.class_id
           WHERE e.student_id = j.student_id AND c.kind = 'classe' ORDER BY c.school_year DESC LIMIT 1) AS class_name,
         j.submitted_by, j.submitted_at, j.motif, j.comment, j.file_id, f.media_type, j.state, j.justifies,
         j.decided_at, j.decision_comment,
         ARRAY(SELECT je.entry_id FROM absence_justification_entries je WHERE je.justification_id = j.id
               ORDER BY je.entry_id) AS entry_ids
    FROM absence_justifications j JOIN users u ON u.id = j.student_id LEFT JOIN files f ON f.id = j.file_id`;

function justificationView(j: JustificationRow, motifs: readonly Motif[]): JustificationView {
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
function rangeInstants(from: string, to: string): [Date, Date] {
  return [parisMidnight(from), parisMidnight(addDays(to, 1))];
}

/** Which entries are régularisées: covered by a validated justification whose motif justifies. */
const JUSTIFIED_SQL = `EXISTS (SELECT 1 FROM absence_justification_entries je
    JOIN absence_justifications j ON j.id = je.justification_id
   WHERE je.entry_id = e.id AND j.state = 'validee' AND j.justifies)`;

/** A student's absences, lateness… over a period, each with the state of its justification. */
export async function studentAttendance(
  ctx: AttendanceContext,
  studentId: string,
  range: { from: string; to: string },
): Promise<StudentAttendanceView> {
  const st = await visibleStudent(ctx, studentId);
  const settings = await attendanceSettings(ctx.db, st.uai);
  const [start, end] = rangeInstants(range.from, range.to);
  const rows = await ctx.db.query<
    EntryRow & {
      subject_name: string;
      ends_at: Date;
      justification_id: string | null;
      justification_state: JustificationState | null;
      justified: boolean;
    }
  >(
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
    [st.id, start, end],
  );
  const justifications = await ctx.db.query<JustificationRow>(
    `${JUSTIFICATION_SELECT} WHERE j.student_id = $1 ORDER BY j.submitted_at DESC LIMIT 200`,
    [st.id],
  );
  const tallyEntries: TallyEntry[] = rows.map((r) => ({
    studentId: r.student_id,
    startsAt: new Date(r.starts_at).toISOString(),
    status: r.status,
    lateMinutes: r.late_minutes,
    justified: r.justified,
  }));
  const [tally] = tallyStudents(tallyEntries, settings, [st.id]);
  return {
    student: { id: st.id, firstName: st.first_name, lastName: st.last_name, className: st.class_name },
    from: range.from,
    to: range.to,
    entries: rows.map((r) => ({
      ...entryView(r),
      seanceId: r.seance_id,
      subject: r.subject_name,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
      justificationId: r.justification_id,
      justificationState: r.justification_state,
      regularisee: r.justified,
    })),
    justifications: justifications.map((j) => justificationView(j, settings.motifs)),
    motifs: settings.motifs,
    tally: tally!,
    alertThreshold: settings.alertThreshold,
  };
}

// ---------------------------------------------------------------- justifications

/**
 * A family (or the vie scolaire) justifies absences or lateness: the entries must be the student's, not
 * erroneous nor already covered by a pending or accepted justification; the motif must be one of the
 * établissement's; the attachment must have been uploaded by the same person, and be a PDF, PNG or JPEG by
 * its content. It waits for the CPE's decision.
 */
export async function submitJustification(
  ctx: AttendanceContext,
  input: JustificationInput,
): Promise<JustificationView> {
  await requireJustifier(ctx, input.studentId);
  const st = await visibleStudent(ctx, input.studentId);
  const settings = await attendanceSettings(ctx.db, st.uai);
  const errors: FieldError[] = [];
  if (!settings.motifs.some((m) => m.code === input.motif)) {
    errors.push({
      field: 'body.motif',
      message: `Motif inconnu ; motifs possibles : ${settings.motifs.map((m) => m.code).join(', ')}.`,
    });
  }
  const entries = await ctx.db.query<{
    id: string;
    student_id: string;
    status: AttendanceStatus;
    erroneous: boolean;
    covered: boolean;
  }>(
    `SELECT e.id, e.student_id, e.status, e.erroneous,
            EXISTS (SELECT 1 FROM absence_justification_entries je
                      JOIN absence_justifications j ON j.id = je.justification_id
                     WHERE je.entry_id = e.id AND j.state IN ('en_attente', 'validee')) AS covered
       FROM attendance_entries e WHERE e.id = ANY($1::text[])`,
    [input.entryIds],
  );
  const found = new Map(entries.map((e) => [e.id, e]));
  input.entryIds.forEach((id, i) => {
    const e = found.get(id);
    const field = `body.entryIds.${i}`;
    if (!e || e.student_id !== st.id)
      errors.push({ field, message: "Cette saisie n'est pas une absence de l'élève." });
    else if (e.erroneous) errors.push({ field, message: 'Cette saisie a été annulée (erronée).' });
    else if (!isNotifiable(e.status))
      errors.push({ field, message: "Cette saisie n'est ni une absence ni un retard." });
    else if (e.covered)
      errors.push({ field, message: 'Cette absence est déjà justifiée ou en attente de validation.' });
    else if (input.entryIds.indexOf(id) !== i) errors.push({ field, message: 'Saisie donnée deux fois.' });
  });
  if (input.fileId) {
    const [file] = await ctx.db.query<{
      owner_id: string;
      media_type: string;
      record_type: string | null;
      record_id: string | null;
    }>('SELECT owner_id, media_type, record_type, record_id FROM files WHERE id = $1', [input.fileId]);
    if (!file || file.owner_id !== ctx.viewer.id || file.record_type !== JUSTIFICATION_FILE_KIND) {
      errors.push({ field: 'body.fileId', message: 'Pièce jointe introuvable : envoyez-la d’abord.' });
    } else if (file.record_id !== null) {
      errors.push({
        field: 'body.fileId',
        message: 'Cette pièce jointe est déjà rattachée à un autre document.',
      });
    } else if (!(JUSTIFICATION_MEDIA_TYPES as readonly string[]).includes(file.media_type)) {
      errors.push({ field: 'body.fileId', message: 'La pièce jointe doit être un PDF, un PNG ou un JPEG.' });
    }
  }
  if (errors.length) throw invalid(errors);

  const id = randomUUID();
  const recipients = await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO absence_justifications (id, uai, student_id, submitted_by, motif, comment, file_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, st.uai, st.id, ctx.viewer.id, input.motif, input.comment, input.fileId ?? null],
    );
    const params: unknown[] = [id];
    const tuples = input.entryIds.map((e) => {
      params.push(e);
      return `($1, $${params.length})`;
    });
    await tx.query(
      `INSERT INTO absence_justification_entries (justification_id, entry_id) VALUES ${tuples.join(',')}`,
      params,
    );
    if (input.fileId) {
      // Linked in the same transaction: a file attached meanwhile elsewhere makes the whole justification fail.
      await attachFile(tx, {
        fileId: input.fileId,
        ownerId: ctx.viewer.id,
        recordType: JUSTIFICATION_FILE_KIND,
        recordId: id,
      });
    }
    // The vie scolaire's open queues update live.
    const staff = await tx.query<{ id: string }>(
      `SELECT id FROM users WHERE uai = $1 AND profile = 'vie_scolaire' AND disabled_at IS NULL`,
      [st.uai],
    );
    return insertNotices(
      tx,
      staff.map((u) => ({
        recipientId: u.id,
        kind: 'attendance.justification-submitted' as const,
        payload: { justificationId: id, studentId: st.id },
      })),
    );
  });
  ctx.wake?.(recipients);
  return getJustification(ctx.db, id, settings.motifs);
}

async function getJustification(db: Db, id: string, motifs: readonly Motif[]): Promise<JustificationView> {
  const [row] = await db.query<JustificationRow>(`${JUSTIFICATION_SELECT} WHERE j.id = $1`, [id]);
  if (!row) throw notFound("Cette justification n'existe pas.");
  return justificationView(row, motifs);
}

/** The CPE accepts or refuses a justification; the family is told. A decided justification stays decided. */
export async function decideJustification(
  ctx: AttendanceContext,
  id: string,
  decision: JustificationDecision,
): Promise<JustificationView> {
  const [row] = await ctx.db.query<{
    uai: string;
    student_id: string;
    state: JustificationState;
    motif: string;
  }>('SELECT uai, student_id, state, motif FROM absence_justifications WHERE id = $1', [id]);
  if (!row) throw notFound("Cette justification n'existe pas ou ne vous est pas accessible.");
  await requireAttendanceOffice(ctx, row.uai);
  const settings = await attendanceSettings(ctx.db, row.uai);
  const motifCode = decision.motif ?? row.motif;
  const motif = settings.motifs.find((m) => m.code === motifCode);
  if (!motif) {
    throw invalid([
      {
        field: 'body.motif',
        message: `Motif inconnu ; motifs possibles : ${settings.motifs.map((m) => m.code).join(', ')}.`,
      },
    ]);
  }
  const recipients = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx.query(
      `UPDATE absence_justifications
          SET state = $2, motif = $3, justifies = $4, decided_by = $5, decided_at = now(), decision_comment = $6
        WHERE id = $1 AND state = 'en_attente' RETURNING id`,
      [id, decision.decision, motif.code, motif.justifies, ctx.viewer.id, decision.comment],
    );
    if (!updated) throw conflict('Cette justification a déjà été traitée.');
    const guardians = (await guardiansOf(tx, [row.student_id])).get(row.student_id) ?? [];
    return insertNotices(
      tx,
      guardians.map((g) => ({
        recipientId: g,
        kind: 'attendance.justification-decided' as const,
        payload: {
          justificationId: id,
          studentId: row.student_id,
          state: decision.decision,
          regularisee: decision.decision === 'validee' && motif.justifies,
        },
      })),
    );
  });
  ctx.wake?.(recipients);
  return getJustification(ctx.db, id, settings.motifs);
}

/** The justifications of the actor's établissement, pending first (the CPE's queue). */
export async function justificationQueue(
  ctx: AttendanceContext,
  filter: { state?: JustificationState; limit?: number },
): Promise<JustificationView[]> {
  const uai = ctx.viewer.uai;
  if (!uai) throw forbidden('La file des justifications est réservée à la vie scolaire et à la direction.');
  await requireAttendanceOffice(ctx, uai);
  const settings = await attendanceSettings(ctx.db, uai);
  const rows = await ctx.db.query<JustificationRow>(
    `${JUSTIFICATION_SELECT} WHERE j.uai = $1 AND ($2::text IS NULL OR j.state = $2)
      ORDER BY (j.state = 'en_attente') DESC, j.submitted_at LIMIT $3`,
    [uai, filter.state ?? null, filter.limit ?? 200],
  );
  return rows.map((r) => justificationView(r, settings.motifs));
}

// ---------------------------------------------------------------- tallies and the week grid

interface ScopeStudents {
  uai: string;
  students: { id: string; first_name: string; last_name: string; class_name: string | null }[];
}

async function scopeStudents(ctx: AttendanceContext, scope: TallyScope, id: string): Promise<ScopeStudents> {
  const studentCols = `u.id, u.first_name, u.last_name,
      (SELECT c.name FROM enrolments e2 JOIN classes c ON c.id = e2.class_id
        WHERE e2.student_id = u.id AND c.kind = 'classe' ORDER BY c.school_year DESC LIMIT 1) AS class_name`;
  if (scope === 'student') {
    const st = await visibleStudent(ctx, id);
    return {
      uai: st.uai,
      students: [
        { id: st.id, first_name: st.first_name, last_name: st.last_name, class_name: st.class_name },
      ],
    };
  }
  if (scope === 'class') {
    const cls = await requireClassAttendance(ctx, id);
    const students = await ctx.db.query<ScopeStudents['students'][number]>(
      `SELECT ${studentCols} FROM enrolments e JOIN users u ON u.id = e.student_id
        WHERE e.class_id = $1 AND u.disabled_at IS NULL ORDER BY u.last_name, u.first_name, u.id`,
      [id],
    );
    return { uai: cls.uai, students };
  }
  await requireAttendanceOffice(ctx, id);
  const students = await ctx.db.query<ScopeStudents['students'][number]>(
    `SELECT ${studentCols} FROM users u WHERE u.uai = $1 AND u.profile = 'student' AND u.disabled_at IS NULL
      ORDER BY u.last_name, u.first_name, u.id`,
    [id],
  );
  return { uai: id, students };
}

/** Demi-journées, unjustified ones, lateness and alerts per student of a scope, and their sum. */
export async function attendanceTallies(
  ctx: AttendanceContext,
  query: { scope: TallyScope; id: string; from: string; to: string },
): Promise<TalliesView> {
  const { uai, students } = await scopeStudents(ctx, query.scope, query.id);
  const settings = await attendanceSettings(ctx.db, uai);
  const [start, end] = rangeInstants(query.from, query.to);
  const ids = students.map((s) => s.id);
  const rows = await ctx.db.query<{
    student_id: string;
    starts_at: Date;
    status: AttendanceStatus;
    late_minutes: number | null;
    justified: boolean;
  }>(
    `SELECT e.student_id, e.starts_at, e.status, e.late_minutes, ${JUSTIFIED_SQL} AS justified
       FROM attendance_entries e
      WHERE e.uai = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND e.status <> 'present' AND NOT e.erroneous
        AND e.student_id = ANY($4::text[])`,
    [uai, start, end, ids],
  );
  const tallies = tallyStudents(
    rows.map((r) => ({
      studentId: r.student_id,
      startsAt: new Date(r.starts_at).toISOString(),
      status: r.status,
      lateMinutes: r.late_minutes,
      justified: r.justified,
    })),
    settings,
    ids,
  );
  const byId = new Map(tallies.map((t) => [t.studentId, t]));
  const list: TallyRow[] = students.map((s) => ({
    ...byId.get(s.id)!,
    firstName: s.first_name,
    lastName: s.last_name,
    className: s.class_name,
  }));
  return {
    scope: query.scope,
    id: query.id,
    from: query.from,
    to: query.to,
    alertThreshold: settings.alertThreshold,
    students: list,
    total: sumTallies(list),
  };
}

/** The vie scolaire's week: every student of a class or of the établissement × 5 days × 8 slots. */
export async function weekGrid(
  ctx: AttendanceContext,
  query: { classId?: string; week: string },
): Promise<WeekGridView> {
  const scope: TallyScope = query.classId ? 'class' : 'etablissement';
  const { uai, students } = await scopeStudents(ctx, scope, query.classId ?? ctx.viewer.uai ?? '');
  const weekStart = mondayOf(query.week);
  const days = [0, 1, 2, 3, 4].map((d) => addDays(weekStart, d));
  const [start, end] = rangeInstants(days[0]!, days[4]!);
  const index = new Map(students.map((s, i) => [s.id, i]));
  const rows = await ctx.db.query<{
    id: string;
    student_id: string;
    starts_at: Date;
    status: AttendanceStatus;
    late_minutes: number | null;
    justified: boolean;
  }>(
    `SELECT e.id, e.student_id, e.starts_at, e.status, e.late_minutes, ${JUSTIFIED_SQL} AS justified
       FROM attendance_entries e
      WHERE e.uai = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND e.status <> 'present' AND NOT e.erroneous
        AND e.student_id = ANY($4::text[])`,
    [uai, start, end, students.map((s) => s.id)],
  );
  const cells: WeekGridView['cells'] = [];
  for (const r of rows) {
    const si = index.get(r.student_id);
    const day = days.indexOf(parisLocalTime(r.starts_at).date);
    if (si === undefined || day < 0) continue;
    cells.push([si, day, slotIndex(r.starts_at), r.status, r.late_minutes, r.justified ? 1 : 0, r.id]);
  }
  return {
    weekStart,
    days,
    slots: [...DEFAULT_SLOT_STARTS],
    students: students.map((s) => ({
      id: s.id,
      name: displayName({ firstName: s.first_name, lastName: s.last_name }),
      className: s.class_name,
    })),
    cells,
  };
}
