import {
  classDays,
  isoWeekday,
  parisDateTime,
  parisLocalTime,
  type SchoolCalendar,
  schoolCalendar,
} from '@preau/core';
import { insertRows } from '../db/index.js';
import type { Db } from '../db/types.js';
import { newId } from '../ids.js';
import type { InputFile } from '../imports/siecle.js';
import { sameName } from '../imports/state.js';
import { parseXml, type XmlElement, XmlRefused } from '../imports/xml.js';
import { readEdtCourses } from './edt.js';
import { calendarWithHolidays } from './holidays.js';
import type { ParsedTimetable, WeeklyLesson } from './model.js';
import { readUdtFiles } from './udt.js';

/**
 * A timetable export becomes the séances of the rest of the school year: each weekly lesson on each class day
 * (official holidays of the zone when their calendar is given, public holidays always), week A / week B lessons
 * on alternate class weeks. Only the structures the timetable speaks of are touched, only from today on, and a
 * séance that already has a roll call is never removed. Running it twice changes nothing.
 */
export interface TimetablePlan {
  format: 'edt' | 'udt';
  lessons: number;
  /** Séances the timetable gives from today to the end of the year. */
  seances: number;
  created: number;
  removed: number;
  warnings: string[];
}

export function readTimetableFiles(files: InputFile[]): ParsedTimetable {
  if (!files.length) throw new XmlRefused('Aucun fichier.');
  const roots = files.map((f) => parseXml(f.bytes));
  const edt = roots.filter((r) => r.name.toUpperCase() === 'TABLE');
  if (edt.length) {
    const parsed = edt.map(readEdtCourses);
    return {
      format: 'edt',
      lessons: parsed.flatMap((p) => p.lessons),
      warnings: parsed.flatMap((p) => p.warnings),
    };
  }
  const udt = readUdtFiles(roots as XmlElement[]);
  if (!udt.lessons.length && !udt.warnings.length) {
    throw new XmlRefused(
      'Aucun cours trouvé : attendu un export EDT (EXP_COURS.xml) ou les fichiers UDCal_*.xml d’UnDeuxTEMPS.',
    );
  }
  return udt;
}

