/**
 * A person's mailbox: folders with their counts, pages of a folder (keyset pagination, newest first), French
 * full-text search, opening a message or a thread, read marks, moves, the trash and personal folders.
 * Everything is read through the viewer's own mailbox entries: a message one does not hold is a 404.
 */
import {
  type FolderView,
  type MailboxView,
  type MessageListQuery,
  type MessageListView,
  type MessageView,
  type ReceiptsView,
  SYSTEM_FOLDER_LABELS,
  SYSTEM_FOLDERS,
  type ThreadView,
} from '@preau/core';
import type { Db } from '../db/types.js';
import { conflict, invalid, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import type { Viewer } from '../policies/index.js';
import type { MessagesContext } from './drafts.js';
import { MESSAGE_FILE_KIND } from './files.js';
import { type MessageNotice, publishMessageNotices } from './notices.js';
import { messagingSettingsOf, senderScope } from './reach.js';
import { ENTRY_COLUMNS, ENTRY_FROM, type EntryRow, receiptsOf, summariesOf, viewsOf } from './views.js';

const MAX_FOLDERS = 30;

export async function mailbox(ctx: MessagesContext): Promise<MailboxView> {
  const { db, viewer } = ctx;
  const [counts, folders, settings] = await Promise.all([
    db.query<{ key: string; total: number; unread: number }>(
      `SELECT CASE WHEN trashed_at IS NOT NULL THEN 'trash' WHEN folder_id IS NOT NULL THEN folder_id
                   WHEN box = 'draft' THEN 'drafts' ELSE box END AS key,
              count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL AND box = 'inbox')::int AS unread
         FROM mailbox_entries WHERE user_id = $1 AND deleted_at IS NULL GROUP BY 1`,
      [viewer.id],
    ),
    db.query<{ id: string; name: string }>(
      'SELECT id, name FROM message_folders WHERE user_id = $1 ORDER BY lower(name), id',
      [viewer.id],
    ),
    senderScope(db, viewer),
  ]);
  const byKey = new Map(counts.map((c) => [c.key, c]));
  const view = (id: string, name: string, system: FolderView['system']): FolderView => ({
    id,
    name,
    system,
    total: byKey.get(id)?.total ?? 0,
    unread: byKey.get(id)?.unread ?? 0,
  });
  return {
    folders: [
      ...SYSTEM_FOLDERS.map((f) => view(f, SYSTEM_FOLDER_LABELS[f].fr, f)),
      ...folders.map((f) => view(f.id, f.name, null)),
    ],
    unread: byKey.get('inbox')?.unread ?? 0,
    canSendUrgent: viewer.profile === 'direction',
    // A parent writes in their children's établissement(s): its delay.
    recallMinutes: [...settings.settings.values()][0]?.recallMinutes ?? 0,
    now: ctx.now.toISOString(),
  };
}

const BOXES: Record<string, string> = {
  inbox: 'inbox',
  sent: 'sent',
  drafts: 'draft',
  scheduled: 'scheduled',
};

/** The WHERE of a folder, for the viewer's entries `e` ($2 is the personal folder's id, when it is one). */
function folderCondition(folder: string | undefined, searching: boolean): { sql: string; folderId?: string } {
  const live = 'e.deleted_at IS NULL';
  if (folder === undefined) {
    return searching
      ? { sql: `${live} AND e.trashed_at IS NULL AND e.box <> 'draft'` }
      : { sql: `${live} AND e.trashed_at IS NULL AND e.folder_id IS NULL AND e.box = 'inbox'` };
  }
  if (folder === 'trash') return { sql: `${live} AND e.trashed_at IS NOT NULL` };
  const box = BOXES[folder];
  if (box) return { sql: `${live} AND e.trashed_at IS NULL AND e.folder_id IS NULL AND e.box = '${box}'` };
  return { sql: `${live} AND e.trashed_at IS NULL AND e.folder_id = $2`, folderId: folder };
}

const encodeCursor = (at: Date, id: string) =>
  Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) return [at, id];
  } catch {
    // reported below
  }
  throw invalid([
    { field: 'query.cursor', message: 'Curseur invalide : reprenez la liste depuis le début.' },
  ]);
}

