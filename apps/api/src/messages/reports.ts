/**
 * Reports to the direction: a recipient flags a message (abuse, harassment…); the direction of the message's
 * établissement lists the reports, reads the thread exactly as the person who reported it sees it, and closes
 * the report with a note.
 */
import type { ReportDetailView, ReportView } from '@preau/core';
import { conflict, notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import { requireMessagingDirection } from '../policies/messages.js';
import type { MessagesContext } from './drafts.js';
import { getThread } from './mailbox.js';
import { publishMessageNotices } from './notices.js';

interface ReportRow {
  id: string;
  uai: string;
  message_id: string;
  thread_id: string;
  subject: string;
  reporter_id: string;
  reporter_name: string;
  reporter_profile: ReportView['reporter']['profile'];
  sender_id: string;
  sender_name: string;
  sender_profile: ReportView['sender']['profile'];
  reason: string;
  state: 'open' | 'closed';
  created_at: Date;
  closed_at: Date | null;
  note: string | null;
}

const REPORT_SELECT = `SELECT r.id, r.uai, r.message_id, m.thread_id, m.subject, r.reporter_id,
    ru.first_name || ' ' || upper(ru.last_name) AS reporter_name, ru.profile AS reporter_profile,
    m.sender_id, m.sender_name, su.profile AS sender_profile, r.reason, r.state, r.created_at, r.closed_at, r.note
  FROM message_reports r JOIN messages m ON m.id = r.message_id
  JOIN users ru ON ru.id = r.reporter_id JOIN users su ON su.id = m.sender_id`;

const toView = (r: ReportRow): ReportView => ({
  id: r.id,
  uai: r.uai,
  messageId: r.message_id,
  threadId: r.thread_id,
  subject: r.subject,
  reporter: { id: r.reporter_id, name: r.reporter_name, profile: r.reporter_profile },
  sender: { id: r.sender_id, name: r.sender_name, profile: r.sender_profile },
  reason: r.reason,
  state: r.state,
  createdAt: new Date(r.created_at).toISOString(),
  closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  note: r.note,
});

/**
 * A recipient reports a message they received (once); reporting counts as having opened it. The direction of the
 * message's établissement hears of it live.
 */
export async function reportMessage(
  ctx: MessagesContext,
  messageId: string,
  reason: string,
): Promise<ReportView> {
  const { db, viewer, now } = ctx;
  const id = newId('rpt');
  await db.transaction(async (tx) => {
    const [held] = await tx.query<{ uai: string }>(
      `SELECT m.uai FROM mailbox_entries e JOIN messages m ON m.id = e.message_id
        WHERE e.user_id = $1 AND e.message_id = $2 AND e.role <> 'sender' AND e.deleted_at IS NULL`,
      [viewer.id, messageId],
    );
    if (!held) throw notFound();
    const [dup] = await tx.query('SELECT 1 FROM message_reports WHERE message_id = $1 AND reporter_id = $2', [
      messageId,
      viewer.id,
    ]);
    if (dup) throw conflict('Vous avez déjà signalé ce message à la direction.');
    await tx.query(
      `INSERT INTO message_reports (id, uai, message_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, held.uai, messageId, viewer.id, reason, now],
    );
    await tx.query(
      `UPDATE mailbox_entries SET seen_at = coalesce(seen_at, $3) WHERE user_id = $1 AND message_id = $2`,
      [viewer.id, messageId, now],
    );
    const direction = await tx.query<{ id: string }>(
      `SELECT id FROM users WHERE uai = $1 AND profile = 'direction' AND disabled_at IS NULL`,
      [held.uai],
    );
    await publishMessageNotices(ctx.live, tx, held.uai, [
      {
        kind: 'reported',
        recipientIds: direction.map((d) => d.id),
        payload: { reportId: id, uai: held.uai },
      },
    ]);
  });
  const [row] = await db.query<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
  return toView(row!);
}

export async function listReports(
  ctx: MessagesContext,
  uai: string,
  state: 'open' | 'closed' | undefined,
): Promise<ReportView[]> {
  await requireMessagingDirection(ctx, uai);
  const rows = await ctx.db.query<ReportRow>(
    `${REPORT_SELECT} WHERE r.uai = $1 AND ($2::text IS NULL OR r.state = $2) ORDER BY r.created_at DESC, r.id LIMIT 500`,
    [uai, state ?? null],
  );
  return rows.map(toView);
}

async function reportFor(ctx: MessagesContext, id: string): Promise<ReportRow> {
  const [row] = await ctx.db.query<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
  if (!row) throw notFound();
  await requireMessagingDirection(ctx, row.uai);
  return row;
}

/** The report and the thread as its reporter sees it. */
export async function getReport(ctx: MessagesContext, id: string): Promise<ReportDetailView> {
  const row = await reportFor(ctx, id);
  return { report: toView(row), thread: await getThread(ctx, row.thread_id, row.reporter_id) };
}

export async function updateReport(
  ctx: MessagesContext,
  id: string,
  input: { state: 'open' | 'closed'; note?: string | null },
): Promise<ReportView> {
  await reportFor(ctx, id);
  const closed = input.state === 'closed';
  await ctx.db.query(
    `UPDATE message_reports SET state = $2, note = $3, closed_by = $4, closed_at = $5 WHERE id = $1`,
    [id, input.state, input.note?.trim() || null, closed ? ctx.viewer.id : null, closed ? ctx.now : null],
  );
  const [row] = await ctx.db.query<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
  return toView(row!);
}
