import { OpenAPIHono } from '@hono/zod-openapi';
import { systemClock } from '@preau/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AREAS } from './areas.js';
import { SessionCache } from './auth/session-cache.js';
import { clearSessionCookie, loadSession, readSessionToken, writeSessionCookie } from './auth/sessions.js';
import type { ApiApp, ApiEnv, AppDeps, RouteDeps } from './deps.js';
import { accessTokenSession } from './embedding/access-tokens.js';
import { FileKinds } from './files/uploads.js';
import { type BeforeStep, beforeHandler } from './http/before.js';
import { originCheck, WRITE_METHODS } from './http/csrf.js';
import { idempotency } from './http/idempotency.js';
import { conflict, fieldErrors, HttpProblem, invalid, problem, problemResponse } from './http/problem.js';
import { declaredRoutes } from './http/route.js';
import { corsPreflight, type SurfaceKind, securityHeaders } from './http/security.js';
import { LiveService } from './live/service.js';
import { type LogContext, logError, logWarning } from './log.js';
import { registerReferenceRoutes } from './routes/platform.js';

/** Which security headers a path gets: the API, its reference page, the elements' bundle, the dashboard, the demo site. */
export function surfaceOf(path: string): SurfaceKind {
  if (path === '/api/docs' || path.startsWith('/api/docs/')) return 'docs';
  // The ENT's sign-in window for school sites: a page like the reference's (its own script, nothing inline).
  if (path === '/api/connect' || path.startsWith('/api/connect/')) return 'docs';
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/cdn/')) return 'cdn';
  if (path === '/dashboard' || path.startsWith('/dashboard/')) return 'dashboard';
  return 'site';
}

export function createApp(input: AppDeps): ApiApp {
  const clock = input.clock ?? systemClock;
  const deps: RouteDeps = {
    ...input,
    clock,
    fileKinds: input.fileKinds ?? new FileKinds(),
    live: input.live ?? new LiveService({ db: input.db, clock }),
    sessions: input.sessions ?? new SessionCache(input.db, input.config.sessionCacheMs),
  };
  const { config } = deps;
  const origins = [config.publicOrigin, ...config.allowedOrigins];

  const app = new OpenAPIHono<ApiEnv>({
    // Every schema failure becomes a 400 naming each bad field.
    defaultHook: (result) => {
      if (!result.success) {
        const input = (result as { data?: unknown }).data;
        throw invalid(fieldErrors(result.error, result.target, input));
      }
    },
  });

  app.use('*', securityHeaders(surfaceOf, { https: config.secureCookies, corsOrigins: origins }));
  app.options('/api/*', corsPreflight(origins));
  // Who is asking: a write's Origin, then the session (its cookie, else a school site's access token).
  app.use('/api/*', beforeHandler(originCheck(origins), sessionFromCookie(deps), accessTokenSession(deps)));
  // On writes only: a read would pay the layer's step for nothing.
  app.on(WRITE_METHODS, '/api/*', idempotency(deps));

  for (const area of AREAS) {
    const kinds = typeof area.fileKinds === 'function' ? area.fileKinds(deps) : (area.fileKinds ?? []);
    for (const kind of kinds) deps.fileKinds.register(kind);
    for (const register of area.routes) register(app, deps);
  }
  registerReferenceRoutes(app, deps);

  app.notFound((c) => {
    if (!c.req.path.startsWith('/api/')) {
      return problemResponse(c, problem(404, 'not-found', { detail: "Cette page n'existe pas." }));
    }
    const allowed = declaredRoutes(app)
      .filter((r) => r.pattern.test(c.req.path))
      .map((r) => r.method);
    if (allowed.length) {
      const allow = [...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])])].join(', ');
      return problemResponse(
        c,
        problem(405, 'method-not-allowed', {
          detail: `La méthode ${c.req.method} n'est pas acceptée ici ; méthodes possibles : ${allow}.`,
          headers: { Allow: allow },
        }),
      );
    }
    return problemResponse(
      c,
      problem(404, 'not-found', { detail: `Aucune route ${c.req.method} ${c.req.path} dans l'API.` }),
    );
  });

  app.onError((err, c) =>
    problemResponse(c, toProblem(err, { method: c.req.method, route: c.req.routePath })),
  );
  return app;
}

/** Loads the session of the cookie, if any, sliding its expiry. */
export function sessionFromCookie(deps: Pick<RouteDeps, 'db' | 'config' | 'clock' | 'sessions'>): BeforeStep {
  const { db, config, clock, sessions } = deps;
  const load = async (c: Context<ApiEnv>, token: string) => {
    const now = clock();
    const found = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await loadSession(db, token, now, config.sessionTtlSeconds, sessions)
      : null;
    if (found) {
      c.set('viewer', found.viewer);
      c.set('session', found.session);
      if (found.refreshed) writeSessionCookie(c, token, found.session.expiresAt, now, config.secureCookies);
    } else {
      clearSessionCookie(c, config.secureCookies);
    }
  };
  return (c) => {
    c.set('viewer', null);
    c.set('session', null);
    const token = readSessionToken(c);
    return token ? load(c, token) : undefined;
  };
}

/**
 * Maps anything thrown to a problem: ours as is, the framework's and the database's input errors as 4xx. What is
 * logged goes through `log.ts`: never the request, never the values a database error quotes.
 */
function toProblem(err: unknown, context: LogContext): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof HTTPException) {
    switch (err.status) {
      case 400:
        return /json/i.test(err.message)
          ? problem(400, 'malformed-json', {
              detail: "Le corps de la requête n'est pas du JSON valide.",
              errors: [
                { field: 'body', message: 'JSON mal formé : vérifiez guillemets, virgules et accolades.' },
              ],
            })
          : problem(400, 'bad-request', {
              detail: 'Le corps de la requête ne peut pas être lu (formulaire mal formé).',
            });
      case 413:
        return problem(413, 'payload-too-large', { detail: 'Le contenu envoyé est trop volumineux.' });
      case 415:
        return problem(415, 'unsupported-media-type', {
          detail:
            'Type de contenu non pris en charge : envoyez application/json (ou multipart/form-data pour un fichier).',
        });
      default:
        return problem(err.status, err.status < 500 ? 'bad-request' : 'internal', { detail: err.message });
    }
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^22/.test(code)) {
    // Data exceptions (invalid text, out of range…): the input was wrong, the schema let it through.
    return problem(400, 'bad-request', { detail: "Une valeur envoyée n'est pas acceptable." });
  }
  if (code === '23505' || code === '23503') {
    // A unique or foreign key: the checks passed, then a concurrent request changed the same rows. Nothing was
    // written (one transaction); a retry will see the new state.
    logWarning('conflict', err, context);
    return conflict('Ces données viennent de changer : rechargez puis réessayez.');
  }
  const ref = logError('request failed', err, context);
  return problem(500, 'internal', {
    detail: `Une erreur inattendue est survenue ; réessayez plus tard (référence ${ref}).`,
  });
}

export type { ApiApp, ApiEnv, AppDeps, RouteDeps } from './deps.js';
export { declaredRoutes } from './http/route.js';
