import type { Db } from '../db/index.js';

/**
 * Who may do what with attendance. These are the attendance section of the API's access rules; the route
 * table in `policies.ts` names them, and the services call them with the facts they load.
 */

export interface AttendanceActor {
  id: string;
  profile: string;
  functions: readonly string[];
  uai: string | null;
}

export interface SeanceFacts {
  uai: string;
  teacherId: string;
  classId: string;
}

const isVieScolaire = (a: AttendanceActor) => a.profile === 'vie_scolaire' || a.functions.includes('cpe');
const isSchoolOffice = (a: AttendanceActor) => isVieScolaire(a) || a.profile === 'direction';

/** The séance's own teacher, or the vie scolaire / direction of its établissement, takes the roll. */
export function canTakeRollCall(a: AttendanceActor, s: SeanceFacts): boolean {
  if (a.uai !== s.uai) return false;
  if (a.profile === 'teacher') return a.id === s.teacherId;
  return isSchoolOffice(a);
}

/** The CPE / vie scolaire and the direction of the établissement decide on justifications. */
export function canDecideJustifications(a: AttendanceActor, uai: string): boolean {
  return a.uai === uai && isSchoolOffice(a);
}

/** Whole-établissement views (week grid, tallies, CSV): vie scolaire and direction. */
export function canReadEtablissementAttendance(a: AttendanceActor, uai: string): boolean {
  return a.uai === uai && isSchoolOffice(a);
}

async function teachesClass(db: Db, teacherId: string, classId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM teaching_assignments WHERE teacher_id = $1 AND class_id = $2
     UNION ALL SELECT 1 FROM classes WHERE id = $2 AND head_teacher_id = $1 LIMIT 1`,
    [teacherId, classId],
  );
  return rows.length > 0;
}

/** A class's attendance: the school office, and the class's teachers. */
export async function canReadClassAttendance(
  db: Db,
  a: AttendanceActor,
  cls: { id: string; uai: string },
): Promise<boolean> {
  if (a.uai !== cls.uai) return false;
  if (isSchoolOffice(a)) return true;
  return a.profile === 'teacher' && teachesClass(db, a.id, cls.id);
}

async function isGuardianOf(db: Db, guardianId: string, studentId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM guardianships WHERE guardian_id = $1 AND student_id = $2', [
    guardianId,
    studentId,
  ]);
  return rows.length > 0;
}

/** A student's record: the student, their guardians, the school office, and their teachers. */
export async function canReadStudentAttendance(
  db: Db,
  a: AttendanceActor,
  st: { id: string; uai: string },
): Promise<boolean> {
  if (a.profile === 'student') return a.id === st.id;
  if (a.profile === 'guardian') return isGuardianOf(db, a.id, st.id);
  if (a.uai !== st.uai) return false;
  if (isSchoolOffice(a)) return true;
  if (a.profile !== 'teacher') return false;
  const rows = await db.query(
    `SELECT 1 FROM enrolments e JOIN teaching_assignments t ON t.class_id = e.class_id
      WHERE e.student_id = $1 AND t.teacher_id = $2 LIMIT 1`,
    [st.id, a.id],
  );
  return rows.length > 0;
}

/** Justifying: the student's guardians, or the vie scolaire on a family's behalf (a note brought in). */
export async function canJustifyFor(
  db: Db,
  a: AttendanceActor,
  st: { id: string; uai: string },
): Promise<boolean> {
  if (a.profile === 'guardian') return isGuardianOf(db, a.id, st.id);
  return a.uai === st.uai && isVieScolaire(a);
}
