/**
 * Relations between people and resources (facts, no decisions), and `decide`, the one rule that turns them into
 * answers: 404 outside the viewer's reach, 403 within reach but unrelated.
 */
import type { Db } from '../db/types.js';
import { forbidden, notFound } from '../http/problem.js';
import type { PolicyContext, Role, Viewer } from './access.js';

export async function exists(db: Db, sql: string, params: unknown[]): Promise<boolean> {
  return (await db.query(`SELECT EXISTS (${sql}) AS ok`, params))[0]?.ok === true;
}

export const isGuardianOf = (db: Db, guardianId: string, studentId: string) =>
  exists(db, 'SELECT 1 FROM guardianships WHERE guardian_id = $1 AND student_id = $2', [
    guardianId,
    studentId,
  ]);

/** Teaches the class (a teaching assignment) or leads it (professeur principal). */
export const teachesClass = (db: Db, teacherId: string, classId: string) =>
  exists(
    db,
    `SELECT 1 FROM teaching_assignments WHERE teacher_id = $1 AND class_id = $2
     UNION ALL SELECT 1 FROM classes WHERE id = $2 AND head_teacher_id = $1`,
    [teacherId, classId],
  );

/** Teaches or leads one of the student's classes or groups. */
export const teachesStudent = (db: Db, teacherId: string, studentId: string) =>
  exists(
    db,
    `SELECT 1 FROM enrolments e JOIN teaching_assignments t ON t.class_id = e.class_id
      WHERE e.student_id = $2 AND t.teacher_id = $1
     UNION ALL
     SELECT 1 FROM enrolments e JOIN classes c ON c.id = e.class_id
      WHERE e.student_id = $2 AND c.head_teacher_id = $1`,
    [teacherId, studentId],
  );

export const isEnrolledIn = (db: Db, studentId: string, classId: string) =>
  exists(db, 'SELECT 1 FROM enrolments WHERE student_id = $1 AND class_id = $2', [studentId, classId]);

export const hasChildIn = (db: Db, guardianId: string, classId: string) =>
  exists(
    db,
    `SELECT 1 FROM guardianships g JOIN enrolments e ON e.student_id = g.student_id
      WHERE g.guardian_id = $1 AND e.class_id = $2`,
    [guardianId, classId],
  );

/** Is the établissement inside the analyst's or inspector's territory? */
export async function inTerritory(db: Db, viewer: Viewer, uai: string): Promise<boolean> {
  if (viewer.scopeKind === 'national')
    return exists(db, 'SELECT 1 FROM etablissements WHERE uai = $1', [uai]);
  if (viewer.scopeKind === 'academie')
    return exists(
      db,
      `SELECT 1 FROM etablissements e JOIN departements d ON d.code = e.departement_code
        WHERE e.uai = $1 AND d.academie_code = $2`,
      [uai, viewer.scopeCode],
    );
  if (viewer.scopeKind === 'departement')
    return exists(db, 'SELECT 1 FROM etablissements WHERE uai = $1 AND departement_code = $2', [
      uai,
      viewer.scopeCode,
    ]);
  return false;
}

/**
 * Is the établissement within the viewer's reach — the place where a 403 may be said instead of a 404?
 * Its own for school people, one of the children's for guardians, inside the territory for analysts and
 * inspectors.
 */
export async function withinReach(db: Db, viewer: Viewer, uai: string): Promise<boolean> {
  if (viewer.profile === 'analyst' || viewer.profile === 'inspector') return inTerritory(db, viewer, uai);
  if (viewer.uai === uai) return true;
  if (viewer.profile === 'guardian')
    return exists(
      db,
      `SELECT 1 FROM guardianships g JOIN users s ON s.id = g.student_id
        WHERE g.guardian_id = $1 AND s.uai = $2`,
      [viewer.id, uai],
    );
  return false;
}

export const SCHOOL_STAFF: readonly Role[] = ['vie_scolaire', 'direction'];

/** Passes when related; 403 within reach; 404 otherwise. */
export async function decide(
  ctx: PolicyContext,
  uai: string,
  related: () => Promise<boolean>,
): Promise<void> {
  if (!(await withinReach(ctx.db, ctx.viewer, uai))) throw notFound();
  if (!(await related())) throw forbidden("Vous n'avez pas de lien avec cette ressource.");
}
