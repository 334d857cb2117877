/**
 * The mailbox: folders and unread counts, pages of a folder and search, threads, read marks, moves and the trash.
 */
import { z } from '@hono/zod-openapi';
import {
  folderInputSchema,
  markMessagesSchema,
  messageListQuerySchema,
  moveMessagesSchema,
  purgeMessagesSchema,
} from '@preau/core';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams } from '../http/schemas.js';
import {
  createFolder,
  deleteFolder,
  getThread,
  listMessages,
  mailbox,
  markMessages,
  moveMessages,
  purgeMessages,
  renameFolder,
} from '../messages/mailbox.js';
import { CountOut, FolderOut, MailboxOut, MessageListOut, ThreadOut } from '../messages/openapi.js';
import { MESSAGING } from '../policies/index.js';
import { StreamQuery, streamResponse } from './live.js';
import { body, json, messagesContext, TAG } from './messages.shared.js';

export function registerMailboxRoutes(app: ApiApp, deps: RouteDeps): void {
  const ctx = messagesContext(deps);

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/mailbox',
      tags: TAG,
      summary: 'Dossiers et messages non lus',
      access: MESSAGING,
      responses: { 200: json(MailboxOut, 'Les dossiers, leurs totaux et non-lus') },
    },
    async (c) => c.json(await mailbox(ctx(c.get('viewer'))), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages',
      tags: TAG,
      summary: 'Messages d’un dossier, ou recherche',
      description:
        'Du plus récent au plus ancien, par pages (`nextCursor`). `q` : recherche plein texte en français, sans ' +
        'tenir compte des accents ni de la casse ("expression exacte", -mot exclu).',
      access: MESSAGING,
      request: { query: messageListQuerySchema },
      responses: { 200: json(MessageListOut, 'Une page de messages') },
    },
    async (c) => c.json(await listMessages(ctx(c.get('viewer')), c.req.valid('query')), 200),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/folders',
      tags: TAG,
      summary: 'Créer un dossier',
      access: MESSAGING,
      request: body(folderInputSchema),
      responses: { 201: json(FolderOut, 'Dossier créé') },
    },
    async (c) => c.json(await createFolder(ctx(c.get('viewer')), c.req.valid('json').name), 201),
  );

  defineRoute(
    app,
    {
      method: 'patch',
      path: '/api/v1/messages/folders/{id}',
      tags: TAG,
      summary: 'Renommer un dossier',
      access: MESSAGING,
      request: { params: IdParams, ...body(folderInputSchema) },
      responses: { 200: json(FolderOut, 'Dossier renommé') },
    },
    async (c) =>
      c.json(
        await renameFolder(ctx(c.get('viewer')), c.req.valid('param').id, c.req.valid('json').name),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'delete',
      path: '/api/v1/messages/folders/{id}',
      tags: TAG,
      summary: 'Supprimer un dossier',
      description: 'Ses messages retournent dans leur boîte (réception ou envoyés).',
      access: MESSAGING,
      request: { params: IdParams },
      responses: { 204: { description: 'Dossier supprimé' } },
    },
    async (c) => {
      await deleteFolder(ctx(c.get('viewer')), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/mark',
      tags: TAG,
      summary: 'Marquer lus ou non lus',
      description:
        'La première lecture fait l’accusé de lecture de l’expéditeur ; « non lu » ne l’efface pas.',
      access: MESSAGING,
      request: body(markMessagesSchema),
      responses: { 200: json(CountOut, 'Messages changés') },
    },
    async (c) => {
      const { ids, read } = c.req.valid('json');
      return c.json({ updated: await markMessages(ctx(c.get('viewer')), ids, read) }, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/move',
      tags: TAG,
      summary: 'Ranger des messages',
      description: '`folder` : trash, un dossier personnel, ou inbox (retour à leur place).',
      access: MESSAGING,
      request: body(moveMessagesSchema),
      responses: { 200: json(CountOut, 'Messages rangés') },
    },
    async (c) => {
      const { ids, folder } = c.req.valid('json');
      return c.json({ updated: await moveMessages(ctx(c.get('viewer')), ids, folder) }, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/purge',
      tags: TAG,
      summary: 'Supprimer définitivement (corbeille)',
      access: MESSAGING,
      request: body(purgeMessagesSchema),
      responses: { 200: json(CountOut, 'Messages supprimés') },
    },
    async (c) => c.json({ updated: await purgeMessages(ctx(c.get('viewer')), c.req.valid('json').ids) }, 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/threads/{id}',
      tags: TAG,
      summary: 'Une conversation',
      access: MESSAGING,
      request: { params: IdParams },
      responses: { 200: json(ThreadOut, 'Les messages de la conversation que l’on détient') },
    },
    async (c) => c.json(await getThread(ctx(c.get('viewer')), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/stream',
      tags: TAG,
      summary: 'Avis en direct de la messagerie (server-sent events)',
      description:
        'Un événement par avis : `messages.received` (un message arrive), `messages.read` (l’accusé de lecture ' +
        'd’un message envoyé avance : `read` / `total`), `messages.recalled` (un message rappelé quitte la boîte), ' +
        '`messages.mailbox` (sa propre boîte a changé ailleurs), `messages.reported` (direction : un signalement). ' +
        'Les charges ne portent que des identifiants : la page relit ce qu’elle montre. Reprise par ' +
        '`Last-Event-ID` (ou `?after=`) ; les accusés et signalements attendent la fin des heures calmes.',
      access: MESSAGING,
      request: { query: StreamQuery },
      responses: {
        200: { description: 'Le flux', content: { 'text/event-stream': { schema: z.string() } } },
        429: { description: 'Trop de flux ouverts pour cette session' },
      },
    },
    (c) => streamResponse(deps, c, c.req.valid('query'), ['messages']),
  );
}
