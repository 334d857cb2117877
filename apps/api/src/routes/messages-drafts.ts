/**
 * Writing: the recipient picker (only whom the rules let one write to), drafts saved as one types, and sending
 * (now or at a chosen time).
 */
import { draftInputSchema, newDraftSchema, recipientQuerySchema, sendDraftSchema } from '@preau/core';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams } from '../http/schemas.js';
import { createDraft, discardDraft, draftView, saveDraft } from '../messages/drafts.js';
import { DraftOut, RecipientsOut, SendOut } from '../messages/openapi.js';
import { addressableGroups, searchPeople, senderScope } from '../messages/reach.js';
import { sendDraft } from '../messages/send.js';
import { MESSAGING } from '../policies/index.js';
import { body, json, messagesContext, TAG } from './messages.shared.js';

export function registerDraftRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db } = deps;
  const ctx = messagesContext(deps);

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/recipients',
      tags: TAG,
      summary: 'Destinataires possibles',
      description:
        'Seulement les personnes et groupes à qui l’utilisateur peut écrire selon les règles de l’établissement ; ' +
        'recherche par nom sans tenir compte des accents.',
      access: MESSAGING,
      request: { query: recipientQuerySchema },
      responses: { 200: json(RecipientsOut, 'Personnes et groupes') },
    },
    async (c) => {
      const { q, limit } = c.req.valid('query');
      const scope = await senderScope(db, c.get('viewer')!);
      const [people, groups] = await Promise.all([
        searchPeople(db, scope, q, limit),
        addressableGroups(db, scope, q),
      ]);
      return c.json({ people, groups }, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/drafts',
      tags: TAG,
      summary: 'Nouveau brouillon (ou réponse)',
      description:
        '`replyTo` : répondre à un message (à son expéditeur, ou à tous avec `replyAll`). `clientKey` : la même ' +
        'clé renvoie le même brouillon (création rejouée sans doublon).',
      access: MESSAGING,
      request: body(newDraftSchema),
      responses: {
        200: json(DraftOut, 'Brouillon déjà créé avec cette clé'),
        201: json(DraftOut, 'Brouillon créé'),
      },
    },
    async (c) => {
      const { draft, created } = await createDraft(ctx(c.get('viewer')), c.req.valid('json'));
      return created ? c.json(draft, 201) : c.json(draft, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/drafts/{id}',
      tags: TAG,
      summary: 'Rouvrir un brouillon',
      access: MESSAGING,
      request: { params: IdParams },
      responses: { 200: json(DraftOut, 'Le brouillon') },
    },
    async (c) => c.json(await draftView(ctx(c.get('viewer')), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/messages/drafts/{id}',
      tags: TAG,
      summary: 'Enregistrer un brouillon',
      description:
        'Enregistrement automatique pendant la saisie : le brouillon entier, la même requête deux fois donne le même brouillon.',
      access: MESSAGING,
      request: { params: IdParams, ...body(draftInputSchema) },
      responses: { 200: json(DraftOut, 'Brouillon enregistré') },
    },
    async (c) =>
      c.json(await saveDraft(ctx(c.get('viewer')), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  defineRoute(
    app,
    {
      method: 'delete',
      path: '/api/v1/messages/drafts/{id}',
      tags: TAG,
      summary: 'Abandonner un brouillon',
      access: MESSAGING,
      request: { params: IdParams },
      responses: { 204: { description: 'Brouillon supprimé' } },
    },
    async (c) => {
      await discardDraft(ctx(c.get('viewer')), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/drafts/{id}/send',
      tags: TAG,
      summary: 'Envoyer',
      description:
        'Envoie maintenant, ou à `sendAt` (envoi différé). `draft` : l’état final du brouillon, enregistré ' +
        'd’abord ; un envoi refusé laisse le brouillon tel qu’enregistré.',
      access: MESSAGING,
      request: { params: IdParams, ...body(sendDraftSchema) },
      responses: { 200: json(SendOut, 'Envoyé ou programmé') },
    },
    async (c) =>
      c.json(await sendDraft(ctx(c.get('viewer')), c.req.valid('param').id, c.req.valid('json').draft), 200),
  );
}
