/**
 * What messaging tells the open pages of the people concerned, through the platform's live service: the service
 * functions return these notices once their transaction has committed, and the routes hand them to
 * `publishMessageNotices`. Payloads carry ids and labels only, never a body: the page fetches what it shows.
 */

export type MessageNotice =
  /** A message reached these recipients' inboxes (now, or at its deferred time). */
  | {
      kind: 'message.received';
      recipientIds: string[];
      payload: { messageId: string; threadId: string; subject: string; fromName: string; urgent: boolean };
    }
  /** The sender's read receipt moved ("lu par 18 / 24"). */
  | {
      kind: 'message.read';
      recipientIds: string[];
      payload: { messageId: string; read: number; total: number };
    }
  /** A recalled message left these recipients' inboxes. */
  | { kind: 'message.recalled'; recipientIds: string[]; payload: { messageId: string } }
  /** The viewer's own mailbox changed in another tab or device (read marks, moves, drafts, sends). */
  | { kind: 'mailbox.changed'; recipientIds: string[]; payload: { messageIds: string[] } }
  /** A message was reported to the direction. */
  | { kind: 'message.reported'; recipientIds: string[]; payload: { reportId: string; uai: string } };

export type PublishMessageNotices = (notices: readonly MessageNotice[]) => void;

/** Until the live service carries them, notices go nowhere (pages refresh on their own actions). */
export const publishMessageNotices: PublishMessageNotices = () => {};
