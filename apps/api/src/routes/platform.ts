import { readFileSync } from 'node:fs';
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { SESSION_COOKIE } from '../auth/sessions.js';
import type { Area } from '../deps.js';
import { CSRF_HEADER } from '../http/csrf.js';
import { notFound, PROBLEM_TYPES } from '../http/problem.js';
import { type ApiApp, type ApiEnv, defineRoute, type RouteDeps } from '../http/route.js';
import { PUBLIC } from '../policies/index.js';
import { registerAuthRoutes } from './auth.js';
import { registerFileRoutes } from './files.js';

const DOCS_DIR = new URL('../docs/', import.meta.url);
const DOC_ASSETS = {
  'docs.js': 'text/javascript; charset=utf-8',
  'docs.css': 'text/css; charset=utf-8',
} as const;

/**
 * The database's answer to `SELECT 1`, asked at most once a second whatever the number of health checks:
 * nothing to wait for while the last answer is recent and good, else that answer (pending or failed) to await.
 */
function databaseProbe(db: RouteDeps['db']): () => Promise<void> | undefined {
  let last: { at: number; ok: boolean; answer: Promise<void> } | undefined;
  return () => {
    const now = performance.now();
    if (!last || now - last.at >= 1000) {
      const asked = { at: now, ok: false, answer: Promise.resolve() };
      asked.answer = db.query('SELECT 1').then(() => {
        asked.ok = true;
      });
      asked.answer.catch(() => {}); // awaited by the requests; a failure is theirs to report
      last = asked;
    }
    return last.ok ? undefined : last.answer;
  };
}

export function registerPlatformRoutes(app: ApiApp, deps: RouteDeps): void {
  const probe = databaseProbe(deps.db);
  const healthy = (c: Context<ApiEnv>) =>
    c.json({ status: 'ok' as const, engine: deps.db.engine, time: deps.clock().toISOString() }, 200);
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/health',
      tags: ['Plateforme'],
      summary: 'État du service',
      access: PUBLIC,
      responses: {
        200: {
          description: 'Le service répond et sa base de données aussi',
          content: {
            'application/json': {
              schema: z.object({
                status: z.literal('ok'),
                engine: z.enum(['pglite', 'postgres']),
                time: z.string(),
              }),
            },
          },
        },
      },
    },
    // Not async: a check that needs no wait answers without a turn of the event loop (load balancers poll it).
    (c) => {
      const waiting = probe();
      return waiting ? waiting.then(() => healthy(c)) : healthy(c);
    },
  );
}

/** Registered last, so that the document describes every area's routes. */
export function registerReferenceRoutes(app: ApiApp, _deps: RouteDeps): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Cookie de session posé par POST /api/v1/auth/login (HttpOnly, SameSite=Lax).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'csrf', {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description:
      'Jeton de la session (GET /api/v1/me, champ csrfToken), exigé sur POST, PUT, PATCH et DELETE.',
  });
  let document: Record<string, unknown> | undefined;

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/openapi.json',
      tags: ['Plateforme'],
      summary: 'Description OpenAPI 3.1 de l’API',
      access: PUBLIC,
      responses: {
        200: {
          description: 'Le document OpenAPI',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
      },
    },
    (c) => {
      document ??= {
        ...app.getOpenAPI31Document({
          openapi: '3.1.0',
          info: {
            title: 'API Préau',
            version: '1',
            description:
              "API de l'espace numérique de travail Préau. Erreurs au format application/problem+json (RFC 9457). " +
              `Les requêtes qui modifient des données exigent l'en-tête Origin d'un site autorisé et le jeton ${CSRF_HEADER}.`,
          },
          servers: [{ url: '/' }],
        }),
        'x-problem-types': Object.entries(PROBLEM_TYPES).map(([slug, title]) => ({
          type: `/api/docs#probleme-${slug}`,
          title,
        })),
      };
      return c.json(document, 200);
    },
  );

  const page = readFileSync(new URL('index.html', DOCS_DIR), 'utf8');
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/docs',
      hide: true,
      tags: ['Plateforme'],
      summary: 'Référence de l’API (page HTML)',
      access: PUBLIC,
      responses: { 200: { description: 'La page de référence' } },
    },
    (c) => c.html(page),
  );
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/docs/{asset}',
      hide: true,
      tags: ['Plateforme'],
      summary: 'Script et feuille de style de la page de référence',
      access: PUBLIC,
      request: { params: z.object({ asset: z.string().max(64) }) },
      responses: { 200: { description: 'Le fichier' } },
    },
    (c) => {
      const { asset } = c.req.valid('param');
      if (!Object.hasOwn(DOC_ASSETS, asset)) throw notFound();
      return c.body(readFileSync(new URL(asset, DOCS_DIR), 'utf8'), 200, {
        'Content-Type': DOC_ASSETS[asset as keyof typeof DOC_ASSETS],
        'Cache-Control': 'no-cache',
      });
    },
  );
}

/** The platform itself: health, sign-in and the current user, files. */
export const platformArea: Area = {
  name: 'platform',
  routes: [registerPlatformRoutes, registerAuthRoutes, registerFileRoutes],
};
