/**
 * Mailbox rows to the views the API answers (`@preau/core` messaging views), in a few batched queries per page:
 * addressees (bcc only for the sender), attachments, read receipts. What a viewer sees of a message depends on
 * their own mailbox entry: a recipient never learns who else was in bcc, nor the members of a group.
 */
import {
  type AddresseeView,
  type AttachmentView,
  type MessageGroupKind,
  type MessageState,
  type MessageSummary,
  type MessageView,
  messageGroupLabel,
  type Profile,
  type ReceiptSummary,
} from '@preau/core';
import type { Db } from '../db/types.js';
import { excerptOf } from './sanitize.js';

/** The columns a list or a view needs: one mailbox entry joined with its message. */
export const ENTRY_COLUMNS = `e.user_id, e.message_id, e.thread_id, e.box, e.role, e.at, e.read_at, e.seen_at,
  e.folder_id, e.trashed_at, m.state, m.subject, left(m.body_text, 400) AS text, m.sender_id, m.sender_name,
  su.profile AS sender_profile, m.urgent, m.no_reply, m.send_at, m.sent_at, m.parent_id, m.uai,
  EXISTS (SELECT 1 FROM files f WHERE f.record_type = 'message' AND f.record_id = m.id) AS has_attachments`;

export const ENTRY_FROM = `mailbox_entries e JOIN messages m ON m.id = e.message_id
  JOIN users su ON su.id = m.sender_id`;

export interface EntryRow {
  user_id: string;
  message_id: string;
  thread_id: string;
  box: 'draft' | 'scheduled' | 'sent' | 'inbox';
  role: 'sender' | 'to' | 'cc' | 'bcc';
  at: Date;
  read_at: Date | null;
  seen_at: Date | null;
  folder_id: string | null;
  trashed_at: Date | null;
  state: MessageState;
  subject: string;
  text: string;
  sender_id: string;
  sender_name: string;
  sender_profile: Profile;
  urgent: boolean;
  no_reply: boolean;
  send_at: Date | null;
  sent_at: Date | null;
  parent_id: string | null;
  uai: string;
  has_attachments: boolean;
}

const BOX_FOLDER = { inbox: 'inbox', sent: 'sent', draft: 'drafts', scheduled: 'scheduled' } as const;

export function folderOf(row: Pick<EntryRow, 'trashed_at' | 'folder_id' | 'box'>): string {
  if (row.trashed_at) return 'trash';
  return row.folder_id ?? BOX_FOLDER[row.box];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

interface AddresseeRow {
  message_id: string;
  field: 'to' | 'cc' | 'bcc';
  user_id: string | null;
  group_kind: MessageGroupKind | null;
  group_scope: string | null;
  member_count: number | null;
  first_name: string | null;
  last_name: string | null;
  class_name: string | null;
}

/** Addressees of messages as the viewer may see them: bcc left out unless the viewer sent the message. */
export async function addresseesOf(
  db: Db,
  messages: readonly { id: string; viewerIsSender: boolean }[],
): Promise<Map<string, AddresseeView[]>> {
  const out = new Map<string, AddresseeView[]>();
  if (messages.length === 0) return out;
  const sender = new Map(messages.map((m) => [m.id, m.viewerIsSender]));
  const rows = await db.query<AddresseeRow>(
    `SELECT a.message_id, a.field, a.user_id, a.group_kind, a.group_scope, a.member_count,
            u.first_name, u.last_name, c.name AS class_name
       FROM message_addressees a
       LEFT JOIN users u ON u.id = a.user_id
       LEFT JOIN classes c ON c.id = a.group_scope AND a.group_kind IN ('class_parents', 'class_students', 'class_teachers')
      WHERE a.message_id = ANY($1::text[])
      ORDER BY a.message_id, a.position`,
    [messages.map((m) => m.id)],
  );
  for (const r of rows) {
    const isSender = sender.get(r.message_id) === true;
    if (r.field === 'bcc' && !isSender) continue;
    const list = out.get(r.message_id) ?? [];
    list.push(
      r.user_id
        ? {
            kind: 'user',
            id: r.user_id,
            label: `${r.first_name ?? ''} ${(r.last_name ?? '').toLocaleUpperCase('fr-FR')}`.trim(),
            field: r.field,
            memberCount: null,
          }
        : {
            kind: 'group',
            id: `${r.group_kind}:${r.group_scope}`,
            label: messageGroupLabel(r.group_kind!, r.class_name ?? ''),
            field: r.field,
            memberCount: isSender ? r.member_count : null,
          },
    );
    out.set(r.message_id, list);
  }
  return out;
}

/** Read receipts of messages ("lu par 18 / 24"): first openings, which a later "mark unread" does not undo. */
export async function receiptsOf(
  db: Db,
  messageIds: readonly string[],
): Promise<Map<string, ReceiptSummary>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db.query<{ message_id: string; read: number; total: number }>(
    `SELECT message_id, count(seen_at)::int AS read, count(*)::int AS total FROM mailbox_entries
      WHERE message_id = ANY($1::text[]) AND role <> 'sender' GROUP BY message_id`,
    [messageIds],
  );
  return new Map(rows.map((r) => [r.message_id, { read: r.read, total: r.total }]));
}

