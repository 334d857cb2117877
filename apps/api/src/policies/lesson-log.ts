/**
 * Who may do what in the cahier de textes. Routes declare one of these `Access` values; handlers call the guards,
 * which answer 404 outside the viewer's reach (another établissement or académie, an unpublished entry for a
 * student or parent) and 403 within reach without a relation (a class the teacher does not teach).
 */
import type { Db } from '../db/types.js';
import { forbidden, HttpProblem, notFound } from '../http/problem.js';
import { type Access, hasRole, type PolicyContext, type Viewer } from './access.js';
import { type ClassFacts, requireClass } from './platform.js';
import { withinReach } from './relations.js';

export const LESSON_LOG_CONTEXT: Access = {
  who: 'signed-in',
  relation: 'self',
  summary: 'Ce que l’utilisateur atteint : ses classes et matières, ses enfants, son établissement.',
};
export const LESSON_LOG_READ: Access = {
  who: ['teacher', 'student', 'guardian', 'vie_scolaire', 'direction', 'inspector'],
  relation: 'own-class',
  summary:
    'Les enseignants de la classe, ses élèves et leurs responsables (entrées publiées seulement, sans notes ' +
    'privées), la vie scolaire et la direction de l’établissement, les inspecteurs de son académie.',
};
export const LESSON_LOG_WRITE: Access = {
  who: ['teacher'],
  relation: 'own-class',
  summary: 'L’enseignant de la classe ou du groupe dans la matière ; une entrée existante : son auteur.',
};
export const LESSON_LOG_STUDENT: Access = {
  who: ['student', 'guardian', 'teacher', 'vie_scolaire', 'direction'],
  relation: 'own-child',
  summary:
    'L’élève et ses responsables légaux (travail publié, en lecture pour les parents), ses enseignants, la vie ' +
    'scolaire et la direction.',
};
export const LESSON_LOG_TICK: Access = {
  who: ['student'],
  relation: 'self',
  summary: 'L’élève à qui le travail est donné (publié), pour lui-même.',
};
export const LESSON_LOG_VISA: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: 'La direction de l’établissement de la classe.',
};
export const LESSON_LOG_OVERVIEW: Access = {
  who: ['direction', 'inspector'],
  relation: 'own-territory',
  summary: 'La direction de l’établissement ; les inspecteurs de son académie (lecture).',
};
export const LESSON_LOG_ARCHIVE: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: 'La direction de l’établissement de la classe.',
};
export const LESSON_LOG_SETTINGS_READ: Access = {
  who: 'signed-in',
  relation: 'own-etablissement',
  summary: 'Les membres de l’établissement et les responsables de ses élèves.',
};
export const LESSON_LOG_SETTINGS_WRITE: Access = {
  who: ['direction'],
  relation: 'own-etablissement',
  summary: 'La direction de l’établissement.',
};
export const LESSON_LOG_FEEDS: Access = {
  who: ['student', 'guardian', 'teacher'],
  relation: 'self',
  summary: 'Ses propres abonnements de calendrier (un parent : pour chacun de ses enfants).',
};
export const LESSON_LOG_FEED: Access = {
  who: 'public',
  summary:
    'Sans session : l’adresse secrète d’un abonnement (révocable) suffit ; une adresse inconnue ou révoquée répond 404.',
};

/**
 * The one 404 of the cahier de textes: whether a class, entry, work item, student or feed does not exist, belongs
 * to another établissement or is not yet published, the answer is the same to the byte.
 */
export const outOfReach = () => notFound();

/** Runs a platform guard, answering its 404s (whose wording differs by cause) with the one of this area. */
export async function sameNotFound<T>(guard: Promise<T>): Promise<T> {
  try {
    return await guard;
  } catch (err) {
    if (err instanceof HttpProblem && err.problem.status === 404) throw outOfReach();
    throw err;
  }
}

/** Profiles who read a class's cahier as families do: published entries only, nothing private. */
export const isFamily = (viewer: Viewer) => viewer.profile === 'student' || viewer.profile === 'guardian';

async function exists(db: Db, sql: string, params: unknown[]): Promise<boolean> {
  return (await db.query(`SELECT EXISTS (${sql}) AS ok`, params))[0]?.ok === true;
}

export interface LessonClassFacts extends ClassFacts {
  kind: 'classe' | 'groupe';
  level: string | null;
  schoolYear: number;
}

async function classFacts(db: Db, classId: string): Promise<LessonClassFacts | undefined> {
  return (
    await db.query<LessonClassFacts>(
      `SELECT id, uai, name, kind, level, school_year AS "schoolYear", head_teacher_id AS "headTeacherId"
         FROM classes WHERE id = $1`,
      [classId],
    )
  )[0];
}

/**
 * Reading a class's (or group's) cahier: whoever may see the class (`requireClass`: its teachers, students and
 * their guardians, the vie scolaire and direction, inspectors of its académie). `family`: published entries only.
 */
