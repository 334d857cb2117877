/**
 * Live notices of every area over server-sent events, and the établissement's quiet hours that hold them back.
 * The service is `live/service.ts` (`deps.live`): areas publish with `deps.live.publish(tx, …)`.
 */
import { z } from '@hono/zod-openapi';
import { quietHoursSchema } from '@preau/core';
import type { Context } from 'hono';
import type { ApiEnv, Area } from '../deps.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { UaiParams } from '../http/schemas.js';
import { readQuietHours, writeQuietHours } from '../live/quiet-hours.js';
import { parseLastEventId } from '../live/stream.js';
import { LIVE_STREAM, QUIET_HOURS_READ, QUIET_HOURS_WRITE } from '../policies/index.js';

const QuietHoursOut = z
  .object({
    enabled: z.boolean(),
    from: z.string().openapi({ example: '20:00' }),
    until: z.string().openapi({ example: '07:00' }),
    weekends: z.boolean(),
    holidays: z.boolean(),
  })
  .openapi('QuietHours', {
    description:
      "Heures calmes de l'établissement (droit à la déconnexion) : aucun avis n'est remis de `from` à `until` " +
      '(heure de Paris), ni les week-ends (`weekends`) et vacances ou jours fériés (`holidays`) ; ils attendent ' +
      "l'ouverture suivante.",
  });

export const StreamQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'nombre entier')
    .optional()
    .openapi({ description: 'Reprendre après cet avis (comme Last-Event-ID).' }),
  follow: z.enum(['true', 'false']).default('true').openapi({
    description: '`false` : envoie les avis en attente puis termine (relève ponctuelle).',
  }),
});

const AREA_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/** The SSE answer of a stream route: every area's (`areas` empty) or those named. */
export function streamResponse(
  deps: RouteDeps,
  c: Context<ApiEnv>,
  query: z.infer<typeof StreamQuery>,
  areas: readonly string[],
): Response {
  const lastEventId = parseLastEventId(c.req.header('Last-Event-ID')) ?? parseLastEventId(query.after);
  const stream = deps.live.openStream({
    userId: c.get('viewer')!.id,
    sessionId: c.get('session')!.id,
    areas,
    lastEventId,
    signal: c.req.raw.signal,
    follow: query.follow === 'true',
  });
  return c.body(stream, 200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
  });
}

export function registerLiveRoutes(app: ApiApp, deps: RouteDeps): void {
  const tags = ['Avis en direct'];
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/live/stream',
      tags,
      summary: 'Avis en direct de tous les domaines (server-sent events)',
      description:
        'Un événement par avis adressé à la personne connectée ; `event` est `<domaine>.<fait>` ' +
        '(`attendance.entry`, `lesson-log.work`, `messages.new`…), `id` permet la reprise : à la reconnexion, ' +
        '`Last-Event-ID` (ou `?after=`) fait renvoyer ce qui a été manqué. `areas=attendance,messages` ne garde que ' +
        'ces domaines. Le flux se ferme avec la session (déconnexion, expiration, changement de mot de passe) ; ' +
        '6 flux au plus par session (429 au-delà). Les avis retenus par les heures calmes arrivent à leur fin.',
      access: LIVE_STREAM,
      request: {
        query: StreamQuery.extend({
          areas: z
            .string()
            .max(400)
            .refine(
              (v) => v.split(',').every((a) => AREA_NAME.test(a.trim())),
              'Domaines en minuscules séparés par des virgules (ex. attendance,messages).',
            )
            .optional()
            .openapi({ description: 'Domaines, séparés par des virgules ; par défaut : tous.' }),
        }),
      },
      responses: {
        200: { description: 'Le flux', content: { 'text/event-stream': { schema: z.string() } } },
        429: { description: 'Trop de flux ouverts pour cette session' },
      },
    },
    (c) => {
      const query = c.req.valid('query');
      const areas = (query.areas ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      return streamResponse(deps, c, query, areas);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/etablissements/{uai}/quiet-hours',
      tags,
      summary: 'Heures calmes de l’établissement',
      access: QUIET_HOURS_READ,
      request: { params: UaiParams },
      responses: {
        200: { description: 'Les heures calmes', content: { 'application/json': { schema: QuietHoursOut } } },
      },
    },
    async (c) =>
      c.json(await readQuietHours({ db: deps.db, viewer: c.get('viewer')! }, c.req.valid('param').uai), 200),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/etablissements/{uai}/quiet-hours',
      tags,
      summary: 'Régler les heures calmes de l’établissement',
      description:
        'Les avis déjà retenus gardent leur heure de remise ; les suivants suivent le nouveau réglage.',
      access: QUIET_HOURS_WRITE,
      request: {
        params: UaiParams,
        body: { required: true, content: { 'application/json': { schema: quietHoursSchema } } },
      },
      responses: {
        200: { description: 'Les heures calmes', content: { 'application/json': { schema: QuietHoursOut } } },
      },
    },
    async (c) =>
      c.json(
        await writeQuietHours(
          { db: deps.db, viewer: c.get('viewer')! },
          c.req.valid('param').uai,
          c.req.valid('json'),
        ),
        200,
      ),
  );
}

export const liveArea: Area = { name: 'live', routes: [registerLiveRoutes] };
