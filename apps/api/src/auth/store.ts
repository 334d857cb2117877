/** Sign-in's SQL: sessions, credentials, and what `GET /me` tells about the signed-in user. */
import type { Profile, ScopeKind } from '@preau/core';
import type { Db } from '../db/types.js';
import type { Viewer } from '../policies/index.js';

// ---------------------------------------------------------------- sessions

export async function insertSession(
  db: Db,
  s: { id: string; userId: string; csrfToken: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $4)`,
    [s.id, s.userId, s.csrfToken, s.createdAt, s.expiresAt],
  );
}

export interface SessionRow {
  id: string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  login: string;
  first_name: string;
  last_name: string;
  profile: Profile;
  functions: string[];
  uai: string | null;
  scope_kind: ScopeKind | null;
  scope_code: string | null;
  must_change_password: boolean;
}

/** A session and its user, unless the account is closed. */
export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.query<SessionRow>(
    `SELECT s.id, s.csrf_token, s.created_at, s.expires_at, s.last_seen_at, u.id AS user_id, u.login,
            u.first_name, u.last_name, u.profile, u.functions, u.uai, u.scope_kind, u.scope_code,
            u.must_change_password
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1 AND u.disabled_at IS NULL`,
    [id],
  );
  return row;
}

export async function touchSession(db: Db, id: string, seenAt: Date, expiresAt: Date): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
    id,
    seenAt,
    expiresAt,
  ]);
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [id]);
}

/** Deletes every other session of a user; returns their ids (their streams end too). */
export async function deleteOtherSessions(db: Db, userId: string, keepId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'DELETE FROM sessions WHERE user_id = $1 AND id <> $2 RETURNING id',
    [userId, keepId],
  );
  return rows.map((r) => r.id);
}

/** Deletes up to `limit` sessions that expired before `now` or were created before `createdBefore`. */
export async function deleteExpiredSessions(
  db: Db,
  now: Date,
  createdBefore: Date,
  limit: number,
): Promise<number> {
  const rows = await db.query(
    `DELETE FROM sessions WHERE id IN (
       SELECT id FROM sessions WHERE expires_at <= $1 OR created_at <= $2 LIMIT $3
     ) RETURNING id`,
    [now, createdBefore, limit],
  );
  return rows.length;
}

// ---------------------------------------------------------------- credentials

export interface Credentials {
  id: string;
  password_hash: string | null;
  access_code_hash: string | null;
}

/** The credentials of an open account, by its login (any case). */
export async function credentialsByLogin(db: Db, login: string): Promise<Credentials | undefined> {
  const [row] = await db.query<Credentials>(
    'SELECT id, password_hash, access_code_hash FROM users WHERE lower(login) = lower($1) AND disabled_at IS NULL',
    [login],
  );
  return row;
}

export async function credentialsById(db: Db, id: string): Promise<Credentials | undefined> {
  const [row] = await db.query<Credentials>(
    'SELECT id, password_hash, access_code_hash FROM users WHERE id = $1',
    [id],
  );
  return row;
}

/** Signed in with an issued access code: a new password is required before anything else. */
export async function requirePasswordChange(db: Db, userId: string): Promise<void> {
  await db.query('UPDATE users SET must_change_password = true WHERE id = $1', [userId]);
}

/** The new password replaces the access code. */
export async function setPassword(db: Db, userId: string, hash: string): Promise<void> {
  await db.query(
    'UPDATE users SET password_hash = $2, access_code_hash = NULL, must_change_password = false WHERE id = $1',
    [userId, hash],
  );
}

// ---------------------------------------------------------------- who the user is

export function viewerOf(
  r: Omit<SessionRow, 'id' | 'csrf_token' | 'created_at' | 'expires_at' | 'last_seen_at'>,
) {
  const viewer: Viewer = {
    id: r.user_id,
    login: r.login,
    firstName: r.first_name,
    lastName: r.last_name,
    profile: r.profile,
    functions: r.functions,
    uai: r.uai,
    scopeKind: r.scope_kind,
    scopeCode: r.scope_code,
    mustChangePassword: r.must_change_password,
  };
  return viewer;
}

export async function viewerById(db: Db, id: string): Promise<Viewer | undefined> {
  const [row] = await db.query<Parameters<typeof viewerOf>[0]>(
    `SELECT id AS user_id, login, first_name, last_name, profile, functions, uai, scope_kind, scope_code,
            must_change_password
       FROM users WHERE id = $1`,
    [id],
  );
  return row ? viewerOf(row) : undefined;
}

export async function etablissementName(db: Db, uai: string): Promise<{ uai: string; name: string } | null> {
  const [row] = await db.query<{ uai: string; name: string }>(
    'SELECT uai, name FROM etablissements WHERE uai = $1',
    [uai],
  );
  return row ?? null;
}

export async function territoryName(
  db: Db,
  kind: 'academie' | 'departement',
  code: string | null,
): Promise<string | undefined> {
  const table = kind === 'academie' ? 'academies' : 'departements';
  const [row] = await db.query<{ name: string }>(`SELECT name FROM ${table} WHERE code = $1`, [code]);
  return row?.name;
}

export interface ChildRow {
  id: string;
  first_name: string;
  last_name: string;
  uai: string;
  class_id: string | null;
  class_name: string | null;
}

/** A guardian's children, each with their current class. */
export async function childrenOf(db: Db, guardianId: string): Promise<ChildRow[]> {
  return db.query<ChildRow>(
    `SELECT s.id, s.first_name, s.last_name, s.uai, c.id AS class_id, c.name AS class_name
       FROM guardianships g
       JOIN users s ON s.id = g.student_id
       LEFT JOIN LATERAL (
         SELECT c.id, c.name FROM enrolments e JOIN classes c ON c.id = e.class_id
          WHERE e.student_id = s.id AND c.kind = 'classe' ORDER BY c.school_year DESC LIMIT 1
       ) c ON true
      WHERE g.guardian_id = $1
      ORDER BY s.first_name, s.last_name, s.id`,
    [guardianId],
  );
}

export interface TaughtClassRow {
  id: string;
  name: string;
  kind: 'classe' | 'groupe';
  head: boolean;
  subjects: { id: string; code: string; name: string }[] | null;
}

/** The classes and groups a teacher teaches or leads, with the subjects taught in each. */
export async function classesTaughtBy(db: Db, teacherId: string): Promise<TaughtClassRow[]> {
  return db.query<TaughtClassRow>(
    `SELECT c.id, c.name, c.kind, (c.head_teacher_id = $1) AS head,
            (SELECT json_agg(json_build_object('id', s.id, 'code', s.code, 'name', s.name) ORDER BY s.name)
               FROM teaching_assignments t JOIN subjects s ON s.id = t.subject_id
              WHERE t.teacher_id = $1 AND t.class_id = c.id) AS subjects
       FROM classes c
      WHERE c.head_teacher_id = $1
         OR EXISTS (SELECT 1 FROM teaching_assignments t WHERE t.teacher_id = $1 AND t.class_id = c.id)
      ORDER BY c.kind, c.name`,
    [teacherId],
  );
}
