/** What attendance shows: a student's record (the family's view), tallies, and the vie scolaire's week grid. */
import {
  addDays,
  type DateRange,
  DEFAULT_SLOT_STARTS,
  displayName,
  mondayOf,
  parisLocalTime,
  type StudentAttendanceView,
  schoolYearBounds,
  schoolYearOf,
  slotIndex,
  sumTallies,
  type TalliesView,
  type TallyRow,
  type TallyScope,
  tallyStudents,
  type WeekGridView,
} from '@preau/core';
import { notFound } from '../http/problem.js';
import { requireAttendanceOffice, requireClassAttendance, requireStudent } from '../policies/index.js';
import type { AttendanceContext } from './context.js';
import { justificationsOfStudent } from './justification-store.js';
import {
  type AbsenceRow,
  absencesBetween,
  attendanceSettings,
  loadStudent,
  type ScopeStudent,
  type StudentRow,
  studentEntries,
  studentsOfScope,
} from './store.js';
import { entryView, justificationView, rangeInstants } from './views.js';

/** The student, once the viewer may see them (`requireStudent`): 404/403 otherwise. */
export async function visibleStudent(ctx: AttendanceContext, studentId: string): Promise<StudentRow> {
  await requireStudent(ctx, studentId);
  const st = await loadStudent(ctx.db, studentId);
  if (!st) throw notFound("Cet élève n'existe pas ou ne vous est pas accessible.");
  return st;
}

const tallyEntry = (r: AbsenceRow) => ({
  studentId: r.student_id,
  startsAt: new Date(r.starts_at).toISOString(),
  status: r.status,
  lateMinutes: r.late_minutes,
  justified: r.justified,
});

/**
 * A student's absences, lateness… over a period (by default the current school year, 1 September to
 * 31 August), each with the state of its justification, the établissement's motifs and the tallies.
 */
export async function studentAttendance(
  ctx: AttendanceContext,
  studentId: string,
  range: DateRange = schoolYearBounds(schoolYearOf(parisLocalTime(ctx.now).date)),
): Promise<StudentAttendanceView> {
  const st = await visibleStudent(ctx, studentId);
  const settings = await attendanceSettings(ctx.db, st.uai);
  const [start, end] = rangeInstants(range.from, range.to);
  const [rows, justifications] = await Promise.all([
    studentEntries(ctx.db, st.id, start, end),
    justificationsOfStudent(ctx.db, st.id),
  ]);
  const [tally] = tallyStudents(rows.map(tallyEntry), settings, [st.id]);
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

/** The students of a tally's scope, once the viewer may see them. */
async function scopeStudents(
  ctx: AttendanceContext,
  scope: TallyScope,
  id: string,
): Promise<{ uai: string; students: ScopeStudent[] }> {
  if (scope === 'student') {
    const st = await visibleStudent(ctx, id);
    return { uai: st.uai, students: [st] };
  }
  if (scope === 'class') {
    const cls = await requireClassAttendance(ctx, id);
    return { uai: cls.uai, students: await studentsOfScope(ctx.db, { classId: id }) };
  }
  await requireAttendanceOffice(ctx, id);
  return { uai: id, students: await studentsOfScope(ctx.db, { uai: id }) };
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
  const rows = await absencesBetween(ctx.db, uai, ids, start, end);
  const byId = new Map(tallyStudents(rows.map(tallyEntry), settings, ids).map((t) => [t.studentId, t]));
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

/**
 * The vie scolaire's week: every student of a class or of the établissement × 5 days × 8 slots. `week` is any
 * day of it; by default the current week.
 */
export async function weekGrid(
  ctx: AttendanceContext,
  query: { classId?: string; week?: string },
): Promise<WeekGridView> {
  const scope: TallyScope = query.classId ? 'class' : 'etablissement';
  const { uai, students } = await scopeStudents(ctx, scope, query.classId ?? ctx.viewer.uai ?? '');
  const weekStart = mondayOf(query.week ?? parisLocalTime(ctx.now).date);
  const days = [0, 1, 2, 3, 4].map((d) => addDays(weekStart, d));
  const [start, end] = rangeInstants(days[0]!, days[4]!);
  const index = new Map(students.map((s, i) => [s.id, i]));
  const rows = await absencesBetween(
    ctx.db,
    uai,
    students.map((s) => s.id),
    start,
    end,
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
