import { searchKey } from '@preau/core/text';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { apiBaseFrom } from '../base/api-client.js';
import { defineElement } from '../base/define.js';
import { parisDay } from '../base/i18n.js';
import { LiveController } from '../base/live.js';
import { LoadController } from '../base/load.js';
import { PreauElement } from '../base/preau-element.js';
import { SaveQueue } from '../base/save-queue.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import { touchLinkStyles } from '../base/touch-links.styles.js';
import { textToHtml } from './body.js';
import { ComposerModule } from './composer.view.js';
import { renderFolders, renderToolbar } from './folders.view.js';
import { ListModule } from './list.view.js';
import { draftFromView, MessageActions } from './messages.actions.js';
import { PreauFolderSelectEvent, PreauMessageOpenEvent, PreauMessageSearchEvent } from './messages.events.js';
import type { MessagesHost, MessagesPane } from './messages.host.js';
import { type MessagesMessageKey, messagesMessages } from './messages.messages.js';
import { messagesStyles } from './messages.styles.js';
import {
  type AttachmentView,
  asDraft,
  asMessagesData,
  type ComposedDraft,
  type DraftView,
  type MailboxView,
  type MessageListView,
  type MessageSummary,
  type MessagesData,
  type ThreadView,
} from './messages.types.js';
import { ReaderModule } from './reader.view.js';

export * from './messages.events.js';

/** The id of a line of an untrusted page, if it has one. */
const idOf = (m: unknown): string | undefined =>
  m && typeof m === 'object' && typeof (m as { id?: unknown }).id === 'string'
    ? (m as { id: string }).id
    : undefined;

export type * from './messages.types.js';

const NOTICES = [
  'messages.received',
  'messages.read',
  'messages.recalled',
  'messages.mailbox',
  'messages.reported',
];
const SYSTEM_FOLDERS = ['inbox', 'sent', 'drafts', 'scheduled', 'trash'] as const;
const PAGE = 50;

/**
 * The messagerie: folders with their unread counts, the message list (virtualized for big mailboxes), the
 * reading pane with the conversation, and the composer (recipient picker, attachments, drafts saved as one types,
 * deferred send). One column on a phone, three on a wide screen.
 *
 * Property mode: set `.data` (`{ mailbox, messages, threads, recipients }`, the API's views from `@preau/core`)
 * and listen to the events. Connected mode: `src="/api/v1/messages"`; the element reads, writes and follows the
 * live stream (`/api/v1/messages/stream`): a new message, a read receipt or a recall shows at once.
 *
 * @tagname preau-messages
 * @fires preau-folder-select - A folder was chosen; cancelable. `detail: { folder }`.
 * @fires preau-message-open - A message was opened; cancelable. `detail: { messageId, threadId }`.
 * @fires preau-message-mark - Messages marked read or unread; cancelable. `detail: { ids, read }`.
 * @fires preau-message-move - Messages moved (trash, a folder); cancelable. `detail: { ids, folder }`.
 * @fires preau-message-search - A search; cancelable. `detail: { query }`.
 * @fires preau-draft-save - The composer's content, saved as one types; cancelable. `detail: { draft }`.
 * @fires preau-message-send - A message sent or scheduled; cancelable. `detail: { draft, files }`.
 * @fires preau-message-reply - A reply asked for; cancelable. `detail: { messageId, all }`.
 * @fires preau-message-recall - A message recalled; cancelable. `detail: { messageId }`.
 * @fires preau-message-report - A message reported to the direction; cancelable. `detail: { messageId, reason }`.
 * @fires preau-messages-notice - Connected mode: a live notice arrived. `detail: { kind, payload }`.
 * @csspart base - The whole layout.
 * @csspart toolbar - New message, search, board-mode toggle; on a phone reading a message: back, new message, toggle.
 * @csspart compose - The new-message button.
 * @csspart search - The search form.
 * @csspart board-toggle - The board-mode button.
 * @csspart folders - The folder list.
 * @csspart folder - One folder's button.
 * @csspart unread-count - A folder's unread count.
 * @csspart list-pane - The list's column.
 * @csspart list - The message list (a grid, virtualized).
 * @csspart list-empty - The empty folder's message.
 * @csspart message - One message's line in the list.
 * @csspart reader-pane - The reading or writing column.
 * @csspart reader - The conversation opened.
 * @csspart back - The phone layout's way back to the list.
 * @csspart thread-message - One message of the conversation.
 * @csspart body - A message's body.
 * @csspart body-link - A link in a body (opens in a new tab, without referrer).
 * @csspart remote-image - A remote image left unloaded.
 * @csspart images-note - The notice of remote images, with « Afficher les images ».
 * @csspart receipts - « lu par 18 / 24 ».
 * @csspart attachments - A message's attachments.
 * @csspart message-actions - Reply, reply all, mark unread, delete, recall, report.
 * @csspart recall - The recall button.
 * @csspart report-form - The report's reason.
 * @csspart composer - The composer.
 * @csspart recipients-to - The recipients (also `recipients-cc`, `recipients-bcc`).
 * @csspart recipient-options - The picker's options.
 * @csspart recipient-option - One option of the picker.
 * @csspart quiet-hours - The notice of a message held by quiet hours.
 * @csspart send - The send button.
 * @csspart status - The polite message region.
 * @csspart alert - The error message region.
 * @csspart loading - The loading line (connected mode).
 * @csspart load-error - A load error with its retry button.
 * @cssprop --preau-messages-height - Height of the list and reading panes (default 34em).
 * @cssprop --preau-messages-unread - Colour of unread messages' marker.
 */
