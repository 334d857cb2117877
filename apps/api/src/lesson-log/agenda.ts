/**
 * Travail à faire as students and parents see it (by due date, "pour demain", ticked done by the student) and as
 * teachers weigh it before giving more (a class's workload for a day and its week).
 */
import {
  addDays,
  mondayOf,
  nextClassDay,
  personName,
  type StudentAgendaView,
  type StudentWorkItemView,
  type WorkloadView,
  type WorkType,
  workloadFigures,
} from '@preau/core';
import type { Db } from '../db/types.js';
import { forbidden } from '../http/problem.js';
import { requireStudent, withinReach } from '../policies/index.js';
import { outOfReach, requireLessonLogReader, sameNotFound } from '../policies/lesson-log.js';
import { todayOf } from './cahier.js';
import type { LessonLogContext } from './entries.js';
import { WORK_DONE_KIND } from './publication.js';
import { attachmentsOfEntries, lessonLogSettings, type WorkRow } from './store.js';
import { iso, workView } from './views.js';

export interface StudentWorkRow extends WorkRow {
  entry_title: string;
  entry_date: string;
  subject_id: string;
  subject_code: string;
  subject_name: string;
  teacher_id: string;
  teacher_first_name: string;
  teacher_last_name: string;
  publish_at: Date;
  done_at: Date | null;
}

/** The published work given to a student (through their class and groups), due within [from, to]. */
export function studentWork(
  db: Db,
  studentId: string,
  range: { from: string; to: string },
  publishedBy: Date,
): Promise<StudentWorkRow[]> {
  return db.query<StudentWorkRow>(
    `SELECT w.id, w.entry_id, w.class_id, tc.name AS target_name, tc.kind AS target_kind, w.position, w.type,
            w.title, w.instructions_html, w.instructions_text, to_char(w.given_on, 'YYYY-MM-DD') AS given_on,
            to_char(w.due_on, 'YYYY-MM-DD') AS due_on, w.estimated_minutes, w.version, w.updated_at,
            e.title AS entry_title, to_char(e.date, 'YYYY-MM-DD') AS entry_date, e.subject_id,
            sub.code AS subject_code, sub.name AS subject_name, e.teacher_id, t.first_name AS teacher_first_name,
            t.last_name AS teacher_last_name, e.publish_at, d.done_at
       FROM lesson_work w
       JOIN enrolments en ON en.class_id = w.class_id AND en.student_id = $1
       JOIN lesson_entries e ON e.id = w.entry_id
       JOIN classes tc ON tc.id = w.class_id
       JOIN subjects sub ON sub.id = e.subject_id
       JOIN users t ON t.id = e.teacher_id
       LEFT JOIN lesson_work_done d ON d.work_id = w.id AND d.student_id = $1
      WHERE w.due_on BETWEEN $2::date AND $3::date AND e.publish_at <= $4
      ORDER BY w.due_on, sub.name, e.date, w.position, w.id`,
    [studentId, range.from, range.to, publishedBy],
  );
}

/** A student's agenda: published work by due date (default: today to the end of next week), ticks, "pour demain". */
export async function studentAgenda(
  ctx: LessonLogContext,
  studentId: string,
  query: { from?: string; to?: string },
): Promise<StudentAgendaView> {
  await sameNotFound(requireStudent(ctx, studentId));
  const today = todayOf(ctx.now);
  const from = query.from ?? today;
  const to = query.to ?? addDays(mondayOf(today), 13);
  const [[student], rows] = await Promise.all([
    ctx.db.query<{ first_name: string; last_name: string }>(
      'SELECT first_name, last_name FROM users WHERE id = $1',
      [studentId],
    ),
    studentWork(ctx.db, studentId, { from, to }, ctx.now),
  ]);
  const files = await attachmentsOfEntries(ctx.db, [...new Set(rows.map((r) => r.entry_id))]);
  return {
    student: { id: studentId, firstName: student!.first_name, lastName: student!.last_name },
    today,
    nextClassDay: nextClassDay(today),
    from,
    to,
    work: rows.map(
      (r): StudentWorkItemView => ({
        ...workView(
          r,
          files.filter((f) => f.entry_id === r.entry_id),
        ),
        subject: { id: r.subject_id, code: r.subject_code, name: r.subject_name },
        teacher: {
          id: r.teacher_id,
          name: personName({ firstName: r.teacher_first_name, lastName: r.teacher_last_name }),
        },
        entryTitle: r.entry_title,
        entryDate: r.entry_date,
        done: r.done_at !== null,
        doneAt: r.done_at ? iso(r.done_at) : null,
      }),
    ),
    canTick: ctx.viewer.id === studentId,
  };
}

/**
 * A student ticks (or unticks) published work given to them. Work they are not given: 403 in their établissement,
 * 404 elsewhere; unpublished work does not exist for them.
 */
