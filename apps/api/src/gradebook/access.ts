/**
 * Grade book access rules (guards in the style of policies.ts): 404 outside the viewer's reach, 403 within it
 * without the needed relation.
 */
import type { Db } from '../db/index.js';
import { forbidden, notFound } from '../http/problem.js';
import { hasRole, type PolicyContext, requireStudent, withinReach } from '../policies.js';

export interface GradebookClass {
  id: string;
  uai: string;
  name: string;
  schoolYear: number;
  headTeacherId: string | null;
}

async function loadClass(db: Db, classId: string): Promise<GradebookClass | null> {
  const rows = await db.query<GradebookClass>(
    `SELECT id, uai, name, school_year AS "schoolYear", head_teacher_id AS "headTeacherId" FROM classes WHERE id = $1`,
    [classId],
  );
  return rows[0] ?? null;
}

async function teaches(db: Db, teacherId: string, classId: string, subjectId?: string): Promise<boolean> {
  const rows = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM teaching_assignments WHERE teacher_id = $1 AND class_id = $2
                      AND ($3::text IS NULL OR subject_id = $3::text)) AS ok`,
    [teacherId, classId, subjectId ?? null],
  );
  return rows[0]?.ok === true;
}

async function reachableClass(ctx: PolicyContext, classId: string): Promise<GradebookClass> {
  const cls = await loadClass(ctx.db, classId);
  if (!cls || ctx.viewer.profile === 'analyst' || !(await withinReach(ctx.db, ctx.viewer, cls.uai))) {
    throw notFound("Cette classe n'existe pas ou ne vous est pas accessible.");
  }
  return cls;
}

const isDirectionOf = (ctx: PolicyContext, uai: string) =>
  hasRole(ctx.viewer, ['direction']) && ctx.viewer.uai === uai;

/**
 * Reading a class sheet: the teachers of that class and subject (who may also write), the class's head teacher,
 * the direction of the établissement (who may write). Without `subjectId`: any teacher of the class.
 */
export async function requireGradebookReader(
  ctx: PolicyContext,
  classId: string,
  subjectId?: string,
): Promise<{ cls: GradebookClass; canEdit: boolean }> {
  const cls = await reachableClass(ctx, classId);
  if (isDirectionOf(ctx, cls.uai)) return { cls, canEdit: true };
  if (ctx.viewer.profile === 'teacher' && ctx.viewer.uai === cls.uai) {
    if (await teaches(ctx.db, ctx.viewer.id, classId, subjectId)) return { cls, canEdit: true };
    if (cls.headTeacherId === ctx.viewer.id) return { cls, canEdit: false };
  }
  throw forbidden(
    'Seuls les enseignants de cette classe dans cette matière et la direction ont accès à ce carnet de notes.',
  );
}

/** Writing évaluations, marks, appréciations and compétences: the teacher of that class and subject, or direction. */
export async function requireGradebookWriter(
  ctx: PolicyContext,
  classId: string,
  subjectId: string,
): Promise<{ cls: GradebookClass }> {
  const cls = await reachableClass(ctx, classId);
  if (isDirectionOf(ctx, cls.uai)) return { cls };
  if (
    ctx.viewer.profile === 'teacher' &&
    ctx.viewer.uai === cls.uai &&
    (await teaches(ctx.db, ctx.viewer.id, classId, subjectId))
  )
    return { cls };
  throw forbidden(
    'Seul un enseignant de cette classe dans cette matière (ou la direction) peut modifier ces notes.',
  );
}

/** The general appréciation: the class's head teacher (professeur principal), or direction. */
export async function requireHeadTeacher(ctx: PolicyContext, classId: string): Promise<GradebookClass> {
  const cls = await reachableClass(ctx, classId);
  if (
    isDirectionOf(ctx, cls.uai) ||
    (ctx.viewer.profile === 'teacher' && cls.headTeacherId === ctx.viewer.id)
  )
    return cls;
  throw forbidden("Seuls le professeur principal et la direction écrivent l'appréciation générale.");
}

/**
 * A student's results: the student, their guardians, their teachers, vie scolaire and direction (the platform's
 * student rule). `restricted`: students and guardians see only what is published and shown.
 */
export async function requireResultsReader(
  ctx: PolicyContext,
  studentId: string,
): Promise<{
  student: { id: string; uai: string; firstName: string; lastName: string };
  restricted: boolean;
}> {
  const facts = await requireStudent(ctx, studentId);
  const rows = await ctx.db.query<{ firstName: string; lastName: string }>(
    'SELECT first_name AS "firstName", last_name AS "lastName" FROM users WHERE id = $1',
    [studentId],
  );
  const restricted = ctx.viewer.profile === 'student' || ctx.viewer.profile === 'guardian';
  return { student: { ...facts, ...rows[0]! }, restricted };
}
