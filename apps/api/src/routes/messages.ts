/**
 * Messaging routes (`/api/v1/messages/…`): the mailbox (folders and counts, pages, search, threads, read marks,
 * moves, trash), drafts saved as one types and sent (now or at a chosen time), recall, read receipts, the recipient
 * picker (only whom the rules let one write to), reports to the direction, e-mail preferences and the
 * établissement's rule set. Logic: `messages/`; access: `policies/messages.ts`.
 */
import { z } from '@hono/zod-openapi';
import {
  draftInputSchema,
  folderInputSchema,
  markMessagesSchema,
  messageListQuerySchema,
  messagePreferencesSchema,
  messagingSettingsSchema,
  moveMessagesSchema,
  newDraftSchema,
  purgeMessagesSchema,
  recipientQuerySchema,
  reportInputSchema,
  reportUpdateSchema,
  sendDraftSchema,
} from '@preau/core';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams } from '../http/schemas.js';
import {
  createDraft,
  discardDraft,
  draftView,
  type MessagesContext,
  recallMessage,
  saveDraft,
  sendDraft,
} from '../messages/drafts.js';
import { MESSAGE_FILE_KIND, messageFileKind } from '../messages/files.js';
import {
  createFolder,
  deleteFolder,
  getMessage,
  getThread,
  listMessages,
  mailbox,
  markMessages,
  messageReceipts,
  moveMessages,
  purgeMessages,
  renameFolder,
} from '../messages/mailbox.js';
import { publishMessageNotices } from '../messages/notices.js';
import {
  CountOut,
  DraftOut,
  FolderOut,
  MailboxOut,
  MessageListOut,
  MessageOut,
  PreferencesOut,
  ReceiptsOut,
  RecipientsOut,
  ReportDetailOut,
  ReportOut,
  SendOut,
  ThreadOut,
} from '../messages/openapi.js';
import {
  getMessagingSettings,
  getPreferences,
  saveMessagingSettings,
  savePreferences,
} from '../messages/preferences.js';
import { addressableGroups, searchPeople, senderScope } from '../messages/reach.js';
import { getReport, listReports, reportMessage, updateReport } from '../messages/reports.js';
import {
  MESSAGING,
  MESSAGING_REPORTS,
  MESSAGING_SETTINGS_READ,
  MESSAGING_SETTINGS_WRITE,
} from '../policies/messages.js';
import type { Viewer } from '../policies.js';

const TAG = ['Messagerie'];

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

const Uai = z.string().regex(/^[0-9]{7}[A-Z]$/, 'UAI invalide (7 chiffres et une lettre).');
const UaiParams = z.object({ uai: Uai.openapi({ param: { name: 'uai', in: 'path' }, example: '0511085C' }) });
const ReportsQuery = z.object({
  uai: Uai.openapi({ example: '0511085C' }),
  state: z.enum(['open', 'closed']).optional(),
});

