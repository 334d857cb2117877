import { createRoute, type RouteConfig, type RouteHandler, z } from '@hono/zod-openapi';
import { formatBytes } from '@preau/core';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiApp, ApiEnv } from '../deps.js';
import { type Access, describeAccess, hasRole } from '../policies/index.js';
import { checkCsrfToken, isUnsafeMethod } from './csrf.js';
import { forbidden, invalid, problem } from './problem.js';

export type { ApiApp, ApiEnv, RouteDeps, SessionInfo } from '../deps.js';

/** One declared route, as the access-matrix test enumerates them. */
export interface DeclaredRoute {
  method: string;
  /** OpenAPI form: `/api/v1/files/{id}`. */
  path: string;
  access: Access;
  /** Matches a concrete request path. */
  pattern: RegExp;
}

const registries = new WeakMap<object, DeclaredRoute[]>();

/** The routes declared on an app, in declaration order. */
export function declaredRoutes(app: ApiApp): readonly DeclaredRoute[] {
  return registries.get(app) ?? [];
}

/** Default JSON body limit; upload routes raise it with `maxBodyBytes`. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: '/api/docs#probleme-validation' }),
    title: z.string().openapi({ example: 'Données invalides' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string().openapi({ example: 'body.login' }), message: z.string() }))
      .optional(),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

const STANDARD_PROBLEMS: Record<number, string> = {
  400: 'Requête invalide (chaque champ fautif est nommé dans errors)',
  401: 'Connexion requise',
  403: 'Accès refusé (profil, jeton CSRF, origine)',
  404: 'Ressource introuvable ou hors de votre périmètre',
  413: 'Contenu trop volumineux',
  415: 'Type de contenu non pris en charge',
  429: 'Trop de tentatives',
};

type RouteSpec = RouteConfig & {
  /** Who may call the route: see `policies/`. Required: a route without a policy does not compile. */
  access: Access;
  /** Largest accepted body in bytes (default 256 KiB). */
  maxBodyBytes?: number;
};

/**
 * Declares a route: its zod schemas (validation and OpenAPI), its access policy (enforced here: session,
 * CSRF token on unsafe methods, roles), its body limit, and the standard problem responses.
 * Resource-level rules (own child, own class…) are the handler's guards from `policies/`.
 */
export function defineRoute<const R extends RouteSpec>(
  app: ApiApp,
  spec: R,
  handler: RouteHandler<R, ApiEnv>,
): void {
  const { access, maxBodyBytes, ...config } = spec;
  const responses: RouteConfig['responses'] = { ...config.responses };
  for (const [status, description] of Object.entries(STANDARD_PROBLEMS)) {
    if (!responses[status] && neededProblem(Number(status), spec)) {
      responses[status] = { description, content: problemContent };
    }
  }
  const route = createRoute({
    ...config,
    description: [config.description, `**Accès** : ${describeAccess(access)}`].filter(Boolean).join('\n\n'),
    security:
      access.who === 'public'
        ? []
        : [isUnsafeMethod(spec.method) ? { session: [], csrf: [] } : { session: [] }],
    responses,
    // Only what applies: every layer is paid on each request (a public GET has none; a GET carries no body).
    middleware: [
      ...(access.who === 'public' ? [] : [accessMiddleware(access)]),
      ...(spec.method === 'get'
        ? []
        : [
            spec.method === 'delete' && !spec.request?.body
              ? refuseBody()
              : limitBody(maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
          ]),
    ],
  });
  app.openapi(route, handler as never);
  const list = registries.get(app) ?? [];
  list.push({ method: spec.method.toUpperCase(), path: spec.path, access, pattern: pathPattern(spec.path) });
  registries.set(app, list);
}

function neededProblem(status: number, spec: RouteSpec): boolean {
  const hasInput = Boolean(spec.request?.body || spec.request?.query || spec.request?.params);
  switch (status) {
    case 400:
      return hasInput;
    case 401:
      return spec.access.who !== 'public';
    case 403:
      return spec.access.who !== 'public' || spec.method !== 'get';
    case 404:
      return Boolean(spec.request?.params);
    case 413:
    case 415:
      return Boolean(spec.request?.body);
    default:
      return false;
  }
}

function accessMiddleware(access: Access): MiddlewareHandler<ApiEnv> {
  return (c, next) => {
    const viewer = c.get('viewer');
    const session = c.get('session');
    if (!viewer || !session) {
      throw problem(401, 'unauthenticated', { detail: 'Connectez-vous pour continuer.' });
    }
    // A bearer request carries no cookie: a browser never sends the token by itself, so it cannot be forged.
    if (isUnsafeMethod(c.req.method) && session.via !== 'bearer') checkCsrfToken(c, session.csrfToken);
    if (viewer.mustChangePassword && !access.duringPasswordChange) {
      throw problem(403, 'password-change-required', {
        detail: 'Choisissez un nouveau mot de passe avant de continuer (POST /api/v1/auth/password).',
      });
    }
    if (Array.isArray(access.who) && !hasRole(viewer, access.who)) throw forbidden();
    return next();
  };
}

/**
 * A deletion names its resource in the path and takes no body: one sent anyway (a form, JSON with a "reason") is a
 * 400 naming `body`, before anything is deleted, rather than silently ignored.
 */
function refuseBody(): MiddlewareHandler {
  return async (c, next) => {
    // One chunk read is enough to know (a Content-Type alone, with no bytes, is no body).
    const reader = c.req.raw.body?.getReader();
    const first = reader ? await reader.read() : undefined;
    await reader?.cancel();
    if (first?.value && first.value.byteLength > 0) {
      throw invalid(
        [
          {
            field: 'body',
            message: 'Une suppression ne prend pas de corps : retirez-le (le chemin suffit).',
          },
        ],
        'Requête invalide : corps inattendu.',
      );
    }
    await next();
  };
}

/**
 * Refuses a body over `maxSize` (413). A body of declared length (the HTTP parser holds it to that length) is
 * judged by its header alone and left unread, for the handler to read straight from the socket; only a chunked
 * one is counted as it streams in (hono's `bodyLimit`, which first builds the whole web `Request` around it).
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = () => {
    throw problem(413, 'payload-too-large', {
      detail: `Le contenu envoyé dépasse la taille maximale acceptée (${formatBytes(maxSize)}).`,
    });
  };
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number(length) > maxSize) tooLarge();
    await next();
  };
}

function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}
