/**
 * One generated établissement: its subjects and period schemes, its people (`people.ts`), what is taught and by
 * whom (`teaching.ts`) and its timetable (`timetable.ts`). The records it yields are described in `school-types.ts`.
 */
import {
  COLLEGE_LEVELS,
  COLLEGE_SUBJECTS,
  classDays,
  type Level,
  type Lv2Code,
  LYCEE_LEVELS,
  LYCEE_SUBJECTS,
  type PeriodScheme,
  periodsFor,
  type SchoolCalendar,
} from '@preau/core';
import { enrolStudents, hireDirection, type LoginBook, peopleMaker } from './people.js';
import type { ReferenceEtablissement } from './reference.js';
import type { Rng } from './rng.js';
import type { SeededPeriod, SeededSchool, SeededSubject, SeedRows } from './school-types.js';
import { chooseHeadTeachers, formLv2Groups, hireTeachers, teachingUnits, weeklyHoursOf } from './teaching.js';
import { assignmentsOf, datedSeances, schedule } from './timetable.js';

const DEFAULT_STUDENTS = { college: 450, lycee: 900 };

export interface PopulateOptions {
  rng: Rng;
  schoolYear: number;
  calendar: SchoolCalendar;
  logins: LoginBook;
  rows: SeedRows;
  /** Dated séances from/to (inclusive); the whole year's classes when omitted. */
  timetableRange?: { from: string; to: string };
  /** The class days of `calendar`, when the caller has them already (saves recomputing them per school). */
  classDays?: readonly string[];
  /** The demo établissement: 3e in semestres, a deputy head, and at least one LV2 German group. */
  demo?: boolean;
}

/** Generates the people, classes, teaching and timetable of one établissement. */
export function populateSchool(ref: ReferenceEtablissement, o: PopulateOptions): SeededSchool {
  const { rng, rows } = o;
  const uai = ref.uai;
  const people = peopleMaker(uai, rng, o.logins, rows);
  const kind = ref.kind;
  const levels: readonly Level[] = kind === 'college' ? COLLEGE_LEVELS : LYCEE_LEVELS;
  const hoursByLevel = weeklyHoursOf(kind);

  // Languages offered as LV2: Spanish everywhere, German in most, Italian in a few.
  const lv2Offered: [Lv2Code, number][] = [['ESP', 70]];
  if (o.demo || rng.chance(0.8)) lv2Offered.push(['ALL', 25]);
  if (kind === 'college' && !o.demo && rng.chance(0.12)) lv2Offered.push(['ITA', 15]);
  const lv2Codes = new Set<string>(lv2Offered.map(([c]) => c));

  const catalogue = kind === 'college' ? COLLEGE_SUBJECTS : LYCEE_SUBJECTS;
  const subjects: SeededSubject[] = catalogue
    .filter((s) => !['ESP', 'ALL', 'ITA'].includes(s.code) || lv2Codes.has(s.code))
    .map((s) => ({ id: `${uai}-${s.code}`, code: s.code, name: s.name, coefficient: s.coefficient }));
  const subjectByCode = new Map(subjects.map((s) => [s.code, s]));

  // Period schemes: most schools use trimestres; some use semestres for all or for the last level.
  const schemeDraw = rng.next();
  const schemeOf = (level: Level): PeriodScheme => {
    if (o.demo) return level === '3e' ? 'semestre' : 'trimestre';
    if (schemeDraw < 0.12) return 'semestre';
    if (schemeDraw < 0.3 && level === levels[levels.length - 1]) return 'semestre';
    return 'trimestre';
  };

  // Students per level, sized from the real head count.
  const total = ref.studentCount ?? DEFAULT_STUDENTS[kind];
  const weights = levels.map(() => rng.normal(1, 0.05, 0.85, 1.15));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const perLevel = weights.map((w) => Math.max(8, Math.round((total * w) / wsum)));

  const { classes, students, guardianIds } = enrolStudents(people, {
    kind,
    levels,
    perLevel,
    schemeOf,
    hasLv2: (level) => 'LV2' in hoursByLevel[level]!,
    lv2Offered,
  });
  const alignments = formLv2Groups(people.idOf, levels, hoursByLevel, classes, students, lv2Offered);
  const groups = alignments.flatMap((a) => a.groups);
  const units = teachingUnits(classes, alignments, hoursByLevel);
  const { teachers, hire } = hireTeachers(people, units);
  const direction = hireDirection(people, total, o.demo);
  chooseHeadTeachers(people, classes, units, teachers);

  const weekly = schedule(uai, alignments, units, rng, teachers, hire);
  const assignments = assignmentsOf(weekly, people.idOf);

  // Periods of each scheme in use.
  const schemes = [...new Set(classes.map((c) => c.periodScheme))].sort();
  const periods: SeededPeriod[] = schemes.flatMap((scheme) =>
    periodsFor(scheme, o.schoolYear).map((p) => ({
      id: `${uai}-${o.schoolYear}-${scheme === 'trimestre' ? 'T' : 'S'}${p.number}`,
      scheme,
      number: p.number,
      name: p.name.fr,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      gradesDeadline: p.gradesDeadline,
    })),
  );

  // Dated séances: the weekly pattern on every class day of the range.
  const allDays = o.classDays ?? classDays(o.calendar);
  const range = o.timetableRange ?? { from: o.calendar.firstClassDay, to: o.calendar.lastClassDay };
  const days = allDays.filter((d) => d >= range.from && d <= range.to);
  const seances = datedSeances(weekly, days, people.idOf);

  return {
    uai,
    name: ref.name,
    kind,
    departementCode: ref.departementCode,
    subjects,
    subjectByCode,
    classes: [...classes, ...groups],
    students,
    guardianIds,
    // Weekly hours as the timetable holds them (an hour may have moved to a colleague).
    teachers: teachers.map(({ id, subjectCode, room }) => ({
      id,
      subjectCode,
      room,
      weeklyHours: weekly.filter((w) => w.teacherId === id).length,
    })),
    ...direction,
    assignments,
    periods,
    weekly,
    seances,
    timetableRange: range,
  };
}
