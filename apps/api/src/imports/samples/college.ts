import { slugify } from '@preau/core';
import { ADULT_FIRST_NAMES, CHILD_FIRST_NAMES, LAST_NAMES } from '../../seed/names.js';
import { Rng } from '../../seed/rng.js';
import { NATIONAL_SUBJECTS } from '../national-subjects.js';

/**
 * An invented collège, as its administrative tools would describe it: the source of the sample SIECLE, STS-web
 * and AAF files of the tests and of `npm run import -- --sample`. Every person is invented. The awkward cases
 * real files have are built in: a student in two groups, a parent of children in two classes, a student who
 * left during the year, names that need ISO-8859-15 (œ), empty optional elements.
 */
export interface SampleStudent {
  eleveId: string;
  ine: string;
  firstName: string;
  lastName: string;
  sex: 1 | 2;
  birthDate: string;
  division: string;
  groups: string[];
  /** Set for a student who left during the year. */
  leftOn?: string;
}

export interface SampleGuardian {
  personneId: string;
  firstName: string;
  lastName: string;
  civility: 'M' | 'MME';
  email?: string;
  mobile?: string;
  acceptsSms: boolean;
  children: { eleveId: string; parente: '10' | '20' | '50'; legal: 1 | 2 }[];
}

export interface SampleStaff {
  id: string;
  firstName: string;
  lastName: string;
  sex: 1 | 2;
  birthDate: string;
  fonction: 'ENS' | 'EDU' | 'DIR' | 'DOC';
  services: { structure: string; subject: string }[];
  headOf: string[];
  email: string;
}

export interface SampleCollege {
  uai: string;
  name: string;
  academie: string;
  schoolYear: number;
  divisions: { code: string; label: string }[];
  groups: { code: string; label: string; divisions: string[]; subject: string }[];
  subjects: { code: string; national: string; name: string }[];
  students: SampleStudent[];
  guardians: SampleGuardian[];
  staff: SampleStaff[];
}

export interface SampleOptions {
  uai: string;
  name?: string;
  academie?: string;
  schoolYear: number;
  /** Divisions per level (6e to 3e). */
  divisionsPerLevel?: number;
  studentsPerDivision?: number;
  seed?: string;
  /** Teachers to include under these names (e.g. an existing account to adopt), teaching the first division. */
  knownTeachers?: { firstName: string; lastName: string; subject: string }[];
}

const COLLEGE_SUBJECTS = [
  'FRANC',
  'MATHS',
  'HIGEO',
  'ANGL',
  'ESP',
  'ALL',
  'SVT',
  'PHYCH',
  'TECHN',
  'ARTPL',
  'EDMUS',
  'EPS',
  'LATIN',
];

