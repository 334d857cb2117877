/**
 * What messaging tells the open pages of the people concerned, through the platform's live service: each service
 * function publishes its notices inside its own transaction, as its last write, so a page hears of a message once
 * it is there to be read, and never of a write that was rolled back. Payloads carry ids and labels only, never a
 * body: the page fetches what it shows, under the mailbox's own rules.
 */
import type { Db } from '../db/types.js';
import type { LiveService, Publication } from '../live/service.js';

export type MessageNotice =
  /** A message reached these recipients' inboxes (now, or at its deferred time). */
  | {
      kind: 'received';
      recipientIds: string[];
      payload: { messageId: string; threadId: string; subject: string; fromName: string; urgent: boolean };
    }
  /** The sender's read receipt moved ("lu par 18 / 24"). */
  | {
      kind: 'read';
      recipientIds: string[];
      payload: { messageId: string; read: number; total: number };
    }
  /** A recalled message left these recipients' inboxes. */
  | { kind: 'recalled'; recipientIds: string[]; payload: { messageId: string } }
  /** The viewer's own mailbox changed in another tab or device (read marks, moves, drafts, sends). */
  | { kind: 'mailbox'; recipientIds: string[]; payload: { messageIds: string[] } }
  /** A message was reported to the direction. */
  | { kind: 'reported'; recipientIds: string[]; payload: { reportId: string; uai: string } };

/** The live kinds (`messages.<kind>`), for the element and the API reference. */
export const MESSAGE_NOTICE_KINDS = ['received', 'read', 'recalled', 'mailbox', 'reported'] as const;

/**
 * Which notices wait for the end of the établissement's quiet hours. A received message is published when it is
 * delivered, which `timing.ts` already keeps out of quiet hours (bar the direction's urgent messages, which must
 * not wait); one's own mailbox changes answer one's own action, and a recall only takes a message away: neither
 * disturbs anyone. Read receipts and reports tell someone else something new: they wait.
 */
function quietHoursRule(n: MessageNotice): Publication['quietHours'] {
  switch (n.kind) {
    case 'received':
      return n.payload.urgent ? 'bypass' : 'respect';
    case 'mailbox':
    case 'recalled':
      return 'bypass';
    default:
      return 'respect';
  }
}

/**
 * Publishes messaging notices inside `tx` (call it last in the transaction). `uai`: the établissement of the
 * message, whose quiet hours apply.
 */
export async function publishMessageNotices(
  live: LiveService,
  tx: Db,
  uai: string | null,
  notices: readonly MessageNotice[],
): Promise<void> {
  const publications = notices
    .filter((n) => n.recipientIds.length > 0)
    .map(
      (n): Publication => ({
        audience: n.recipientIds,
        kind: `messages.${n.kind}`,
        payload: n.payload,
        uai,
        quietHours: quietHoursRule(n),
      }),
    );
  if (publications.length) await live.publishAll(tx, publications);
}