async function requireFolder(db: Db, viewer: Viewer, folderId: string): Promise<void> {
  const [row] = await db.query('SELECT 1 FROM message_folders WHERE id = $1 AND user_id = $2', [
    folderId,
    viewer.id,
  ]);
  if (!row) throw notFound();
}

/** A page of a folder, or of search results; newest first. */
export async function listMessages(ctx: MessagesContext, query: MessageListQuery): Promise<MessageListView> {
  const { db, viewer } = ctx;
  const q = query.q?.trim() || undefined;
  const cond = folderCondition(query.folder, q !== undefined);
  if (cond.folderId) await requireFolder(db, viewer, cond.folderId);
  const params: unknown[] = cond.folderId ? [viewer.id, cond.folderId] : [viewer.id];
  const where = [`e.user_id = $1`, cond.sql];
  if (q) {
    params.push(q);
    where.push(`m.search @@ websearch_to_tsquery('french', preau_fold($${params.length}))`);
  }
  if (query.unread === 'true') where.push(`e.read_at IS NULL AND e.box = 'inbox'`);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    params.push(at, id);
    where.push(`(e.at, e.message_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(query.limit + 1);
  const rows = await db.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE ${where.join(' AND ')}
      ORDER BY e.at DESC, e.message_id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await summariesOf(db, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.message_id) : null,
  };
}

async function entries(db: Db, userId: string, condition: string, params: unknown[]): Promise<EntryRow[]> {
  return db.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ${ENTRY_FROM} WHERE e.user_id = $1 AND e.deleted_at IS NULL AND ${condition}
      ORDER BY e.at, e.message_id`,
    [userId, ...params],
  );
}

async function viewOptions(db: Db, viewer: Viewer, now: Date, rows: readonly EntryRow[]) {
  const messageIds = rows.map((r) => r.message_id);
  const [settings, reported] = await Promise.all([
    messagingSettingsOf(db, [...new Set(rows.map((r) => r.uai))]),
    db.query<{ message_id: string }>(
      'SELECT message_id FROM message_reports WHERE reporter_id = $1 AND message_id = ANY($2::text[])',
      [viewer.id, messageIds],
    ),
  ]);
  return {
    now,
    recallMinutes: new Map([...settings].map(([uai, s]) => [uai, s.recallMinutes])),
    reported: new Set(reported.map((r) => r.message_id)),
  };
}

/** One message as the viewer holds it. */
export async function getMessage(ctx: MessagesContext, id: string): Promise<MessageView> {
  const rows = await entries(ctx.db, ctx.viewer.id, 'e.message_id = $2', [id]);
  if (rows.length === 0) throw notFound();
  const [view] = await viewsOf(ctx.db, rows, await viewOptions(ctx.db, ctx.viewer, ctx.now, rows));
  return view!;
}

/** The messages of a thread the viewer holds (drafts aside), oldest first; `asUserId` reads it as another holds it. */
export async function getThread(
  ctx: MessagesContext,
  threadId: string,
  asUserId?: string,
): Promise<ThreadView> {
  const userId = asUserId ?? ctx.viewer.id;
  const rows = await entries(ctx.db, userId, `e.thread_id = $2 AND e.box <> 'draft'`, [threadId]);
  if (rows.length === 0) throw notFound();
  const holder = asUserId ? { ...ctx.viewer, id: asUserId } : ctx.viewer;
  const messages = await viewsOf(ctx.db, rows, await viewOptions(ctx.db, holder, ctx.now, rows));
  return { id: threadId, subject: rows[0]!.subject, messages };
}

