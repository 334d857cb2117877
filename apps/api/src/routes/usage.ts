/**
 * Usage measurement for analysts: the weekly export in the Ministry's DNMA layout, and the import of past
 * audience figures from CSV with a streamed progress report.
 */
import { z } from '@hono/zod-openapi';
import type { Area } from '../deps.js';
import { importAudience, parseAudienceCsv } from '../events/audience-import.js';
import { DNMA_LAYOUTS, type DnmaPlace, dnmaCsv } from '../events/dnma.js';
import { usageServiceFor } from '../events/service.js';
import { type FieldError, invalid } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IsoDate } from '../http/schemas.js';
import { inTerritory, USAGE_IMPORT } from '../policies/index.js';
import { usageSeed } from '../seed/usage.js';
import { registerAnalyticsRoutes, resolveTerritory } from './analytics.js';
import { registerEventRoutes } from './events.js';

export function registerUsageRoutes(app: ApiApp, deps: RouteDeps): void {
  const tags = ['Mesure d’audience'];

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/usage/dnma.csv',
      tags,
      summary: 'Export hebdomadaire aux formats de la mesure d’audience nationale (DNMA)',
      description:
        'Une ligne par établissement et par semaine, colonne pour colonne comme les jeux publiés par le ministère : ' +
        '`jeu=profils` (fr-en-dnma-par-uai-profils : globales et quatre profils), `jeu=appareils` ' +
        '(fr-en-dnma-par-uai-appareils : types d’appareil, systèmes, navigateurs) ou `jeu=services` ' +
        '(fr-en-dnma-par-uai-services : les 25 services). `visites_X;utilisateurs_X;duree_X`, durées HH:MM:SS. ' +
        'Calculé sur les visites (conservées 13 mois).',
      access: USAGE_IMPORT,
      request: {
        query: z.object({
          from: IsoDate.openapi({ description: 'Premier jour (AAAA-MM-JJ)' }),
          to: IsoDate.openapi({ description: 'Dernier jour (AAAA-MM-JJ)' }),
          territory: z.string().max(40).optional(),
          jeu: z
            .enum(DNMA_LAYOUTS, { message: 'Jeu attendu : profils, appareils ou services.' })
            .default('profils')
            .openapi({ description: 'profils (par défaut), appareils ou services' }),
        }),
      },
      responses: {
        200: {
          description: 'CSV séparé par des points-virgules',
          content: { 'text/csv': { schema: z.string() } },
        },
      },
    },
    async (c) => {
      const { from, to, territory, jeu } = c.req.valid('query');
      if (from > to)
        throw invalid([{ field: 'query.to', message: 'La date de fin précède la date de début.' }]);
      const filter = await resolveTerritory(deps, c.get('viewer')!, territory);
      const usage = await usageServiceFor(deps.config.dataDir);
      await usage.ensurePlaces(deps.db);
      const rows = await usage.store.dnma(jeu, { territory: filter, from, to });
      const uais = [...new Set(rows.map((r) => String(r.uai)))];
      const places = new Map<string, DnmaPlace>();
      if (uais.length) {
        const found = await deps.db.query<DnmaPlace & { uai: string }>(
          `SELECT e.uai, a.name AS academie, e.commune, d.name AS departement, d.region_name AS region, e.kind,
              e.sector FROM etablissements e JOIN departements d ON d.code = e.departement_code
              JOIN academies a ON a.code = d.academie_code WHERE e.uai = ANY($1)`,
          [uais],
        );
        for (const p of found) places.set(p.uai, p);
      }
      return c.body(dnmaCsv(jeu, rows, places), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="preau-dnma-${jeu}-${from}-${to}.csv"`,
      });
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/usage/import',
      tags,
      summary: 'Importer des chiffres d’audience passés (CSV), avec suivi de la progression',
      description:
        'Colonnes : uai;date;profil;module;acces. Les lignes valides sont enregistrées (un nouvel import des mêmes ' +
        'clés les remplace), les autres signalées avec leur ligne et leur colonne. La réponse est un flux NDJSON : ' +
        '`{"type":"progress","done":…,"total":…}` au fil de l’écriture, puis `{"type":"done",…}` avec les erreurs.',
      access: USAGE_IMPORT,
      maxBodyBytes: 20 * 1024 * 1024,
      request: { body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
      responses: {
        200: {
          description: 'Flux de progression puis bilan',
          content: { 'application/x-ndjson': { schema: z.string() } },
        },
      },
    },
    async (c) => {
      const viewer = c.get('viewer')!;
      const parsed = parseAudienceCsv(await c.req.text());
      if (parsed.rows.length === 0) {
        throw invalid(
          parsed.errors.length
            ? parsed.errors.slice(0, 500)
            : [{ field: 'body', message: 'Aucune ligne à importer.' }],
          'Aucune ligne valide : rien n’a été enregistré.',
        );
      }
      // Only établissements of the analyst's territory.
      const reach = new Map<string, boolean>();
      for (const uai of new Set(parsed.rows.map((r) => r.value.uai)))
        reach.set(uai, await inTerritory(deps.db, viewer, uai));
      const outside: FieldError[] = parsed.rows
        .filter((r) => !reach.get(r.value.uai))
        .map((r) => ({
          field: `body.line${r.line}.uai`,
          message: `Établissement ${r.value.uai} inconnu ou hors de votre territoire.`,
        }));
      const rows = parsed.rows.filter((r) => reach.get(r.value.uai)).map((r) => r.value);
      const errors = [...parsed.errors, ...outside].sort(
        (a, b) => Number(/line(\d+)/.exec(a.field)?.[1] ?? 0) - Number(/line(\d+)/.exec(b.field)?.[1] ?? 0),
      );
      if (rows.length === 0) {
        throw invalid(
          errors.slice(0, 500),
          'Aucune ligne importable dans votre territoire : rien n’a été enregistré.',
        );
      }
      const usage = await usageServiceFor(deps.config.dataDir);
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          const send = (o: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(o)}\n`));
          try {
            send({ type: 'progress', done: 0, total: rows.length });
            await importAudience(usage.store, rows, (done) =>
              send({ type: 'progress', done, total: rows.length }),
            );
            send({
              type: 'done',
              imported: rows.length,
              rejected: parsed.total - rows.length,
              errors: errors.slice(0, 500),
            });
          } catch (error) {
            console.error('usage import:', error);
            send({
              type: 'error',
              message: 'L’import s’est interrompu ; les lignes déjà signalées sont enregistrées.',
            });
          }
          controller.close();
        },
      });
      // A stream: the typed helpers only know finished bodies.
      return new Response(stream, {
        status: 200,
        headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' },
      }) as never;
    },
  );
}

/** Usage measurement: the elements' events, the analysts' datasets, the Ministry's weekly export and imports. */
export const usageArea: Area = {
  name: 'usage',
  routes: [registerEventRoutes, registerAnalyticsRoutes, registerUsageRoutes],
  seed: usageSeed,
};
