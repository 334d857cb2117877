import { readFileSync } from 'node:fs';
import { z } from '@hono/zod-openapi';
import type { Area } from '../deps.js';
import { issueAccessToken, revokeAccessToken } from '../embedding/access-tokens.js';
import { notFound } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { ACCESS_TOKEN_ISSUE, ACCESS_TOKEN_REVOKE, PUBLIC, requireEntPage } from '../policies/index.js';

const CONNECT_DIR = new URL('../embedding/connect/', import.meta.url);
const CONNECT_ASSETS = {
  'connect.js': 'text/javascript; charset=utf-8',
  'connect.css': 'text/css; charset=utf-8',
} as const;

const AccessTokenRequest = z
  .object({ origin: z.string().url().max(200).openapi({ example: 'https://www.college-schuman.fr' }) })
  .openapi('AccessTokenRequest');
const AccessToken = z
  .object({
    accessToken: z.string(),
    expiresAt: z.string().openapi({ description: 'Fin de validité sans usage (ISO 8601).' }),
    origin: z.string(),
  })
  .openapi('AccessToken');

/** Cross-site connected mode: the ENT's sign-in window and the access tokens it asks for (docs/cross-site.md). */
export function registerEmbeddingRoutes(app: ApiApp, deps: RouteDeps): void {
  const page = readFileSync(new URL('index.html', CONNECT_DIR), 'utf8');
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/connect',
      hide: true,
      tags: ['Connexion'],
      summary: 'Fenêtre de connexion à l’ENT pour un site d’établissement (page HTML)',
      access: PUBLIC,
      responses: { 200: { description: 'La page' } },
    },
    // Opened by a school site's element: it must keep its link to that window to hand it the token.
    (c) => c.html(page, 200, { 'Cross-Origin-Opener-Policy': 'unsafe-none', 'Cache-Control': 'no-cache' }),
  );
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/connect/{asset}',
      hide: true,
      tags: ['Connexion'],
      summary: 'Script et feuille de style de la fenêtre de connexion',
      access: PUBLIC,
      request: { params: z.object({ asset: z.string().max(64) }) },
      responses: { 200: { description: 'Le fichier' } },
    },
    (c) => {
      const { asset } = c.req.valid('param');
      if (!Object.hasOwn(CONNECT_ASSETS, asset)) throw notFound();
      return c.body(readFileSync(new URL(asset, CONNECT_DIR), 'utf8'), 200, {
        'Content-Type': CONNECT_ASSETS[asset as keyof typeof CONNECT_ASSETS],
        'Cache-Control': 'no-cache',
      });
    },
  );
  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/auth/access-tokens',
      tags: ['Connexion'],
      summary: 'Jeton d’accès pour un site d’établissement d’un autre domaine',
      description:
        'Délivré à la fenêtre de connexion de l’ENT (session par cookie, Origin de l’ENT lui-même), pour une ' +
        'origine de PREAU_ALLOWED_ORIGINS. Le jeton s’utilise en `Authorization: Bearer`, sans cookie, depuis ' +
        'cette origine seulement ; 30 minutes sans usage le terminent, la fin de la session aussi.',
      access: ACCESS_TOKEN_ISSUE,
      request: { body: { required: true, content: { 'application/json': { schema: AccessTokenRequest } } } },
      responses: {
        201: { description: 'Le jeton', content: { 'application/json': { schema: AccessToken } } },
      },
    },
    async (c) => {
      const session = c.get('session')!;
      requireEntPage(c.req.header('origin'), deps.config.publicOrigin, session.via);
      const { origin } = c.req.valid('json');
      return c.json(await issueAccessToken(deps, session, origin), 201, { 'Cache-Control': 'no-store' });
    },
  );
  defineRoute(
    app,
    {
      method: 'delete',
      path: '/api/v1/auth/access-tokens/current',
      tags: ['Connexion'],
      summary: 'Terminer le jeton d’accès de la requête',
      description:
        'Le site d’établissement se déconnecte de l’ENT ; la session de l’ENT elle-même reste ouverte.',
      access: ACCESS_TOKEN_REVOKE,
      responses: { 204: { description: 'Jeton terminé (ou aucun)' } },
    },
    async (c) => {
      await revokeAccessToken(deps, c.req.header('authorization') ?? '');
      return c.body(null, 204);
    },
  );
}

export const embeddingArea: Area = { name: 'embedding', routes: [registerEmbeddingRoutes] };
