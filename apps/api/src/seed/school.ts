import {
  COLLEGE_LEVELS,
  COLLEGE_SUBJECTS,
  classDays,
  DAY_SLOTS,
  type GuardianRelation,
  type Level,
  type Lv2Code,
  LYCEE_LEVELS,
  LYCEE_SUBJECTS,
  loginFromName,
  type PeriodScheme,
  type Profile,
  parisDateTime,
  periodsFor,
  type SchoolCalendar,
  type UserFunction,
  WEDNESDAY_SLOT_COUNT,
} from '@preau/core';
import { derivedId } from '../ids.js';
import { ADULT_FIRST_NAMES, CHILD_FIRST_NAMES, LAST_NAMES } from './names.js';
import type { ReferenceEtablissement } from './reference.js';
import type { Rng } from './rng.js';

/** One generated person, as the `users` table stores them. */
export interface SeedUser {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  profile: Profile;
  functions: UserFunction[];
  uai: string | null;
  scopeKind: 'national' | 'academie' | 'departement' | null;
  scopeCode: string | null;
}

export interface SeededSubject {
  id: string;
  code: string;
  name: string;
  coefficient: string;
}

export interface SeededClass {
  id: string;
  kind: 'classe' | 'groupe';
  name: string;
  level: Level;
  periodScheme: PeriodScheme;
  headTeacherId: string | null;
  /** Students enrolled, in order. */
  studentIds: string[];
  /** Groups: the classes whose students it gathers. */
  classIds: string[];
  /** Groups: the subject taught (LV2 code). */
  subjectCode: string | null;
}

export interface SeededStudent {
  id: string;
  level: Level;
  classId: string;
  groupIds: string[];
  lv2: Lv2Code | null;
  guardianIds: string[];
}

export interface SeededTeacher {
  id: string;
  subjectCode: string;
  room: string;
  /** Weekly hours of the timetable. */
  weeklyHours: number;
}

export interface SeededAssignment {
  id: string;
  teacherId: string;
  classId: string;
  subjectId: string;
}

export interface SeededPeriod {
  id: string;
  scheme: PeriodScheme;
  number: number;
  name: string;
  startsOn: string;
  endsOn: string;
  gradesDeadline: string;
}

/** One weekly timetable slot: `weekday` 1 (Monday) to 5, `slot` an index into `DAY_SLOTS`. */
export interface WeeklySlot {
  weekday: number;
  slot: number;
  classId: string;
  subjectId: string;
  teacherId: string;
  room: string;
}

export interface SeededSeance {
  id: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  /** ISO 8601 with the Paris offset. */
  startsAt: string;
  endsAt: string;
  room: string;
}

/** One populated établissement: what area modules build on. */
export interface SeededSchool {
  uai: string;
  name: string;
  kind: 'college' | 'lycee';
  departementCode: string;
  subjects: SeededSubject[];
  /** Subjects by code (FRANC, MATHS…). */
  subjectByCode: Map<string, SeededSubject>;
  /** Classes first (in level order), then groups. */
  classes: SeededClass[];
  students: SeededStudent[];
  guardianIds: string[];
  teachers: SeededTeacher[];
  principalId: string;
  adjointId: string | null;
  cpeIds: string[];
  staffIds: string[];
  assignments: SeededAssignment[];
  periods: SeededPeriod[];
  /** The weekly pattern the séances repeat. */
  weekly: WeeklySlot[];
  /** Dated séances, in time order. */
  seances: SeededSeance[];
  /** First and last day the séances cover. */
  timetableRange: { from: string; to: string };
}

/** Rows gathered for bulk insertion, shared by all établissements of one seeding. */
export interface SeedRows {
  users: SeedUser[];
  guardianships: { studentId: string; guardianId: string; relation: GuardianRelation }[];
}

