/**
 * Who may do what — the one module of access rules.
 *
 * A route declares an `Access` (who may call it at all: public, any signed-in user, or listed roles) and its
 * handler then calls a guard for the resource it touches (`requireStudent`, `requireClass`, `requireSeance`,
 * `requireEtablissement`…). Guards answer:
 * - 404 when the resource does not exist or lies outside the viewer's reach (another établissement, another
 *   territory): nobody learns that it exists;
 * - 403 when it is within reach (same établissement) but the viewer has no relation to it;
 * - the resource's facts otherwise (so the handler does not load them twice).
 *
 * Each area adds its own access constants and guards in its section at the end of this file.
 */
import type { Profile, ScopeKind, UserFunction } from '@preau/core';
import type { Db } from './db/types.js';
import { forbidden, notFound } from './http/problem.js';

/** A profile, or a profile holding a function: `'teacher'`, `'vie_scolaire:cpe'`, `'direction:principal'`. */
export type Role = Profile | `${Profile}:${UserFunction}`;

/** The relation a route's handler checks on its resource; stated for the reference page and the matrix. */
export type Relation =
  | 'self'
  | 'own-child'
  | 'own-class'
  | 'own-seance'
  | 'own-etablissement'
  | 'own-territory'
  | 'owner';

export interface Access {
  /** `public`: no session needed; `signed-in`: any session; otherwise the roles allowed. */
  readonly who: 'public' | 'signed-in' | readonly Role[];
  /** The relation checked by the handler's guard, if any. */
  readonly relation?: Relation;
  /** Allowed while the user still has to replace an issued access code (me, password change, sign-out). */
  readonly duringPasswordChange?: boolean;
  /** One French sentence for the reference page. */
  readonly summary: string;
}

/** The signed-in user as rules see them. */
export interface Viewer {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  profile: Profile;
  functions: string[];
  uai: string | null;
  scopeKind: ScopeKind | null;
  scopeCode: string | null;
  mustChangePassword: boolean;
}

export interface PolicyContext {
  db: Db;
  viewer: Viewer;
}

/** Does the viewer hold one of the roles? */
export function hasRole(viewer: Viewer, roles: readonly Role[]): boolean {
  return roles.some((role) => {
    const [profile, fn] = role.split(':');
    return viewer.profile === profile && (!fn || viewer.functions.includes(fn));
  });
}

