/**
 * Reading the cahier de textes: a class's (or group's) entries and séances over a range, what the viewer reaches
 * (their classes and subjects, their children), and the direction's visas and overview.
 */
import {
  addDays,
  type ClassLessonLogView,
  type LessonLogContextView,
  type LessonVisaOverviewView,
  type LessonVisaView,
  mondayOf,
  nextClassDay,
  parisLocalTime,
  parisMidnight,
  personName,
  schoolYearOf,
} from '@preau/core';
import { conflict, invalid } from '../http/problem.js';
import { newId } from '../ids.js';
import {
  requireLessonDirection,
  requireLessonLogReader,
  requireLessonOverview,
} from '../policies/lesson-log.js';
import { inTransaction, type LessonLogContext } from './entries.js';
import { entriesOfClass, insertVisa, latestVisa, seancesOfClass, visasOfClasses } from './store.js';
import { entryViews, iso, lockDays, visaView } from './views.js';

export const todayOf = (now: Date) => parisLocalTime(now).date;

/** A class's cahier between two days (default: the current week), its séances, visas and lock. */
export async function classLessonLog(
  ctx: LessonLogContext,
  classId: string,
  query: { from?: string; to?: string; subjectId?: string },
): Promise<ClassLessonLogView> {
  const { cls, family } = await requireLessonLogReader(ctx, classId);
  const from = query.from ?? mondayOf(todayOf(ctx.now));
  const to = query.to ?? addDays(from, 6);
  const [rows, slots, visas] = await Promise.all([
    entriesOfClass(ctx.db, classId, { from, to }, family ? ctx.now : null),
    seancesOfClass(ctx.db, classId, parisMidnight(from), parisMidnight(addDays(to, 1))),
    visasOfClasses(ctx.db, [classId]),
  ]);
  const bySubject = <T extends { subject_id: string }>(list: T[]) =>
    query.subjectId ? list.filter((r) => r.subject_id === query.subjectId) : list;
  const visible = (publishAt: Date | null) => !family || (publishAt !== null && publishAt <= ctx.now);
  return {
    class: {
      id: cls.id,
      name: cls.name,
      kind: cls.kind,
      uai: cls.uai,
      level: cls.level,
      schoolYear: cls.schoolYear,
    },
    from,
    to,
    entries: await entryViews(ctx.db, bySubject(rows), ctx.viewer, ctx.now),
    seances: bySubject(slots).map((s) => ({
      id: s.id,
      subjectId: s.subject_id,
      subjectName: s.subject_name,
      teacher: {
        id: s.teacher_id,
        name: personName({ firstName: s.teacher_first_name, lastName: s.teacher_last_name }),
      },
      startsAt: iso(s.starts_at),
      endsAt: iso(s.ends_at),
      room: s.room,
      entryId: s.entry_id && visible(s.entry_publish_at && new Date(s.entry_publish_at)) ? s.entry_id : null,
    })),
    visas: visas.map(visaView),
    lockedUntil: lockDays(visas).get(classId) ?? null,
  };
}

/** What the viewer reaches, for the element's pickers. */
export async function lessonLogContext(ctx: LessonLogContext): Promise<LessonLogContextView> {
  const { db, viewer } = ctx;
  const today = todayOf(ctx.now);
  const schoolYear = schoolYearOf(today);
  const view: LessonLogContextView = {
    today,
    nextClassDay: nextClassDay(today),
    schoolYear,
    teaching: [],
    students: [],
    etablissements: [],
  };
  if (viewer.profile === 'teacher') {
    const rows = await db.query<{
      id: string;
      name: string;
      kind: 'classe' | 'groupe';
      subject_id: string;
      code: string;
      subject: string;
    }>(
      `SELECT c.id, c.name, c.kind, s.id AS subject_id, s.code, s.name AS subject
         FROM teaching_assignments t JOIN classes c ON c.id = t.class_id JOIN subjects s ON s.id = t.subject_id
        WHERE t.teacher_id = $1 AND c.school_year = $2 ORDER BY c.kind, c.name, s.name`,
      [viewer.id, schoolYear],
    );
    for (const r of rows) {
      let cls = view.teaching.find((c) => c.id === r.id);
      if (!cls) {
        cls = { id: r.id, name: r.name, kind: r.kind, subjects: [] };
        view.teaching.push(cls);
      }
      cls.subjects.push({ id: r.subject_id, code: r.code, name: r.subject });
    }
  }
  if (viewer.profile === 'student' || viewer.profile === 'guardian') {
    const rows = await db.query<{
      id: string;
      first_name: string;
      last_name: string;
      class_id: string | null;
      class_name: string | null;
      kind: 'classe' | 'groupe' | null;
    }>(
      `SELECT u.id, u.first_name, u.last_name, c.id AS class_id, c.name AS class_name, c.kind
         FROM users u LEFT JOIN enrolments e ON e.student_id = u.id
         LEFT JOIN classes c ON c.id = e.class_id AND c.school_year = $2
        WHERE u.id = $1 OR u.id IN (SELECT student_id FROM guardianships WHERE guardian_id = $1)
        ORDER BY u.first_name, u.id, c.kind, c.name`,
      [viewer.id, schoolYear],
    );
    for (const r of rows) {
      if (r.id === viewer.id && viewer.profile === 'guardian') continue;
      let s = view.students.find((x) => x.id === r.id);
      if (!s) {
        s = { id: r.id, firstName: r.first_name, lastName: r.last_name, classes: [] };
        view.students.push(s);
      }
      if (r.class_id) s.classes.push({ id: r.class_id, name: r.class_name!, kind: r.kind! });
    }
  }
  if (viewer.profile === 'direction' && viewer.uai) {
    view.etablissements = await db.query(`SELECT uai, name FROM etablissements WHERE uai = $1`, [viewer.uai]);
  }
  if (viewer.profile === 'inspector') {
    view.etablissements = await db.query(
      `SELECT e.uai, e.name FROM etablissements e JOIN departements d ON d.code = e.departement_code
        WHERE ($1::text = 'national' OR ($1 = 'academie' AND d.academie_code = $2)
               OR ($1 = 'departement' AND e.departement_code = $2))
          AND EXISTS (SELECT 1 FROM classes c WHERE c.uai = e.uai AND c.school_year = $3)
        ORDER BY e.name, e.uai`,
      [viewer.scopeKind, viewer.scopeCode, schoolYear],
    );
  }
  return view;
}

