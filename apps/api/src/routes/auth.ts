import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  decoyHash,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  passwordProblems,
  verifyPassword,
} from '../auth/password.js';
import {
  clearSessionCookie,
  createSession,
  deleteOtherSessions,
  deleteSession,
  purgeExpiredSessions,
  writeSessionCookie,
} from '../auth/sessions.js';
import { LoginThrottle } from '../auth/throttle.js';
import type { Db } from '../db/types.js';
import { invalid, problem } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { OWN_ACCOUNT, PUBLIC, type Viewer } from '../policies.js';

const Credentials = z
  .object({
    login: z.string().trim().min(1).max(200).openapi({ example: 'camille.martin' }),
    password: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_LENGTH * 2),
  })
  .openapi('Credentials');

const PasswordChange = z
  .object({
    currentPassword: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_LENGTH * 2)
      .openapi({
        description: "Le mot de passe actuel, ou le code d'accès reçu pour la première connexion.",
      }),
    newPassword: z
      .string()
      .min(1)
      .max(PASSWORD_MAX_LENGTH * 2),
  })
  .openapi('PasswordChange');

const PersonRef = z.object({ id: z.string(), firstName: z.string(), lastName: z.string() });

export const MeSchema = z
  .object({
    user: z.object({
      id: z.string(),
      login: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      profile: z.string().openapi({ example: 'guardian' }),
      functions: z.array(z.string()),
      uai: z.string().nullable(),
      etablissement: z.object({ uai: z.string(), name: z.string() }).nullable(),
      scope: z
        .object({
          kind: z.enum(['national', 'academie', 'departement']),
          code: z.string().nullable(),
          name: z.string(),
        })
        .nullable(),
      mustChangePassword: z.boolean(),
    }),
    csrfToken: z
      .string()
      .openapi({ description: 'À renvoyer dans l’en-tête X-CSRF-Token des requêtes POST/PUT/PATCH/DELETE.' }),
    sessionExpiresAt: z.string().openapi({ format: 'date-time' }),
    children: z
      .array(
        PersonRef.extend({
          uai: z.string(),
          class: z.object({ id: z.string(), name: z.string() }).nullable(),
        }),
      )
      .optional()
      .openapi({ description: 'Responsables légaux : leurs enfants.' }),
    classes: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          kind: z.enum(['classe', 'groupe']),
          isHeadTeacher: z.boolean(),
          subjects: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
        }),
      )
      .optional()
      .openapi({ description: 'Enseignants : leurs classes et groupes, avec les matières enseignées.' }),
  })
  .openapi('Me');
export type Me = z.infer<typeof MeSchema>;

/**
 * The client address the throttle counts: the socket's peer, or behind a trusted proxy the last address of
 * X-Forwarded-For (the one the proxy appended; earlier ones are the client's to invent).
 */
