/**
 * Notification e-mails: the queue rows whose time has come are claimed (their due time is pushed back by a lease,
 * so a crash means a retry, and another process skips them), sent — one e-mail per message for "immediately",
 * one per person for the daily digest — and marked sent. Messages already opened in the ENT before a digest leaves
 * are left out of it. Bodies are plain text plus the stored HTML taken through the e-mail sanitizer; everything
 * else in the HTML part is escaped text.
 */
import type { Db } from '../db/types.js';
import type { Mail, Mailer } from './mailer.js';
import { escapeHtml, excerptOf, LINK_REL, mailHtml } from './sanitize.js';

const LEASE_MS = 10 * 60_000;
const MAX_ATTEMPTS = 5;
const PARALLEL = 4;

interface QueueRow {
  id: number;
  user_id: string;
  kind: 'immediate' | 'digest';
  email: string;
  first_name: string;
  message_id: string;
  subject: string;
  sender_name: string;
  body_html: string;
  body_text: string;
  no_reply: boolean;
  urgent: boolean;
  seen: boolean;
  sent_at: Date;
}

export interface MailRun {
  sent: number;
  skipped: number;
  failed: number;
}

/** Sends the notification e-mails due at `now` (at most `limit` queue rows). */
export async function sendDueMail(
  deps: { db: Db; mailer: Mailer; publicOrigin: string },
  now: Date,
  limit = 1000,
): Promise<MailRun> {
  const { db, mailer } = deps;
  const rows = await db.transaction(async (tx) => {
    const claimed = await tx.query<{ id: number }>(
      `UPDATE message_mail_queue SET attempts = attempts + 1, due_at = $2
        WHERE id IN (SELECT id FROM message_mail_queue
                      WHERE sent_at IS NULL AND due_at <= $1 AND attempts < $3
                      ORDER BY due_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, new Date(now.getTime() + LEASE_MS), MAX_ATTEMPTS, limit],
    );
    if (claimed.length === 0) return [];
    return tx.query<QueueRow>(
      `SELECT q.id, q.user_id, q.kind, p.email, u.first_name, q.message_id, m.subject, m.sender_name, m.body_html,
              m.body_text, m.no_reply, m.urgent, (e.seen_at IS NOT NULL) AS seen, m.sent_at
         FROM message_mail_queue q
         JOIN message_preferences p ON p.user_id = q.user_id
         JOIN users u ON u.id = q.user_id
         JOIN messages m ON m.id = q.message_id
         LEFT JOIN mailbox_entries e ON e.user_id = q.user_id AND e.message_id = q.message_id
        WHERE q.id = ANY($1::bigint[])
        ORDER BY q.user_id, m.sent_at, q.id`,
      [claimed.map((c) => c.id)],
    );
  });
  const run: MailRun = { sent: 0, skipped: 0, failed: 0 };
  const done: number[] = [];
  const batches: { ids: number[]; mail: Mail | null }[] = [];
  const digests = new Map<string, QueueRow[]>();
  for (const r of rows) {
    if (!r.email || r.seen) {
      batches.push({ ids: [Number(r.id)], mail: null });
    } else if (r.kind === 'immediate') {
      batches.push({ ids: [Number(r.id)], mail: immediateMail(r, deps.publicOrigin, now) });
    } else {
      digests.set(r.user_id, [...(digests.get(r.user_id) ?? []), r]);
    }
  }
  for (const list of digests.values()) {
    batches.push({ ids: list.map((r) => Number(r.id)), mail: digestMail(list, deps.publicOrigin, now) });
  }
  const deliver = async (batch: (typeof batches)[number]) => {
    if (!batch.mail) {
      run.skipped += batch.ids.length;
      done.push(...batch.ids);
      return;
    }
    try {
      await mailer.send(batch.mail);
      run.sent++;
      done.push(...batch.ids);
    } catch (err) {
      run.failed++;
      await db.query('UPDATE message_mail_queue SET last_error = $2 WHERE id = ANY($1::bigint[])', [
        batch.ids,
        String((err as Error).message).slice(0, 500),
      ]);
    }
  };
  // A few at a time: the transport's pool keeps that many connections open.
  for (let i = 0; i < batches.length; i += PARALLEL) {
    await Promise.all(batches.slice(i, i + PARALLEL).map(deliver));
  }
  if (done.length) {
    await db.query('UPDATE message_mail_queue SET sent_at = $2 WHERE id = ANY($1::bigint[])', [done, now]);
  }
  return run;
}

const FOOTER_TEXT =
  "Vous recevez ce courriel parce que vous avez demandé à être averti des nouveaux messages de l'ENT. " +
  'Pour ne plus en recevoir, changez vos préférences dans la messagerie.';

const HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

function wrapHtml(inner: string, origin: string): string {
  return (
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"></head><body>${inner}` +
    `<p><a href="${escapeHtml(origin)}/" rel="${LINK_REL}" target="_blank">Ouvrir la messagerie</a></p>` +
    `<p>${escapeHtml(FOOTER_TEXT)}</p></body></html>`
  );
}

function immediateMail(r: QueueRow, origin: string, now: Date): Mail {
  const urgent = r.urgent ? 'URGENT — ' : '';
  const replies = r.no_reply ? '\n(Les réponses à ce message sont désactivées.)' : '';
  return {
    to: r.email,
    date: now,
    headers: HEADERS,
    subject: `${urgent}${r.sender_name} : ${r.subject}`,
    text:
      `Bonjour ${r.first_name},\n\n${r.sender_name} vous a écrit.\n\nObjet : ${r.subject}\n\n${r.body_text}\n${replies}\n` +
      `— Ouvrir la messagerie : ${origin}/\n\n${FOOTER_TEXT}\n`,
    html: wrapHtml(
      `<p>Bonjour ${escapeHtml(r.first_name)},</p><p>${escapeHtml(r.sender_name)} vous a écrit.</p>` +
        `<p><strong>Objet :</strong> ${escapeHtml(r.subject)}</p><div>${mailHtml(r.body_html)}</div>` +
        (r.no_reply ? '<p>(Les réponses à ce message sont désactivées.)</p>' : ''),
      origin,
    ),
  };
}

function digestMail(list: QueueRow[], origin: string, now: Date): Mail {
  const first = list[0]!;
  const n = list.length;
  const title = n === 1 ? '1 nouveau message' : `${n} nouveaux messages`;
  const lines = list.map((r) => ({
    who: r.sender_name,
    subject: r.subject,
    excerpt: excerptOf(r.body_text, 240),
    urgent: r.urgent,
  }));
  return {
    to: first.email,
    date: now,
    headers: HEADERS,
    subject: `Messagerie de l'ENT : ${title}`,
    text:
      `Bonjour ${first.first_name},\n\nVoici les messages reçus depuis le dernier récapitulatif :\n\n` +
      lines
        .map((l) => `• ${l.urgent ? '[URGENT] ' : ''}${l.who} — ${l.subject}\n  ${l.excerpt}`)
        .join('\n\n') +
      `\n\n— Ouvrir la messagerie : ${origin}/\n\n${FOOTER_TEXT}\n`,
    html: wrapHtml(
      `<p>Bonjour ${escapeHtml(first.first_name)},</p><p>Voici les messages reçus depuis le dernier récapitulatif :</p><ul>` +
        lines
          .map(
            (l) =>
              `<li><strong>${l.urgent ? 'URGENT — ' : ''}${escapeHtml(l.who)}</strong> — ${escapeHtml(l.subject)}` +
              `<br>${escapeHtml(l.excerpt)}</li>`,
          )
          .join('') +
        '</ul>',
      origin,
    ),
  };
}