export function registerMessageRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db, clock, files, fileKinds } = deps;
  if (!fileKinds.get(MESSAGE_FILE_KIND)) fileKinds.register(messageFileKind);
  const ctx = (viewer: Viewer | null): MessagesContext => ({ db, viewer: viewer!, now: clock(), files });
  const publish = publishMessageNotices;

  // Fixed paths first: `/api/v1/messages/{id}` would otherwise take them.
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
      method: 'get',
      path: '/api/v1/messages/preferences',
      tags: TAG,
      summary: 'Avis par courriel',
      access: MESSAGING,
      responses: { 200: json(PreferencesOut, 'Adresse et fréquence') },
    },
    async (c) => c.json(await getPreferences(db, c.get('viewer')!.id), 200),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/messages/preferences',
      tags: TAG,
      summary: 'Choisir les avis par courriel',
      description: 'immediate : à chaque message ; digest : un récapitulatif par jour ; never : aucun.',
      access: MESSAGING,
      request: body(messagePreferencesSchema),
      responses: { 200: json(PreferencesOut, 'Préférences enregistrées') },
    },
    async (c) => c.json(await savePreferences(ctx(c.get('viewer')), c.req.valid('json')), 200),
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
    async (c) => c.json(await draftView(db, c.get('viewer')!, c.req.valid('param').id), 200),
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
    async (c) => {
      const { result, notices } = await sendDraft(
        ctx(c.get('viewer')),
        c.req.valid('param').id,
        c.req.valid('json').draft,
      );
      publish(notices);
      return c.json(result, 200);
    },
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
      path: '/api/v1/messages/reports',
      tags: TAG,
      summary: 'Messages signalés',
      access: MESSAGING_REPORTS,
      request: { query: ReportsQuery },
      responses: { 200: json(z.array(ReportOut), 'Les signalements, du plus récent') },
    },
    async (c) => {
      const { uai, state } = c.req.valid('query');
      return c.json(await listReports(ctx(c.get('viewer')), uai, state), 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/reports/{id}',
      tags: TAG,
      summary: 'Un signalement et sa conversation',
      description: 'La conversation telle que la voit la personne qui l’a signalée.',
      access: MESSAGING_REPORTS,
      request: { params: IdParams },
      responses: { 200: json(ReportDetailOut, 'Le signalement') },
    },
    async (c) => c.json(await getReport(ctx(c.get('viewer')), c.req.valid('param').id), 200),
  );

  defineRoute(
    app,
    {
      method: 'patch',
      path: '/api/v1/messages/reports/{id}',
      tags: TAG,
      summary: 'Traiter un signalement',
      access: MESSAGING_REPORTS,
      request: { params: IdParams, ...body(reportUpdateSchema) },
      responses: { 200: json(ReportOut, 'Signalement mis à jour') },
    },
    async (c) =>
      c.json(await updateReport(ctx(c.get('viewer')), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/etablissements/{uai}/settings',
      tags: TAG,
      summary: 'Règles de la messagerie',
      description:
        'Qui peut écrire à qui, délai de rappel, heure du récapitulatif, espace de pièces jointes.',
      access: MESSAGING_SETTINGS_READ,
      request: { params: UaiParams },
      responses: { 200: json(messagingSettingsSchema, 'Les règles') },
    },
    async (c) => c.json(await getMessagingSettings(ctx(c.get('viewer')), c.req.valid('param').uai), 200),
  );

  defineRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/messages/etablissements/{uai}/settings',
      tags: TAG,
      summary: 'Changer les règles de la messagerie',
      access: MESSAGING_SETTINGS_WRITE,
      request: { params: UaiParams, ...body(messagingSettingsSchema.strict()) },
      responses: { 200: json(messagingSettingsSchema, 'Règles enregistrées') },
    },
    async (c) =>
      c.json(
        await saveMessagingSettings(ctx(c.get('viewer')), c.req.valid('param').uai, c.req.valid('json')),
        200,
      ),
  );

  defineRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/messages/{id}',
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
      path: '/api/v1/messages/{id}/receipts',
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
      path: '/api/v1/messages/{id}/recall',
      tags: TAG,
      summary: 'Rappeler un message',
      description:
        'Un message programmé revient aux brouillons ; un message envoyé que personne n’a lu, dans le délai de ' +
        'l’établissement (60 min par défaut), quitte toutes les boîtes et redevient un brouillon.',
      access: MESSAGING,
      request: { params: IdParams },
      responses: { 200: json(DraftOut, 'Le brouillon retrouvé') },
    },
    async (c) => {
      const { draft, notices } = await recallMessage(ctx(c.get('viewer')), c.req.valid('param').id);
      publish(notices);
      return c.json(draft, 200);
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/messages/{id}/report',
      tags: TAG,
      summary: 'Signaler à la direction',
      access: MESSAGING,
      request: { params: IdParams, ...body(reportInputSchema) },
      responses: { 201: json(ReportOut, 'Signalement transmis') },
    },
    async (c) => {
      const { report, notices } = await reportMessage(
        ctx(c.get('viewer')),
        c.req.valid('param').id,
        c.req.valid('json').reason,
      );
      publish(notices);
      return c.json(report, 201);
    },
  );
}
