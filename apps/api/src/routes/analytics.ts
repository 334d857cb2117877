/**
 * Arrow IPC datasets for the dashboard: `GET /api/v1/analytics/datasets/<dataset>.arrow?from=&to=&territory=`.
 * Columns and types are those of `@preau/analytics` datasets.ts. Analysts only, narrowed to their territory:
 * a rectorat analyst sees their académie, a département analyst their département, the national analyst all;
 * asking for a territory outside one's own is a 404 (nobody learns what lies outside).
 */
import { z } from '@hono/zod-openapi';
import { DATASET_NAMES, type DatasetName } from '@preau/analytics';
import { datasetIpc, type TerritoryFilter } from '../events/datasets.js';
import { usageServiceFor } from '../events/service.js';
import { invalid, notFound } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IsoDate } from '../http/schemas.js';
import { ANALYTICS_DATASETS, inTerritory, requireTerritory, type Viewer } from '../policies/index.js';

export const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream';

const FILE_PATTERN = new RegExp(`^(${DATASET_NAMES.join('|')})\\.arrow$`);

/**
 * Datasets every analyst receives whole: the deployment state of each territory is what the Ministry publishes
 * as its national map (DGESCO), so a rectorat analyst compares their académie with the others. Anything per
 * établissement stays within the analyst's territory.
 */
const PUBLISHED_NATIONALLY: ReadonlySet<DatasetName> = new Set(['deployment_states']);

/** The territory asked for, or the viewer's own. */
export async function resolveTerritory(
  deps: RouteDeps,
  viewer: Viewer,
  asked: string | undefined,
): Promise<TerritoryFilter> {
  if (!asked) {
    if (viewer.scopeKind === 'national' || !viewer.scopeKind || !viewer.scopeCode) {
      if (viewer.scopeKind !== 'national') throw notFound();
      return { kind: 'national' };
    }
    return { kind: viewer.scopeKind, code: viewer.scopeCode };
  }
  const [kind, code] = asked.split(':') as [string, string | undefined];
  if (kind === 'national' && !code) {
    await requireTerritory({ db: deps.db, viewer }, { kind: 'national' });
    return { kind: 'national' };
  }
  if ((kind === 'academie' || kind === 'departement') && code) {
    await requireTerritory({ db: deps.db, viewer }, { kind, code });
    return { kind, code };
  }
  if (kind === 'uai' && code) {
    if (!(await inTerritory(deps.db, viewer, code))) throw notFound();
    return { kind: 'uai', code };
  }
  throw invalid([
    {
      field: 'query.territory',
      message: 'Territoire attendu : national, academie:<code>, departement:<code> ou uai:<UAI>.',
    },
  ]);
}

export function registerAnalyticsRoutes(app: ApiApp, deps: RouteDeps): void {
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/analytics/usage-summary',
      tags: ['Tableau de bord'],
      summary: 'Premiers chiffres de la vue Usages, calculés par le serveur',
      description:
        'Visites, actions et secondes par service sur la période, visites par semaine et par profil : ce que le ' +
        'tableau de bord dessine avant que son moteur de calcul ait fini de se charger.',
      access: ANALYTICS_DATASETS,
      request: {
        query: z.object({
          from: IsoDate.openapi({ description: 'Premier jour inclus (AAAA-MM-JJ)' }),
          to: IsoDate.openapi({ description: 'Dernier jour inclus (AAAA-MM-JJ)' }),
          territory: z.string().max(40).optional(),
        }),
      },
      responses: {
        200: {
          description: 'Visites par service et par semaine',
          content: {
            'application/json': {
              schema: z.object({
                services: z.array(
                  z.object({
                    service: z.string(),
                    visits: z.number(),
                    events: z.number(),
                    duration_s: z.number(),
                  }),
                ),
                weekly: z.array(z.object({ week: z.string(), profile: z.string(), visits: z.number() })),
              }),
            },
          },
        },
      },
    },
    async (c) => {
      const { from, to, territory } = c.req.valid('query');
      if (from > to)
        throw invalid([{ field: 'query.to', message: 'La date de fin précède la date de début.' }]);
      const filter = await resolveTerritory(deps, c.get('viewer')!, territory);
      const usage = await usageServiceFor(deps.config.dataDir);
      await usage.ensurePlaces(deps.db);
      await usage.flushRollups();
      const summary = await usage.store.usageSummary({ territory: filter, from, to });
      c.header('Cache-Control', 'private, no-store');
      return c.json(summary, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/analytics/datasets/{file}',
      tags: ['Tableau de bord'],
      summary: 'Jeu de données du tableau de bord (flux Arrow IPC)',
      description:
        `Jeux : ${DATASET_NAMES.map((n) => `\`${n}.arrow\``).join(', ')} — colonnes et types décrits dans ` +
        '`@preau/analytics` (datasets.ts). Filtré par territoire et par dates.',
      access: ANALYTICS_DATASETS,
      request: {
        params: z.object({
          file: z
            .string()
            .regex(FILE_PATTERN, `Jeu inconnu : ${DATASET_NAMES.map((n) => `${n}.arrow`).join(', ')}.`)
            .openapi({ example: 'usage_daily.arrow' }),
        }),
        query: z.object({
          from: IsoDate.optional().openapi({ description: 'Premier jour inclus (AAAA-MM-JJ)' }),
          to: IsoDate.optional().openapi({ description: 'Dernier jour inclus (AAAA-MM-JJ)' }),
          territory: z.string().max(40).optional().openapi({
            description: 'national, academie:19, departement:051 ou uai:0511085C ; par défaut le sien',
          }),
        }),
      },
      responses: {
        200: {
          description: 'Flux Arrow IPC (en-tête X-Row-Count : nombre de lignes)',
          content: { [ARROW_STREAM_TYPE]: { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
    },
    async (c) => {
      const { file } = c.req.valid('param');
      const { from, to, territory } = c.req.valid('query');
      if (from && to && from > to) {
        throw invalid([{ field: 'query.to', message: 'La date de fin précède la date de début.' }]);
      }
      const name = FILE_PATTERN.exec(file)![1] as DatasetName;
      const filter =
        PUBLISHED_NATIONALLY.has(name) && !territory
          ? ({ kind: 'national' } as const)
          : await resolveTerritory(deps, c.get('viewer')!, territory);
      const usage = await usageServiceFor(deps.config.dataDir, deps.clock);
      if (name.startsWith('usage_')) {
        await usage.ensurePlaces(deps.db);
        await usage.flushRollups();
      }
      const { bytes, rows } = await datasetIpc(name, { territory: filter, from, to }, { db: deps.db, usage });
      return c.body(bytes as unknown as ArrayBuffer, 200, {
        'Content-Type': ARROW_STREAM_TYPE,
        'Cache-Control': 'private, no-store',
        'X-Row-Count': String(rows),
      });
    },
  );
}