/** Gives each person a unique login (`camille.martin`, then `camille.martin2`…). */
export class LoginBook {
  private readonly used = new Map<string, number>();
  take(firstName: string, lastName: string): string {
    return this.reserve(loginFromName(firstName, lastName));
  }
  reserve(base: string): string {
    const n = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, n);
    return n === 1 ? base : `${base}${n}`;
  }
}

/** Weekly hours per subject and level (whole class; LV2 in groups). */
const COLLEGE_HOURS: Record<string, Record<string, number>> = {
  '6e': { FRANC: 5, MATHS: 4, HIGEO: 3, ANGL: 4, SVT: 2, PHYCH: 1, TECHN: 1, ARTPL: 1, EDMUS: 1, EPS: 4 },
  '5e': {
    FRANC: 4,
    MATHS: 4,
    HIGEO: 3,
    ANGL: 3,
    LV2: 3,
    SVT: 2,
    PHYCH: 1,
    TECHN: 1,
    ARTPL: 1,
    EDMUS: 1,
    EPS: 3,
  },
  '4e': {
    FRANC: 4,
    MATHS: 4,
    HIGEO: 3,
    ANGL: 3,
    LV2: 3,
    SVT: 1,
    PHYCH: 2,
    TECHN: 1,
    ARTPL: 1,
    EDMUS: 1,
    EPS: 3,
  },
  '3e': {
    FRANC: 4,
    MATHS: 4,
    HIGEO: 4,
    ANGL: 3,
    LV2: 2,
    SVT: 1,
    PHYCH: 2,
    TECHN: 1,
    ARTPL: 1,
    EDMUS: 1,
    EPS: 3,
  },
};
const LYCEE_HOURS: Record<string, Record<string, number>> = {
  '2nde': { FRANC: 4, MATHS: 4, HIGEO: 3, ANGL: 3, LV2: 2, SES: 2, PHYCH: 3, SVT: 2, SNT: 1, EMC: 1, EPS: 2 },
  '1re': { FRANC: 4, MATHS: 4, HIGEO: 3, ANGL: 2, LV2: 2, SES: 4, PHYCH: 4, EMC: 1, EPS: 2 },
  Tle: { PHILO: 4, MATHS: 6, HIGEO: 3, ANGL: 2, LV2: 2, PHYCH: 6, EMC: 1, EPS: 2 },
};

const SERVICE_HOURS = 18;
const GROUP_MAX = 30;
const DEFAULT_STUDENTS = { college: 450, lycee: 900 };
const CLASS_MAX = { college: 28, lycee: 35 };

const ROOMS: Record<string, string> = {
  EPS: 'Gymnase',
  SVT: 'Labo SVT',
  PHYCH: 'Labo physique',
  TECHN: 'Salle techno',
  EDMUS: 'Salle de musique',
  ARTPL: 'Salle arts plastiques',
  SNT: 'Salle informatique',
};

/** `parisDateTime`, remembered: a year has a few hundred class days and eight slot times. */
const instants = new Map<string, string>();
function parisInstant(day: string, time: string): string {
  const key = `${day} ${time}`;
  let v = instants.get(key);
  if (v === undefined) {
    v = parisDateTime(day, time);
    instants.set(key, v);
  }
  return v;
}