export async function attachmentsOf(
  db: Db,
  messageIds: readonly string[],
): Promise<Map<string, AttachmentView[]>> {
  const out = new Map<string, AttachmentView[]>();
  if (messageIds.length === 0) return out;
  const rows = await db.query<AttachmentView & { record_id: string }>(
    `SELECT id, original_name AS name, media_type AS "mediaType", size_bytes AS size, record_id
       FROM files WHERE record_type = 'message' AND record_id = ANY($1::text[]) ORDER BY created_at, id`,
    [messageIds],
  );
  for (const { record_id, ...a } of rows) out.set(record_id, [...(out.get(record_id) ?? []), a]);
  return out;
}

/** List lines for entries (one page). */
export async function summariesOf(db: Db, rows: readonly EntryRow[]): Promise<MessageSummary[]> {
  const own = rows.filter((r) => r.role === 'sender');
  const [addressees, receipts] = await Promise.all([
    addresseesOf(
      db,
      own.map((r) => ({ id: r.message_id, viewerIsSender: true })),
    ),
    receiptsOf(
      db,
      own.filter((r) => r.state === 'sent').map((r) => r.message_id),
    ),
  ]);
  return rows.map((r) =>
    summaryOf(r, addressees.get(r.message_id) ?? [], receipts.get(r.message_id) ?? null),
  );
}

function summaryOf(
  r: EntryRow,
  addressees: AddresseeView[],
  receipts: ReceiptSummary | null,
): MessageSummary {
  return {
    id: r.message_id,
    threadId: r.thread_id,
    folder: folderOf(r),
    state: r.state,
    subject: r.subject,
    excerpt: excerptOf(r.text),
    from: { id: r.sender_id, name: r.sender_name, profile: r.sender_profile },
    to: r.role === 'sender' ? addressees.filter((a) => a.field !== 'bcc').map((a) => a.label) : [],
    at: iso(r.at)!,
    sendAt: iso(r.send_at),
    read: r.role === 'sender' || r.read_at !== null,
    urgent: r.urgent,
    noReply: r.no_reply,
    hasAttachments: r.has_attachments,
    receipts: r.role === 'sender' && r.state === 'sent' ? (receipts ?? { read: 0, total: 0 }) : null,
  };
}

export interface ViewOptions {
  now: Date;
  /** The recall delay of each établissement (a message's, not the viewer's: a parent has none of their own). */
  recallMinutes: ReadonlyMap<string, number>;
  /** Messages the viewer reported. */
  reported: ReadonlySet<string>;
}

/** Opened messages: bodies, addressees, attachments, what the viewer may do with each. */
export async function viewsOf(
  db: Db,
  rows: readonly EntryRow[],
  options: ViewOptions,
): Promise<MessageView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.message_id);
  const [bodies, addressees, attachments, receipts] = await Promise.all([
    db.query<{ id: string; body_html: string }>(
      'SELECT id, body_html FROM messages WHERE id = ANY($1::text[])',
      [ids],
    ),
    addresseesOf(
      db,
      rows.map((r) => ({ id: r.message_id, viewerIsSender: r.role === 'sender' })),
    ),
    attachmentsOf(db, ids),
    receiptsOf(
      db,
      rows.filter((r) => r.role === 'sender' && r.state === 'sent').map((r) => r.message_id),
    ),
  ]);
  const body = new Map(bodies.map((b) => [b.id, b.body_html]));
  return rows.map((r) => {
    const list = addressees.get(r.message_id) ?? [];
    const receipt = receipts.get(r.message_id) ?? null;
    const isSender = r.role === 'sender';
    const canReply = r.state === 'sent' && (isSender || (r.box === 'inbox' && !r.no_reply));
    const others = list.filter((a) => a.field !== 'bcc' && !(a.kind === 'user' && a.id === r.user_id));
    const recallMinutes = options.recallMinutes.get(r.uai) ?? 0;
    const until =
      r.sent_at && recallMinutes > 0
        ? new Date(new Date(r.sent_at).getTime() + recallMinutes * 60_000)
        : null;
    const recallable =
      isSender &&
      ((r.state === 'sent' && until !== null && until > options.now && (receipt?.read ?? 0) === 0) ||
        r.state === 'scheduled');
    return {
      ...summaryOf(r, list, receipt),
      parentId: r.parent_id,
      bodyHtml: body.get(r.message_id) ?? '',
      addressees: list,
      attachments: attachments.get(r.message_id) ?? [],
      viewerInBcc: r.role === 'bcc',
      canReply,
      canReplyAll: canReply && !isSender && others.length > 0,
      recallableUntil: recallable ? (r.state === 'scheduled' ? iso(r.send_at) : iso(until)) : null,
      reported: options.reported.has(r.message_id),
    };
  });
}
