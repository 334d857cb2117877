/** What a generated établissement is made of: the records the area seed modules build on. */
import type { GuardianRelation, Level, Lv2Code, PeriodScheme, Profile, UserFunction } from '@preau/core';

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
