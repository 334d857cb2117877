/**
 * What the user does to messages, in both modes: each action fires its cancelable event first (property mode's
 * host acts on it; `preventDefault()` keeps the screen as it was), then shows its effect at once and, in connected
 * mode, writes it through the save queue (rolled back with the server's message when refused). Live notices land
 * here too.
 */

import { randomKey } from '../base/random-key.js';
import {
  PreauMessageMarkEvent,
  PreauMessageMoveEvent,
  PreauMessageRecallEvent,
  PreauMessageReplyEvent,
  PreauMessageReportEvent,
  PreauMessagesNoticeEvent,
} from './messages.events.js';
import type { MessagesHost } from './messages.host.js';
import {
  type AttachmentView,
  asDraft,
  type ComposedDraft,
  choiceOf,
  type DraftView,
  emptyDraft,
  type MessageSummary,
  type MessageView,
} from './messages.types.js';

/** The subject of a reply: « RE : » once. */
export const replySubject = (subject: string) =>
  /^(re|tr)\s*:/i.test(subject) ? subject : `RE : ${subject}`;

export class MessageActions {
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: MessagesHost,
    /** Opens the composer with a draft (with the server's copy and its attachments in connected mode). */
    private readonly compose: (
      draft: ComposedDraft,
      server?: DraftView,
      attachments?: AttachmentView[],
    ) => void,
  ) {}

  /** The summaries shown with these ids (the element's own copies: changed in place, put back on refusal). */
  #summaries(ids: readonly string[]): MessageSummary[] {
    const set = new Set(ids);
    const found: MessageSummary[] = (this.host.view()?.messages ?? []).filter((m) => set.has(m.id));
    for (const m of this.host.thread()?.messages ?? []) if (set.has(m.id)) found.push(m);
    return found;
  }

  /** Moves unread counts of the mailbox by `delta` for messages of `folder`. */
  #count(folder: string, delta: number): void {
    const mailbox = this.host.mailbox();
    if (!mailbox) return;
    const f = mailbox.folders.find((x) => x.id === folder);
    if (f) f.unread = Math.max(0, f.unread + delta);
    if (folder === 'inbox') mailbox.unread = Math.max(0, mailbox.unread + delta);
  }

  mark(ids: string[], read: boolean): void {
    const host = this.host;
    if (host.emit(new PreauMessageMarkEvent({ ids, read })).defaultPrevented) return;
    const changed = this.#summaries(ids).filter((m) => m.read !== read);
    const apply = (value: boolean) => {
      const seen = new Set<string>();
      for (const m of changed) {
        m.read = value;
        if (seen.has(m.id)) continue;
        seen.add(m.id);
        this.#count(m.folder, value ? -1 : 1);
      }
      host.requestUpdate();
    };
    if (!host.src) {
      apply(read);
      return;
    }
    host.saves.enqueue({
      method: 'POST',
      path: host.path('mark'),
      body: { ids, read },
      apply: () => apply(read),
      rollback: () => apply(!read),
      // A read of the mailbox that crossed this write (the stream opening) is corrected.
      saved: () => this.refreshSoon(),
    });
  }

  move(ids: string[], folder: string): void {
    const host = this.host;
    if (host.emit(new PreauMessageMoveEvent({ ids, folder })).defaultPrevented) return;
    const view = host.view();
    if (!view) return;
    const before = view.messages;
    const set = new Set(ids);
    const previous = new Map(before.filter((m) => set.has(m.id)).map((m) => [m.id, m.folder]));
    const apply = () => {
      if (host.src) view.messages = before.filter((m) => !set.has(m.id));
      else for (const m of before) if (set.has(m.id)) m.folder = folder;
      if (host.selectedId && set.has(host.selectedId)) host.closeReader();
      host.changedMessages();
    };
    if (!host.src) {
      apply();
      return;
    }
    host.saves.enqueue({
      method: 'POST',
      path: host.path('move'),
      body: { ids, folder },
      apply,
      rollback: () => {
        view.messages = before;
        for (const m of before) if (previous.has(m.id)) m.folder = previous.get(m.id)!;
        host.requestUpdate();
      },
      saved: () => this.refreshSoon(),
    });
    host.trackUsage('courrier_electronique', 'message-move');
  }

  async reply(m: MessageView, all: boolean): Promise<void> {
    const host = this.host;
    if (host.emit(new PreauMessageReplyEvent({ messageId: m.id, all })).defaultPrevented) return;
    if (host.src) {
      try {
        const draft = asDraft(
          await host
            .apiFor(host.src)
            .post(host.path('drafts'), { replyTo: m.id, replyAll: all, clientKey: randomKey() }),
        );
        if (draft) this.compose(draftFromView(draft, m.id), draft, draft.attachments);
      } catch (error) {
        host.status.error(error);
      }
      return;
    }
    const others = all ? m.addressees.filter((a) => a.field !== 'bcc').map(choiceOf) : [];
    this.compose({
      ...emptyDraft(),
      replyTo: m.id,
      subject: replySubject(m.subject),
      to: [{ kind: 'user', id: m.from.id, label: m.from.name }],
      cc: others,
    });
  }

  async recall(m: MessageView): Promise<void> {
    const host = this.host;
    if (host.emit(new PreauMessageRecallEvent({ messageId: m.id })).defaultPrevented) return;
    if (!host.src) {
      m.folder = 'drafts';
      for (const s of this.#summaries([m.id])) s.folder = 'drafts';
      host.closeReader();
      host.changedMessages();
      host.status.success(host.msg('recalled'));
      return;
    }
    try {
      const draft = asDraft(
        await host.apiFor(host.src).post(host.path(`items/${encodeURIComponent(m.id)}/recall`)),
      );
      host.status.success(host.msg('recalled'));
      host.trackUsage('courrier_electronique', 'message-recall');
      // The message is a draft again: its conversation is gone from the sender's folders.
      host.closeReader(false);
      await host.refresh();
      if (draft) this.compose(draftFromView(draft, null), draft, draft.attachments);
    } catch (error) {
      host.status.error(error);
    }
  }

  async report(m: MessageView, reason: string): Promise<boolean> {
    const host = this.host;
    if (host.emit(new PreauMessageReportEvent({ messageId: m.id, reason })).defaultPrevented) return false;
    try {
      if (host.src)
        await host.apiFor(host.src).post(host.path(`items/${encodeURIComponent(m.id)}/report`), { reason });
      m.reported = true;
      host.status.success(host.msg('reportDone'));
      host.trackUsage('courrier_electronique', 'message-report');
      return true;
    } catch (error) {
      host.status.error(error);
      return false;
    }
  }

  /** Reads the mailbox again soon: a burst of notices (a class's parents reading) costs one reload. */
  refreshSoon(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.host.refresh(), 150);
  }

  stop(): void {
    clearTimeout(this.#refreshTimer);
  }

  /** A live notice of the messages area. */
  notice(kind: string, payload: unknown): void {
    const host = this.host;
    const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
    host.emit(new PreauMessagesNoticeEvent({ kind, payload: p }));
    const id = typeof p.messageId === 'string' ? p.messageId : '';
    switch (kind) {
      case 'messages.received':
        host.status.info(host.msg('liveNew', { from: p.fromName ?? '', subject: p.subject ?? '' }));
        break;
      case 'messages.read':
        for (const m of this.#summaries([id]))
          m.receipts = { read: Number(p.read) || 0, total: Number(p.total) || 0 };
        host.requestUpdate();
        break;
      case 'messages.recalled': {
        const view = host.view();
        if (view) view.messages = view.messages.filter((m) => m.id !== id);
        if (host.selectedId === id) host.closeReader();
        host.changedMessages();
        host.status.info(host.msg('liveRecalled'));
        break;
      }
    }
    this.refreshSoon();
  }
}

/** The composer's copy of a server draft. */
export function draftFromView(
  d: NonNullable<ReturnType<typeof asDraft>>,
  replyTo: string | null,
): ComposedDraft {
  return {
    id: d.id,
    replyTo: replyTo ?? d.parentId,
    subject: d.subject,
    body: d.bodyHtml,
    to: d.to.map(choiceOf),
    cc: d.cc.map(choiceOf),
    bcc: d.bcc.map(choiceOf),
    attachmentIds: d.attachments.map((a) => a.id),
    noReply: d.noReply,
    urgent: d.urgent,
    sendAt: d.sendAt,
  };
}
