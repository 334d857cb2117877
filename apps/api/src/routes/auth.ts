import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@preau/core';
import type { Context, TypedResponse } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { type Me, MeSchema, meJson } from '../auth/me.js';
import { type AuthDeps, changePassword, signIn, signOut } from '../auth/service.js';
import { clearSessionCookie, writeSessionCookie } from '../auth/sessions.js';
import { DEVICE_COOKIE, DEVICE_TOKEN, type SignInPlace, SignInThrottle } from '../auth/throttle.js';
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

/** Where a sign-in comes from, for the throttle: the client address and the browser's `preau_device` token. */
function signInPlace(c: Context, trustProxy = false): SignInPlace {
  const device = getCookie(c, DEVICE_COOKIE);
  return {
    address: clientAddress(c, trustProxy),
    ...(device && DEVICE_TOKEN.test(device) ? { device } : {}),
  };
}

/** Lets the throttle recognise this browser at its next sign-ins (no session in it, only for the sign-in). */
function writeDeviceCookie(c: Context, device: string, maxAgeMs: number, secure: boolean): void {
  setCookie(c, DEVICE_COOKIE, device, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/api/v1/auth',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function registerAuthRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, config, clock } = deps;
  const auth: AuthDeps = {
    db,
    live: deps.live,
    sessions: deps.sessions,
    throttle: new SignInThrottle(db, clock),
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
        'un mot de passe). Pose le cookie de session `preau_session` (HttpOnly, SameSite=Lax) et le cookie ' +
        '`preau_device` qui reconnaît ce navigateur. En 15 minutes : 5 tentatives par identifiant depuis un même ' +
        'navigateur ou une même adresse ; depuis un lieu où l’identifiant ne s’est jamais connecté, 20 par ' +
        'identifiant et 50 par adresse. Depuis un lieu déjà connu, les échecs venus d’ailleurs ne bloquent pas.',
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
      const place = signInPlace(c, config.trustProxy);
      const { session, me, device } = await signIn(auth, { login, password, place });
      writeSessionCookie(c, session.token, session.expiresAt, clock(), config.secureCookies);
      writeDeviceCookie(c, device, auth.throttle.limits.rememberMs, config.secureCookies);
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
      description: `Au moins ${PASSWORD_MIN_LENGTH} caractères, ni l'identifiant ni le nom, et pas un mot de passe courant ou facile à deviner (dictionnaires français et courants de zxcvbn-ts). Remplace le code d'accès ; les autres sessions du compte sont fermées.`,
      access: OWN_ACCOUNT,
      request: { body: { required: true, content: { 'application/json': { schema: PasswordChange } } } },
      responses: { 204: { description: 'Mot de passe changé' } },
    },
    async (c) => {
      const body = c.req.valid('json');
      const place = signInPlace(c, config.trustProxy);
      await changePassword(auth, c.get('viewer')!, c.get('session')!, { ...body, place });
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
    async (c) => {
      const json = await meJson(db, c.get('viewer')!, c.get('session')!, deps.sessions);
      // Already JSON text (see meJson): typed as the JSON answer it is.
      return c.body(json, 200, { 'Content-Type': 'application/json' }) as unknown as TypedResponse<
        Me,
        200,
        'json'
      >;
    },
  );
}
