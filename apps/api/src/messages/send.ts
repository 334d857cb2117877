/**
 * Sending and recall. Sending first checks everything again (the rules may have changed since the draft was
 * written) and either delivers at once or waits for its time — the chosen one, moved out of the établissement's
 * quiet hours unless the direction marked it urgent; a refused send leaves the draft as it was saved. Recall takes
 * a message read by nobody back from every inbox, within the établissement's delay, and makes it a draft again.
 * Both publish their live notices inside their transaction.
 */
import type { DraftInput, DraftView, MessageAddress, SendResult } from '@preau/core';
import { conflict, invalid } from '../http/problem.js';
import { deliver, deliveryRulesOf, markSent } from './delivery.js';
import {
  checkFlags,
  draftView,
  type MessagesContext,
  ownDraft,
  ownMessage,
  replyAllowance,
  saveDraft,
} from './drafts.js';
import { type MessageNotice, publishMessageNotices } from './notices.js';
import { checkAddresses, messagingSettingsOf, senderScope } from './reach.js';
import { deliveryTime } from './timing.js';
import { ENTRY_COLUMNS, ENTRY_FROM, type EntryRow, summariesOf } from './views.js';

/**
 * Sends a draft (after saving `input` when given: a refused send keeps what was typed). Delivered now, or
 * scheduled for its time (`deliversAt` of the result).
 */
export async function sendDraft(ctx: MessagesContext, id: string, input?: DraftInput): Promise<SendResult> {
  if (input) await saveDraft(ctx, id, input);
  const { db, viewer, now } = ctx;
  const deliversAt = await db.transaction(async (tx) => {
    const draft = await ownDraft(tx, viewer, id);
    const stored = await tx.query<{
      field: 'to' | 'cc' | 'bcc';
      user_id: string | null;
      group_kind: string | null;
      group_scope: string | null;
    }>(
      'SELECT field, user_id, group_kind, group_scope FROM message_addressees WHERE message_id = $1 ORDER BY position',
      [id],
    );
    if (stored.length === 0)
      throw invalid([{ field: 'body.to', message: 'Ajoutez au moins un destinataire.' }]);
    if (!draft.subject.trim())
      throw invalid([{ field: 'body.subject', message: 'Donnez un objet au message.' }]);
    if (draft.send_at && new Date(draft.send_at).getTime() <= now.getTime()) {
      throw invalid([
        {
          field: 'body.sendAt',
          message: "L'heure d'envoi choisie est passée : choisissez-en une autre ou envoyez maintenant.",
        },
      ]);
    }
    const fields = { to: [] as MessageAddress[], cc: [] as MessageAddress[], bcc: [] as MessageAddress[] };
    for (const a of stored) {
      fields[a.field].push(
        a.user_id
          ? { kind: 'user', id: a.user_id }
          : { kind: 'group', id: `${a.group_kind}:${a.group_scope}` },
      );
    }
    checkFlags(viewer, { urgent: draft.urgent, sendAt: null } as DraftInput, now);
    // The rules may have changed since the draft was written: check again.
    await checkAddresses(
      tx,
      await senderScope(tx, viewer),
      fields,
      await replyAllowance(tx, draft.parent_id),
    );
    const rules = await deliveryRulesOf(tx, draft.uai);
    const at = deliveryTime({
      sendAt: draft.send_at ? new Date(draft.send_at) : null,
      urgent: draft.urgent,
      now,
      quietHours: rules.quietHours,
    });
    const own: MessageNotice = { kind: 'mailbox', recipientIds: [viewer.id], payload: { messageIds: [id] } };
    if (at.getTime() > now.getTime()) {
      await tx.query(
        `UPDATE messages SET state = 'scheduled', send_at = $2, version = version + 1 WHERE id = $1`,
        [id, at],
      );
      await tx.query(
        `UPDATE mailbox_entries SET box = 'scheduled', at = $3 WHERE user_id = $2 AND message_id = $1`,
        [id, viewer.id, at],
      );
      await publishMessageNotices(ctx.live, tx, draft.uai, [own]);
      return at;
    }
    await markSent(tx, id, viewer.id, now);
    const delivered = await deliver(tx, id, now, rules);
    await publishMessageNotices(ctx.live, tx, delivered.uai, [...delivered.notices, own]);
    return now;
  });
  const [row] = await db.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.user_id = $1 AND e.message_id = $2`,
    [viewer.id, id],
  );
  const [message] = await summariesOf(db, [row!]);
  return {
    message: message!,
    delivered: deliversAt.getTime() <= now.getTime(),
    deliversAt: deliversAt.toISOString(),
  };
}

/**
 * Recall: a scheduled message goes back to the drafts at any time; a sent one, read by nobody, within the
 * établissement's delay, leaves every inbox (and the e-mails not yet sent) and becomes a draft again.
 */
export async function recallMessage(ctx: MessagesContext, id: string): Promise<DraftView> {
  const { db, viewer, now } = ctx;
  await db.transaction(async (tx) => {
    const m = await ownMessage(tx, viewer, id, true);
    if (m.state === 'draft') throw conflict("Ce message n'a pas été envoyé : c'est un brouillon.");
    if (m.state === 'sent') {
      const settings = (await messagingSettingsOf(tx, [m.uai])).get(m.uai)!;
      const until = new Date(m.sent_at!).getTime() + settings.recallMinutes * 60_000;
      if (settings.recallMinutes === 0 || now.getTime() > until) {
        throw conflict(
          `Le délai de rappel (${settings.recallMinutes} min) est dépassé : le message ne peut plus être rappelé.`,
        );
      }
    }
    // Rows read meanwhile are found here, under the same lock as the removal: then nothing is removed.
    const gone = await tx.query<{ user_id: string; seen_at: Date | null }>(
      `DELETE FROM mailbox_entries WHERE message_id = $1 AND role <> 'sender' RETURNING user_id, seen_at`,
      [id],
    );
    if (gone.some((g) => g.seen_at !== null)) {
      throw conflict('Ce message a déjà été lu : il ne peut plus être rappelé.');
    }
    await tx.query('DELETE FROM message_mail_queue WHERE message_id = $1 AND sent_at IS NULL', [id]);
    await tx.query('UPDATE message_addressees SET member_count = NULL WHERE message_id = $1', [id]);
    await tx.query(
      `UPDATE messages SET state = 'draft', sent_at = NULL, recipient_count = 0, updated_at = $2, version = version + 1
        WHERE id = $1`,
      [id, now],
    );
    await tx.query(
      `UPDATE mailbox_entries SET box = 'draft', at = $3 WHERE user_id = $2 AND message_id = $1`,
      [id, viewer.id, now],
    );
    await publishMessageNotices(ctx.live, tx, m.uai, [
      { kind: 'mailbox', recipientIds: [viewer.id], payload: { messageIds: [id] } },
      { kind: 'recalled', recipientIds: gone.map((g) => g.user_id), payload: { messageId: id } },
    ]);
  });
  return draftView(ctx, id);
}