export function clientAddress(c: Context, trustProxy = false): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function registerAuthRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, config, clock } = deps;
  const throttle = new LoginThrottle({ clock });

  const refuseWhileThrottled = (login: string, address: string) => {
    const wait = throttle.retryAfterSeconds(login, address);
    if (wait > 0) {
      throw problem(429, 'too-many-requests', {
        detail: `Trop de tentatives de connexion. Réessayez dans ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
        headers: { 'Retry-After': String(wait) },
      });
    }
  };

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/auth/login',
      tags: ['Connexion'],
      summary: 'Se connecter',
      description:
        "Identifiant et mot de passe (ou code d'accès reçu pour la première connexion, qui oblige ensuite à choisir " +
        'un mot de passe). Pose le cookie de session `preau_session` (HttpOnly, SameSite=Lax). Limité à 5 échecs ' +
        'par identifiant et 20 par adresse en 15 minutes.',
      access: PUBLIC,
      request: { body: { required: true, content: { 'application/json': { schema: Credentials } } } },
      responses: {
        200: { description: 'Connecté', content: { 'application/json': { schema: MeSchema } } },
        401: { description: 'Identifiant ou mot de passe incorrect' },
        429: { description: 'Trop de tentatives (voir Retry-After)' },
      },
    },
    async (c) => {
      const { login, password } = c.req.valid('json');
      const address = clientAddress(c, config.trustProxy);
      refuseWhileThrottled(login, address);
      const user = (
        await db.query<{ id: string; password_hash: string | null; access_code_hash: string | null }>(
          'SELECT id, password_hash, access_code_hash FROM users WHERE lower(login) = lower($1) AND disabled_at IS NULL',
          [login],
        )
      )[0];
      // Always two verifications, whatever exists: an unknown login costs the same time as a wrong password.
      const decoy = await decoyHash();
      const [byPassword, byCode] = await Promise.all([
        verifyPassword(password, user?.password_hash ?? decoy),
        verifyPassword(password, user?.access_code_hash ?? decoy),
      ]);
      if (!user || !(byPassword || byCode)) {
        throttle.recordFailure(login, address);
        throw problem(401, 'invalid-credentials', {
          detail: 'Identifiant ou mot de passe incorrect. Vérifiez-les, ou demandez un nouveau code d’accès.',
        });
      }
      throttle.recordSuccess(login);
      if (byCode && !byPassword) {
        await db.query('UPDATE users SET must_change_password = true WHERE id = $1', [user.id]);
      }
      const now = clock();
      await purgeExpiredSessions(db, now);
      const session = await createSession(db, user.id, now, config.sessionTtlSeconds);
      writeSessionCookie(c, session.token, session.expiresAt, now, config.secureCookies);
      const viewer = await viewerById(db, user.id);
      return c.json(await mePayload(db, viewer, session), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/auth/password',
      tags: ['Connexion'],
      summary: 'Changer de mot de passe',
      description: `Au moins 10 caractères, lettres et chiffres ou symboles mêlés, sans l'identifiant ni le nom. Remplace le code d'accès ; les autres sessions du compte sont fermées.`,
      access: OWN_ACCOUNT,
      request: { body: { required: true, content: { 'application/json': { schema: PasswordChange } } } },
      responses: { 204: { description: 'Mot de passe changé' } },
    },
    async (c) => {
      const viewer = c.get('viewer')!;
      const session = c.get('session')!;
      const { currentPassword, newPassword } = c.req.valid('json');
      const address = clientAddress(c, config.trustProxy);
      refuseWhileThrottled(viewer.login, address);
      const row = (
        await db.query<{ password_hash: string | null; access_code_hash: string | null }>(
          'SELECT password_hash, access_code_hash FROM users WHERE id = $1',
          [viewer.id],
        )
      )[0]!;
      const decoy = await decoyHash();
      const [byPassword, byCode] = await Promise.all([
        verifyPassword(currentPassword, row.password_hash ?? decoy),
        verifyPassword(currentPassword, row.access_code_hash ?? decoy),
      ]);
      if (!byPassword && !byCode) {
        throttle.recordFailure(viewer.login, address);
        throw invalid([{ field: 'body.currentPassword', message: 'Le mot de passe actuel est incorrect.' }]);
      }
      const errors = passwordProblems(newPassword, viewer);
      if (newPassword === currentPassword) {
        errors.push({
          field: 'body.newPassword',
          message: "Le nouveau mot de passe doit être différent de l'actuel.",
        });
      }
      if (errors.length) throw invalid(errors, 'Choisissez un mot de passe plus solide.');
      const hash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await tx.query(
          'UPDATE users SET password_hash = $2, access_code_hash = NULL, must_change_password = false WHERE id = $1',
          [viewer.id, hash],
        );
        await deleteOtherSessions(tx, viewer.id, session.id);
      });
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/auth/logout',
      tags: ['Connexion'],
      summary: 'Se déconnecter',
      description: 'Supprime la session côté serveur et efface le cookie.',
      access: OWN_ACCOUNT,
      responses: { 204: { description: 'Déconnecté' } },
    },
    async (c) => {
      await deleteSession(db, c.get('session')!.id);
      clearSessionCookie(c, config.secureCookies);
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/me',
      tags: ['Connexion'],
      summary: 'Qui suis-je ?',
      description:
        "L'utilisateur connecté, son établissement ou son territoire, le jeton CSRF de la session, et selon le profil " +
        'ses enfants (responsables) ou ses classes (enseignants).',
      access: OWN_ACCOUNT,
      responses: {
        200: { description: 'La session en cours', content: { 'application/json': { schema: MeSchema } } },
      },
    },
    async (c) => c.json(await mePayload(db, c.get('viewer')!, c.get('session')!), 200),
  );
}

async function viewerById(db: Db, id: string): Promise<Viewer> {
  const r = (
    await db.query<{
      login: string;
      first_name: string;
      last_name: string;
      profile: Viewer['profile'];
      functions: string[];
      uai: string | null;
      scope_kind: Viewer['scopeKind'];
      scope_code: string | null;
      must_change_password: boolean;
    }>(
      `SELECT login, first_name, last_name, profile, functions, uai, scope_kind, scope_code, must_change_password
         FROM users WHERE id = $1`,
      [id],
    )
  )[0]!;
  return {
    id,
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
}

/** The body of GET /api/v1/me (and of a successful sign-in). */
export async function mePayload(
  db: Db,
  viewer: Viewer,
  session: { csrfToken: string; expiresAt: Date },
): Promise<Me> {
  const etab = viewer.uai
    ? ((
        await db.query<{ uai: string; name: string }>('SELECT uai, name FROM etablissements WHERE uai = $1', [
          viewer.uai,
        ])
      )[0] ?? null)
    : null;
  const me: Me = {
    user: {
      id: viewer.id,
      login: viewer.login,
      firstName: viewer.firstName,
      lastName: viewer.lastName,
      profile: viewer.profile,
      functions: viewer.functions,
      uai: viewer.uai,
      etablissement: etab,
      scope: viewer.scopeKind ? await scopeOf(db, viewer.scopeKind, viewer.scopeCode) : null,
      mustChangePassword: viewer.mustChangePassword,
    },
    csrfToken: session.csrfToken,
    sessionExpiresAt: session.expiresAt.toISOString(),
  };
  if (viewer.profile === 'guardian') me.children = await childrenOf(db, viewer.id);
  if (viewer.profile === 'teacher') me.classes = await classesOf(db, viewer.id);
  return me;
}

async function scopeOf(db: Db, kind: NonNullable<Viewer['scopeKind']>, code: string | null) {
  if (kind === 'national') return { kind, code: null, name: 'France entière' };
  const table = kind === 'academie' ? 'academies' : 'departements';
  const row = (await db.query<{ name: string }>(`SELECT name FROM ${table} WHERE code = $1`, [code]))[0];
  return { kind, code, name: row?.name ?? String(code) };
}

async function childrenOf(db: Db, guardianId: string): Promise<NonNullable<Me['children']>> {
  const rows = await db.query<{
    id: string;
    first_name: string;
    last_name: string;
    uai: string;
    class_id: string | null;
    class_name: string | null;
  }>(
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
  return rows.map((r) => ({
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    uai: r.uai,
    class: r.class_id ? { id: r.class_id, name: r.class_name! } : null,
  }));
}

async function classesOf(db: Db, teacherId: string): Promise<NonNullable<Me['classes']>> {
  const rows = await db.query<{
    id: string;
    name: string;
    kind: 'classe' | 'groupe';
    head: boolean;
    subjects: { id: string; code: string; name: string }[] | null;
  }>(
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
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    isHeadTeacher: r.head === true,
    subjects: r.subjects ?? [],
  }));
}
