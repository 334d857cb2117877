/**
 * Response schemas of the messaging routes (OpenAPI), typed against the views of `@preau/core` so that the
 * document and the element's types cannot drift apart.
 */
import { z } from '@hono/zod-openapi';
import {
  type DraftView,
  type MailboxView,
  MESSAGE_GROUP_KINDS,
  type MessageListView,
  type MessagePreferencesView,
  type MessageView,
  type MessagingSettings,
  NOTIFY_MODES,
  PROFILES,
  type ReceiptsView,
  type RecipientsView,
  type ReportDetailView,
  type ReportView,
  type SendResult,
  SYSTEM_FOLDERS,
} from '@preau/core';

const Instant = z.string().openapi({ example: '2026-11-16T07:00:00.000Z' });
const Profile = z.enum(PROFILES);
const Field = z.enum(['to', 'cc', 'bcc']);

const PersonRef = z.object({ id: z.string(), name: z.string(), profile: Profile });

const Addressee = z.object({
  kind: z.enum(['user', 'group']),
  id: z.string(),
  label: z.string().openapi({ example: 'Parents d’élèves de 4e B' }),
  field: Field,
  memberCount: z.number().int().nullable(),
});

const Receipt = z.object({ read: z.number().int(), total: z.number().int() });

const Attachment = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
});

const summaryFields = {
  id: z.string(),
  threadId: z.string(),
  folder: z
    .string()
    .openapi({ description: 'inbox, sent, drafts, scheduled, trash, ou un dossier personnel' }),
  state: z.enum(['draft', 'scheduled', 'sent']),
  subject: z.string(),
  excerpt: z.string(),
  from: PersonRef,
  to: z.array(z.string()),
  at: Instant,
  sendAt: Instant.nullable(),
  read: z.boolean(),
  urgent: z.boolean(),
  noReply: z.boolean(),
  hasAttachments: z.boolean(),
  receipts: Receipt.nullable(),
};

export const MessageSummaryOut = z.object(summaryFields).openapi('MessageSummary');

export const MessageOut: z.ZodType<MessageView> = z
  .object({
    ...summaryFields,
    parentId: z.string().nullable(),
    bodyHtml: z.string().openapi({
      description:
        'HTML nettoyé par le serveur ; les images distantes n’ont pas de src (leur adresse est dans data-preau-src).',
    }),
    addressees: z.array(Addressee),
    attachments: z.array(Attachment),
    viewerInBcc: z.boolean(),
    canReply: z.boolean(),
    canReplyAll: z.boolean(),
    recallableUntil: Instant.nullable(),
    reported: z.boolean(),
  })
  .openapi('Message');

export const MessageListOut: z.ZodType<MessageListView> = z
  .object({ items: z.array(MessageSummaryOut), nextCursor: z.string().nullable() })
  .openapi('MessageList');

export const ThreadOut = z
  .object({ id: z.string(), subject: z.string(), messages: z.array(MessageOut) })
  .openapi('MessageThread');

export const DraftOut: z.ZodType<DraftView> = z
  .object({
    id: z.string(),
    threadId: z.string(),
    parentId: z.string().nullable(),
    version: z.number().int(),
    subject: z.string(),
    bodyHtml: z.string(),
    to: z.array(Addressee),
    cc: z.array(Addressee),
    bcc: z.array(Addressee),
    attachments: z.array(Attachment),
    noReply: z.boolean(),
    urgent: z.boolean(),
    sendAt: Instant.nullable(),
    deliversAt: Instant.openapi({
      description: 'Si on l’envoyait maintenant : maintenant, `sendAt`, ou la fin des heures calmes.',
    }),
    savedAt: Instant,
  })
  .openapi('MessageDraft');

export const SendOut: z.ZodType<SendResult> = z
  .object({ message: MessageSummaryOut, delivered: z.boolean(), deliversAt: Instant })
  .openapi('MessageSendResult');

export const MailboxOut: z.ZodType<MailboxView> = z
  .object({
    folders: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        system: z.enum(SYSTEM_FOLDERS).nullable(),
        total: z.number().int(),
        unread: z.number().int(),
      }),
    ),
    unread: z.number().int(),
    canSendUrgent: z.boolean(),
    recallMinutes: z.number().int(),
    now: Instant,
  })
  .openapi('Mailbox');

export const RecipientsOut: z.ZodType<RecipientsView> = z
  .object({
    people: z.array(
      z.object({
        kind: z.literal('user'),
        id: z.string(),
        name: z.string(),
        profile: Profile,
        detail: z.string().openapi({ example: 'Parent de Camille (4e A)' }),
      }),
    ),
    groups: z.array(
      z.object({
        kind: z.literal('group'),
        id: z.string().openapi({ example: 'class_parents:cls_4b' }),
        group: z.enum(MESSAGE_GROUP_KINDS),
        label: z.string(),
        memberCount: z.number().int(),
      }),
    ),
  })
  .openapi('MessageRecipients');

export const ReceiptsOut: z.ZodType<ReceiptsView> = z
  .object({
    read: z.number().int(),
    total: z.number().int(),
    recipients: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        profile: Profile,
        field: Field,
        readAt: Instant.nullable(),
      }),
    ),
  })
  .openapi('MessageReceipts');

export const ReportOut: z.ZodType<ReportView> = z
  .object({
    id: z.string(),
    uai: z.string(),
    messageId: z.string(),
    threadId: z.string(),
    subject: z.string(),
    reporter: PersonRef,
    sender: PersonRef,
    reason: z.string(),
    state: z.enum(['open', 'closed']),
    createdAt: Instant,
    closedAt: Instant.nullable(),
    note: z.string().nullable(),
  })
  .openapi('MessageReport');

export const ReportDetailOut: z.ZodType<ReportDetailView> = z
  .object({ report: ReportOut, thread: ThreadOut })
  .openapi('MessageReportDetail');

export const PreferencesOut: z.ZodType<MessagePreferencesView> = z
  .object({ email: z.string().nullable(), notify: z.enum(NOTIFY_MODES) })
  .openapi('MessagePreferences');

export const FolderOut = z.object({ id: z.string(), name: z.string() }).openapi('MessageFolder');

export const CountOut = z.object({ updated: z.number().int() }).openapi('MessageCount');

export type { MessagingSettings };
