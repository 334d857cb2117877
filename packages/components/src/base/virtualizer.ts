import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface VirtualizerOptions {
  /** The scrolling element (rendered by the host). */
  scroller(): HTMLElement | null;
  /** How many rows there are. */
  count(): number;
  /** Row height in `em` of the scroller's font (rows must have exactly this height). */
  rowHeightEm: number;
  /** Height of the sticky header rows above the body, in rows (default 0). */
  headerRows?: number;
  /** Rows rendered above and below the visible ones (default 8). */
  overscan?: number;
  /** Rows always rendered wherever they are (the active row of a grid keeps its tab stop and its focus). */
  pinned?(): readonly number[];
}

/**
 * Renders only the rows of a long list of fixed-height rows that can be seen, plus an overscan, so 1,000 students
 * cost about what 30 do. Rows are positioned absolutely inside a body of the full height (`bodyHeight`): the page's
 * height never changes while scrolling, and the scroller sets `overflow-anchor: none`, so the browser's scroll
 * anchoring has nothing to correct (the cause of a grid that runs away under the wheel). Render rows keyed by
 * their record (`repeat(indices, key, …)`) so that a row's DOM is never handed to another record.
 *
 * ```ts
 * readonly rows = new VirtualizerController(this, { scroller: () => this.grid, count: () => n, rowHeightEm: 1.9 });
 * render() { … ${repeat(this.rows.indices(), (i) => students[i].id, (i) => html`<div ${styleProps(this.rows.rowStyle(i))}>`)} … }
 * ```
 */
export class VirtualizerController implements ReactiveController {
  /** Row height in px, measured from the scroller's font. */
  rowHeight = 0;
  #viewport = 0;
  #scrollTop = 0;
  #window = '';
  #observed: HTMLElement | null = null;
  #resize: ResizeObserver | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: VirtualizerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#resize?.disconnect();
    this.#resize = undefined;
    this.#observed?.removeEventListener('scroll', this.#onScroll);
    this.#observed = null;
  }

  hostUpdated(): void {
    const scroller = this.options.scroller();
    if (scroller !== this.#observed) {
      this.#observed?.removeEventListener('scroll', this.#onScroll);
      this.#observed = scroller;
      if (!scroller) return;
      scroller.addEventListener('scroll', this.#onScroll, { passive: true });
      this.#resize?.disconnect();
      // The observer reports the size once at once, after layout: the first measure happens there, not during
      // this update.
      this.#resize = new ResizeObserver(() => this.#measure());
      this.#resize.observe(scroller);
    }
  }

  /** The row height: measured, else estimated from the host's font before the first layout (one render, not two). */
  #height(): number {
    if (!this.rowHeight && this.host.isConnected)
      this.rowHeight =
        (Number.parseFloat(getComputedStyle(this.host).fontSize) || 16) * this.options.rowHeightEm;
    return this.rowHeight || 30;
  }

  /** First and last (exclusive) rows of the visible window with its overscan. */
  window(): { start: number; end: number } {
    const count = this.options.count();
    const h = this.#height();
    const overscan = this.options.overscan ?? 8;
    const header = h * (this.options.headerRows ?? 0);
    const viewport = Math.max(h, (this.#viewport || 600) - header);
    const first = Math.floor(Math.max(0, this.#scrollTop) / h);
    const start = Math.max(0, Math.min(count, first - overscan));
    const end = Math.min(count, first + Math.ceil(viewport / h) + 1 + overscan);
    return { start, end };
  }

  /** The rows to render, in order: the window plus the pinned rows outside it. */
  indices(): number[] {
    const { start, end } = this.window();
    this.#window = `${start}:${end}:${this.rowHeight}`;
    const out: number[] = [];
    const count = this.options.count();
    const pinned = (this.options.pinned?.() ?? []).filter((i) => i >= 0 && i < count);
    for (const i of pinned) if (i < start) out.push(i);
    for (let i = start; i < end; i++) out.push(i);
    for (const i of pinned) if (i >= end) out.push(i);
    return [...new Set(out)].sort((a, b) => a - b);
  }

  /** Height of the body holding every row (set it with `styleProps`: CSSOM, allowed under a strict CSP). */
  bodyHeight(): string {
    return `${this.options.count() * this.options.rowHeightEm}em`;
  }

  /** Where row `index` sits in the body. */
  rowStyle(index: number): { top: string } {
    return { top: `${index * this.options.rowHeightEm}em` };
  }

  /** Rows a page (PageUp/PageDown) moves: what fits under the header. */
  pageSize(): number {
    const h = this.#height();
    return Math.max(1, Math.floor(((this.#viewport || 600) - h * (this.options.headerRows ?? 0)) / h) - 1);
  }

  /** Scrolls the least needed for `row` to be fully visible under the sticky header rows. */
  reveal(row: number): void {
    const scroller = this.options.scroller();
    if (!scroller || !this.rowHeight) return;
    const h = this.rowHeight;
    const header = h * (this.options.headerRows ?? 0);
    const top = row * h;
    const visible = scroller.clientHeight - header;
    let next = scroller.scrollTop;
    if (top < next) next = top;
    else if (top + h > next + visible) next = top + h - visible;
    if (next !== scroller.scrollTop) {
      scroller.scrollTop = next;
      this.#scrollTop = scroller.scrollTop;
      this.host.requestUpdate();
    }
  }

  #measure(): void {
    const scroller = this.#observed;
    if (!scroller) return;
    const font = Number.parseFloat(getComputedStyle(scroller).fontSize) || 16;
    this.rowHeight = font * this.options.rowHeightEm;
    this.#viewport = scroller.clientHeight;
    this.#scrollTop = scroller.scrollTop;
    this.#sync();
  }

  readonly #onScroll = (): void => {
    this.#scrollTop = this.#observed?.scrollTop ?? 0;
    this.#sync();
  };

  /** Renders again only when the window of rows changes: scrolling within it costs nothing. */
  #sync(): void {
    const { start, end } = this.window();
    if (`${start}:${end}:${this.rowHeight}` !== this.#window) this.host.requestUpdate();
  }
}