export async function tickWork(
  ctx: LessonLogContext,
  workId: string,
  done: boolean,
): Promise<{ workId: string; done: boolean; doneAt: string | null }> {
  const { db, viewer } = ctx;
  const [row] = await db.query<{ uai: string; publish_at: Date; given: boolean }>(
    `SELECT e.uai, e.publish_at,
            EXISTS (SELECT 1 FROM enrolments en WHERE en.class_id = w.class_id AND en.student_id = $2) AS given
       FROM lesson_work w JOIN lesson_entries e ON e.id = w.entry_id WHERE w.id = $1`,
    [workId, viewer.id],
  );
  if (!row || new Date(row.publish_at) > ctx.now || !(await withinReach(db, viewer, row.uai))) {
    throw outOfReach();
  }
  if (!row.given) throw forbidden("Ce travail n'est pas donné à votre classe ni à vos groupes.");
  const tick = await db.transaction(async (tx) => {
    if (done) {
      await tx.query(
        `INSERT INTO lesson_work_done (work_id, student_id, done_at) VALUES ($1, $2, $3)
         ON CONFLICT (work_id, student_id) DO NOTHING`,
        [workId, viewer.id, ctx.now],
      );
    } else {
      await tx.query('DELETE FROM lesson_work_done WHERE work_id = $1 AND student_id = $2', [
        workId,
        viewer.id,
      ]);
    }
    const [current] = await tx.query<{ done_at: Date }>(
      'SELECT done_at FROM lesson_work_done WHERE work_id = $1 AND student_id = $2',
      [workId, viewer.id],
    );
    const answer = { workId, done: current !== undefined, doneAt: current ? iso(current.done_at) : null };
    // The student's parents (and the student's other open pages) see the tick.
    const guardians = await tx.query<{ guardian_id: string }>(
      'SELECT guardian_id FROM guardianships WHERE student_id = $1',
      [viewer.id],
    );
    await ctx.live.publish(tx, {
      audience: [viewer.id, ...guardians.map((g) => g.guardian_id)],
      kind: WORK_DONE_KIND,
      payload: { ...answer, studentId: viewer.id },
      uai: row.uai,
    });
    return answer;
  });
  return tick;
}

interface WorkloadRow {
  id: string;
  entry_id: string;
  class_id: string;
  target_name: string;
  target_kind: 'classe' | 'groupe';
  type: WorkType;
  title: string;
  due_on: string;
  estimated_minutes: number;
  subject_id: string;
  subject_name: string;
  publish_at: Date;
  /** The class's students the work is for. */
  audience: string[];
}

/**
 * A class's workload for a day and its week: work due for the class itself and for groups holding some of its
 * students, in minutes, against the établissement's limits. Students and parents count published work only.
 */
export async function classWorkload(
  ctx: LessonLogContext,
  classId: string,
  date: string,
): Promise<WorkloadView> {
  const { cls, family } = await requireLessonLogReader(ctx, classId);
  const weekStart = mondayOf(date);
  const [settings, students, rows] = await Promise.all([
    lessonLogSettings(ctx.db, cls.uai),
    ctx.db.query<{ student_id: string }>('SELECT student_id FROM enrolments WHERE class_id = $1 ORDER BY 1', [
      classId,
    ]),
    ctx.db.query<WorkloadRow>(
      `SELECT w.id, w.entry_id, w.class_id, tc.name AS target_name, tc.kind AS target_kind, w.type, w.title,
              to_char(w.due_on, 'YYYY-MM-DD') AS due_on, w.estimated_minutes, e.subject_id,
              sub.name AS subject_name, e.publish_at,
              ARRAY(SELECT a.student_id FROM enrolments a JOIN enrolments b ON b.student_id = a.student_id
                     WHERE a.class_id = w.class_id AND b.class_id = $1 ORDER BY 1) AS audience
         FROM lesson_work w JOIN lesson_entries e ON e.id = w.entry_id
         JOIN classes tc ON tc.id = w.class_id JOIN subjects sub ON sub.id = e.subject_id
        WHERE w.due_on BETWEEN $2::date AND $3::date
          AND ($4::timestamptz IS NULL OR e.publish_at <= $4::timestamptz)
          AND (w.class_id = $1 OR EXISTS (
                SELECT 1 FROM enrolments a JOIN enrolments b ON b.student_id = a.student_id
                 WHERE a.class_id = w.class_id AND b.class_id = $1))
        ORDER BY w.due_on, sub.name, w.id`,
      [classId, weekStart, addDays(weekStart, 6), family ? ctx.now : null],
    ),
  ]);
  const index = new Map(students.map((s, i) => [s.student_id, i]));
  const figures = workloadFigures(
    rows.map((r) => ({
      dueOn: r.due_on,
      estimatedMinutes: r.estimated_minutes,
      audience: r.class_id === classId ? null : r.audience.map((id) => index.get(id)!),
    })),
    { day: date, students: students.length, limits: settings },
  );
  const bySubject = new Map<string, { subjectId: string; subjectName: string; minutes: number }>();
  for (const r of rows) {
    const s = bySubject.get(r.subject_id) ?? {
      subjectId: r.subject_id,
      subjectName: r.subject_name,
      minutes: 0,
    };
    s.minutes += r.estimated_minutes;
    bySubject.set(r.subject_id, s);
  }
  return {
    class: { id: cls.id, name: cls.name, kind: cls.kind },
    date,
    weekStart,
    days: figures.days,
    day: figures.days.find((d) => d.date === date)!,
    weekMinutes: figures.weekMinutes,
    limits: {
      dailyMinutes: settings.dailyWorkloadLimitMinutes,
      weeklyMinutes: settings.weeklyWorkloadLimitMinutes,
    },
    overLimit: figures.overLimit,
    bySubject: [...bySubject.values()].sort(
      (a, b) => b.minutes - a.minutes || a.subjectName.localeCompare(b.subjectName),
    ),
    items: rows.map((r) => ({
      workId: r.id,
      entryId: r.entry_id,
      subject: { id: r.subject_id, name: r.subject_name },
      type: r.type,
      title: r.title,
      dueOn: r.due_on,
      estimatedMinutes: r.estimated_minutes,
      target: { id: r.class_id, name: r.target_name, kind: r.target_kind },
      share: r.class_id === classId || students.length === 0 ? 1 : r.audience.length / students.length,
      published: new Date(r.publish_at) <= ctx.now,
    })),
  };
}
