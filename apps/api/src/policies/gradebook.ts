/** Grade book (carnet de notes): who reads and writes a class's marks, appréciations and settings. */
import { forbidden, notFound } from '../http/problem.js';
import { type Access, hasRole, type PolicyContext, type Viewer } from './access.js';
import { requireStudent, type StudentFacts } from './platform.js';
import { withinReach } from './relations.js';

export const GRADEBOOK_READ: Access = {
  who: ['teacher', 'direction'],
  relation: 'own-class',
  summary:
    "Les enseignants de la classe dans la matière (et son professeur principal, en lecture), la direction de l'établissement.",
};
export const GRADEBOOK_WRITE: Access = {
  who: ['teacher', 'direction'],
  relation: 'own-class',
  summary:
    "L'enseignant de la classe dans la matière, ou la direction ; l'appréciation générale : le professeur principal.",
};
export const GRADEBOOK_RESULTS: Access = {
  who: ['student', 'guardian', 'teacher', 'vie_scolaire', 'direction'],
  relation: 'own-child',
  summary:
    "L'élève et ses responsables légaux (évaluations publiées, et seulement ce que l'établissement montre), ses enseignants, la vie scolaire et la direction.",
};
export const GRADEBOOK_SETTINGS_READ: Access = {
  who: 'signed-in',
  relation: 'own-etablissement',
  summary: "Les membres de l'établissement.",
};
export const GRADEBOOK_SETTINGS_WRITE: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: "La direction de l'établissement.",
};

/** A class as the grade book's guards see it. */
export interface GradebookClassFacts {
  id: string;
  uai: string;
  name: string;
  schoolYear: number;
  headTeacherId: string | null;
}

/**
 * The class, and whether the viewer teaches it (in `subjectId` when given), in one query; 404 outside the viewer's
 * reach.
 */
async function gradebookClass(
  ctx: PolicyContext,
  classId: string,
  subjectId?: string,
): Promise<{ cls: GradebookClassFacts; teaches: boolean }> {
  const row = (
    await ctx.db.query<GradebookClassFacts & { teaches: boolean }>(
      `SELECT c.id, c.uai, c.name, c.school_year AS "schoolYear", c.head_teacher_id AS "headTeacherId",
              EXISTS (SELECT 1 FROM teaching_assignments t WHERE t.class_id = c.id AND t.teacher_id = $2
                         AND ($3::text IS NULL OR t.subject_id = $3::text)) AS teaches
         FROM classes c WHERE c.id = $1`,
      [classId, ctx.viewer.id, subjectId ?? null],
    )
  )[0];
  if (!row || ctx.viewer.profile === 'analyst' || !(await withinReach(ctx.db, ctx.viewer, row.uai))) {
    throw notFound("Cette classe n'existe pas ou ne vous est pas accessible.");
  }
  const { teaches, ...cls } = row;
  return { cls, teaches: teaches === true };
}

const directsEtablissement = (viewer: Viewer, uai: string) =>
  hasRole(viewer, ['direction']) && viewer.uai === uai;

/**
 * Reading a class's grade book for a subject: its teachers in that subject and the direction (who may also
 * write), the class's head teacher (read only). Without `subjectId`: any teacher of the class.
 */
export async function requireGradebookReader(
  ctx: PolicyContext,
  classId: string,
  subjectId?: string,
): Promise<{ cls: GradebookClassFacts; canEdit: boolean }> {
  const { cls, teaches } = await gradebookClass(ctx, classId, subjectId);
  const { viewer } = ctx;
  if (directsEtablissement(viewer, cls.uai)) return { cls, canEdit: true };
  if (viewer.profile === 'teacher' && viewer.uai === cls.uai) {
    if (teaches) return { cls, canEdit: true };
    if (cls.headTeacherId === viewer.id) return { cls, canEdit: false };
  }
  throw forbidden(
    'Ce carnet de notes est réservé aux enseignants de la classe dans la matière et à la direction.',
  );
}

/** Writing évaluations, marks, appréciations and compétences: the class's teacher in that subject, or direction. */
export async function requireGradebookWriter(
  ctx: PolicyContext,
  classId: string,
  subjectId: string,
): Promise<{ cls: GradebookClassFacts }> {
  const { cls, teaches } = await gradebookClass(ctx, classId, subjectId);
  const { viewer } = ctx;
  if (directsEtablissement(viewer, cls.uai)) return { cls };
  if (viewer.profile === 'teacher' && viewer.uai === cls.uai && teaches) return { cls };
  throw forbidden(
    'Seul un enseignant de cette classe dans cette matière (ou la direction) peut modifier ces notes.',
  );
}

/** The general appréciation: the class's head teacher (professeur principal), or direction. */
export async function requireHeadTeacher(ctx: PolicyContext, classId: string): Promise<GradebookClassFacts> {
  const { cls } = await gradebookClass(ctx, classId);
  if (directsEtablissement(ctx.viewer, cls.uai)) return cls;
  if (ctx.viewer.profile === 'teacher' && cls.headTeacherId === ctx.viewer.id) return cls;
  throw forbidden("Seuls le professeur principal et la direction écrivent l'appréciation générale.");
}

/**
 * A student's results: whoever may see the student (`requireStudent`). `restricted` for the student and their
 * guardians: published évaluations only, and only what the établissement shows.
 */
export async function requireResultsReader(
  ctx: PolicyContext,
  studentId: string,
): Promise<{ student: StudentFacts & { firstName: string; lastName: string }; restricted: boolean }> {
  const facts = await requireStudent(ctx, studentId);
  const names = (
    await ctx.db.query<{ firstName: string; lastName: string }>(
      'SELECT first_name AS "firstName", last_name AS "lastName" FROM users WHERE id = $1',
      [studentId],
    )
  )[0]!;
  const restricted = ctx.viewer.profile === 'student' || ctx.viewer.profile === 'guardian';
  return { student: { ...facts, ...names }, restricted };
}