/** Slot indices of the week: Monday, Tuesday, Thursday, Friday all day; Wednesday mornings. */
const WEEK: { weekday: number; slot: number }[] = [];
for (let weekday = 1; weekday <= 5; weekday++) {
  const n = weekday === 3 ? WEDNESDAY_SLOT_COUNT : DAY_SLOTS.length;
  for (let slot = 0; slot < n; slot++) WEEK.push({ weekday, slot });
}

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
  // Ids as random as the API's, yet the same for the same seed (derived from the generator's name and a label).
  const idOf = (prefix: string, label: string) => derivedId(prefix, `${rng.name}/${label}`);
  const kind = ref.kind;
  const levels: readonly Level[] = kind === 'college' ? COLLEGE_LEVELS : LYCEE_LEVELS;
  const hoursByLevel = kind === 'college' ? COLLEGE_HOURS : LYCEE_HOURS;

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

  const classes: SeededClass[] = [];
  const students: SeededStudent[] = [];
  const guardianIds: string[] = [];
  const localUsers = new Map<string, SeedUser>();
  const newUser = (
    id: string,
    profile: Profile,
    firstName: string,
    lastName: string,
    functions: UserFunction[] = [],
  ): SeedUser => {
    const user: SeedUser = {
      id,
      login: o.logins.take(firstName, lastName),
      firstName,
      lastName,
      profile,
      functions,
      uai,
      scopeKind: null,
      scopeCode: null,
    };
    rows.users.push(user);
    localUsers.set(id, user);
    return user;
  };
  const adultName = (sex: 'f' | 'm') => rng.pick(ADULT_FIRST_NAMES[sex]);

  // Families: most students have two guardians, some one; some are siblings sharing their guardians.
  interface Family {
    lastName: string;
    guardians: { id: string; relation: GuardianRelation }[];
    levels: Level[];
  }
  const families: Family[] = [];
  const newFamily = (): Family => {
    const lastName = rng.pick(LAST_NAMES);
    const family: Family = { lastName, guardians: [], levels: [] };
    const add = (relation: GuardianRelation, sex: 'f' | 'm', ownName: string) => {
      const id = idOf('u', `r${guardianIds.length + 1}`);
      guardianIds.push(id);
      newUser(id, 'guardian', adultName(sex), ownName);
      family.guardians.push({ id, relation });
    };
    const r = rng.next();
    if (r < 0.82) {
      add('mere', 'f', rng.chance(0.35) ? rng.pick(LAST_NAMES) : lastName);
      add('pere', 'm', lastName);
    } else if (r < 0.95) {
      add('mere', 'f', lastName);
    } else if (r < 0.985) {
      add('pere', 'm', lastName);
    } else {
      add('tuteur', rng.chance(0.5) ? 'f' : 'm', rng.pick(LAST_NAMES));
    }
    families.push(family);
    return family;
  };

  let studentSeq = 0;
  levels.forEach((level, li) => {
    const count = perLevel[li]!;
    const nClasses = Math.max(1, Math.ceil(count / CLASS_MAX[kind]));
    const hasLv2 = 'LV2' in hoursByLevel[level]!;
    for (let c = 0; c < nClasses; c++) {
      const letter = String.fromCharCode(65 + c);
      const cls: SeededClass = {
        id: idOf('cls', `c-${level}${letter}`),
        kind: 'classe',
        name: `${level} ${letter}`,
        level,
        periodScheme: schemeOf(level),
        headTeacherId: null,
        studentIds: [],
        classIds: [],
        subjectCode: null,
      };
      classes.push(cls);
      const size = Math.floor(count / nClasses) + (c < count % nClasses ? 1 : 0);
      for (let s = 0; s < size; s++) {
        studentSeq++;
        const id = idOf('u', `e${studentSeq}`);
        // A sibling of a student of another level, sharing the family's guardians.
        const candidates = families
          .slice(-60)
          .filter((f) => f.levels.length < 3 && !f.levels.includes(level));
        const family = candidates.length > 0 && rng.chance(0.12) ? rng.pick(candidates) : newFamily();
        family.levels.push(level);
        const sex = rng.chance(0.5) ? 'f' : 'm';
        newUser(id, 'student', rng.pick(CHILD_FIRST_NAMES[sex]), family.lastName);
        for (const g of family.guardians) {
          rows.guardianships.push({ studentId: id, guardianId: g.id, relation: g.relation });
        }
        cls.studentIds.push(id);
        students.push({
          id,
          level,
          classId: cls.id,
          groupIds: [],
          lv2: hasLv2 ? rng.weighted(lv2Offered) : null,
          guardianIds: family.guardians.map((g) => g.id),
        });
      }
    }
  });
  const studentById = new Map(students.map((s) => [s.id, s]));

  // LV2 groups: classes of a level are aligned two by two (three for an odd count); within an alignment the
  // students of each language form groups that meet at the same time, while their classes have no lesson.
  const alignments: { classIds: string[]; groups: SeededClass[] }[] = [];
  for (const level of levels) {
    if (!('LV2' in hoursByLevel[level]!)) continue;
    const levelClasses = classes.filter((c) => c.level === level);
    const chunks: SeededClass[][] = [];
    for (let i = 0; i < levelClasses.length; i += 2) chunks.push(levelClasses.slice(i, i + 2));
    if (chunks.length > 1 && chunks[chunks.length - 1]!.length === 1)
      chunks[chunks.length - 2]!.push(chunks.pop()![0]!);
    const seqByLang = new Map<string, number>();
    for (const chunk of chunks) {
      const alignment = { classIds: chunk.map((c) => c.id), groups: [] as SeededClass[] };
      for (const [lang] of lv2Offered) {
        const members = chunk.flatMap((c) => c.studentIds).filter((id) => studentById.get(id)!.lv2 === lang);
        if (members.length === 0) continue;
        const nGroups = Math.ceil(members.length / GROUP_MAX);
        for (let g = 0; g < nGroups; g++) {
          const n = (seqByLang.get(lang) ?? 0) + 1;
          seqByLang.set(lang, n);
          const group: SeededClass = {
            id: idOf('cls', `g-${level}${lang}${n}`),
            kind: 'groupe',
            name: `${level} ${lang} ${n}`,
            level,
            periodScheme: chunk[0]!.periodScheme,
            headTeacherId: null,
            studentIds: members.filter((_, i) => i % nGroups === g),
            classIds: chunk.map((c) => c.id),
            subjectCode: lang,
          };
          for (const id of group.studentIds) studentById.get(id)!.groupIds.push(group.id);
          alignment.groups.push(group);
        }
      }
      alignments.push(alignment);
    }
  }
  const groups = alignments.flatMap((a) => a.groups);

  // Teaching units: a subject taught to a class (or an LV2 group) for some weekly hours.
  interface Unit {
    classId: string;
    subjectCode: string;
    hours: number;
    alignment: number | null;
    teacher?: Teacher;
  }
  interface Teacher extends SeededTeacher {
    alignments: Set<number>;
  }
  const units: Unit[] = [];
  for (const cls of classes) {
    for (const [code, hours] of Object.entries(hoursByLevel[cls.level]!)) {
      if (code !== 'LV2') units.push({ classId: cls.id, subjectCode: code, hours, alignment: null });
    }
  }
  alignments.forEach((a, ai) => {
    const level = classes.find((c) => c.id === a.classIds[0])!.level;
    for (const g of a.groups) {
      units.push({
        classId: g.id,
        subjectCode: g.subjectCode!,
        hours: hoursByLevel[level]!.LV2!,
        alignment: ai,
      });
    }
  });

  // Teachers: each subject's hours shared among as few teachers as an 18-hour service allows, balanced.
  const teachers: Teacher[] = [];
  let teacherSeq = 0;
  const roomSeq = new Map<string, number>();
  const hireTeacher = (subjectCode: string): Teacher => {
    teacherSeq++;
    const id = idOf('u', `p${teacherSeq}`);
    const sex = rng.chance(0.62) ? 'f' : 'm';
    newUser(id, 'teacher', adultName(sex), rng.pick(LAST_NAMES));
    const special = ROOMS[subjectCode];
    const n = (roomSeq.get(special ?? 'Salle') ?? 0) + 1;
    roomSeq.set(special ?? 'Salle', n);
    const room = special
      ? n === 1
        ? special
        : `${special} ${n}`
      : `Salle ${100 * (1 + Math.floor((n - 1) / 12)) + ((n - 1) % 12) + 1}`;
    const t: Teacher = { id, subjectCode, room, weeklyHours: 0, alignments: new Set() };
    teachers.push(t);
    return t;
  };
  const subjectCodes = [...new Set(units.map((u) => u.subjectCode))];
  for (const code of subjectCodes) {
    const mine = units.filter((u) => u.subjectCode === code).sort((a, b) => b.hours - a.hours);
    const totalHours = mine.reduce((s, u) => s + u.hours, 0);
    const pool = Array.from({ length: Math.max(1, Math.ceil(totalHours / SERVICE_HOURS)) }, () =>
      hireTeacher(code),
    );
    for (const unit of mine) {
      let best: Teacher | undefined;
      for (const t of pool) {
        if (unit.alignment !== null && t.alignments.has(unit.alignment)) continue;
        if (t.weeklyHours + unit.hours > SERVICE_HOURS + 2) continue;
        if (!best || t.weeklyHours < best.weeklyHours) best = t;
      }
      if (!best) {
        best = hireTeacher(code);
        pool.push(best);
      }
      best.weeklyHours += unit.hours;
      if (unit.alignment !== null) best.alignments.add(unit.alignment);
      unit.teacher = best;
    }
  }

  // Direction and vie scolaire.
  const principal = newUser(
    idOf('u', 'd1'),
    'direction',
    adultName(rng.chance(0.5) ? 'f' : 'm'),
    rng.pick(LAST_NAMES),
    ['principal'],
  );
  const adjoint =
    o.demo || total >= 350
      ? newUser(idOf('u', 'd2'), 'direction', adultName(rng.chance(0.5) ? 'f' : 'm'), rng.pick(LAST_NAMES), [
          'adjoint',
        ])
      : null;
  const cpeIds: string[] = [];
  for (let i = 0; i < Math.max(1, Math.round(total / 550)); i++) {
    cpeIds.push(
      newUser(
        idOf('u', `v${i + 1}`),
        'vie_scolaire',
        adultName(rng.chance(0.6) ? 'f' : 'm'),
        rng.pick(LAST_NAMES),
        ['cpe'],
      ).id,
    );
  }
  const staffIds = [1, 2].map(
    (i) =>
      newUser(idOf('u', `a${i}`), 'staff', adultName(rng.chance(0.7) ? 'f' : 'm'), rng.pick(LAST_NAMES)).id,
  );

  // Professeurs principaux: for each class, the teacher with the most hours there who leads no class yet.
  const leads = new Set<string>();
  for (const cls of classes) {
    const mine = units
      .filter((u) => u.classId === cls.id && u.subjectCode !== 'EPS')
      .sort((a, b) => b.hours - a.hours || a.subjectCode.localeCompare(b.subjectCode));
    const choice = mine.find((u) => !leads.has(u.teacher!.id)) ?? mine[0]!;
    cls.headTeacherId = choice.teacher!.id;
    leads.add(choice.teacher!.id);
  }
  for (const t of teachers) {
    if (leads.has(t.id)) localUsers.get(t.id)!.functions.push('professeur_principal');
  }

  const weekly = schedule(uai, alignments, units, rng, hireTeacher);

  // Assignments follow what the timetable holds (a class may share a subject between two teachers).
  const assignments: SeededAssignment[] = [];
  const seenAssignment = new Set<string>();
  const sortedWeekly = [...weekly].sort(
    (a, b) =>
      a.classId.localeCompare(b.classId) ||
      a.subjectId.localeCompare(b.subjectId) ||
      a.teacherId.localeCompare(b.teacherId),
  );
  for (const w of sortedWeekly) {
    const key = `${w.teacherId}|${w.classId}|${w.subjectId}`;
    if (seenAssignment.has(key)) continue;
    seenAssignment.add(key);
    assignments.push({
      id: idOf('ta', `t${assignments.length + 1}`),
      teacherId: w.teacherId,
      classId: w.classId,
      subjectId: w.subjectId,
    });
  }

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
  const byWeekday = new Map<number, WeeklySlot[]>();
  for (const w of [...weekly].sort((a, b) => a.slot - b.slot || a.classId.localeCompare(b.classId))) {
    const list = byWeekday.get(w.weekday) ?? [];
    list.push(w);
    byWeekday.set(w.weekday, list);
  }
  const seances: SeededSeance[] = [];
  for (const day of days) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    for (const w of byWeekday.get(weekday) ?? []) {
      const slot = DAY_SLOTS[w.slot]!;
      seances.push({
        id: idOf('sea', `x${seances.length + 1}`),
        classId: w.classId,
        subjectId: w.subjectId,
        teacherId: w.teacherId,
        startsAt: parisInstant(day, slot.start),
        endsAt: parisInstant(day, slot.end),
        room: w.room,
      });
    }
  }

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
    principalId: principal.id,
    adjointId: adjoint?.id ?? null,
    cpeIds,
    staffIds,
    assignments,
    periods,
    weekly,
    seances,
    timetableRange: range,
  };

  /** The weekly timetable: every unit's hours placed so that no class, group or teacher is in two places. */
  function schedule(
    uai: string,
    aligns: { classIds: string[]; groups: SeededClass[] }[],
    unitList: {
      classId: string;
      subjectCode: string;
      hours: number;
      alignment: number | null;
      teacher?: Teacher;
    }[],
    r: Rng,
    hire: (code: string) => Teacher,
  ): WeeklySlot[] {
    const n = WEEK.length;
    const busy = new Map<string, Uint8Array>();
    const busyOf = (id: string) => {
      let b = busy.get(id);
      if (!b) {
        b = new Uint8Array(n);
        busy.set(id, b);
      }
      return b;
    };
    // How many hours of a subject a class already has on each weekday (spread lessons over the week).
    const perDay = new Map<string, Uint8Array>();
    const perDayOf = (key: string) => {
      let b = perDay.get(key);
      if (!b) {
        b = new Uint8Array(6);
        perDay.set(key, b);
      }
      return b;
    };
    interface Event {
      /** Classes that must be free (the class itself, or the aligned classes of LV2 groups). */
      blocks: string[];
      parts: { classId: string; subjectCode: string; teacher: Teacher }[];
      spreadKey: string;
      /** 1 hour, or 2 consecutive hours of the same half-day (EPS goes to the gym for two hours). */
      length: 1 | 2;
    }
    const events: Event[] = [];
    aligns.forEach((a, ai) => {
      const mine = unitList.filter((u) => u.alignment === ai);
      const hours = mine[0]?.hours ?? 0;
      for (let h = 0; h < hours; h++) {
        events.push({
          blocks: [...a.classIds, ...mine.map((u) => u.classId)],
          parts: mine.map((u) => ({ classId: u.classId, subjectCode: u.subjectCode, teacher: u.teacher! })),
          spreadKey: `${a.classIds[0]}|LV2`,
          length: 1,
        });
      }
    });
    const blockEvents: Event[] = [];
    const classEvents: Event[] = [];
    for (const u of unitList) {
      if (u.alignment !== null) continue;
      const part = { classId: u.classId, subjectCode: u.subjectCode, teacher: u.teacher! };
      let left = u.hours;
      if (u.subjectCode === 'EPS') {
        for (; left >= 2; left -= 2) {
          blockEvents.push({
            blocks: [u.classId],
            parts: [{ ...part }],
            spreadKey: `${u.classId}|EPS`,
            length: 2,
          });
        }
      }
      for (; left > 0; left--) {
        classEvents.push({
          blocks: [u.classId],
          parts: [{ ...part }],
          spreadKey: `${u.classId}|${u.subjectCode}`,
          length: 1,
        });
      }
    }
    // Two-hour blocks next (they need two free slots in a row), then the busiest teachers first: they have the
    // fewest free slots.
    const byLoad = (list: Event[]) =>
      r.shuffle(list).sort((a, b) => b.parts[0]!.teacher.weeklyHours - a.parts[0]!.teacher.weeklyHours);
    events.push(...byLoad(blockEvents), ...byLoad(classEvents));

    // Slots that may start an event of `length`: a two-hour block starts on an even slot of the same half-day.
    const startsOk = (i: number, length: 1 | 2) =>
      length === 1 || (WEEK[i]!.slot % 2 === 0 && i + 1 < n && WEEK[i + 1]!.weekday === WEEK[i]!.weekday);
    const covered = (i: number, length: 1 | 2) => (length === 1 ? [i] : [i, i + 1]);

    const placed: WeeklySlot[] = [];
    for (let e = 0; e < events.length; e++) {
      const ev = events[e]!;
      let best = -1;
      let bestScore = Infinity;
      let bestRelaxed = -1;
      let bestRelaxedScore = Infinity;
      const spread = perDayOf(ev.spreadKey);
      const order = r.shuffle(WEEK.map((_, i) => i));
      for (const i of order) {
        if (!startsOk(i, ev.length)) continue;
        const slots = covered(i, ev.length);
        if (ev.blocks.some((c) => slots.some((k) => busyOf(c)[k]))) continue;
        const { weekday, slot } = WEEK[i]!;
        // Earlier slots first: days start at 8:00 and end early rather than with holes in the morning.
        const last = slot + ev.length - 1;
        let score = spread[weekday]! * 10 + slot * 0.6 + (last === DAY_SLOTS.length - 1 ? 3 : 0);
        // Compact days: next to another lesson of the class is better than a gap.
        const cb = busyOf(ev.blocks[0]!);
        const sameDay = (j: number) => j >= 0 && j < n && WEEK[j]!.weekday === weekday;
        const after = i + ev.length;
        if ((sameDay(i - 1) && cb[i - 1]) || (sameDay(after) && cb[after])) score -= 1;
        if (score < bestRelaxedScore) {
          bestRelaxed = i;
          bestRelaxedScore = score;
        }
        if (ev.parts.some((p) => slots.some((k) => busyOf(p.teacher.id)[k]))) continue;
        if (score < bestScore) {
          best = i;
          bestScore = score;
        }
      }
      let at = best;
      if (at < 0 && ev.length === 2) {
        // No two free hours in a row: two single hours instead.
        const single = { ...ev, spreadKey: ev.spreadKey, length: 1 as const };
        events.splice(e + 1, 0, single, { ...single, parts: ev.parts.map((p) => ({ ...p })) });
        continue;
      }
      if (at < 0) {
        // No slot where every teacher is free: another teacher of the subject takes the hour.
        if (bestRelaxed < 0) throw new Error(`${uai}: no free slot left for ${ev.spreadKey}`);
        at = bestRelaxed;
        for (const p of ev.parts) {
          if (busyOf(p.teacher.id)[at]) {
            const sub = teachers.find(
              (t) =>
                t.subjectCode === p.subjectCode && !busyOf(t.id)[at] && t.weeklyHours < SERVICE_HOURS + 2,
            );
            p.teacher = sub ?? hire(p.subjectCode);
            p.teacher.weeklyHours += 1;
            busyOf(p.teacher.id)[at] = 1;
          }
        }
      }
      const { weekday } = WEEK[at]!;
      spread[weekday]! += ev.length;
      for (const k of covered(at, ev.length)) {
        for (const c of ev.blocks) busyOf(c)[k] = 1;
        for (const p of ev.parts) {
          busyOf(p.teacher.id)[k] = 1;
          placed.push({
            weekday,
            slot: WEEK[k]!.slot,
            classId: p.classId,
            subjectId: `${uai}-${p.subjectCode}`,
            teacherId: p.teacher.id,
            room: p.teacher.room,
          });
        }
      }
    }
    return placed.sort(
      (a, b) => a.weekday - b.weekday || a.slot - b.slot || a.classId.localeCompare(b.classId),
    );
  }
}
