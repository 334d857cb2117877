/** Each person's e-mail notification choice, and the établissement's messaging settings (rules, recall, digest). */
import type { MessagePreferencesInput, MessagePreferencesView, MessagingSettings } from '@preau/core';
import type { Db } from '../db/types.js';
import { invalid } from '../http/problem.js';
import { requireMessagingDirection, requireMessagingMember } from '../policies/messages.js';
import type { MessagesContext } from './drafts.js';
import { messagingSettingsOf } from './reach.js';

export async function getPreferences(db: Db, userId: string): Promise<MessagePreferencesView> {
  const [row] = await db.query<MessagePreferencesView>(
    'SELECT email, notify FROM message_preferences WHERE user_id = $1',
    [userId],
  );
  return row ?? { email: null, notify: 'never' };
}

export async function savePreferences(
  ctx: MessagesContext,
  input: MessagePreferencesInput,
): Promise<MessagePreferencesView> {
  if (input.notify !== 'never' && !input.email) {
    throw invalid([
      { field: 'body.email', message: 'Indiquez une adresse pour recevoir les avis par courriel.' },
    ]);
  }
  await ctx.db.query(
    `INSERT INTO message_preferences (user_id, email, notify, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, notify = EXCLUDED.notify, updated_at = EXCLUDED.updated_at`,
    [ctx.viewer.id, input.email, input.notify, ctx.now],
  );
  return getPreferences(ctx.db, ctx.viewer.id);
}

export async function getMessagingSettings(ctx: MessagesContext, uai: string): Promise<MessagingSettings> {
  await requireMessagingMember(ctx, uai);
  return (await messagingSettingsOf(ctx.db, [uai])).get(uai)!;
}

export async function saveMessagingSettings(
  ctx: MessagesContext,
  uai: string,
  settings: MessagingSettings,
): Promise<MessagingSettings> {
  await requireMessagingDirection(ctx, uai);
  await ctx.db.query(
    `UPDATE etablissements SET settings = jsonb_set(settings, '{messages}', $2::text::jsonb) WHERE uai = $1`,
    [uai, JSON.stringify(settings)],
  );
  return (await messagingSettingsOf(ctx.db, [uai])).get(uai)!;
}
