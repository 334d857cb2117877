/**
 * Platform guards (a student, a class, a séance, an établissement, a territory) and the access of the platform's
 * own routes (sign-in, me, files, reference). Guards answer 404 when the resource does not exist or lies outside
 * the viewer's reach, 403 when it is within reach but unrelated, and the resource's facts otherwise.
 */
import type { ScopeKind } from '@preau/core';
import { forbidden, notFound } from '../http/problem.js';
import { type Access, hasRole, type PolicyContext, type Role } from './access.js';
import {
  decide,
  exists,
  hasChildIn,
  isEnrolledIn,
  isGuardianOf,
  SCHOOL_STAFF,
  teachesClass,
  teachesStudent,
  withinReach,
} from './relations.js';

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
  if (!row) throw notFound();
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
  if (!row) throw notFound();
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
  return decideSeance(ctx, row, mode);
}

/**
 * `requireSeance`'s decision on facts the caller has already read (a roll call reads them with the class list, in
 * one statement): `undefined` is the unknown séance's 404.
 */
export async function decideSeance(
  ctx: PolicyContext,
  row: SeanceFacts | undefined,
  mode: 'read' | 'record',
): Promise<SeanceFacts> {
  if (!row) throw notFound();
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
  if (!(await withinReach(ctx.db, ctx.viewer, uai))) throw notFound();
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