export async function importTimetable(
  db: Db,
  files: InputFile[],
  options: { uai: string; now: Date; apply: boolean; holidaysIcs?: string; zone?: 'A' | 'B' | 'C' },
): Promise<TimetablePlan> {
  const parsed = readTimetableFiles(files);
  const { uai } = options;
  const year = (
    await db.query<{ y: number | null }>('SELECT max(school_year) AS y FROM classes WHERE uai = $1', [uai])
  )[0]?.y;
  if (!year)
    throw new XmlRefused(`L'établissement ${uai} n'a pas encore de classes : importez l'annuaire d'abord.`);
  const calendar = options.holidaysIcs
    ? calendarWithHolidays(year, options.holidaysIcs, options.zone ?? 'B')
    : schoolCalendar(year);
  const warnings = [...parsed.warnings];
  const classes = new Map(
    (
      await db.query<{ id: string; name: string }>(
        'SELECT id, name FROM classes WHERE uai = $1 AND school_year = $2',
        [uai, year],
      )
    ).map((c) => [c.name, c.id]),
  );
  const subjects = await db.query<{ id: string; code: string; name: string; national: string | null }>(
    `SELECT s.id, s.code, s.name, (SELECT x.external_id FROM external_ids x WHERE x.record_id = s.id AND x.source = 'bcn' LIMIT 1) AS national
       FROM subjects s WHERE s.uai = $1`,
    [uai],
  );
  const teachers = await db.query<{ id: string; first_name: string; last_name: string }>(
    "SELECT id, first_name, last_name FROM users WHERE uai = $1 AND profile = 'teacher' AND disabled_at IS NULL",
    [uai],
  );
  const subjectOf = (s: WeeklyLesson['subject']) =>
    subjects.find((x) => s.code && (x.code === s.code || x.national === s.code)) ??
    subjects.find((x) => s.label && sameName(x.name, s.label));
  const teacherOf = (t: WeeklyLesson['teacher']) => {
    const found = teachers.filter(
      (x) => sameName(x.last_name, t.lastName) && (!t.firstName || sameName(x.first_name, t.firstName)),
    );
    return found.length === 1 ? found[0] : undefined;
  };

  const from = parisLocalTime(options.now).date;
  const days = classDays(calendar).filter((d) => d >= from);
  const weekIndex = weekIndexer(calendar);
  const wanted = new Map<string, unknown[]>();
  const touched = new Set<string>();
  for (const lesson of parsed.lessons) {
    const subject = subjectOf(lesson.subject);
    const teacher = teacherOf(lesson.teacher);
    const label = `${lesson.structures.join(', ')} ${lesson.subject.code ?? lesson.subject.label ?? ''} (${lesson.teacher.lastName})`;
    if (!subject) warnings.push(`${label} : matière inconnue ; cours ignoré.`);
    if (!teacher) warnings.push(`${label} : enseignant introuvable ou ambigu ; cours ignoré.`);
    const classIds = lesson.structures.map((code) => {
      const id = classes.get(code);
      if (!id) warnings.push(`${label} : classe ou groupe ${code} inconnu.`);
      return id;
    });
    if (!subject || !teacher) continue;
    for (const classId of classIds) {
      if (!classId) continue;
      touched.add(classId);
      for (const date of days) {
        if (isoWeekday(date) !== lesson.weekday) continue;
        if (lesson.weeks !== 'all' && (weekIndex(date) % 2 === 0 ? 'A' : 'B') !== lesson.weeks) continue;
        const startsAt = new Date(parisDateTime(date, lesson.start)).toISOString();
        const endsAt = new Date(parisDateTime(date, lesson.end)).toISOString();
        const key = `${classId}|${subject.id}|${teacher.id}|${startsAt}|${endsAt}`;
        wanted.set(key, [
          newId('sea'),
          classId,
          subject.id,
          teacher.id,
          startsAt,
          endsAt,
          lesson.room ?? null,
        ]);
      }
    }
  }
  const fromInstant = new Date(parisDateTime(from, '00:00')).toISOString();
  const existing = await db.query<{ id: string; key: string; recorded: boolean }>(
    `SELECT s.id, s.class_id || '|' || s.subject_id || '|' || s.teacher_id || '|' ||
              to_char(s.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '|' ||
              to_char(s.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS key,
            EXISTS (SELECT 1 FROM roll_calls r WHERE r.seance_id = s.id)
              OR EXISTS (SELECT 1 FROM attendance_entries a WHERE a.seance_id = s.id) AS recorded
       FROM seances s WHERE s.class_id = ANY($1::text[]) AND s.starts_at >= $2`,
    [[...touched], fromInstant],
  );
  const existingKeys = new Set(existing.map((e) => e.key));
  const toCreate = [...wanted].filter(([k]) => !existingKeys.has(k)).map(([, row]) => row);
  const toRemove = existing.filter((e) => !wanted.has(e.key) && !e.recorded).map((e) => e.id);
  if (options.apply) {
    await db.transaction(async (tx) => {
      if (toRemove.length) await tx.query('DELETE FROM seances WHERE id = ANY($1::text[])', [toRemove]);
      await insertRows(
        tx,
        'seances',
        ['id', 'class_id', 'subject_id', 'teacher_id', 'starts_at', 'ends_at', 'room'],
        toCreate,
      );
    });
  }
  return {
    format: parsed.format,
    lessons: parsed.lessons.length,
    seances: wanted.size,
    created: toCreate.length,
    removed: toRemove.length,
    warnings: [...new Set(warnings)],
  };
}

/** Week A / week B: class weeks counted from the first (holiday weeks do not count). */
function weekIndexer(calendar: SchoolCalendar): (date: string) => number {
  const mondays = [...new Set(classDays(calendar).map(mondayOf))];
  const index = new Map(mondays.map((m, i) => [m, i]));
  return (date) => index.get(mondayOf(date)) ?? 0;
}

function mondayOf(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - (isoWeekday(date) - 1));
  return d.toISOString().slice(0, 10);
}
