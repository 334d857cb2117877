import { z } from '@hono/zod-openapi';
import type { Area } from '../deps.js';
import { invalid } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { UaiParams } from '../http/schemas.js';
import { MAX_XML_BYTES, XmlRefused } from '../imports/xml.js';
import { requireDirectionOf, TIMETABLE_IMPORT } from '../policies/directory.js';
import { importTimetable } from '../timetable/service.js';

const AnyFile = z
  .custom<File>((v) => v instanceof File, { message: 'Joignez un fichier.' })
  .openapi({ type: 'string', format: 'binary' });
const TimetableUpload = z
  .object({
    files: z.union([AnyFile, z.array(AnyFile).min(1).max(40)]).openapi({
      description: 'EXP_COURS.xml (EDT) ou les fichiers UDCal_*.xml (UnDeuxTEMPS).',
    }),
    holidays: AnyFile.optional().openapi({ description: 'Calendrier scolaire officiel (ICS).' }),
    zone: z.enum(['A', 'B', 'C']).default('B'),
  })
  .openapi('TimetableUpload');

const TimetablePlanSchema = z
  .object({
    format: z.enum(['edt', 'udt']),
    lessons: z.number().int(),
    seances: z.number().int(),
    created: z.number().int(),
    removed: z.number().int(),
    warnings: z.array(z.string()),
  })
  .openapi('TimetablePlan');

export function registerTimetableRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, clock } = deps;
  for (const apply of [false, true]) {
    defineRoute(
      app,
      {
        method: 'post',
        path: `/api/v1/etablissements/{uai}/timetable/${apply ? 'import' : 'preview'}`,
        tags: ['Annuaire'],
        summary: apply ? "Importer l'emploi du temps" : "Prévisualiser l'import de l'emploi du temps",
        description:
          "Les séances du reste de l'année, d'après l'export de l'emploi du temps et le calendrier des vacances de la " +
          'zone. Seules les classes et groupes de l’export sont touchés ; une séance dont l’appel est fait reste.',
        access: TIMETABLE_IMPORT,
        maxBodyBytes: MAX_XML_BYTES,
        request: {
          params: UaiParams,
          body: { required: true, content: { 'multipart/form-data': { schema: TimetableUpload } } },
        },
        responses: {
          200: { description: 'Bilan', content: { 'application/json': { schema: TimetablePlanSchema } } },
        },
      },
      async (c) => {
        const { uai } = c.req.valid('param');
        await requireDirectionOf({ db, viewer: c.get('viewer')! }, uai);
        const form = c.req.valid('form');
        const list = Array.isArray(form.files) ? form.files : [form.files];
        const files = await Promise.all(
          list.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
        );
        const holidaysIcs = form.holidays
          ? new TextDecoder().decode(await form.holidays.arrayBuffer())
          : undefined;
        try {
          return c.json(
            await importTimetable(db, files, { uai, now: clock(), apply, holidaysIcs, zone: form.zone }),
            200,
          );
        } catch (err) {
          if (err instanceof XmlRefused)
            throw invalid([{ field: 'body.files', message: err.message }], 'Fichiers refusés.');
          throw err;
        }
      },
    );
  }
}

export const timetableArea: Area = { name: 'timetable', routes: [registerTimetableRoutes] };
