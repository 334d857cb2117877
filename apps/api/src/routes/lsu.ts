import { z } from '@hono/zod-openapi';
import { parisLocalTime } from '@preau/core';
import type { Area } from '../deps.js';
import { problem } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams } from '../http/schemas.js';
import { exportLsu } from '../lsu/export.js';
import { LSU_EXPORT, requireDirectionOfClass } from '../policies/directory.js';

export function registerLsuRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, clock, live } = deps;
  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/classes/{id}/lsu',
      tags: ['Annuaire'],
      summary: 'Bilans périodiques de la classe pour le LSU (XML)',
      description:
        'Le fichier d’import `lsun-bilans` (schéma 10.0) d’une période : moyennes, appréciations, positionnements ' +
        'et vie scolaire (absences en demi-journées). L’en-tête `Preau-Lsu-Skipped` compte les élèves laissés de ' +
        'côté faute d’appréciation générale.',
      access: LSU_EXPORT,
      request: {
        params: IdParams,
        query: z.object({
          period: z.coerce
            .number()
            .int()
            .min(1)
            .max(3)
            .openapi({ example: 1, description: 'Numéro de la période (trimestre ou semestre).' }),
        }),
      },
      responses: {
        200: { description: 'Le fichier', content: { 'application/xml': { schema: z.string() } } },
        409: { description: 'Rien à exporter' },
      },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const { period } = c.req.valid('query');
      const viewer = c.get('viewer')!;
      const now = clock();
      const cls = await requireDirectionOfClass({ db, viewer }, id);
      const out = await exportLsu({ db, viewer, live, now, today: parisLocalTime(now).date }, id, period);
      if (!out.exported) {
        throw problem(409, 'conflict', {
          detail: out.skipped.length
            ? `Aucun bilan exportable : ${out.skipped
                .slice(0, 3)
                .map((s) => `${s.name} (${s.reason})`)
                .join(' ; ')}…`
            : `Aucun élève ni période ${period} pour ${cls.name}.`,
        });
      }
      return c.body(out.xml, 200, {
        'Content-Type': 'application/xml; charset=utf-8',
        'Content-Disposition': `attachment; filename="lsu-${cls.name.replace(/[^A-Za-z0-9-]+/g, '_')}-P${period}.xml"`,
        'Preau-Lsu-Skipped': String(out.skipped.length),
      });
    },
  );
}

export const lsuArea: Area = { name: 'lsu', routes: [registerLsuRoutes] };