export class PreauMessages extends PreauElement implements MessagesHost {
  static override styles = [
    PreauElement.styles,
    controlStyles,
    statusStyles,
    touchLinkStyles,
    messagesStyles,
  ];

  /** Connected mode: the API's messaging root, `/api/v1/messages`. */
  @property() src = '';
  /** Property mode: the mailbox, its messages, the conversations that can be opened, the picker's options. */
  @property({ attribute: false }) data: MessagesData | null = null;
  /** The folder shown: a system folder (`inbox`, `sent`, `drafts`, `scheduled`, `trash`) or a personal one's id. */
  @property({ reflect: true }) folder = 'inbox';

  /** The message opened in the reading pane (its id); set it to open one (a link from a notification). */
  @property({ attribute: 'selected', reflect: true }) selectedId: string | null = null;

  @state() query = '';
  @state() pane: MessagesPane = 'list';

  readonly status = new StatusController(this);
  readonly composer: ComposerModule = new ComposerModule(this);
  readonly saves = new SaveQueue(this, {
    onError: (e) => this.status.error(e),
    flushHeld: () => this.composer.flush(),
    hasHeld: () => this.composer.hasHeld(),
  });
  readonly actions: MessageActions = new MessageActions(this, (draft, server, files) =>
    this.openComposer(draft, server, files),
  );
  readonly list: ListModule = new ListModule(this);
  readonly reader: ReaderModule = new ReaderModule(this, this.actions);

  #view: MessagesData | null = null;
  #items: { key: unknown[]; items: MessageSummary[] } = { key: [], items: [] };
  #version = 0;
  #mailbox: MailboxView | null = null;
  #messages: unknown[] = [];
  #threads = new Map<string, ThreadView>();
  #threadId: string | null = null;
  /** The message `openMessage` opened (whose conversation is `#threadId`). */
  #openedId: string | null = null;
  #cursor: string | null = null;
  /** The list the loaded pages belong to. */
  #listUrl = '';
  #focus: string | null = null;
  /** The server's time minus the element's clock, when the data said what time it was. */
  #offset = 0;