export function describeAccess(access: Access): string {
  if (access.who === 'public') return 'Public';
  if (access.who === 'signed-in') return `Tout utilisateur connecté. ${access.summary}`;
  return `${access.who.join(', ')}. ${access.summary}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Relations (facts, no decisions)
// ---------------------------------------------------------------------------------------------------------------

async function exists(db: Db, sql: string, params: unknown[]): Promise<boolean> {
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

const SCHOOL_STAFF: readonly Role[] = ['vie_scolaire', 'direction'];

/** Passes when related; 403 within reach; 404 otherwise. */
async function decide(ctx: PolicyContext, uai: string, related: () => Promise<boolean>): Promise<void> {
  if (!(await withinReach(ctx.db, ctx.viewer, uai))) throw notFound();
  if (!(await related())) throw forbidden("Vous n'avez pas de lien avec cette ressource.");
}

// ---------------------------------------------------------------------------------------------------------------
// Platform guards
// ---------------------------------------------------------------------------------------------------------------

export interface StudentFacts {
  id: string;
  uai: string;
}

/**
 * Someone who may see this student's school life: the student, their guardians, their teachers, the vie scolaire
 * and direction of their établissement. Analysts and inspectors never see a single student.
 */
export async function requireStudent(ctx: PolicyContext, studentId: string): Promise<StudentFacts> {
  const row = (
    await ctx.db.query<StudentFacts>("SELECT id, uai FROM users WHERE id = $1 AND profile = 'student'", [
      studentId,
    ])
  )[0];
  if (!row) throw notFound("Cet élève n'existe pas ou ne vous est pas accessible.");
  const { db, viewer } = ctx;
  if (viewer.profile === 'analyst' || viewer.profile === 'inspector') throw notFound();
  await decide(ctx, row.uai, async () => {
    if (viewer.profile === 'student') return viewer.id === studentId;
    if (viewer.profile === 'guardian') return isGuardianOf(db, viewer.id, studentId);
    if (viewer.profile === 'teacher') return teachesStudent(db, viewer.id, studentId);
    return hasRole(viewer, SCHOOL_STAFF) && viewer.uai === row.uai;
  });
  return row;
}

export interface ClassFacts {
  id: string;
  uai: string;
  name: string;
  headTeacherId: string | null;
}

/**
 * Someone who may see this class: its teachers, its students and their guardians, the vie scolaire and direction
 * of the établissement, inspectors of its territory.
 */
export async function requireClass(ctx: PolicyContext, classId: string): Promise<ClassFacts> {
  const row = (
    await ctx.db.query<ClassFacts>(
      'SELECT id, uai, name, head_teacher_id AS "headTeacherId" FROM classes WHERE id = $1',
      [classId],
    )
  )[0];
  if (!row) throw notFound("Cette classe n'existe pas ou ne vous est pas accessible.");
  const { db, viewer } = ctx;
  if (viewer.profile === 'analyst') throw notFound();
  await decide(ctx, row.uai, async () => {
    switch (viewer.profile) {
      case 'teacher':
        return teachesClass(db, viewer.id, classId);
      case 'student':
        return isEnrolledIn(db, viewer.id, classId);
      case 'guardian':
        return hasChildIn(db, viewer.id, classId);
      case 'inspector':
        return true;
      default:
        return hasRole(viewer, SCHOOL_STAFF) && viewer.uai === row.uai;
    }
  });
  return row;
}

/** A teacher who teaches or leads the class (writing marks, appréciations, lessons for it). */
export async function requireTeacherOfClass(ctx: PolicyContext, classId: string): Promise<ClassFacts> {
  const facts = await requireClass(ctx, classId);
  if (ctx.viewer.profile !== 'teacher')
    throw forbidden('Seuls les enseignants de la classe peuvent le faire.');
  return facts;
}

export interface SeanceFacts {
  id: string;
  uai: string;
  classId: string;
  teacherId: string;
}

/**
 * `read`: whoever may see the class. `record` (taking the roll, filling the lesson): the séance's own teacher,
 * or the CPE and direction of the établissement (who correct).
 */
export async function requireSeance(
  ctx: PolicyContext,
  seanceId: string,
  mode: 'read' | 'record',
): Promise<SeanceFacts> {
  const row = (
    await ctx.db.query<SeanceFacts>(
      `SELECT s.id, c.uai, s.class_id AS "classId", s.teacher_id AS "teacherId"
         FROM seances s JOIN classes c ON c.id = s.class_id WHERE s.id = $1`,
      [seanceId],
    )
  )[0];
  if (!row) throw notFound("Cette séance n'existe pas ou ne vous est pas accessible.");
  if (mode === 'read') {
    await requireClass(ctx, row.classId);
    return row;
  }
  const { viewer } = ctx;
  if (viewer.profile === 'analyst' || viewer.profile === 'inspector') throw notFound();
  await decide(ctx, row.uai, async () => {
    if (viewer.profile === 'teacher') return row.teacherId === viewer.id;
    return hasRole(viewer, ['vie_scolaire:cpe', 'direction']) && viewer.uai === row.uai;
  });
  return row;
}

/**
 * Someone of the établissement (any school profile, guardians of its students) or an analyst/inspector whose
 * territory contains it. `roles` narrows who may act (e.g. settings: `['direction']`).
 */
export async function requireEtablissement(
  ctx: PolicyContext,
  uai: string,
  roles?: readonly Role[],
): Promise<{ uai: string }> {
  if (!(await withinReach(ctx.db, ctx.viewer, uai)))
    throw notFound('Cet établissement ne vous est pas accessible.');
  if (roles && !hasRole(ctx.viewer, roles)) throw forbidden();
  return { uai };
}

/** An analyst or inspector whose territory covers the asked one (national ⊃ académie ⊃ département). */
export async function requireTerritory(
  ctx: PolicyContext,
  territory: { kind: ScopeKind; code?: string },
): Promise<void> {
  const { db, viewer } = ctx;
  if (viewer.scopeKind === 'national') return;
  if (territory.kind === 'national') throw notFound();
  if (viewer.scopeKind === territory.kind && viewer.scopeCode === territory.code) return;
  if (viewer.scopeKind === 'academie' && territory.kind === 'departement') {
    const ok = await exists(db, 'SELECT 1 FROM departements WHERE code = $1 AND academie_code = $2', [
      territory.code,
      viewer.scopeCode,
    ]);
    if (ok) return;
  }
  throw notFound();
}

// ---------------------------------------------------------------------------------------------------------------
// Platform access (auth, me, files, reference)
// ---------------------------------------------------------------------------------------------------------------

export const PUBLIC: Access = { who: 'public', summary: 'Sans connexion.' };
export const SIGNED_IN: Access = { who: 'signed-in', summary: 'Sa propre session.', relation: 'self' };
export const OWN_ACCOUNT: Access = {
  who: 'signed-in',
  relation: 'self',
  duringPasswordChange: true,
  summary: 'Son propre compte, y compris avant le changement du code d’accès.',
};
export const FILE_UPLOAD: Access = {
  who: 'signed-in',
  relation: 'owner',
  summary: 'Dépose un fichier pour un usage donné ; chaque usage dit qui peut déposer.',
};
export const FILE_DOWNLOAD: Access = {
  who: 'signed-in',
  relation: 'owner',
  summary:
    "Comme l'enregistrement auquel le fichier est rattaché ; un fichier non rattaché : son déposant seul.",
};

// ---------------------------------------------------------------------------------------------------------------
// Grade book (carnet de notes) — add its access constants and guards here.
// ---------------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------
// Attendance (vie scolaire) — add its access constants and guards here.
// ---------------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------
// Usage measurement and dashboard — add its access constants and guards here.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Usage events: the route itself checks a session (the elements' beacon, sent by `sendBeacon` without a CSRF
 * header: statistics only, SameSite=Lax cookie) or a forwarding server's platform token.
 */
export const USAGE_INGEST: Access = {
  who: 'public',
  summary:
    'Une session (balise des éléments ; établissement et profil pris dans la session) ou un jeton de plateforme ' +
    '(Authorization: Bearer) d’un serveur qui relaie un autre ENT ; vérifiés par la route.',
};
/** Analytics datasets: analysts, narrowed to their territory (académie, département, or all for national). */
export const ANALYTICS_DATASETS: Access = {
  who: ['analyst'],
  relation: 'own-territory',
  summary:
    'Analystes : uniquement les établissements de leur territoire (académie, département ou national).',
};
/** Importing past audience figures and exporting in the Ministry's layout. */
export const USAGE_IMPORT: Access = {
  who: ['analyst'],
  relation: 'own-territory',
  summary: 'Analystes : établissements de leur territoire seulement.',
};
/** Hardware and ENT project status of an établissement: its direction, or analysts of its territory. */
export const HARDWARE_READ: Access = {
  who: ['analyst', 'direction'],
  relation: 'own-territory',
  summary: 'Direction de l’établissement ; analystes de son territoire.',
};
export const HARDWARE_WRITE: Access = {
  who: ['analyst', 'direction'],
  relation: 'own-territory',
  summary: 'Direction de l’établissement ; analystes de son territoire (collectivité).',
};
/** Deployment state of territories (the Ministry's five categories). */
export const DEPLOYMENT_READ: Access = {
  who: ['analyst'],
  relation: 'own-territory',
  summary: 'Analystes : territoires contenus dans le leur.',
};
export const DEPLOYMENT_WRITE: Access = {
  who: ['analyst'],
  relation: 'own-territory',
  summary: 'Analystes : territoires contenus dans le leur.',
};
