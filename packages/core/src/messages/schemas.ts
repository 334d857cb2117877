import { z } from 'zod';

/** Zod schemas of the messaging requests, shared by the API (validation, OpenAPI) and the element. */

/** Free text: line breaks and tabs allowed, other control characters refused. */
const freeText = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    .regex(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, 'Caractères de contrôle interdits.');

/** A one-line text (subjects, folder names): no control characters at all. */
const oneLine = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
    .regex(/^[^\x00-\x1f\x7f]*$/, 'Caractères de contrôle interdits.');

const messageId = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'Identifiant invalide.');

/** A person (`user`, their id) or a group (`group`, e.g. `class_parents:<classId>`), as the picker offers them. */
export const messageAddressSchema = z.object({
  kind: z.enum(['user', 'group']),
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,160}$/, 'Identifiant invalide.'),
});
export type MessageAddress = z.infer<typeof messageAddressSchema>;

const addresses = z.array(messageAddressSchema).max(100);

/** Limits of a message, checked here and by the API. */
export const MESSAGE_LIMITS = {
  subject: 200,
  /** Characters of HTML the composer may send. */
  body: 100_000,
  attachments: 10,
  /** Total size of a message's attachments. */
  attachmentBytes: 10 * 1024 * 1024,
} as const;

/**
 * A draft as the composer holds it; every save sends the whole draft (autosave is idempotent). `body` is HTML:
 * the server sanitizes it before storing. `sendAt`: deferred send (ISO 8601 instant), null to send at once.
 */
export const draftInputSchema = z.object({
  subject: oneLine(MESSAGE_LIMITS.subject).default(''),
  body: freeText(MESSAGE_LIMITS.body).default(''),
  to: addresses.default([]),
  cc: addresses.default([]),
  bcc: addresses.default([]),
  attachmentIds: z.array(messageId).max(MESSAGE_LIMITS.attachments).default([]),
  noReply: z.boolean().default(false),
  urgent: z.boolean().default(false),
  sendAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type DraftInput = z.infer<typeof draftInputSchema>;

/** A new draft: blank, or a reply (`replyTo` a message of one's mailbox, to its sender or to all). */
export const newDraftSchema = draftInputSchema.extend({
  replyTo: messageId.nullish(),
  replyAll: z.boolean().default(false),
  /** Chosen by the composer once per draft: a retried creation finds the same draft. */
  clientKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Clé invalide.')
    .nullish(),
});
export type NewDraftInput = z.infer<typeof newDraftSchema>;

/** Sending: optionally the final state of the draft, saved first (so a refused send keeps it). */
export const sendDraftSchema = z.object({ draft: draftInputSchema.optional() });

const ids = z.array(messageId).min(1, 'Au moins un message.').max(500);

export const markMessagesSchema = z.object({ ids, read: z.boolean() });
export type MarkMessagesInput = z.infer<typeof markMessagesSchema>;

/** `inbox` puts messages back in their own box (the inbox, or sent for one's own), `trash`, or a folder's id. */
export const moveMessagesSchema = z.object({ ids, folder: messageId });
export const purgeMessagesSchema = z.object({ ids });

export const folderInputSchema = z.object({
  name: oneLine(60)
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'Le nom ne peut pas être vide.')),
});

export const reportInputSchema = z.object({
  reason: freeText(2000)
    .transform((s) => s.trim())
    .pipe(z.string().min(3, 'Dites en quelques mots ce qui pose problème.')),
});

export const reportUpdateSchema = z.object({
  state: z.enum(['open', 'closed']),
  note: freeText(2000).nullish(),
});

export const NOTIFY_MODES = ['immediate', 'digest', 'never'] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];

export const messagePreferencesSchema = z.object({
  email: z.email('Adresse électronique invalide.').max(254).nullable(),
  notify: z.enum(NOTIFY_MODES),
});
export type MessagePreferencesInput = z.infer<typeof messagePreferencesSchema>;

/** The system folders; personal folders are addressed by their id. */
export const SYSTEM_FOLDERS = ['inbox', 'sent', 'drafts', 'scheduled', 'trash'] as const;
export type SystemFolder = (typeof SYSTEM_FOLDERS)[number];

export const SYSTEM_FOLDER_LABELS: Record<SystemFolder, { fr: string; en: string }> = {
  inbox: { fr: 'Boîte de réception', en: 'Inbox' },
  sent: { fr: 'Messages envoyés', en: 'Sent' },
  drafts: { fr: 'Brouillons', en: 'Drafts' },
  scheduled: { fr: 'Envois programmés', en: 'Scheduled' },
  trash: { fr: 'Corbeille', en: 'Trash' },
};

export const messageListQuerySchema = z.object({
  /** A system folder or a personal folder's id; with `q` and no folder, every folder but the trash. */
  folder: messageId.optional(),
  /** Full-text search (French), accents and case ignored; "quoted phrase", -excluded word. */
  q: oneLine(200).optional(),
  unread: z.enum(['true', 'false']).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'Curseur invalide.')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type MessageListQuery = z.infer<typeof messageListQuerySchema>;

export const recipientQuerySchema = z.object({
  q: oneLine(100).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
