/**
 * The people of a generated établissement: users with unique logins, families and their students enrolled in
 * classes, direction and vie scolaire. Every draw comes from the établissement's generator, in a fixed order.
 */
import {
  type GuardianRelation,
  type Level,
  type Lv2Code,
  loginFromName,
  type PeriodScheme,
  type Profile,
  type UserFunction,
} from '@preau/core';
import { derivedId } from '../ids.js';
import { ADULT_FIRST_NAMES, CHILD_FIRST_NAMES, LAST_NAMES } from './names.js';
import type { Rng } from './rng.js';
import type { SeededClass, SeededStudent, SeedRows, SeedUser } from './school-types.js';

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

const CLASS_MAX = { college: 28, lycee: 35 };

/** Makes the users of one établissement: rows for bulk insertion, ids derived from the generator. */
export interface PeopleMaker {
  uai: string;
  rng: Rng;
  rows: SeedRows;
  /** Ids as random as the API's, yet the same for the same seed (derived from the generator's name and a label). */
  idOf(prefix: string, label: string): string;
  newUser(
    id: string,
    profile: Profile,
    firstName: string,
    lastName: string,
    functions?: UserFunction[],
  ): SeedUser;
  adultName(sex: 'f' | 'm'): string;
  /** The users made so far, by id. */
  users: Map<string, SeedUser>;
}

export function peopleMaker(uai: string, rng: Rng, logins: LoginBook, rows: SeedRows): PeopleMaker {
  const users = new Map<string, SeedUser>();
  return {
    uai,
    rng,
    rows,
    users,
    idOf: (prefix, label) => derivedId(prefix, `${rng.name}/${label}`),
    newUser(id, profile, firstName, lastName, functions = []) {
      const user: SeedUser = {
        id,
        login: logins.take(firstName, lastName),
        firstName,
        lastName,
        profile,
        functions,
        uai,
        scopeKind: null,
        scopeCode: null,
      };
      rows.users.push(user);
      users.set(id, user);
      return user;
    },
    adultName: (sex) => rng.pick(ADULT_FIRST_NAMES[sex]),
  };
}

export interface EnrolmentPlan {
  kind: 'college' | 'lycee';
  levels: readonly Level[];
  /** Students of each level, in the order of `levels`. */
  perLevel: number[];
  schemeOf(level: Level): PeriodScheme;
  hasLv2(level: Level): boolean;
  /** LV2 languages offered, with their weights. */
  lv2Offered: [Lv2Code, number][];
}

/**
 * The classes of each level filled with students. Families: most students have two guardians, some one; some are
 * siblings sharing their guardians.
 */
export function enrolStudents(
  p: PeopleMaker,
  plan: EnrolmentPlan,
): { classes: SeededClass[]; students: SeededStudent[]; guardianIds: string[] } {
  const { rng, idOf, newUser, adultName } = p;
  const classes: SeededClass[] = [];
  const students: SeededStudent[] = [];
  const guardianIds: string[] = [];
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
  plan.levels.forEach((level, li) => {
    const count = plan.perLevel[li]!;
    const nClasses = Math.max(1, Math.ceil(count / CLASS_MAX[plan.kind]));
    const hasLv2 = plan.hasLv2(level);
    for (let c = 0; c < nClasses; c++) {
      const letter = String.fromCharCode(65 + c);
      const cls: SeededClass = {
        id: idOf('cls', `c-${level}${letter}`),
        kind: 'classe',
        name: `${level} ${letter}`,
        level,
        periodScheme: plan.schemeOf(level),
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
          p.rows.guardianships.push({ studentId: id, guardianId: g.id, relation: g.relation });
        }
        cls.studentIds.push(id);
        students.push({
          id,
          level,
          classId: cls.id,
          groupIds: [],
          lv2: hasLv2 ? rng.weighted(plan.lv2Offered) : null,
          guardianIds: family.guardians.map((g) => g.id),
        });
      }
    }
  });
  return { classes, students, guardianIds };
}

/** Direction and vie scolaire: a principal, a deputy in larger schools (and the demo one), CPEs, two staff. */
export function hireDirection(
  p: PeopleMaker,
  total: number,
  demo: boolean | undefined,
): { principalId: string; adjointId: string | null; cpeIds: string[]; staffIds: string[] } {
  const { rng, idOf, newUser, adultName } = p;
  const principal = newUser(
    idOf('u', 'd1'),
    'direction',
    adultName(rng.chance(0.5) ? 'f' : 'm'),
    rng.pick(LAST_NAMES),
    ['principal'],
  );
  const adjoint =
    demo || total >= 350
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
  return { principalId: principal.id, adjointId: adjoint?.id ?? null, cpeIds, staffIds };
}
