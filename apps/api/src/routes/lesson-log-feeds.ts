/**
 * Calendar feeds of the cahier de textes (`/api/v1/lesson-log/feeds`, `/api/v1/lesson-log/ical/{token}`): a person's
 * subscriptions and the public calendars at secret addresses. Part of `lessonLogArea`.
 */
import { z } from '@hono/zod-openapi';
import { lessonFeedInputSchema } from '@preau/core';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams } from '../http/schemas.js';
import type { LessonLogContext } from '../lesson-log/entries.js';
import { createFeed, feedCalendar, listFeeds, revokeFeed } from '../lesson-log/feeds.js';
import { body, FeedCreatedOut, FeedOut, json } from '../lesson-log/openapi.js';
import type { Viewer } from '../policies/index.js';
import { LESSON_LOG_FEED, LESSON_LOG_FEEDS } from '../policies/lesson-log.js';

const TAG = ['Cahier de textes'];
const Deleted = { 204: { description: 'Fait' } };

export function registerLessonLogFeedRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, clock, files, config } = deps;
  const ctxOf = (viewer: Viewer): LessonLogContext => ({ db, viewer, now: clock(), files, live: deps.live });

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/feeds',
      tags: TAG,
      summary: 'Mes abonnements de calendrier',
      description: 'Sans leur adresse secrète, qui n’est montrée qu’à la création.',
      access: LESSON_LOG_FEEDS,
      responses: { 200: json(z.array(FeedOut), 'Les abonnements actifs') },
    },
    async (c) => c.json(await listFeeds(ctxOf(c.get('viewer')!)), 200),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/lesson-log/feeds',
      tags: TAG,
      summary: 'Créer un abonnement de calendrier (iCal)',
      description:
        'Élève : son travail à faire ; parent : celui d’un enfant (`studentId`) ; enseignant : ses séances et le ' +
        'travail donné. L’adresse secrète est dans la réponse, une seule fois (`url`, et `webcalUrl` pour les ' +
        'applications de calendrier) ; `?as=todo` la fait répondre en tâches (VTODO).',
      access: LESSON_LOG_FEEDS,
      request: body(lessonFeedInputSchema),
      responses: { 201: json(FeedCreatedOut, 'L’abonnement, avec son adresse') },
    },
    async (c) =>
      c.json(await createFeed(ctxOf(c.get('viewer')!), c.req.valid('json'), config.publicOrigin), 201),
  );

  defineRoute(
    app,
    {
      method: 'delete',
      path: '/api/v1/lesson-log/feeds/{id}',
      tags: TAG,
      summary: 'Révoquer un abonnement',
      description: 'Son adresse répond 404 dès maintenant.',
      access: LESSON_LOG_FEEDS,
      request: { params: IdParams },
      responses: Deleted,
    },
    async (c) => {
      await revokeFeed(ctxOf(c.get('viewer')!), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/lesson-log/ical/{token}',
      tags: TAG,
      summary: 'Un calendrier iCal à adresse secrète',
      description:
        'RFC 5545 (Europe/Paris). Travail à faire en événements d’une journée à la date d’échéance, ou en tâches ' +
        '(`as=todo`) ; UID stables d’une modification à l’autre. Adresse inconnue ou révoquée : 404.',
      access: LESSON_LOG_FEED,
      request: {
        params: z.object({
          token: z
            .string()
            .regex(/^[A-Za-z0-9_-]{20,100}(\.ics)?$/, 'Adresse d’abonnement invalide.')
            .openapi({ param: { name: 'token', in: 'path' } }),
        }),
        query: z.object({ as: z.enum(['event', 'todo']).default('event') }),
      },
      responses: {
        200: { description: 'Le calendrier', content: { 'text/calendar': { schema: z.string() } } },
      },
    },
    async (c) => {
      const token = c.req.valid('param').token.replace(/\.ics$/, '');
      const ics = await feedCalendar(
        { db, now: clock(), origin: config.publicOrigin },
        token,
        c.req.valid('query').as,
      );
      return c.body(ics, 200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'inline; filename="cahier-de-textes.ics"',
        'Cache-Control': 'private, max-age=300',
      });
    },
  );
}