/** Checks that every id is a message of the viewer's mailbox (404 otherwise, as for any message out of reach). */
async function requireHeld(db: Db, viewer: Viewer, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM mailbox_entries
      WHERE user_id = $1 AND message_id = ANY($2::text[]) AND deleted_at IS NULL`,
    [viewer.id, unique],
  );
  if (row!.n !== unique.length) throw notFound();
  return unique;
}

/**
 * Read or unread marks; the first opening is the sender's read receipt ("lu par 18 / 24", published to the sender
 * with the marks) and stays even if marked unread again.
 */
export async function markMessages(
  ctx: MessagesContext,
  ids: readonly string[],
  read: boolean,
): Promise<number> {
  const { db, viewer, now } = ctx;
  const unique = await requireHeld(db, viewer, ids);
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ message_id: string; first: boolean }>(
      `UPDATE mailbox_entries SET read_at = CASE WHEN $3 THEN $4::timestamptz ELSE NULL END,
              seen_at = CASE WHEN $3 THEN coalesce(seen_at, $4::timestamptz) ELSE seen_at END
        WHERE user_id = $1 AND message_id = ANY($2::text[]) AND box = 'inbox' AND (read_at IS NULL) = $3
        RETURNING message_id, (seen_at = $4::timestamptz AND $3) AS first`,
      [viewer.id, unique, read, now],
    );
    if (rows.length === 0) return 0;
    const firstSeen = rows.filter((r) => r.first).map((r) => r.message_id);
    const senders = await tx.query<{ id: string; sender_id: string; uai: string }>(
      'SELECT id, sender_id, uai FROM messages WHERE id = ANY($1::text[])',
      [firstSeen],
    );
    const receipts = await receiptsOf(tx, firstSeen);
    const own: MessageNotice = {
      kind: 'mailbox',
      recipientIds: [viewer.id],
      payload: { messageIds: rows.map((r) => r.message_id) },
    };
    // One publication per établissement: its quiet hours hold the receipts of its senders.
    const byUai = new Map<string | null, MessageNotice[]>([[viewer.uai, [own]]]);
    for (const s of senders) {
      const r = receipts.get(s.id) ?? { read: 0, total: 0 };
      const list = byUai.get(s.uai) ?? [];
      list.push({ kind: 'read', recipientIds: [s.sender_id], payload: { messageId: s.id, ...r } });
      byUai.set(s.uai, list);
    }
    for (const [uai, notices] of byUai) await publishMessageNotices(ctx.live, tx, uai, notices);
    return rows.length;
  });
}

/** Moves messages: `inbox` (back to their own box), `trash`, or a personal folder. */
export async function moveMessages(
  ctx: MessagesContext,
  ids: readonly string[],
  folder: string,
): Promise<number> {
  const { db, viewer, now } = ctx;
  if (folder !== 'inbox' && folder !== 'trash' && (SYSTEM_FOLDERS as readonly string[]).includes(folder)) {
    throw invalid([
      {
        field: 'body.folder',
        message: 'Un message va dans la corbeille, un dossier personnel ou revient à sa place (inbox).',
      },
    ]);
  }
  const unique = await requireHeld(db, viewer, ids);
  let set: string;
  const params: unknown[] = [viewer.id, unique];
  if (folder === 'inbox') set = 'folder_id = NULL, trashed_at = NULL';
  else if (folder === 'trash') {
    params.push(now);
    set = 'trashed_at = coalesce(trashed_at, $3)';
  } else {
    await requireFolder(db, viewer, folder);
    params.push(folder);
    set = 'folder_id = $3, trashed_at = NULL';
  }
  const rows = await db.query(
    `UPDATE mailbox_entries SET ${set} WHERE user_id = $1 AND message_id = ANY($2::text[]) AND deleted_at IS NULL
      RETURNING 1`,
    params,
  );
  return rows.length;
}

/**
 * Removes messages from the trash for good. A draft goes entirely (with its attachments); a message others hold
 * stays for them; a message nobody holds any more (and nobody reported) is deleted with its attachments.
 */
export async function purgeMessages(ctx: MessagesContext, ids: readonly string[]): Promise<number> {
  const { db, viewer, now, files } = ctx;
  const unique = await requireHeld(db, viewer, ids);
  const removedFiles = await db.transaction(async (tx) => {
    const [outside] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mailbox_entries
        WHERE user_id = $1 AND message_id = ANY($2::text[]) AND trashed_at IS NULL`,
      [viewer.id, unique],
    );
    if (outside!.n > 0) {
      throw invalid([
        {
          field: 'body.ids',
          message: 'Seuls les messages de la corbeille peuvent être supprimés définitivement.',
        },
      ]);
    }
    await tx.query(
      `UPDATE mailbox_entries SET deleted_at = $3 WHERE user_id = $1 AND message_id = ANY($2::text[])`,
      [viewer.id, unique, now],
    );
    const orphans = await tx.query<{ id: string }>(
      `DELETE FROM messages m WHERE m.id = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM mailbox_entries e WHERE e.message_id = m.id AND e.deleted_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM message_reports r WHERE r.message_id = m.id)
          AND NOT EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = m.id)
        RETURNING m.id`,
      [unique],
    );
    if (orphans.length === 0) return [];
    const gone = await tx.query<{ id: string }>(
      'DELETE FROM files WHERE record_type = $1 AND record_id = ANY($2::text[]) RETURNING id',
      [MESSAGE_FILE_KIND, orphans.map((o) => o.id)],
    );
    return gone.map((g) => g.id);
  });
  for (const id of removedFiles) await files.delete(id);
  return unique.length;
}

