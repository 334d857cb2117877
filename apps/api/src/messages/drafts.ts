/**
 * Drafts: a draft is saved whole at every autosave (the same request twice leaves the same draft), its addressees
 * checked against the rules and its body sanitized. Sending and recall: `send.ts`.
 */
import {
  type DraftInput,
  type DraftView,
  displayName,
  MESSAGE_LIMITS,
  type MessageAddress,
  type MessagingSettings,
  type NewDraftInput,
} from '@preau/core';
import type { Db } from '../db/types.js';
import type { FileStore } from '../files/store.js';
import { attachFile } from '../files/uploads.js';
import { conflict, forbidden, invalid, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import type { LiveService } from '../live/service.js';
import { quietHoursOf } from '../live/store.js';
import type { Viewer } from '../policies/index.js';
import { MESSAGE_FILE_KIND } from './files.js';
import { type CheckedAddress, checkAddresses, senderScope } from './reach.js';
import { sanitizeBody } from './sanitize.js';
import { deliveryTime } from './timing.js';
import { addresseesOf, attachmentsOf } from './views.js';

export interface MessagesContext {
  db: Db;
  viewer: Viewer;
  now: Date;
  /** Where attachment bytes live (removed attachments are deleted from it). */
  files: FileStore;
  /** Live notices to the open pages of those concerned, published inside the writing transaction. */
  live: LiveService;
}

interface DraftRow {
  id: string;
  thread_id: string;
  parent_id: string | null;
  sender_id: string;
  state: 'draft' | 'scheduled' | 'sent';
  uai: string;
  version: number;
  subject: string;
  body_html: string;
  no_reply: boolean;
  urgent: boolean;
  send_at: Date | null;
  sent_at: Date | null;
  updated_at: Date;
}

const DRAFT_COLUMNS = `id, thread_id, parent_id, sender_id, state, uai, version, subject, body_html, no_reply, urgent,
  send_at, sent_at, updated_at`;

/** The viewer's own message (404 for anyone else's, whatever it is). */
export async function ownMessage(db: Db, viewer: Viewer, id: string, lock = false): Promise<DraftRow> {
  const [row] = await db.query<DraftRow>(
    `SELECT ${DRAFT_COLUMNS} FROM messages WHERE id = $1 AND sender_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [id, viewer.id],
  );
  if (!row) throw notFound();
  return row;
}

export async function ownDraft(db: Db, viewer: Viewer, id: string): Promise<DraftRow> {
  const row = await ownMessage(db, viewer, id, true);
  if (row.state !== 'draft') throw conflict("Ce message n'est plus un brouillon : il a déjà été envoyé.");
  return row;
}

/** The sender of the message answered may always be written back to (unless it refused replies). */
export async function replyAllowance(db: Db, parentId: string | null): Promise<Map<string, string>> {
  if (!parentId) return new Map();
  const [parent] = await db.query<{ sender_id: string; uai: string; no_reply: boolean }>(
    'SELECT sender_id, uai, no_reply FROM messages WHERE id = $1',
    [parentId],
  );
  return parent && !parent.no_reply ? new Map([[parent.sender_id, parent.uai]]) : new Map();
}

export function checkFlags(viewer: Viewer, input: DraftInput, now: Date): void {
  if (input.urgent && viewer.profile !== 'direction') {
    throw invalid([
      { field: 'body.urgent', message: 'Seule la direction peut marquer un message comme urgent.' },
    ]);
  }
  if (input.sendAt && Date.parse(input.sendAt) > now.getTime() + 366 * 86_400_000) {
    throw invalid([{ field: 'body.sendAt', message: "L'envoi différé ne peut dépasser un an." }]);
  }
}

/** Writes a draft's whole content (inside the caller's transaction): addressees checked, body sanitized. */
async function writeDraft(
  ctx: MessagesContext,
  tx: Db,
  draft: DraftRow,
  input: DraftInput,
): Promise<string[]> {
  const { viewer, now } = ctx;
  checkFlags(viewer, input, now);
  const scope = await senderScope(tx, viewer);
  const checked = await checkAddresses(tx, scope, input, await replyAllowance(tx, draft.parent_id));
  const body = sanitizeBody(input.body);
  const [me] = await tx.query<{ first_name: string; last_name: string }>(
    'SELECT first_name, last_name FROM users WHERE id = $1',
    [viewer.id],
  );
  const uai = checked[0]?.uai || draft.uai;
  await tx.query(
    `UPDATE messages SET subject = $2, body_html = $3, body_text = $4, no_reply = $5, urgent = $6, send_at = $7,
            sender_name = $8, uai = $9, updated_at = $10, version = version + 1
      WHERE id = $1`,
    [
      draft.id,
      input.subject.trim(),
      body.html,
      body.text,
      input.noReply,
      input.urgent,
      input.sendAt ? new Date(input.sendAt) : null,
      displayName({ firstName: me!.first_name, lastName: me!.last_name }),
      uai,
      now,
    ],
  );
  await tx.query('UPDATE mailbox_entries SET at = $3 WHERE user_id = $2 AND message_id = $1', [
    draft.id,
    viewer.id,
    now,
  ]);
  await writeAddressees(tx, draft.id, checked);
  return writeAttachments(ctx, tx, draft.id, input.attachmentIds, scope.settings.get(uai));
}

async function writeAddressees(tx: Db, messageId: string, checked: CheckedAddress[]): Promise<void> {
  await tx.query('DELETE FROM message_addressees WHERE message_id = $1', [messageId]);
  if (checked.length === 0) return;
  await tx.query(
    `INSERT INTO message_addressees (message_id, position, field, user_id, group_kind, group_scope)
     SELECT $1, ord::int, a->>'field', a->>'userId', a->>'groupKind', a->>'groupScope'
       FROM jsonb_array_elements($2::text::jsonb) WITH ORDINALITY AS x(a, ord)`,
    [
      messageId,
      JSON.stringify(
        checked.map((c) => ({
          field: c.field,
          userId: c.userId,
          groupKind: c.group?.kind ?? null,
          groupScope: c.group?.scope ?? null,
        })),
      ),
    ],
  );
}

/** Links new uploads, unlinks removed ones (returned: their bytes go once the transaction commits), checks sizes. */
async function writeAttachments(
  ctx: MessagesContext,
  tx: Db,
  messageId: string,
  wanted: readonly string[],
  settings: MessagingSettings | undefined,
): Promise<string[]> {
  const current = (
    await tx.query<{ id: string }>('SELECT id FROM files WHERE record_type = $1 AND record_id = $2', [
      MESSAGE_FILE_KIND,
      messageId,
    ])
  ).map((r) => r.id);
  const keep = new Set(wanted);
  for (const [i, fileId] of wanted.entries()) {
    if (current.includes(fileId)) continue;
    await attachFile(
      tx,
      { fileId, ownerId: ctx.viewer.id, recordType: MESSAGE_FILE_KIND, recordId: messageId },
      `body.attachmentIds.${i}`,
    );
  }
  const removed = current.filter((id) => !keep.has(id));
  if (removed.length) await tx.query('DELETE FROM files WHERE id = ANY($1::text[])', [removed]);
  if (wanted.length > current.length - removed.length || removed.length) {
    const [sizes] = await tx.query<{ message: number; owner: number }>(
      `SELECT coalesce(sum(size_bytes) FILTER (WHERE record_id = $1), 0)::float8 AS message,
              coalesce(sum(size_bytes), 0)::float8 AS owner
         FROM files WHERE owner_id = $2 AND record_type = $3 AND record_id IS NOT NULL`,
      [messageId, ctx.viewer.id, MESSAGE_FILE_KIND],
    );
    const quotaMb = settings?.attachmentQuotaMb ?? 100;
    if (sizes!.message > MESSAGE_LIMITS.attachmentBytes) {
      throw invalid([
        {
          field: 'body.attachmentIds',
          message: `Les pièces jointes d'un message ne peuvent dépasser ${MESSAGE_LIMITS.attachmentBytes / 1024 / 1024} Mo au total.`,
        },
      ]);
    }
    if (sizes!.owner > quotaMb * 1024 * 1024) {
      throw invalid([
        {
          field: 'body.attachmentIds',
          message: `Votre espace de pièces jointes (${quotaMb} Mo) est plein : supprimez des messages envoyés avec pièces jointes.`,
        },
      ]);
    }
  }
  return removed;
}

