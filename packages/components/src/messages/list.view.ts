/**
 * The message list: a one-column WAI-ARIA grid (one tab stop, arrows, Home/End, PageUp/PageDown, Enter opens),
 * virtualized so that a mailbox of 10,000 messages renders what fits on screen. In connected mode the next page
 * is asked for as the reader nears the end of what was loaded.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { GridNavigationController } from '../base/grid-navigation.js';
import { styleProps } from '../base/style-props.js';
import { VirtualizerController } from '../base/virtualizer.js';
import type { MessagesHost } from './messages.host.js';
import type { MessageSummary } from './messages.types.js';

/** Row height in em: sender and date, subject, excerpt. */
export const ROW_EM = 4.6;

export class ListModule {
  readonly rows: VirtualizerController;
  readonly nav: GridNavigationController;
  /** Connected mode: asks for the next page (set by the element). */
  more: (() => void) | null = null;
  /** Whether the server holds more messages than loaded. */
  hasMore = false;
  loadingMore = false;

  constructor(private readonly host: MessagesHost) {
    this.rows = new VirtualizerController(host, {
      scroller: () => host.renderRoot.querySelector<HTMLElement>('.list-scroller'),
      count: () => host.items().length,
      rowHeightEm: ROW_EM,
      pinned: () => [this.nav.active.row],
    });
    this.nav = new GridNavigationController(host, {
      rows: () => host.items().length,
      cols: () => 1,
      pageSize: () => this.rows.pageSize(),
      reveal: (row) => this.rows.reveal(row),
      onActivate: (cell) => {
        const m = host.items()[cell.row];
        if (m) host.openMessage(m);
      },
    });
  }

  /** After a render: when the window nears the end of what was loaded, ask for more. */
  updated(): void {
    if (!this.more || !this.hasMore || this.loadingMore) return;
    if (this.rows.window().end >= this.host.items().length - 5) this.more();
  }

  /** Back to the top (another folder, another search). */
  reset(): void {
    this.nav.active = { row: 0, col: 0 };
    const scroller = this.host.renderRoot.querySelector<HTMLElement>('.list-scroller');
    if (scroller) scroller.scrollTop = 0;
  }

  #row(m: MessageSummary, i: number): TemplateResult {
    const host = this.host;
    const selected = host.selectedId === m.id;
    const who =
      m.folder === 'sent' || m.folder === 'drafts' || m.folder === 'scheduled' || m.state !== 'sent'
        ? host.msg('toNames', { names: m.to.join(', ') || '—' })
        : m.from.name;
    const flags = [
      !m.read ? host.msg('unreadMark') : '',
      m.urgent ? host.msg('urgent') : '',
      m.hasAttachments ? host.msg('attachment') : '',
      m.state === 'draft' ? host.msg('draft') : '',
    ].filter(Boolean);
    return html`<div class="row" role="row" aria-rowindex=${i + 1} data-id=${m.id} ?data-unread=${!m.read}
      ${styleProps(this.rows.rowStyle(i))}>
      <div part="message" class="cell" role="gridcell" data-cell=${`${i}:0`} tabindex=${this.nav.tabIndex(i, 0)}
        aria-selected=${selected ? 'true' : 'false'} @click=${() => host.openMessage(m)}>
        <span class="line first">
          <span class="who">${who}</span>
          <span class="at">${
            m.state === 'scheduled' && m.sendAt
              ? host.msg('scheduledFor', { date: host.when(m.sendAt) })
              : host.when(m.at)
          }</span>
        </span>
        <span class="line subject">${m.urgent ? html`<span class="flag urgent">${host.msg('urgent')}</span>` : nothing}${
          m.subject || '—'
        }</span>
        <span class="line excerpt">${
          m.receipts
            ? html`<span class="receipts">${host.msg('receipts', { read: m.receipts.read, total: m.receipts.total })}</span> · `
            : nothing
        }${m.excerpt}</span>
        ${flags.length ? html`<span class="visually-hidden">(${flags.join(', ')})</span>` : nothing}
      </div>
    </div>`;
  }

  render(): TemplateResult {
    const host = this.host;
    const items = host.items();
    const folder = host.query ? host.msg('results', { query: host.query }) : host.folderName(host.folder);
    const total = host.mailbox()?.folders.find((f) => f.id === host.folder)?.total ?? 0;
    const rowCount = this.hasMore && !host.query ? Math.max(total, items.length) : items.length;
    return html`<h2 class="pane-title" id="list-title">${folder}</h2>
      ${
        items.length === 0
          ? html`<p class="hint" part="list-empty">${host.msg(host.query ? 'searchEmpty' : 'listEmpty')}</p>`
          : html`<div class="list-scroller" part="list" role="grid" aria-labelledby="list-title"
              aria-rowcount=${rowCount} aria-colcount="1" @keydown=${this.nav.keydown} @focusin=${this.nav.focusin}>
              <div class="list-body" role="presentation" ${styleProps({ height: this.rows.bodyHeight() })}>
                ${repeat(
                  this.rows.indices(),
                  (i) => items[i]!.id,
                  (i) => this.#row(items[i]!, i),
                )}
              </div>
            </div>`
      }
      ${this.loadingMore ? html`<p class="hint">${host.msg('loadingMore')}</p>` : nothing}`;
  }
}
