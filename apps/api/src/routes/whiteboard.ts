import { z } from '@hono/zod-openapi';
import type { Area } from '../deps.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { Id, IdParams } from '../http/schemas.js';
import {
  WHITEBOARD_ANNOTATIONS,
  WHITEBOARD_ATTACH,
  WHITEBOARD_SEANCE_READ,
  WHITEBOARD_TRACE_READ,
  WHITEBOARD_TRACE_SAVE,
} from '../policies/whiteboard.js';
import {
  AnnotationsAnswer,
  AnnotationsBody,
  MAX_ANNOTATIONS_BYTES,
  SeanceDocuments,
  Trace,
  TraceBody,
} from '../whiteboard/schemas.js';
import * as service from '../whiteboard/service.js';
import { StoredFileSchema } from './files.js';

const TAG = ['Tableau interactif'];
const MULTIPART_OVERHEAD = 64 * 1024;

const Upload = z.object({
  file: z
    .custom<File>((v) => v instanceof File, { message: 'Joignez un fichier (champ « file »).' })
    .openapi({ type: 'string', format: 'binary' }),
});

const SeanceFileParams = z.object({
  id: Id.openapi({ param: { name: 'id', in: 'path' } }),
  fileId: Id.openapi({ param: { name: 'fileId', in: 'path' } }),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** Interactive-whiteboard documents: attached to séances, annotated per user, and the class traces. */
export function registerWhiteboardRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, files, config, fileKinds, clock } = deps;

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/whiteboard/seances/{id}/documents',
      tags: TAG,
      summary: 'Joindre un document de tableau interactif à une séance',
      description:
        'Un document OpenBoard (.ubz), IWB (.iwb) ou SMART Notebook (.notebook) : le contenu doit être une archive ZIP.',
      access: WHITEBOARD_ATTACH,
      maxBodyBytes: config.maxUploadBytes + MULTIPART_OVERHEAD,
      request: {
        params: IdParams,
        body: { required: true, content: { 'multipart/form-data': { schema: Upload } } },
      },
      responses: { 201: json(StoredFileSchema, 'Document joint') },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const { file } = c.req.valid('form');
      const stored = await service.attachDocument(
        { db, files, maxUploadBytes: config.maxUploadBytes, now: clock() },
        c.get('viewer')!,
        id,
        { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      );
      return c.json(stored, 201);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/whiteboard/seances/{id}/documents',
      tags: TAG,
      summary: "Les documents de tableau et les traces d'une séance",
      access: WHITEBOARD_SEANCE_READ,
      request: { params: IdParams },
      responses: { 200: json(SeanceDocuments, 'Documents et traces') },
    },
    async (c) =>
      c.json(await service.seanceDocuments({ db, viewer: c.get('viewer')! }, c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/whiteboard/documents/{id}/annotations',
      tags: TAG,
      summary: 'Mes annotations sur un document',
      description: 'Vide tant que rien n’a été enregistré. Le document lui-même n’est jamais modifié.',
      access: WHITEBOARD_ANNOTATIONS,
      request: { params: IdParams },
      responses: { 200: json(AnnotationsAnswer, 'Les annotations') },
    },
    async (c) =>
      c.json(
        await service.getAnnotations({ db, viewer: c.get('viewer')! }, fileKinds, c.req.valid('param').id),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/whiteboard/documents/{id}/annotations',
      tags: TAG,
      summary: 'Enregistrer mes annotations sur un document',
      description: 'Remplace l’ensemble de mes annotations sur ce document (2 Mo au plus).',
      access: WHITEBOARD_ANNOTATIONS,
      maxBodyBytes: MAX_ANNOTATIONS_BYTES,
      request: {
        params: IdParams,
        body: { required: true, content: { 'application/json': { schema: AnnotationsBody } } },
      },
      responses: { 200: json(AnnotationsAnswer, 'Enregistrées') },
    },
    async (c) => {
      const { annotations } = c.req.valid('json');
      const ctx = { db, viewer: c.get('viewer')! };
      return c.json(
        await service.putAnnotations(ctx, fileKinds, c.req.valid('param').id, annotations, clock()),
        200,
      );
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/whiteboard/seances/{id}/documents/{fileId}/traces',
      tags: TAG,
      summary: 'Enregistrer la trace de la classe',
      description:
        'Ce qui a été écrit sur le document pendant la séance devient un nouveau document de la séance, que la classe peut consulter.',
      access: WHITEBOARD_TRACE_SAVE,
      maxBodyBytes: MAX_ANNOTATIONS_BYTES,
      request: {
        params: SeanceFileParams,
        body: { required: true, content: { 'application/json': { schema: TraceBody } } },
      },
      responses: { 201: json(Trace, 'Trace enregistrée') },
    },
    async (c) => {
      const { id, fileId } = c.req.valid('param');
      const ctx = { db, viewer: c.get('viewer')! };
      return c.json(
        await service.saveTrace(ctx, fileKinds, { seanceId: id, fileId }, c.req.valid('json'), clock()),
        201,
      );
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/whiteboard/traces/{id}',
      tags: TAG,
      summary: 'Une trace de classe',
      description: 'Ses annotations, à afficher sur le document d’origine (`fileId`).',
      access: WHITEBOARD_TRACE_READ,
      request: { params: IdParams },
      responses: { 200: json(Trace, 'La trace') },
    },
    async (c) =>
      c.json(await service.getTrace({ db, viewer: c.get('viewer')! }, c.req.valid('param').id), 200),
  );
}

export const whiteboardArea: Area = {
  name: 'whiteboard',
  routes: [registerWhiteboardRoutes],
  fileKinds: [service.whiteboardDocumentKind],
};