async function dropFiles(files: FileStore, ids: readonly string[]): Promise<void> {
  for (const id of ids) await files.delete(id);
}

/** A new draft: blank, or a reply prefilled with its thread, subject and addressees. */
export async function createDraft(
  ctx: MessagesContext,
  input: NewDraftInput,
): Promise<{ draft: DraftView; created: boolean }> {
  const { db, viewer, now } = ctx;
  if (input.clientKey) {
    const [existing] = await db.query<{ id: string }>(
      'SELECT id FROM messages WHERE sender_id = $1 AND client_key = $2',
      [viewer.id, input.clientKey],
    );
    if (existing) return { draft: await draftView(ctx, existing.id), created: false };
  }
  const id = newId('msg');
  let threadId = newId('thr');
  let parentId: string | null = null;
  const draft = { ...input };
  if (input.replyTo) {
    const reply = await replyPrefill(db, viewer, input.replyTo, input.replyAll);
    threadId = reply.threadId;
    parentId = input.replyTo;
    if (!draft.subject) draft.subject = reply.subject;
    if (draft.to.length === 0 && draft.cc.length === 0 && draft.bcc.length === 0) {
      draft.to = reply.to;
      draft.cc = reply.cc;
    }
  }
  const removed = await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO messages (id, uai, thread_id, parent_id, sender_id, sender_name, client_key, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, '', $6, $7, $7)`,
      [id, viewer.uai, threadId, parentId, viewer.id, input.clientKey ?? null, now],
    );
    await tx.query(
      `INSERT INTO mailbox_entries (user_id, message_id, thread_id, box, role, at, read_at, seen_at)
       VALUES ($1, $2, $3, 'draft', 'sender', $4, $4, $4)`,
      [viewer.id, id, threadId, now],
    );
    const row = await ownDraft(tx, viewer, id);
    return writeDraft(ctx, tx, row, draft);
  });
  await dropFiles(ctx.files, removed);
  return { draft: await draftView(ctx, id), created: true };
}

/** What a reply starts with: the thread, "RE : subject", the sender (and, for all, the visible addressees). */
async function replyPrefill(db: Db, viewer: Viewer, messageId: string, all: boolean) {
  const [m] = await db.query<{
    thread_id: string;
    subject: string;
    sender_id: string;
    no_reply: boolean;
    role: string;
    state: string;
  }>(
    `SELECT m.thread_id, m.subject, m.sender_id, m.no_reply, e.role, m.state
       FROM mailbox_entries e JOIN messages m ON m.id = e.message_id
      WHERE e.user_id = $1 AND e.message_id = $2 AND e.deleted_at IS NULL`,
    [viewer.id, messageId],
  );
  if (m?.state !== 'sent') throw notFound();
  const own = m.role === 'sender';
  if (m.no_reply && !own) throw forbidden("L'expéditeur a désactivé les réponses à ce message.");
  const subject = /^(re|tr)\s*:/i.test(m.subject) ? m.subject : `RE : ${m.subject}`;
  const listed = (await addresseesOf(db, [{ id: messageId, viewerIsSender: own }])).get(messageId) ?? [];
  const others = listed.filter((a) => a.field !== 'bcc' && !(a.kind === 'user' && a.id === viewer.id));
  const asAddress = (a: { kind: 'user' | 'group'; id: string }): MessageAddress => ({
    kind: a.kind,
    id: a.id,
  });
  if (own) {
    return {
      threadId: m.thread_id,
      subject,
      to: others.filter((a) => a.field === 'to').map(asAddress),
      cc: others.filter((a) => a.field === 'cc').map(asAddress),
    };
  }
  let cc: MessageAddress[] = [];
  if (all) {
    // Only those the viewer may write to: a reply to all never widens anyone's reach.
    const scope = await senderScope(db, viewer);
    for (const a of others) {
      try {
        await checkAddresses(db, scope, { to: [asAddress(a)], cc: [], bcc: [] });
        if (!(a.kind === 'user' && a.id === m.sender_id)) cc.push(asAddress(a));
      } catch {
        // outside the viewer's reach: left out
      }
    }
    cc = cc.slice(0, 100);
  }
  return { threadId: m.thread_id, subject, to: [{ kind: 'user' as const, id: m.sender_id }], cc };
}

/** Autosave: the whole draft, as the composer holds it. */
export async function saveDraft(ctx: MessagesContext, id: string, input: DraftInput): Promise<DraftView> {
  const removed = await ctx.db.transaction(async (tx) =>
    writeDraft(ctx, tx, await ownDraft(tx, ctx.viewer, id), input),
  );
  await dropFiles(ctx.files, removed);
  return draftView(ctx, id);
}

/** Discards a draft with its attachments. */
export async function discardDraft(ctx: MessagesContext, id: string): Promise<void> {
  const removed = await ctx.db.transaction(async (tx) => {
    await ownDraft(tx, ctx.viewer, id);
    const files = await tx.query<{ id: string }>(
      'DELETE FROM files WHERE record_type = $1 AND record_id = $2 RETURNING id',
      [MESSAGE_FILE_KIND, id],
    );
    await tx.query('DELETE FROM messages WHERE id = $1', [id]);
    return files.map((f) => f.id);
  });
  await dropFiles(ctx.files, removed);
}

/** A draft as the composer reloads it, with when it would be delivered if sent now. */
export async function draftView(
  ctx: Pick<MessagesContext, 'db' | 'viewer' | 'now'>,
  id: string,
): Promise<DraftView> {
  const { db, viewer, now } = ctx;
  const row = await ownMessage(db, viewer, id);
  const [addressees, attachments] = await Promise.all([
    addresseesOf(db, [{ id, viewerIsSender: true }]),
    attachmentsOf(db, [id]),
  ]);
  const list = addressees.get(id) ?? [];
  return {
    id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    version: row.version,
    subject: row.subject,
    bodyHtml: row.body_html,
    to: list.filter((a) => a.field === 'to'),
    cc: list.filter((a) => a.field === 'cc'),
    bcc: list.filter((a) => a.field === 'bcc'),
    attachments: attachments.get(id) ?? [],
    noReply: row.no_reply,
    urgent: row.urgent,
    sendAt: row.send_at ? new Date(row.send_at).toISOString() : null,
    deliversAt: deliveryTime({
      sendAt: row.send_at ? new Date(row.send_at) : null,
      urgent: row.urgent,
      now,
      quietHours: await quietHoursOf(db, row.uai),
    }).toISOString(),
    savedAt: new Date(row.updated_at).toISOString(),
  };
}
