/** Attendance (vie scolaire): roll calls, a student's record, justifications, the office's views, the stream. */
import { forbidden, notFound } from '../http/problem.js';
import { type Access, hasRole, type PolicyContext, type Role } from './access.js';
import { type ClassFacts, requireClass, requireStudent, type StudentFacts } from './platform.js';
import { isGuardianOf, withinReach } from './relations.js';

const ATTENDANCE_OFFICE: readonly Role[] = ['vie_scolaire', 'direction'];

export const ATTENDANCE_ROLL_CALL: Access = {
  who: ['teacher', 'vie_scolaire', 'direction'],
  relation: 'own-seance',
  summary: "L'enseignant de la séance, ou la vie scolaire (CPE) et la direction de l'établissement.",
};
export const ATTENDANCE_STUDENT: Access = {
  who: ['student', 'guardian', 'teacher', 'vie_scolaire', 'direction'],
  relation: 'own-child',
  summary: "L'élève, ses responsables légaux, ses enseignants, la vie scolaire et la direction.",
};
export const ATTENDANCE_JUSTIFY: Access = {
  who: ['guardian', 'vie_scolaire'],
  relation: 'own-child',
  summary: "Les responsables légaux de l'élève, ou la vie scolaire pour le compte de la famille.",
};
export const ATTENDANCE_OFFICE_ONLY: Access = {
  who: ATTENDANCE_OFFICE,
  relation: 'own-etablissement',
  summary: 'La vie scolaire et la direction de l’établissement.',
};
export const ATTENDANCE_OVERVIEW: Access = {
  who: ['teacher', 'vie_scolaire', 'direction'],
  relation: 'own-class',
  summary:
    "Une classe : ses enseignants, la vie scolaire et la direction ; tout l'établissement : la vie scolaire et la direction.",
};
export const ATTENDANCE_SEANCES: Access = {
  who: ['teacher'],
  relation: 'self',
  summary: "L'enseignant connecté : ses propres séances.",
};
export const ATTENDANCE_STREAM: Access = {
  who: 'signed-in',
  relation: 'self',
  summary: 'Ses propres avis (un parent : ceux de ses enfants).',
};

/** The vie scolaire and direction of the établissement (justification decisions, queue, whole-school views). */
export async function requireAttendanceOffice(ctx: PolicyContext, uai: string): Promise<{ uai: string }> {
  if (!(await withinReach(ctx.db, ctx.viewer, uai))) throw notFound();
  if (!(hasRole(ctx.viewer, ATTENDANCE_OFFICE) && ctx.viewer.uai === uai)) {
    throw forbidden('Réservé à la vie scolaire et à la direction de l’établissement.');
  }
  return { uai };
}

/** Justifying an absence: the student's guardians, or the vie scolaire on a family's behalf (a note brought in). */
export async function requireJustifier(ctx: PolicyContext, studentId: string): Promise<StudentFacts> {
  const facts = await requireStudent(ctx, studentId);
  const { viewer } = ctx;
  const ok =
    viewer.profile === 'guardian'
      ? await isGuardianOf(ctx.db, viewer.id, studentId)
      : hasRole(viewer, ['vie_scolaire']) && viewer.uai === facts.uai;
  if (!ok) throw forbidden('Seuls les responsables légaux et la vie scolaire justifient une absence.');
  return facts;
}

/** A class's attendance (week grid, tallies): its teachers, the vie scolaire and the direction. */
export async function requireClassAttendance(ctx: PolicyContext, classId: string): Promise<ClassFacts> {
  const facts = await requireClass(ctx, classId);
  if (!hasRole(ctx.viewer, ['teacher', ...ATTENDANCE_OFFICE])) {
    throw forbidden(
      "Les relevés d'absences d'une classe sont réservés à ses enseignants et à la vie scolaire.",
    );
  }
  return facts;
}
