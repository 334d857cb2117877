import { SCHOOL_PROFILES } from '@preau/core';
import type { FileKind } from '../files/uploads.js';
import type { PolicyContext } from '../policies/index.js';

/** The upload kind of message attachments: the composer posts to /api/v1/files, then lists the ids in the draft. */
export const MESSAGE_FILE_KIND = 'message';

/** Documents and pictures, recognised from their bytes (office files are zip containers file-type names). */
export const MESSAGE_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
] as const;

/**
 * Who reads an attachment: whoever holds the message in their mailbox (its sender, its recipients), and the
 * direction of the établissement when the message belongs to a thread reported to it.
 */
export async function mayReadMessageFile(ctx: PolicyContext, messageId: string): Promise<boolean> {
  const [row] = await ctx.db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM mailbox_entries WHERE user_id = $2 AND message_id = $1 AND deleted_at IS NULL)
         OR ($3 AND EXISTS (
               SELECT 1 FROM messages m JOIN messages rm ON rm.thread_id = m.thread_id
                 JOIN message_reports r ON r.message_id = rm.id AND r.uai = $4
                 JOIN mailbox_entries e ON e.message_id = m.id AND e.user_id = r.reporter_id
                WHERE m.id = $1)) AS ok`,
    [messageId, ctx.viewer.id, ctx.viewer.profile === 'direction', ctx.viewer.uai],
  );
  return row?.ok === true;
}

export const messageFileKind: FileKind = {
  recordType: MESSAGE_FILE_KIND,
  label: 'pièce jointe de message',
  mediaTypes: MESSAGE_MEDIA_TYPES,
  mayUpload: (viewer) => SCHOOL_PROFILES.includes(viewer.profile),
  canRead: mayReadMessageFile,
};