export async function createFolder(
  ctx: MessagesContext,
  name: string,
): Promise<{ id: string; name: string }> {
  const { db, viewer, now } = ctx;
  return db.transaction(async (tx) => {
    const [count] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM message_folders WHERE user_id = $1',
      [viewer.id],
    );
    if (count!.n >= MAX_FOLDERS)
      throw conflict(`Vous avez déjà ${MAX_FOLDERS} dossiers : supprimez-en un d'abord.`);
    await requireFreeName(tx, viewer, name);
    const id = newId('fld');
    await tx.query('INSERT INTO message_folders (id, user_id, name, created_at) VALUES ($1, $2, $3, $4)', [
      id,
      viewer.id,
      name,
      now,
    ]);
    return { id, name };
  });
}

async function requireFreeName(db: Db, viewer: Viewer, name: string, except?: string): Promise<void> {
  const [taken] = await db.query(
    'SELECT 1 FROM message_folders WHERE user_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3',
    [viewer.id, name, except ?? null],
  );
  if (taken) throw invalid([{ field: 'body.name', message: 'Vous avez déjà un dossier de ce nom.' }]);
}

export async function renameFolder(
  ctx: MessagesContext,
  id: string,
  name: string,
): Promise<{ id: string; name: string }> {
  const { db, viewer } = ctx;
  await requireFolder(db, viewer, id);
  await requireFreeName(db, viewer, name, id);
  await db.query('UPDATE message_folders SET name = $2 WHERE id = $1', [id, name]);
  return { id, name };
}

/** Deletes a personal folder; its messages go back to their own box. */
export async function deleteFolder(ctx: MessagesContext, id: string): Promise<void> {
  await requireFolder(ctx.db, ctx.viewer, id);
  await ctx.db.query('DELETE FROM message_folders WHERE id = $1', [id]);
}

/** Who has opened a sent message: its sender only. */
export async function messageReceipts(ctx: MessagesContext, id: string): Promise<ReceiptsView> {
  const { db, viewer } = ctx;
  const [own] = await db.query(
    `SELECT 1 FROM mailbox_entries WHERE user_id = $1 AND message_id = $2 AND role = 'sender' AND deleted_at IS NULL`,
    [viewer.id, id],
  );
  if (!own) throw notFound();
  const rows = await db.query<{
    id: string;
    first_name: string;
    last_name: string;
    profile: ReceiptsView['recipients'][number]['profile'];
    role: 'to' | 'cc' | 'bcc';
    seen_at: Date | null;
  }>(
    `SELECT u.id, u.first_name, u.last_name, u.profile, e.role, e.seen_at
       FROM mailbox_entries e JOIN users u ON u.id = e.user_id
      WHERE e.message_id = $1 AND e.role <> 'sender'
      ORDER BY e.seen_at IS NULL, lower(u.last_name), lower(u.first_name), u.id`,
    [id],
  );
  return {
    read: rows.filter((r) => r.seen_at).length,
    total: rows.length,
    recipients: rows.map((r) => ({
      id: r.id,
      name: `${r.first_name} ${r.last_name.toLocaleUpperCase('fr-FR')}`,
      profile: r.profile,
      field: r.role,
      readAt: r.seen_at ? new Date(r.seen_at).toISOString() : null,
    })),
  };
}
