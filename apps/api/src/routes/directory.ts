import { z } from '@hono/zod-openapi';
import type { Area } from '../deps.js';
import { invalid } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams, UaiParams } from '../http/schemas.js';
import { credentialSheetPdf, importedClasses, issueClassCredentials } from '../imports/credentials.js';
import { importDirectory } from '../imports/service.js';
import { MAX_XML_BYTES, XmlRefused } from '../imports/xml.js';
import {
  DIRECTORY_CREDENTIALS,
  DIRECTORY_IMPORT,
  requireDirectionOf,
  requireDirectionOfClass,
} from '../policies/directory.js';

const XmlFile = z
  .custom<File>((v) => v instanceof File, { message: 'Joignez des fichiers XML (champ « files »).' })
  .openapi({ type: 'string', format: 'binary' });
const DirectoryUpload = z
  .object({
    files: z.union([XmlFile, z.array(XmlFile).min(1).max(20)]).openapi({
      description:
        'Exports SIECLE (ElevesSansAdresses.xml, Nomenclature.xml, ResponsablesAvecAdresses.xml) et STS-web ' +
        '(sts_emp_<UAI>_<année>.xml), ou les fichiers d’un flux AAF (…_Eleve_…, …_PersRelEleve_…, …_PersEducNat_…).',
    }),
  })
  .openapi('DirectoryUpload');

export const ImportPlanSchema = z
  .object({
    kind: z.string().openapi({ example: 'siecle+sts' }),
    uai: z.string(),
    schoolYear: z.number().int(),
    mode: z.enum(['full', 'delta']),
    counts: z
      .record(z.string(), z.number().int())
      .openapi({ example: { 'create:student': 612, 'close:staff': 1 } }),
    entries: z.array(z.object({ action: z.string(), subject: z.string(), label: z.string() })),
    total: z.number().int(),
    warnings: z.array(z.string()),
    structures: z.array(z.string()),
    classes: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .optional()
      .openapi({ description: 'Après un import : ses classes, dont on peut imprimer les fiches de codes.' }),
  })
  .openapi('ImportPlan');

export function registerDirectoryRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, clock, config } = deps;

  const filesOf = async (form: { files: File | File[] }) => {
    const list = Array.isArray(form.files) ? form.files : [form.files];
    return Promise.all(
      list.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
  };
  const run = async (uai: string, form: { files: File | File[] }, apply: boolean, viewerId: string) => {
    try {
      return await importDirectory(db, await filesOf(form), {
        uai,
        now: clock(),
        apply,
        appliedBy: viewerId,
      });
    } catch (err) {
      if (err instanceof XmlRefused)
        throw invalid([{ field: 'body.files', message: err.message }], 'Fichiers refusés.');
      throw err;
    }
  };

  for (const apply of [false, true]) {
    defineRoute(
      app,
      {
        method: 'post',
        path: `/api/v1/etablissements/{uai}/directory/${apply ? 'import' : 'preview'}`,
        tags: ['Annuaire'],
        summary: apply ? 'Importer l’annuaire' : 'Prévisualiser un import de l’annuaire',
        description: apply
          ? 'Crée et met à jour classes, groupes, matières, services, élèves, responsables et personnels ; ferme ' +
            'les comptes de ceux qui sont partis. Idempotent : le même fichier deux fois ne change rien.'
          : 'Ce que l’import créerait, modifierait et fermerait, sans rien écrire.',
        access: DIRECTORY_IMPORT,
        maxBodyBytes: MAX_XML_BYTES,
        request: {
          params: UaiParams,
          body: { required: true, content: { 'multipart/form-data': { schema: DirectoryUpload } } },
        },
        responses: {
          200: {
            description: apply ? 'Import fait' : 'Aperçu',
            content: { 'application/json': { schema: ImportPlanSchema } },
          },
        },
      },
      async (c) => {
        const { uai } = c.req.valid('param');
        const viewer = c.get('viewer')!;
        await requireDirectionOf({ db, viewer }, uai);
        const plan = await run(uai, c.req.valid('form'), apply, viewer.id);
        if (!apply) return c.json(plan, 200);
        return c.json({ ...plan, classes: await importedClasses(db, uai, plan.structures) }, 200);
      },
    );
  }

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/classes/{id}/credentials',
      tags: ['Annuaire'],
      summary: "Fiche des codes d'accès d'une classe (PDF)",
      description:
        "Attribue un nouveau code d'accès à chaque élève de la classe et à chacun de leurs responsables qui n'a " +
        'pas encore choisi de mot de passe, et renvoie la fiche à imprimer et découper (PDF). Les codes des fiches ' +
        'précédentes cessent de valoir pour ces comptes.',
      access: DIRECTORY_CREDENTIALS,
      request: { params: IdParams },
      responses: {
        200: {
          description: 'La fiche',
          content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const cls = await requireDirectionOfClass({ db, viewer: c.get('viewer')! }, id);
      const school = (
        await db.query<{ name: string }>('SELECT name FROM etablissements WHERE uai = $1', [cls.uai])
      )[0]!;
      const people = await issueClassCredentials(db, id);
      const pdf = await credentialSheetPdf(cls.name, school.name, config.publicOrigin, people);
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="codes-${cls.name.replace(/[^A-Za-z0-9-]+/g, '_')}.pdf"`,
        'Cache-Control': 'no-store',
      });
    },
  );
}

export const directoryArea: Area = { name: 'directory', routes: [registerDirectoryRoutes] };