export async function requireLessonLogReader(
  ctx: PolicyContext,
  classId: string,
): Promise<{ cls: LessonClassFacts; family: boolean }> {
  await sameNotFound(requireClass(ctx, classId));
  const cls = (await classFacts(ctx.db, classId))!;
  return { cls, family: isFamily(ctx.viewer) };
}

/** Writing in a class's cahier for a subject: a teacher with that teaching assignment. */
export async function requireLessonWriter(
  ctx: PolicyContext,
  classId: string,
  subjectId: string,
): Promise<LessonClassFacts> {
  const cls = await classFacts(ctx.db, classId);
  const { db, viewer } = ctx;
  if (!cls || viewer.profile === 'analyst' || !(await withinReach(db, viewer, cls.uai))) {
    throw outOfReach();
  }
  const teaches =
    viewer.profile === 'teacher' &&
    (await exists(
      db,
      'SELECT 1 FROM teaching_assignments WHERE teacher_id = $1 AND class_id = $2 AND subject_id = $3',
      [viewer.id, classId, subjectId],
    ));
  if (!teaches) {
    throw forbidden('Seul un enseignant de cette classe dans cette matière écrit dans son cahier de textes.');
  }
  return cls;
}

/** Putting a visa on a class's cahier, printing its archive: the direction of its établissement. */
export async function requireLessonDirection(ctx: PolicyContext, classId: string): Promise<LessonClassFacts> {
  const cls = await classFacts(ctx.db, classId);
  const { db, viewer } = ctx;
  if (!cls || viewer.profile === 'analyst' || !(await withinReach(db, viewer, cls.uai))) {
    throw outOfReach();
  }
  if (!(hasRole(viewer, ['direction']) && viewer.uai === cls.uai)) {
    throw forbidden('Réservé à la direction de l’établissement.');
  }
  return cls;
}

/** The direction of the établissement, or an inspector whose académie contains it. */
export async function requireLessonOverview(ctx: PolicyContext, uai: string): Promise<void> {
  const { db, viewer } = ctx;
  if (viewer.profile === 'analyst' || !(await withinReach(db, viewer, uai))) {
    throw outOfReach();
  }
  if (viewer.profile === 'inspector') return;
  if (!(hasRole(viewer, ['direction']) && viewer.uai === uai)) {
    throw forbidden('Réservé à la direction de l’établissement et aux inspecteurs.');
  }
}

/** What a guard needs to know of an entry. */
export interface EntryFacts {
  id: string;
  uai: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  publishAt: Date;
}

export async function entryFacts(db: Db, entryId: string): Promise<EntryFacts | undefined> {
  return (
    await db.query<EntryFacts>(
      `SELECT id, uai, class_id AS "classId", subject_id AS "subjectId", teacher_id AS "teacherId",
              publish_at AS "publishAt"
         FROM lesson_entries WHERE id = $1`,
      [entryId],
    )
  )[0];
}

/**
 * Reading one entry: a reader of its class; for families, only once published — and also the students (and their
 * parents) a published work item of it is given to, through one of their groups.
 */
export async function requireEntryReader(
  ctx: PolicyContext,
  entryId: string,
  now: Date,
): Promise<{ entry: EntryFacts; family: boolean }> {
  const entry = await entryFacts(ctx.db, entryId);
  if (!entry) throw outOfReach();
  const family = isFamily(ctx.viewer);
  if (family && new Date(entry.publishAt).getTime() > now.getTime()) throw outOfReach();
  if (family && (await isWorkAudience(ctx, entryId))) return { entry, family };
  await requireLessonLogReader(ctx, entry.classId);
  return { entry, family };
}

/** Is the viewer (a student, or a parent of one) given a work item of the entry through its target group? */
async function isWorkAudience(ctx: PolicyContext, entryId: string): Promise<boolean> {
  const { db, viewer } = ctx;
  return exists(
    db,
    `SELECT 1 FROM lesson_work w JOIN enrolments e ON e.class_id = w.class_id
      WHERE w.entry_id = $1
        AND (e.student_id = $2 OR e.student_id IN (SELECT student_id FROM guardianships WHERE guardian_id = $2))`,
    [entryId, viewer.id],
  );
}

/** Changing or deleting an entry: its author, still teaching the class in that subject. */
export async function requireEntryAuthor(ctx: PolicyContext, entryId: string): Promise<EntryFacts> {
  const entry = await entryFacts(ctx.db, entryId);
  if (!entry) throw outOfReach();
  await requireLessonWriter(ctx, entry.classId, entry.subjectId);
  if (entry.teacherId !== ctx.viewer.id) throw forbidden('Seul l’auteur d’une entrée la modifie.');
  return entry;
}

/** Whether the viewer may read a file attached to the entry (the upload service's rule for `lesson_entry`). */
export async function mayReadEntry(ctx: PolicyContext, entryId: string, now: Date): Promise<boolean> {
  try {
    await requireEntryReader(ctx, entryId, now);
    return true;
  } catch {
    return false;
  }
}
