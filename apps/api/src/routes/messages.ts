/**
 * Messaging routes (`/api/v1/messages/…`) and the messaging area. This file holds the routes of one message
 * (`/messages/items/{id}`: read, receipts, recall, report); the mailbox, writing and settings routes are in
 * `messages-*.ts`.
 * Logic: `messages/`; access: `policies/messages.ts`.
 */
import { reportInputSchema } from '@preau/core';
import type { Area } from '../deps.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams } from '../http/schemas.js';
import { messageFileKind } from '../messages/files.js';
import { getMessage, messageReceipts } from '../messages/mailbox.js';
import { DraftOut, MessageOut, ReceiptsOut, ReportOut } from '../messages/openapi.js';
import { reportMessage } from '../messages/reports.js';
import { recallMessage } from '../messages/send.js';
import { MESSAGING } from '../policies/index.js';
import { messagesSeed } from '../seed/messages.js';
import { body, json, messagesContext, TAG } from './messages.shared.js';
import { registerMessagingAdminRoutes } from './messages-admin.js';
import { registerDraftRoutes } from './messages-drafts.js';
import { registerMailboxRoutes } from './messages-mailbox.js';

export function registerMessageRoutes(app: ApiApp, deps: RouteDeps): void {
  const ctx = messagesContext(deps);

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/items/{id}',
      tags: TAG,
      summary: 'Un message',
      description: 'Le corps est nettoyé ; ouvrir ne marque pas lu (POST /api/v1/messages/mark).',
      access: MESSAGING,
      request: { params: IdParams },
      responses: { 200: json(MessageOut, 'Le message') },
    },
    async (c) => c.json(await getMessage(ctx(c.get('viewer')), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/items/{id}/receipts',
      tags: TAG,
      summary: 'Accusés de lecture',
      access: MESSAGING,
      request: { params: IdParams },
      responses: { 200: json(ReceiptsOut, 'Qui a lu, et quand') },
    },
    async (c) => c.json(await messageReceipts(ctx(c.get('viewer')), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/items/{id}/recall',
      tags: TAG,
      summary: 'Rappeler un message',
      description:
        'Un message programmé revient aux brouillons ; un message envoyé que personne n’a lu, dans le délai de ' +
        'l’établissement (60 min par défaut), quitte toutes les boîtes et redevient un brouillon.',
      access: MESSAGING,
      request: { params: IdParams },
      responses: { 200: json(DraftOut, 'Le brouillon retrouvé') },
    },
    async (c) => c.json(await recallMessage(ctx(c.get('viewer')), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/items/{id}/report',
      tags: TAG,
      summary: 'Signaler à la direction',
      access: MESSAGING,
      request: { params: IdParams, ...body(reportInputSchema) },
      responses: { 201: json(ReportOut, 'Signalement transmis') },
    },
    async (c) =>
      c.json(
        await reportMessage(ctx(c.get('viewer')), c.req.valid('param').id, c.req.valid('json').reason),
        201,
      ),
  );
}

export const messagesArea: Area = {
  name: 'messages',
  routes: [registerMailboxRoutes, registerDraftRoutes, registerMessagingAdminRoutes, registerMessageRoutes],
  fileKinds: [messageFileKind],
  seed: messagesSeed,
};