export function sampleCollege(options: SampleOptions): SampleCollege {
  const rng = new Rng(options.seed ?? `college-${options.uai}`);
  const perLevel = options.divisionsPerLevel ?? 2;
  const perDivision = options.studentsPerDivision ?? 24;
  const year = options.schoolYear;
  const subjects = COLLEGE_SUBJECTS.map((code) => ({
    code,
    national: NATIONAL_SUBJECTS[code]!.code,
    name: NATIONAL_SUBJECTS[code]!.name,
  }));
  const divisions: SampleCollege['divisions'] = [];
  const groups: SampleCollege['groups'] = [];
  for (const [i, level] of ['6', '5', '4', '3'].entries()) {
    const codes = Array.from({ length: perLevel }, (_, n) => `${level}${String.fromCharCode(65 + n)}`);
    for (const code of codes) divisions.push({ code, label: `${level}EME ${code.slice(1)}` });
    if (i >= 1) {
      groups.push({ code: `${level}ESP`, label: `${level}e espagnol LV2`, divisions: codes, subject: 'ESP' });
      groups.push({ code: `${level}ALL`, label: `${level}e allemand LV2`, divisions: codes, subject: 'ALL' });
      groups.push({ code: `${level}LAT`, label: `${level}e latin`, divisions: codes, subject: 'LATIN' });
    }
  }
  let nextEleve = 4_100_000 + rng.int(0, 9999) * 10;
  let nextPersonne = 7_300_000 + rng.int(0, 9999) * 10;
  const students: SampleStudent[] = [];
  const guardians: SampleGuardian[] = [];
  const families: { lastName: string; guardians: SampleGuardian[] }[] = [];
  for (const div of divisions) {
    const level = Number(div.code[0]);
    const birthYear = year - (11 + (6 - level));
    for (let n = 0; n < perDivision; n++) {
      const sex = rng.chance(0.5) ? 1 : 2;
      // About one child in twelve has a brother or sister in another class: the same family, the same guardians.
      const sibling = families.length > 3 && rng.chance(1 / 12) ? rng.pick(families) : undefined;
      const lastName = sibling?.lastName ?? rng.pick(LAST_NAMES).toUpperCase();
      const student: SampleStudent = {
        eleveId: String(nextEleve++),
        ine: `${String(rng.int(100000000, 999999999))}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`,
        firstName: rng.pick(sex === 1 ? CHILD_FIRST_NAMES.m : CHILD_FIRST_NAMES.f),
        lastName,
        sex,
        birthDate: `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
        division: div.code,
        groups: [],
      };
      if (level <= 5) student.groups.push(rng.chance(0.6) ? `${level}ESP` : `${level}ALL`);
      if (level <= 5 && rng.chance(0.2)) student.groups.push(`${level}LAT`);
      students.push(student);
      if (sibling) {
        for (const g of sibling.guardians)
          g.children.push({
            eleveId: student.eleveId,
            parente: g.children[0]!.parente,
            legal: g.children[0]!.legal,
          });
        continue;
      }
      const family: SampleGuardian[] = [];
      const two = rng.chance(0.8);
      for (const [k, civility] of (two
        ? (['MME', 'M'] as const)
        : ([rng.pick(['MME', 'M'] as const)] as const)
      ).entries()) {
        const first = rng.pick(civility === 'M' ? ADULT_FIRST_NAMES.m : ADULT_FIRST_NAMES.f);
        const g: SampleGuardian = {
          personneId: String(nextPersonne++),
          firstName: first,
          lastName: k === 0 || rng.chance(0.7) ? lastName : rng.pick(LAST_NAMES).toUpperCase(),
          civility,
          email: rng.chance(0.85)
            ? `${slugify(first)}.${slugify(lastName)}${rng.int(1, 99)}@courriel.test`
            : undefined,
          mobile: rng.chance(0.9) ? `06${String(rng.int(10000000, 99999999))}` : undefined,
          acceptsSms: rng.chance(0.7),
          children: [
            { eleveId: student.eleveId, parente: civility === 'MME' ? '10' : '20', legal: (k + 1) as 1 | 2 },
          ],
        };
        family.push(g);
        guardians.push(g);
      }
      families.push({ lastName, guardians: family });
    }
  }
  // The awkward cases, made certain whatever the seed: a pupil of 5e in two groups, a cœur in a name, a family
  // with children in two classes, a pupil who left in October.
  const first5 = students.find((s) => s.division.startsWith('5'))!;
  first5.groups = ['5ESP', '5LAT'];
  first5.firstName = 'Zoé';
  first5.lastName = 'CŒURDEROY';
  const other = students.find((s) => s.division !== first5.division && !s.division.startsWith('5'))!;
  const parentOfFirst = guardians.find((g) => g.children.some((c) => c.eleveId === first5.eleveId))!;
  if (!parentOfFirst.children.some((c) => c.eleveId === other.eleveId)) {
    for (const g of guardians) g.children = g.children.filter((c) => c.eleveId !== other.eleveId);
    parentOfFirst.children.push({
      eleveId: other.eleveId,
      parente: parentOfFirst.children[0]!.parente,
      legal: 1,
    });
  }
  const leaver = students.at(-1)!;
  leaver.leftOn = `${year}-10-16`;
  for (let i = guardians.length - 1; i >= 0; i--) if (!guardians[i]!.children.length) guardians.splice(i, 1);

  const staff: SampleStaff[] = [];
  let nextIndividu = 52_000 + rng.int(0, 999) * 10;
  const hire = (fonction: SampleStaff['fonction'], firstName?: string, lastName?: string): SampleStaff => {
    const sex = rng.chance(0.6) ? 2 : 1;
    const person: SampleStaff = {
      id: String(nextIndividu++),
      firstName: firstName ?? rng.pick(sex === 1 ? ADULT_FIRST_NAMES.m : ADULT_FIRST_NAMES.f),
      lastName: (lastName ?? rng.pick(LAST_NAMES)).toUpperCase(),
      sex,
      birthDate: `${rng.int(1965, 1995)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      fonction,
      services: [],
      headOf: [],
      email: '',
    };
    person.email = `${slugify(person.firstName)}.${slugify(person.lastName)}@ac-test.fr`;
    staff.push(person);
    return person;
  };
  const known = new Map((options.knownTeachers ?? []).map((t) => [t.subject, t]));
  const teacherOf = new Map<string, SampleStaff>();
  for (const subject of COLLEGE_SUBJECTS) {
    const k = known.get(subject);
    teacherOf.set(subject, k ? hire('ENS', k.firstName, k.lastName) : hire('ENS'));
  }
  const second = new Map(['FRANC', 'MATHS', 'HIGEO', 'ANGL'].map((s) => [s, hire('ENS')]));
  for (const [i, div] of divisions.entries()) {
    for (const subject of COLLEGE_SUBJECTS.filter((s) => !['ESP', 'ALL', 'LATIN'].includes(s))) {
      const teacher = i % 2 === 1 && second.has(subject) ? second.get(subject)! : teacherOf.get(subject)!;
      teacher.services.push({ structure: div.code, subject });
    }
    const head =
      i % 2 === 1 && second.has('FRANC')
        ? second.get(['FRANC', 'MATHS', 'HIGEO', 'ANGL'][i % 4]!)!
        : teacherOf.get(['FRANC', 'MATHS', 'HIGEO', 'ANGL', 'SVT'][i % 5]!)!;
    if (!head.headOf.length) head.headOf.push(div.code);
  }
  for (const g of groups) teacherOf.get(g.subject)!.services.push({ structure: g.code, subject: g.subject });
  hire('EDU');
  hire('DIR');
  hire('DOC');
  return {
    uai: options.uai,
    name: options.name ?? 'Collège des Tilleuls',
    academie: options.academie ?? '19',
    schoolYear: year,
    divisions,
    groups,
    subjects,
    students,
    guardians,
    staff,
  };
}
