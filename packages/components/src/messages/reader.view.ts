/**
 * The reading pane: the conversation of the message opened, oldest first, each body built from its sanitized HTML
 * (`body.ts`), with the actions of the message opened — reply, reply all, mark unread, delete, report to the
 * direction; for one's own sent messages the read receipt (« lu par 18 / 24 ») and, while nobody has read it, recall.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { renderBody } from './body.js';
import type { MessageActions } from './messages.actions.js';
import type { MessagesHost } from './messages.host.js';
import type { AddresseeView, MessageSummary, MessageView } from './messages.types.js';

interface CachedBody {
  el: HTMLElement;
  remoteImages: number;
}

export class ReaderModule {
  /** Messages whose remote images the reader chose to see. */
  readonly showImages = new Set<string>();
  /** The message whose report form is open. */
  reportFor: string | null = null;
  #bodies = new Map<string, CachedBody>();
  #source: unknown;

  constructor(
    private readonly host: MessagesHost,
    private readonly actions: MessageActions,
  ) {}

  /** Built once per message and choice of images; rebuilt when the data changes. */
  #body(m: MessageView): CachedBody {
    const key = `${m.id}|${this.showImages.has(m.id)}|${m.bodyHtml.length}`;
    let cached = this.#bodies.get(key);
    if (!cached) {
      const { fragment, remoteImages } = renderBody(m.bodyHtml, { showImages: this.showImages.has(m.id) });
      const el = document.createElement('div');
      el.className = 'body touch-links';
      el.setAttribute('part', 'body');
      el.append(fragment);
      cached = { el, remoteImages };
      this.#bodies.set(key, cached);
    }
    return cached;
  }

  #addressees(list: AddresseeView[], field: 'to' | 'cc' | 'bcc'): TemplateResult | typeof nothing {
    const host = this.host;
    const of = list.filter((a) => a.field === field);
    if (!of.length) return nothing;
    const label = (a: AddresseeView) =>
      a.kind === 'group' && a.memberCount !== null
        ? `${a.label} (${host.msg('people', { count: a.memberCount })})`
        : a.label;
    return html`<p class="meta"><span class="label">${host.msg(field)} :</span> ${of.map(label).join(', ')}</p>`;
  }

  #actions(m: MessageView): TemplateResult {
    const host = this.host;
    const a = this.actions;
    const own = m.folder === 'sent' || m.receipts !== null;
    const now = host.now().getTime();
    const recallable =
      m.recallableUntil && Date.parse(m.recallableUntil) > now && (m.receipts?.read ?? 0) === 0;
    return html`<div class="actions" part="message-actions">
        ${m.canReply ? html`<button type="button" class="button" @click=${() => a.reply(m, false)}>${host.msg('reply')}</button>` : nothing}
        ${m.canReplyAll ? html`<button type="button" class="button" @click=${() => a.reply(m, true)}>${host.msg('replyAll')}</button>` : nothing}
        ${!own ? html`<button type="button" class="button" @click=${() => a.mark([m.id], false)}>${host.msg('markUnread')}</button>` : nothing}
        ${m.folder !== 'trash' ? html`<button type="button" class="button" @click=${() => a.move([m.id], 'trash')}>${host.msg('delete')}</button>` : nothing}
        ${recallable ? html`<button type="button" class="button" part="recall" @click=${() => a.recall(m)}>${host.msg('recall')}</button>` : nothing}
        ${
          !own && !m.reported && this.reportFor !== m.id
            ? html`<button type="button" class="button" @click=${() => this.#openReport(m.id)}>${host.msg('report')}</button>`
            : nothing
        }
      </div>
      ${
        recallable
          ? html`<p class="hint">${host.msg('recallUntil', { time: host.formatDate(m.recallableUntil!, { timeStyle: 'short' }) })}</p>`
          : nothing
      }
      ${m.reported ? html`<p class="hint">${host.msg('reported')}</p>` : nothing}
      ${this.reportFor === m.id ? this.#reportForm(m) : nothing}`;
  }

  #openReport(id: string): void {
    this.reportFor = id;
    this.host.requestUpdate();
  }

  #reportForm(m: MessageView): TemplateResult {
    const host = this.host;
    const submit = async (event: SubmitEvent) => {
      event.preventDefault();
      const reason = ((event.target as HTMLFormElement).elements.namedItem('reason') as HTMLTextAreaElement)
        .value;
      if (await this.actions.report(m, reason.trim())) this.reportFor = null;
      host.requestUpdate();
    };
    return html`<form class="report" part="report-form" @submit=${submit}>
      <div class="field">
        <label for="report-reason">${host.msg('reportReason')}</label>
        <textarea id="report-reason" name="reason" rows="3" maxlength="2000" required minlength="3"></textarea>
      </div>
      <div class="actions">
        <button type="submit" class="button" data-variant="primary">${host.msg('reportSend')}</button>
        <button type="button" class="button" @click=${() => {
          this.reportFor = null;
          host.requestUpdate();
        }}>${host.msg('reportCancel')}</button>
      </div>
    </form>`;
  }

  #message(m: MessageView, opened: boolean): TemplateResult {
    const host = this.host;
    const body = this.#body(m);
    return html`<article class="message" part="thread-message" data-id=${m.id} ?data-opened=${opened}
      aria-labelledby=${`from-${m.id}`}>
      <header class="message-head">
        <p class="meta"><span class="label">${host.msg('from')} :</span>
          <strong id=${`from-${m.id}`}>${m.from.name || '—'}</strong> ·
          <time datetime=${m.at}>${host.formatDate(m.at, { dateStyle: 'medium', timeStyle: 'short' })}</time></p>
        ${this.#addressees(m.addressees, 'to')} ${this.#addressees(m.addressees, 'cc')}
        ${this.#addressees(m.addressees, 'bcc')}
        ${m.viewerInBcc ? html`<p class="meta">${host.msg('inBcc')}</p>` : nothing}
        <p class="badges">
          ${m.urgent ? html`<span class="flag urgent">${host.msg('urgent')}</span>` : nothing}
          ${m.noReply ? html`<span class="flag">${host.msg('noReply')}</span>` : nothing}
          ${
            m.receipts
              ? html`<span class="flag receipts" part="receipts">${host.msg('receipts', { read: m.receipts.read, total: m.receipts.total })}</span>`
              : nothing
          }
        </p>
      </header>
      ${
        body.remoteImages && !this.showImages.has(m.id)
          ? html`<p class="images-note" part="images-note">${host.msg('imagesHidden', { count: body.remoteImages })}
              <button type="button" class="button" @click=${() => {
                this.showImages.add(m.id);
                host.requestUpdate();
              }}>${host.msg('showImages')}</button></p>`
          : nothing
      }
      ${body.el}
      ${
        m.attachments.length
          ? html`<ul class="attachments touch-links" part="attachments" aria-label=${host.msg('attachments')}>
              ${m.attachments.map(
                (
                  f,
                ) => html`<li><a href=${host.fileUrl(f.id)} download=${f.name} rel="noopener noreferrer">${f.name}</a>
                  <span class="hint">(${host.formatNumber(Math.max(1, Math.round(f.size / 1024)))} Ko)</span></li>`,
              )}
            </ul>`
          : nothing
      }
      ${opened ? this.#actions(m) : nothing}
    </article>`;
  }

  /** The conversation of `selected`; its summary alone while the conversation loads (or in property mode). */
  render(selected: MessageSummary): TemplateResult {
    const host = this.host;
    const data = host.data;
    if (data !== this.#source) {
      this.#bodies.clear();
      this.#source = data;
    }
    const thread = host.thread();
    const messages = thread?.messages.length ? thread.messages : [summaryAsView(selected)];
    return html`<div class="reader" part="reader">
      <h2 class="pane-title" id="reader-title" tabindex="-1">${thread?.subject || selected.subject || '—'}</h2>
      ${repeat(
        messages,
        (m) => m.id,
        (m) => this.#message(m, m.id === selected.id || (messages.length === 1 && !thread)),
      )}
    </div>`;
  }
}

/** A message known only by its line in the list: its excerpt as its body. */
function summaryAsView(s: MessageSummary): MessageView {
  const text = document.createElement('p');
  text.textContent = s.excerpt;
  return {
    ...s,
    parentId: null,
    bodyHtml: text.outerHTML,
    addressees: [],
    attachments: [],
    viewerInBcc: false,
    canReply: false,
    canReplyAll: false,
    recallableUntil: null,
    reported: false,
  };
}
