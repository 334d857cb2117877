/**
 * Delivery: a message reaches its recipients in one statement whatever their number — the addressees (people and
 * groups) are expanded in SQL into mailbox entries, each group's size is noted, and the notification e-mails are
 * queued for those who asked for them, at the time `timing.ts` gives. A broadcast to 600 parents is one message
 * row, one addressee row and 600 entries written by one INSERT … SELECT.
 */
import type { MessagingSettings, QuietHours } from '@preau/core';
import type { Db } from '../db/types.js';
import type { LiveService } from '../live/service.js';
import { quietHoursOf } from '../live/store.js';
import { type MessageNotice, publishMessageNotices } from './notices.js';
import { messagingSettingsOf } from './reach.js';
import { mailDueTime } from './timing.js';

/** Members of each addressee of message $1 (a person is their own member), with the field they were put in. */
const MEMBERS = `
  SELECT a.position, a.field, a.user_id FROM message_addressees a
   WHERE a.message_id = $1 AND a.user_id IS NOT NULL
  UNION ALL
  SELECT a.position, a.field, g.guardian_id FROM message_addressees a
    JOIN enrolments e ON e.class_id = a.group_scope JOIN guardianships g ON g.student_id = e.student_id
   WHERE a.message_id = $1 AND a.group_kind = 'class_parents'
  UNION ALL
  SELECT a.position, a.field, e.student_id FROM message_addressees a JOIN enrolments e ON e.class_id = a.group_scope
   WHERE a.message_id = $1 AND a.group_kind = 'class_students'
  UNION ALL
  SELECT a.position, a.field, t.teacher_id FROM message_addressees a
    JOIN teaching_assignments t ON t.class_id = a.group_scope
   WHERE a.message_id = $1 AND a.group_kind = 'class_teachers'
  UNION ALL
  SELECT a.position, a.field, c.head_teacher_id FROM message_addressees a JOIN classes c ON c.id = a.group_scope
   WHERE a.message_id = $1 AND a.group_kind = 'class_teachers' AND c.head_teacher_id IS NOT NULL
  UNION ALL
  SELECT a.position, a.field, u.id FROM message_addressees a JOIN users u ON u.uai = a.group_scope
   WHERE a.message_id = $1 AND (
         (a.group_kind = 'vie_scolaire' AND u.profile = 'vie_scolaire')
      OR (a.group_kind = 'direction' AND u.profile = 'direction')
      OR (a.group_kind = 'all_students' AND u.profile = 'student')
      OR (a.group_kind = 'all_staff' AND u.profile IN ('teacher', 'vie_scolaire', 'direction', 'staff')))
  UNION ALL
  SELECT a.position, a.field, g.guardian_id FROM message_addressees a
    JOIN users s ON s.uai = a.group_scope AND s.profile = 'student' JOIN guardianships g ON g.student_id = s.id
   WHERE a.message_id = $1 AND a.group_kind = 'all_parents'`;

export interface Delivered {
  uai: string;
  recipientIds: string[];
  notices: MessageNotice[];
}

/** The établissement's rules that time a delivery: its messaging settings and its quiet hours. */
export interface DeliveryRules {
  settings: MessagingSettings;
  quietHours: QuietHours;
}

export async function deliveryRulesOf(tx: Db, uai: string): Promise<DeliveryRules> {
  const settings = (await messagingSettingsOf(tx, [uai])).get(uai)!;
  return { settings, quietHours: await quietHoursOf(tx, uai) };
}

/**
 * Delivers message `messageId` (already marked sent at `at`) to its addressees, inside the caller's transaction.
 * The sender is never their own recipient; someone reached twice keeps the most visible field (to, cc, bcc).
 */
