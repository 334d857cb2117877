import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { MeSchema, mePayload } from '../auth/me.js';
import { PASSWORD_MAX_LENGTH } from '../auth/password.js';
import { type AuthDeps, changePassword, signIn, signOut } from '../auth/service.js';
import { clearSessionCookie, writeSessionCookie } from '../auth/sessions.js';
import { LoginThrottle } from '../auth/throttle.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { OWN_ACCOUNT, PUBLIC } from '../policies/index.js';

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
  const auth: AuthDeps = {
    db,
    live: deps.live,
    throttle: new LoginThrottle({ clock }),
    clock,
    sessionTtlSeconds: config.sessionTtlSeconds,
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
      const { session, me } = await signIn(auth, { login, password, address });
      writeSessionCookie(c, session.token, session.expiresAt, clock(), config.secureCookies);
      return c.json(me, 200);
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
      const body = c.req.valid('json');
      const address = clientAddress(c, config.trustProxy);
      await changePassword(auth, c.get('viewer')!, c.get('session')!, { ...body, address });
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
      description: 'Supprime la session côté serveur, ferme ses flux d’avis en direct et efface le cookie.',
      access: OWN_ACCOUNT,
      responses: { 204: { description: 'Déconnecté' } },
    },
    async (c) => {
      await signOut(auth, c.get('session')!);
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
