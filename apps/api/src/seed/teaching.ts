/**
 * What a generated établissement teaches and who teaches it: weekly hours per subject and level, LV2 groups, the
 * teaching units, the teachers hired for them and the professeurs principaux.
 */
import type { Level, Lv2Code } from '@preau/core';
import { LAST_NAMES } from './names.js';
import type { PeopleMaker } from './people.js';
import type { SeededClass, SeededStudent, SeededTeacher } from './school-types.js';

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

/** Weekly hours per subject of each level, for a kind of établissement. */
export function weeklyHoursOf(kind: 'college' | 'lycee'): Record<string, Record<string, number>> {
  return kind === 'college' ? COLLEGE_HOURS : LYCEE_HOURS;
}

/** A teacher's weekly service, in hours. */
export const SERVICE_HOURS = 18;
const GROUP_MAX = 30;

const ROOMS: Record<string, string> = {
  EPS: 'Gymnase',
  SVT: 'Labo SVT',
  PHYCH: 'Labo physique',
  TECHN: 'Salle techno',
  EDMUS: 'Salle de musique',
  ARTPL: 'Salle arts plastiques',
  SNT: 'Salle informatique',
};

/** Classes of a level taught LV2 at the same time, and the language groups their students form. */
export interface Alignment {
  classIds: string[];
  groups: SeededClass[];
}

/** A teacher being hired: the hours given so far, and the alignments taught (an alignment's groups meet together). */
export interface Teacher extends SeededTeacher {
  alignments: Set<number>;
}

/** A subject taught to a class (or an LV2 group) for some weekly hours. */
export interface Unit {
  classId: string;
  subjectCode: string;
  hours: number;
  alignment: number | null;
  teacher?: Teacher;
}

/**
 * LV2 groups: classes of a level are aligned two by two (three for an odd count); within an alignment the
 * students of each language form groups that meet at the same time, while their classes have no lesson.
 */
export function formLv2Groups(
  idOf: PeopleMaker['idOf'],
  levels: readonly Level[],
  hoursByLevel: Record<string, Record<string, number>>,
  classes: readonly SeededClass[],
  students: readonly SeededStudent[],
  lv2Offered: readonly [Lv2Code, number][],
): Alignment[] {
  const studentById = new Map(students.map((s) => [s.id, s]));
  const alignments: Alignment[] = [];
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
  return alignments;
}

/** The teaching units of the classes and of the LV2 groups. */
export function teachingUnits(
  classes: readonly SeededClass[],
  alignments: readonly Alignment[],
  hoursByLevel: Record<string, Record<string, number>>,
): Unit[] {
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
  return units;
}

/**
 * Teachers: each subject's hours shared among as few teachers as an 18-hour service allows, balanced. `hire` takes
 * on one more teacher of a subject (the timetable may need one).
 */
export function hireTeachers(
  p: PeopleMaker,
  units: Unit[],
): { teachers: Teacher[]; hire: (code: string) => Teacher } {
  const { rng, idOf, newUser, adultName } = p;
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
  return { teachers, hire: hireTeacher };
}

/** Professeurs principaux: for each class, the teacher with the most hours there who leads no class yet. */
export function chooseHeadTeachers(
  p: PeopleMaker,
  classes: readonly SeededClass[],
  units: readonly Unit[],
  teachers: readonly Teacher[],
): void {
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
    if (leads.has(t.id)) p.users.get(t.id)!.functions.push('professeur_principal');
  }
}