  readonly mailboxLoad: LoadController<MailboxView> = new LoadController<MailboxView>(this, {
    url: () => (this.src ? this.path('mailbox') : null),
    // What waits in the save queue (a read mark) is sent first, so that the answer counts it.
    before: () => this.saves.settled(),
    onData: (mailbox) => {
      this.#mailbox = mailbox;
      this.#assemble();
      this.trackUsage('courrier_electronique', 'mailbox-open');
    },
  });
  readonly listLoad: LoadController<MessageListView> = new LoadController<MessageListView>(this, {
    url: () => (this.src ? this.#listPath() : null),
    before: () => this.saves.settled(),
    onData: (page, url) => {
      const items: unknown[] = Array.isArray(page?.items) ? page.items : [];
      const cursor = typeof page?.nextCursor === 'string' ? page.nextCursor : null;
      // The same list read again (a live notice): the pages read beyond the first stay, after its last line.
      const last = this.#listUrl === url && cursor ? idOf(items.at(-1)) : undefined;
      const at = last ? this.#messages.findIndex((m) => idOf(m) === last) : -1;
      const ids = new Set(items.map(idOf));
      const kept = at >= 0 ? this.#messages.slice(at + 1).filter((m) => !ids.has(idOf(m))) : [];
      if (kept.length === 0) this.#cursor = cursor;
      this.#messages = [...items, ...kept];
      this.#listUrl = url;
      this.#assemble();
    },
  });
  readonly threadLoad: LoadController<ThreadView> = new LoadController<ThreadView>(this, {
    url: () => {
      const id = this.#thread();
      return this.src && id && this.pane === 'reader' ? this.path(`threads/${encodeURIComponent(id)}`) : null;
    },
    onData: (thread) => {
      const id = this.#thread();
      if (id) this.#threads.set(id, thread);
      this.#assemble();
    },
  });
  readonly live = new LiveController(this, {
    url: () => (this.src ? this.path('stream') : null),
    events: Object.fromEntries(NOTICES.map((kind) => [kind, (p: unknown) => this.actions.notice(kind, p)])),
    onState: (state, previous) => {
      if (state === 'reconnecting') this.status.info(this.baseMessage('liveReconnecting'));
      else if (state === 'open' && previous === 'idle') void this.refresh();
      else if (state === 'open' && this.status.message?.title === this.baseMessage('liveReconnecting'))
        this.status.clear();
    },
  });

  msg(key: MessagesMessageKey, vars?: Record<string, unknown>): string {
    return this.t(messagesMessages, key, vars);
  }

  path(rel: string): string {
    const root = this.src.replace(/[?#].*$/, '').replace(/\/+$/, '');
    return rel.startsWith('?') ? `${root}${rel}` : `${root}/${rel}`;
  }

  fileUrl(id: string): string {
    return `${apiBaseFrom(this.src)}/files/${encodeURIComponent(id)}`;
  }

  #listPath(): string {
    const q = this.query
      ? `q=${encodeURIComponent(this.query)}`
      : `folder=${encodeURIComponent(this.folder)}`;
    return this.path(`?${q}&limit=${PAGE}`);
  }

  /** Connected mode: what was loaded, as the data every view reads. */
  #assemble(): void {
    this.data = this.#mailbox
      ? ({
          mailbox: this.#mailbox,
          messages: this.#messages,
          threads: [...this.#threads.values()],
        } as MessagesData)
      : null;
  }

  async #loadMore(): Promise<void> {
    if (!this.src || !this.#cursor || this.list.loadingMore) return;
    this.list.loadingMore = true;
    this.requestUpdate();
    const path = `${this.#listPath()}&cursor=${encodeURIComponent(this.#cursor)}`;
    try {
      const page = await this.apiFor(this.src).get<MessageListView>(path);
      if (path.startsWith(this.#listPath())) {
        this.#cursor = typeof page?.nextCursor === 'string' ? page.nextCursor : null;
        this.#messages = [...this.#messages, ...(Array.isArray(page?.items) ? page.items : [])];
        this.#assemble();
      }
    } catch (error) {
      this.status.error(error);
    } finally {
      this.list.loadingMore = false;
      this.requestUpdate();
    }
  }

  /** The conversation of the message opened. */
  #thread(): string | null {
    if (!this.selectedId) return null;
    return this.#threadId ?? this.items().find((m) => m.id === this.selectedId)?.threadId ?? this.selectedId;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('data')) {
      this.#view = asMessagesData(this.data);
      const serverNow = this.#view?.mailbox.now;
      if (serverNow) this.#offset = Date.parse(serverNow) - this.clock().getTime();
    }
    if (changed.has('selectedId')) {
      if (typeof this.selectedId !== 'string' || !this.selectedId) this.selectedId = null;
      if (this.selectedId !== this.#openedId) this.#threadId = null;
      if (this.selectedId && this.pane === 'list') this.pane = 'reader';
      if (!this.selectedId && this.pane === 'reader') this.pane = 'list';
    }
    if (changed.has('src')) {
      this.#threads.clear();
      this.#mailbox = null;
      this.#messages = [];
      this.#cursor = null;
    }
    // Asked for from `updated()`: the next page's request starts after this update, not inside it.
    this.list.more = this.src ? () => queueMicrotask(() => void this.#loadMore()) : null;
    this.list.hasMore = Boolean(this.src && this.#cursor);
  }

  protected override updated(): void {
    this.live.sync();
    this.list.updated();
    if (this.#focus) {
      this.renderRoot.querySelector<HTMLElement>(this.#focus)?.focus();
      this.#focus = null;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.actions.stop();
    this.composer.stop();
  }

  view(): MessagesData | null {
    return this.#view;
  }

  mailbox(): MailboxView | null {
    return this.#view?.mailbox ?? null;
  }

  /** Property mode's lists change in place (a message moved): the list is worked out again. */
  changedMessages(): void {
    this.#version++;
    this.requestUpdate();
  }

  items(): MessageSummary[] {
    const view = this.#view;
    if (!view) return [];
    const key = [view, view.messages, this.folder, this.query, this.#version, this.src];
    if (key.every((k, i) => k === this.#items.key[i])) return this.#items.items;
    let items = view.messages;
    if (!this.src) {
      const words = searchKey(this.query).split(' ').filter(Boolean);
      items = words.length
        ? items.filter((m) => {
            if (m.folder === 'trash') return false;
            const text = searchKey(`${m.subject} ${m.excerpt} ${m.from.name} ${m.to.join(' ')}`);
            return words.every((w) => text.includes(w));
          })
        : items.filter((m) => m.folder === this.folder);
      items = [...items].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    }
    this.#items = { key, items };
    return items;
  }

  thread(): ThreadView | null {
    if (!this.#view || !this.selectedId) return null;
    const id = this.#thread();
    return (
      this.#view.threads?.find((t) => t.id === id) ??
      this.#view.threads?.find((t) => t.messages.some((m) => m.id === this.selectedId)) ??
      null
    );
  }

  folderName(id: string): string {
    if ((SYSTEM_FOLDERS as readonly string[]).includes(id)) return this.msg(id as MessagesMessageKey);
    return this.mailbox()?.folders.find((f) => f.id === id)?.name ?? id;
  }

  now(): Date {
    return new Date(this.clock().getTime() + this.#offset);
  }

  when(iso: string): string {
    if (!iso) return '';
    const today = parisDay(this.now());
    return parisDay(iso) === today
      ? this.formatDate(iso, { timeStyle: 'short' })
      : this.formatDate(iso, {
          day: 'numeric',
          month: 'short',
          year: iso.slice(0, 4) === today.slice(0, 4) ? undefined : 'numeric',
        });
  }

  selectFolder(id: string): void {
    if (this.emit(new PreauFolderSelectEvent({ folder: id })).defaultPrevented) return;
    this.folder = id;
    this.query = '';
    this.#cursor = null;
    this.closeReader(false);
    this.list.reset();
  }

  search(query: string): void {
    if (this.emit(new PreauMessageSearchEvent({ query })).defaultPrevented) return;
    this.query = query;
    this.#cursor = null;
    this.closeReader(false);
    this.list.reset();
    if (query) this.trackUsage('courrier_electronique', 'search');
  }

  openMessage(m: MessageSummary): void {
    if (this.emit(new PreauMessageOpenEvent({ messageId: m.id, threadId: m.threadId })).defaultPrevented)
      return;
    this.trackUsage('courrier_electronique', 'message-open');
    if (m.state === 'draft') return void this.#reopenDraft(m);
    this.selectedId = m.id;
    this.#openedId = m.id;
    this.#threadId = m.threadId;
    this.composer.open = false;
    this.pane = 'reader';
    this.#focus = '#reader-title';
    if (!m.read && m.folder !== 'sent') this.actions.mark([m.id], true);
  }

  async #reopenDraft(m: MessageSummary): Promise<void> {
    if (!this.src) return this.openComposer({ ...draftOf(m) });
    try {
      const d = asDraft(await this.apiFor(this.src).get(this.path(`drafts/${encodeURIComponent(m.id)}`)));
      if (d) this.openComposer(draftFromView(d, null), d, d.attachments);
    } catch (error) {
      this.status.error(error);
    }
  }

  closeReader(focusList = true): void {
    this.selectedId = null;
    this.#threadId = null;
    this.reader.reportFor = null;
    if (this.pane === 'reader') this.pane = 'list';
    if (focusList) this.list.nav.focusActive();
  }

  openComposer(draft?: ComposedDraft, server?: DraftView | null, attachments?: AttachmentView[]): void {
    this.composer.start(draft, server ?? null, attachments ?? []);
    this.pane = 'composer';
    this.#focus = '#to-input';
  }

  closeComposer(): void {
    this.pane = this.selectedId ? 'reader' : 'list';
    if (this.src) void this.refresh();
    this.requestUpdate();
  }

  async refresh(): Promise<void> {
    if (!this.src) return;
    await Promise.all([
      this.mailboxLoad.reload({ quiet: true }),
      this.listLoad.reload({ quiet: true }),
      this.pane === 'reader' ? this.threadLoad.reload({ quiet: true }) : Promise.resolve(),
    ]);
  }

  #readingPane(): TemplateResult {
    if (this.composer.open) return this.composer.render();
    const selected = this.selectedId
      ? (this.items().find((m) => m.id === this.selectedId) ??
        this.thread()?.messages.find((m) => m.id === this.selectedId))
      : undefined;
    if (!selected) return html`<p class="hint placeholder">${this.msg('noSelection')}</p>`;
    return html`${this.threadLoad.render()}${this.reader.render(selected)}`;
  }

  protected override render(): TemplateResult {
    const view = this.#view;
    const fallback =
      this.src || view
        ? nothing
        : html`<p class="hint">${this.msg(this.data === null || this.data === undefined ? 'empty' : 'loadError')}</p>`;
    return html`<div part="base" class="layout" data-pane=${this.pane}>
      <div class="messages-status">${this.status.render()}${this.mailboxLoad.render()}</div>
      ${
        view
          ? html`${renderToolbar(this)}
              ${renderFolders(this)}
              <section class="list-pane" part="list-pane">${this.listLoad.render()}${this.list.render()}</section>
              <section class="reader-pane" part="reader-pane">${this.#readingPane()}</section>`
          : fallback
      }
    </div>`;
  }
}

/** A draft known only by its line in the list (property mode). */
function draftOf(m: MessageSummary): ComposedDraft {
  return {
    id: m.id,
    replyTo: null,
    subject: m.subject,
    body: textToHtml(m.excerpt),
    to: [],
    cc: [],
    bcc: [],
    attachmentIds: [],
    noReply: m.noReply,
    urgent: m.urgent,
    sendAt: m.sendAt,
  };
}

defineElement('preau-messages', PreauMessages);

declare global {
  interface HTMLElementTagNameMap {
    'preau-messages': PreauMessages;
  }
}