/** The direction's visa: entries of the class dated up to `upTo` are locked from now on. */
export async function createVisa(
  ctx: LessonLogContext,
  classId: string,
  input: { upTo: string; comment: string },
): Promise<LessonVisaView> {
  const cls = await requireLessonDirection(ctx, classId);
  const today = todayOf(ctx.now);
  if (input.upTo > today) {
    throw invalid([
      { field: 'body.upTo', message: `Un visa porte sur le passé : au plus tard le ${today}.` },
    ]);
  }
  if (schoolYearOf(input.upTo) !== cls.schoolYear) {
    throw invalid([
      {
        field: 'body.upTo',
        message: `Date hors de l'année scolaire ${cls.schoolYear}-${cls.schoolYear + 1} de la classe.`,
      },
    ]);
  }
  const id = newId('visa');
  await inTransaction(ctx.db, `Ce cahier est déjà visé jusqu'au ${input.upTo}.`, async (tx) => {
    const last = await latestVisa(tx, classId);
    if (last && last.upTo >= input.upTo) {
      throw conflict(`Ce cahier est déjà visé jusqu'au ${last.upTo}.`);
    }
    await insertVisa(tx, {
      id,
      uai: cls.uai,
      classId,
      upTo: input.upTo,
      comment: input.comment,
      by: ctx.viewer.id,
      at: ctx.now,
    });
  });
  const visas = await visasOfClasses(ctx.db, [classId]);
  return visaView(visas.find((v) => v.id === id)!);
}

export async function classVisas(ctx: LessonLogContext, classId: string): Promise<LessonVisaView[]> {
  await requireLessonLogReader(ctx, classId);
  return (await visasOfClasses(ctx.db, [classId])).map(visaView);
}

/** Every class and group of the établissement this year: entries, latest visa, what came after it. */
export async function visaOverview(ctx: LessonLogContext, uai: string): Promise<LessonVisaOverviewView> {
  await requireLessonOverview(ctx, uai);
  const rows = await ctx.db.query<{
    id: string;
    name: string;
    kind: 'classe' | 'groupe';
    level: string | null;
    entries: number;
    last_entry_date: string | null;
    since_visa: number;
    amendments: number;
  }>(
    `SELECT c.id, c.name, c.kind, c.level,
            (SELECT count(*)::int FROM lesson_entries e WHERE e.class_id = c.id) AS entries,
            (SELECT to_char(max(e.date), 'YYYY-MM-DD') FROM lesson_entries e WHERE e.class_id = c.id)
              AS last_entry_date,
            (SELECT count(*)::int FROM lesson_entries e WHERE e.class_id = c.id
               AND e.date > coalesce((SELECT max(v.up_to) FROM lesson_visas v WHERE v.class_id = c.id), '-infinity'))
              AS since_visa,
            (SELECT count(*)::int FROM lesson_entry_revisions r JOIN lesson_entries e ON e.id = r.entry_id
              WHERE e.class_id = c.id AND r.amendment) AS amendments
       FROM classes c WHERE c.uai = $1 AND c.school_year = $2
      ORDER BY c.kind, c.level NULLS LAST, c.name`,
    [uai, schoolYearOf(todayOf(ctx.now))],
  );
  const visas = await visasOfClasses(
    ctx.db,
    rows.map((r) => r.id),
  );
  const latest = new Map(visas.map((v) => [v.class_id, v])); // ordered by day: the last one wins
  return {
    uai,
    classes: rows.map((r) => {
      const visa = latest.get(r.id);
      return {
        id: r.id,
        name: r.name,
        kind: r.kind,
        level: r.level,
        entries: r.entries,
        lastEntryDate: r.last_entry_date,
        visa: visa ? visaView(visa) : null,
        entriesSinceVisa: r.since_visa,
        amendments: r.amendments,
      };
    }),
  };
}
