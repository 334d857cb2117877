import { z } from '@hono/zod-openapi';
import { attachmentDisposition, purgePendingUploads, readableFile, storeUpload } from '../files/uploads.js';
import { forbidden, invalid, notFound } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams } from '../http/schemas.js';
import { FILE_DOWNLOAD, FILE_UPLOAD } from '../policies/index.js';

export const StoredFileSchema = z
  .object({
    id: z.string(),
    name: z.string().openapi({ description: 'Nom nettoyé, extension du type détecté.' }),
    mediaType: z.string().openapi({ example: 'application/pdf' }),
    size: z.number().int(),
    sha256: z.string(),
    recordType: z.string(),
    recordId: z.string().nullable(),
  })
  .openapi('StoredFile');

const Upload = z.object({
  kind: z
    .string()
    .min(1)
    .max(64)
    .openapi({ example: 'absence_justification', description: 'Usage du fichier.' }),
  file: z
    .custom<File>((v) => v instanceof File, { message: 'Joignez un fichier (champ « file »).' })
    .openapi({ type: 'string', format: 'binary' }),
});

/** Room for the multipart envelope around the largest accepted file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export function registerFileRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, config, files, fileKinds, clock } = deps;

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/files',
      tags: ['Fichiers'],
      summary: 'Déposer un fichier',
      description:
        "Le type est reconnu d'après le contenu (jamais d'après le nom) et doit figurer parmi ceux de l'usage ; " +
        "taille limitée. Le fichier reste visible de son seul déposant jusqu'à ce qu'un enregistrement le rattache.",
      access: FILE_UPLOAD,
      maxBodyBytes: config.maxUploadBytes + MULTIPART_OVERHEAD,
      request: { body: { required: true, content: { 'multipart/form-data': { schema: Upload } } } },
      responses: {
        201: { description: 'Fichier déposé', content: { 'application/json': { schema: StoredFileSchema } } },
      },
    },
    async (c) => {
      const viewer = c.get('viewer')!;
      const { kind: kindName, file } = c.req.valid('form');
      const kind = fileKinds.get(kindName);
      if (!kind) {
        const known = fileKinds.list().map((k) => k.recordType);
        throw invalid([
          {
            field: 'body.kind',
            message: known.length
              ? `Usage inconnu ; usages possibles : ${known.join(', ')}.`
              : 'Usage inconnu.',
          },
        ]);
      }
      if (!kind.mayUpload(viewer)) throw forbidden(`Votre profil ne permet pas de déposer un ${kind.label}.`);
      const now = clock();
      await purgePendingUploads({ db, files }, now);
      const stored = await storeUpload(
        { db, files, maxUploadBytes: config.maxUploadBytes, now },
        viewer,
        kind,
        {
          name: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
        },
      );
      return c.json(stored, 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/files/{id}',
      tags: ['Fichiers'],
      summary: 'Télécharger un fichier',
      description:
        'Toujours en pièce jointe (Content-Disposition: attachment), avec le type détecté au dépôt.',
      access: FILE_DOWNLOAD,
      request: { params: IdParams },
      responses: {
        200: {
          description: 'Le contenu du fichier',
          content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const file = await readableFile({ db, viewer: c.get('viewer')! }, fileKinds, id);
      const bytes = await files.get(file.id);
      if (!bytes) throw notFound("Le contenu de ce fichier n'est plus disponible.");
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': file.mediaType,
        'Content-Length': String(bytes.byteLength),
        'Content-Disposition': attachmentDisposition(file.name),
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'X-Content-Type-Options': 'nosniff',
      });
    },
  );
}
