/**
 * The mailbox: folders and unread counts, pages of a folder and search, threads, read marks, moves and the trash.
 */
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
import { publishMessageNotices } from '../messages/notices.js';
import { CountOut, FolderOut, MailboxOut, MessageListOut, ThreadOut } from '../messages/openapi.js';
import { MESSAGING } from '../policies/index.js';
import { body, json, messagesContext, TAG } from './messages.shared.js';

export function registerMailboxRoutes(app: ApiApp, deps: RouteDeps): void {
  const ctx = messagesContext(deps);
  const publish = publishMessageNotices;

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
      const { updated, notices } = await markMessages(ctx(c.get('viewer')), ids, read);
      publish(notices);
      return c.json({ updated }, 200);
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
}