export async function deliver(
  tx: Db,
  messageId: string,
  at: Date,
  rules?: DeliveryRules,
): Promise<Delivered> {
  const [message] = await tx.query<{
    thread_id: string;
    sender_id: string;
    uai: string;
    subject: string;
    sender_name: string;
    urgent: boolean;
  }>('SELECT thread_id, sender_id, uai, subject, sender_name, urgent FROM messages WHERE id = $1', [
    messageId,
  ]);
  if (!message) throw new Error(`deliver: no message ${messageId}`);
  const { settings: s, quietHours } = rules ?? (await deliveryRulesOf(tx, message.uai));
  const rows = await tx.query<{ user_id: string }>(
    `WITH members AS (${MEMBERS}),
     people AS (
       SELECT DISTINCT ON (mb.user_id) mb.user_id, mb.field FROM members mb
         JOIN users u ON u.id = mb.user_id AND u.disabled_at IS NULL
        WHERE mb.user_id <> $2
        ORDER BY mb.user_id, CASE mb.field WHEN 'to' THEN 0 WHEN 'cc' THEN 1 ELSE 2 END
     ),
     entries AS (
       INSERT INTO mailbox_entries (user_id, message_id, thread_id, box, role, at)
       SELECT user_id, $1, $3, 'inbox', field, $4 FROM people
       ON CONFLICT (user_id, message_id) DO NOTHING
       RETURNING user_id
     ),
     sizes AS (
       UPDATE message_addressees a SET member_count = c.n
         FROM (SELECT position, count(DISTINCT user_id)::int AS n FROM members WHERE user_id <> $2 GROUP BY position) c
        WHERE a.message_id = $1 AND a.position = c.position AND a.group_kind IS NOT NULL
       RETURNING 1
     ),
     counted AS (
       UPDATE messages SET recipient_count = (SELECT count(*) FROM people) WHERE id = $1 RETURNING 1
     ),
     mails AS (
       INSERT INTO message_mail_queue (user_id, message_id, kind, due_at)
       SELECT p.user_id, $1, p.notify, CASE p.notify WHEN 'immediate' THEN $5::timestamptz ELSE $6::timestamptz END
         FROM message_preferences p JOIN people pe ON pe.user_id = p.user_id
        WHERE p.notify <> 'never' AND p.email IS NOT NULL
       ON CONFLICT (user_id, message_id) DO NOTHING
       RETURNING 1
     )
     -- (every data-modifying part runs to completion whether or not this SELECT reads it)
     SELECT user_id FROM entries`,
    [
      messageId,
      message.sender_id,
      message.thread_id,
      at,
      mailDueTime('immediate', at, s, quietHours),
      mailDueTime('digest', at, s, quietHours),
    ],
  );
  const recipientIds = rows.map((r) => r.user_id);
  return {
    uai: message.uai,
    recipientIds,
    notices: recipientIds.length
      ? [
          {
            kind: 'received',
            recipientIds,
            payload: {
              messageId,
              threadId: message.thread_id,
              subject: message.subject,
              fromName: message.sender_name,
              urgent: message.urgent,
            },
          },
        ]
      : [],
  };
}

/**
 * Delivers the scheduled messages whose time has come (`send_at <= now`), each in its own transaction with its
 * notices; several API processes may run it at once (rows are claimed with SKIP LOCKED). Returns how many.
 */
export async function deliverDueMessages(db: Db, live: LiveService, now: Date, limit = 100): Promise<number> {
  const due = await db.query<{ id: string }>(
    `SELECT id FROM messages WHERE state = 'scheduled' AND send_at <= $1 ORDER BY send_at, id LIMIT $2`,
    [now, limit],
  );
  let delivered = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [claimed] = await tx.query<{ sender_id: string }>(
        `SELECT sender_id FROM messages WHERE id = $1 AND state = 'scheduled' AND send_at <= $2
           FOR UPDATE SKIP LOCKED`,
        [id, now],
      );
      if (!claimed) return false;
      await markSent(tx, id, claimed.sender_id, now);
      const d = await deliver(tx, id, now);
      await publishMessageNotices(live, tx, d.uai, [
        ...d.notices,
        { kind: 'mailbox', recipientIds: [claimed.sender_id], payload: { messageIds: [id] } },
      ]);
      return true;
    });
    if (done) delivered++;
  }
  return delivered;
}

/** The message leaves the sender's drafts or scheduled box for their sent box. */
export async function markSent(tx: Db, messageId: string, senderId: string, at: Date): Promise<void> {
  await tx.query(
    `UPDATE messages SET state = 'sent', sent_at = $2, updated_at = $2, version = version + 1 WHERE id = $1`,
    [messageId, at],
  );
  await tx.query(`UPDATE mailbox_entries SET box = 'sent', at = $3 WHERE user_id = $2 AND message_id = $1`, [
    messageId,
    senderId,
    at,
  ]);
}
