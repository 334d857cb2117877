/**
 * Messaging settings and oversight: each person's e-mail notifications, the établissement's rule set (who may
 * write to whom, recall delay, digest time, quota), and the reports the direction reads.
 */
import { z } from '@hono/zod-openapi';
import { messagePreferencesSchema, messagingSettingsSchema, reportUpdateSchema } from '@preau/core';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { IdParams, Uai, UaiParams } from '../http/schemas.js';
import { PreferencesOut, ReportDetailOut, ReportOut } from '../messages/openapi.js';
import {
  getMessagingSettings,
  getPreferences,
  saveMessagingSettings,
  savePreferences,
} from '../messages/preferences.js';
import { getReport, listReports, updateReport } from '../messages/reports.js';
import {
  MESSAGING,
  MESSAGING_REPORTS,
  MESSAGING_SETTINGS_READ,
  MESSAGING_SETTINGS_WRITE,
} from '../policies/index.js';
import { body, json, messagesContext, TAG } from './messages.shared.js';

const ReportsQuery = z.object({
  uai: Uai,
  state: z.enum(['open', 'closed']).optional(),
});

export function registerMessagingAdminRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db } = deps;
  const ctx = messagesContext(deps);

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
}
