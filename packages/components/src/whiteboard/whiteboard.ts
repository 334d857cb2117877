import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { defineElement } from '../base/define.js';
import { download } from '../base/download.js';
import { PreauElement } from '../base/preau-element.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import { AnnotationEditor, type Annotations, type Stroke, strokeNear } from './annotations.js';
import type { OpenedDocument } from './document/open.js';
import { DocumentError } from './document/types.js';
import { documentPdf, exportName, pagePng } from './export.js';
import { StageInteraction, type Tool } from './interaction.js';
import { viewerKey } from './keyboard.js';
import { LoadError, readSource } from './source.js';
import { AnnotationSync } from './sync.js';
import { clampScale, type Fit, fittedScale, scrollForZoom, stepScale } from './viewport.js';
import {
  PreauAnnotationChangeEvent,
  PreauDocumentErrorEvent,
  PreauDocumentLoadEvent,
  PreauPageChangeEvent,
  PreauTraceSaveEvent,
} from './whiteboard.events.js';
import { type WhiteboardMessageKey, whiteboardMessages } from './whiteboard.messages.js';
import { whiteboardStyles } from './whiteboard.styles.js';
import { INK_COLORS, renderToolbar, type ToolbarModel } from './whiteboard.toolbar.js';
import { renderStage, renderThumbnails } from './whiteboard.view.js';

export * from './annotations.js';
export * from './whiteboard.events.js';

/**
 * The interactive-whiteboard viewer: opens OpenBoard (`.ubz`), IWB (`.iwb`) and SMART Notebook (`.notebook`)
 * documents in the browser, with pages and thumbnails, keyboard and swipe navigation, zoom and pan, full screen
 * and board mode; annotations (pen with pressure, highlighter, eraser, undo/redo), the curtain and the
 * spotlight; export of a page (PNG) or of the document (PDF). Documents are untrusted: they are inflated under
 * limits in a worker, every page is rebuilt and sanitized, and nothing is fetched from outside the archive.
 *
 * Property mode: set `file` (a File, Blob or bytes) or `src`, set `annotations`, listen to
 * `preau-annotation-change`. Connected mode: `annotations-src` loads and saves the user's annotations,
 * `trace-src` receives the class trace.
 *
 * @tagname preau-whiteboard
 *
 * @fires preau-document-load - A document opened (`detail.title`, `format`, `pageCount`).
 * @fires preau-document-error - A document was refused or could not be loaded (`detail.reason`, `message`).
 * @fires preau-page-change - The page shown changed (`detail.index`, `pageId`).
 * @fires preau-annotation-change - The annotations changed (`detail.annotations`, `pageId`).
 * @fires preau-trace-save - The teacher saves the class trace (cancelable).
 *
 * @csspart base - The viewer.
 * @csspart toolbar - The tools.
 * @csspart thumbnails - The page list.
 * @csspart stage - The area showing the page.
 * @csspart page - The page.
 * @csspart ink - The annotation layer.
 * @csspart curtain - The curtain.
 * @csspart status - Messages.
 *
 * @cssprop --preau-whiteboard-height - Height of the viewer (default 36em; full screen fills the screen).
 */
export class PreauWhiteboard extends PreauElement implements ToolbarModel {
  static override styles = [PreauElement.styles, controlStyles, statusStyles, whiteboardStyles];

  /** The document's URL (the file store's, or any same-origin URL). */
  @property() src = '';
  /** The document itself (property mode): a File, a Blob or its bytes. */
  @property({ attribute: false }) file: Blob | ArrayBuffer | Uint8Array | null = null;
  /** The page shown, from 1. */
  @property({ type: Number, reflect: true }) page = 1;
  /** Shows the document without annotation tools (a student viewing the class trace). */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Connected mode: where the user's annotations are read (GET) and saved (PUT). */
  @property({ attribute: 'annotations-src' }) annotationsSrc = '';
  /** Connected mode: where the class trace is posted. */
  @property({ attribute: 'trace-src' }) traceSrc = '';
  /** Property mode: show the "save the class trace" button (the host handles `preau-trace-save`). */
  @property({ type: Boolean, attribute: 'can-save-trace' }) canSaveTraceAttr = false;

  /** The annotations (property mode in, and the current value out). */
  @property({ attribute: false })
  get annotations(): Annotations {
    return this.#editor.data;
  }
  set annotations(value: unknown) {
    this.#editor.load(value);
    this.requestUpdate('annotations');
  }

  @state() doc: OpenedDocument | null = null;
  @state() tool: Tool = 'view';
  @state() color: string = INK_COLORS[0].value;
  @state() inkWidth = 5;
  @state() scale = 1;
  @state() curtain: number | null = null;
  @state() spotlight: { x: number; y: number } | null = null;
  @state() fullscreen = false;
  @state() busy = false;
  @state() private fitMode: Fit = 'page';
  /** The stroke being drawn (shown before it is committed). */
  @state() live: Stroke | null = null;
  @state() private dragging = false;
  /** How many pages have their thumbnail drawn (made a few at a time). */
  @state() thumbsReady = 0;

  @query('.stage') private stageEl?: HTMLElement;
  @query('.ink') private inkEl?: SVGSVGElement;

  readonly status = new StatusController(this);
  readonly #editor = new AnnotationEditor();
  /** Pointer handling of the stage (drawing, erasing, panning, pinching, swiping). */
  readonly interaction = new StageInteraction(this);
  readonly #sync = new AnnotationSync(this);
  #loadToken = 0;
  #resize?: ResizeObserver;

  msg(key: WhiteboardMessageKey, vars?: Record<string, unknown>): string {
    return this.t(whiteboardMessages, key, vars);
  }

  get pageIndex(): number {
    return Math.max(0, Math.min((this.doc?.pages.length ?? 1) - 1, Math.round(this.page) - 1));
  }
  get pageCount(): number {
    return this.doc?.pages.length ?? 0;
  }
  get hasDocument(): boolean {
    return this.doc !== null;
  }
  get canUndo(): boolean {
    return !this.readonly && this.#editor.canUndo;
  }
  get canRedo(): boolean {
    return !this.readonly && this.#editor.canRedo;
  }
  get curtainOn(): boolean {
    return this.curtain !== null;
  }
  get spotlightOn(): boolean {
    return this.spotlight !== null;
  }
  get canSaveTrace(): boolean {
    return this.canSaveTraceAttr || this.traceSrc !== '';
  }
  get currentPageId(): string {
    return this.doc?.pages[this.pageIndex]?.id ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize = new ResizeObserver(() => this.#applyFit());
    document.addEventListener('fullscreenchange', this.#onFullscreen);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    document.removeEventListener('fullscreenchange', this.#onFullscreen);
    void this.#sync.flush();
  }

  protected override firstUpdated(): void {
    if (this.stageEl) this.#resize?.observe(this.stageEl);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('src') || changed.has('file')) void this.#load();
    // Board mode (this viewer's toggle or another element's) changes the toolbar's height: fit the page again.
    if (changed.has('density') && changed.get('density') !== undefined) this.#applyFit();
    if (changed.has('annotationsSrc') && this.annotationsSrc && this.doc) void this.#sync.load();
    if (changed.has('page') && this.doc) {
      const page = this.doc.pages[this.pageIndex];
      if (changed.get('page') !== undefined)
        this.emit(new PreauPageChangeEvent({ index: this.pageIndex, pageId: page.id }));
    }
    this.#applyInlineSizes();
    if (this.stageEl && !this.#observed) {
      this.#resize?.observe(this.stageEl);
      this.#observed = true;
    }
  }
  #observed = false;

  /**
   * Sizes computed at run time go through the CSSOM, never a `style` attribute (which a strict
   * Content-Security-Policy blocks, and which Lit's styleMap writes on first render).
   */
  #applyInlineSizes(): void {
    const root = this.shadowRoot;
    if (!root) return;
    const page = root.querySelector<HTMLElement>('.page[data-width]');
    if (page) {
      page.style.setProperty('width', page.dataset.width!);
      page.style.setProperty('height', page.dataset.height!);
    }
    const curtain = root.querySelector<HTMLElement>('.curtain[data-top]');
    if (curtain) curtain.style.setProperty('top', curtain.dataset.top!);
    for (const thumb of root.querySelectorAll<HTMLElement>('.thumb[data-ratio]')) {
      thumb.style.setProperty('--ratio', thumb.dataset.ratio!);
    }
  }

  // ---------------------------------------------------------------------------------------------- loading

  async #load(): Promise<void> {
    const token = ++this.#loadToken;
    const source = this.file ?? this.src;
    if (!source) return;
    this.status.info(this.msg('opening'));
    try {
      const { bytes, name } = await readSource(this.file, this.src);
      if (token !== this.#loadToken) return;
      const { openDocument } = await import('./document/open.js');
      const doc = await openDocument(bytes, name);
      if (token !== this.#loadToken) {
        doc.dispose();
        return;
      }
      this.doc?.dispose();
      this.doc = doc;
      this.thumbsReady = 0;
      this.#editor.load(this.#editor.data);
      this.page = Math.min(Math.max(1, this.page), doc.pages.length);
      this.fitMode = 'page';
      await this.updateComplete;
      this.#applyFit();
      this.status.info(this.msg('opened', { title: doc.title, count: doc.pages.length }));
      this.emit(
        new PreauDocumentLoadEvent({ title: doc.title, format: doc.format, pageCount: doc.pages.length }),
      );
      if (this.annotationsSrc) await this.#sync.load();
      this.#prepareThumbnails(token);
    } catch (error) {
      if (token !== this.#loadToken) return;
      const reason = error instanceof DocumentError ? error.reason : 'load-failed';
      const message =
        error instanceof DocumentError
          ? this.msg(error.reason)
          : error instanceof LoadError
            ? this.msg('loadFailed', { status: error.status })
            : this.describeError(error).title;
      this.status.error(new Error(message));
      this.emit(new PreauDocumentErrorEvent({ reason, message }));
    }
  }

  /** Page thumbnails without a picture in the archive are small copies of the pages, made a few at a time. */
  #prepareThumbnails(token: number): void {
    const step = () => {
      if (token !== this.#loadToken || !this.doc || this.thumbsReady >= this.doc.pages.length) return;
      this.thumbsReady = Math.min(this.doc.pages.length, this.thumbsReady + 4);
      setTimeout(step, 30);
    };
    setTimeout(step, 30);
  }

  openFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) this.file = file;
    input.value = '';
  }

  // ---------------------------------------------------------------------------------------------- navigation and zoom

  go(index: number): void {
    if (!this.doc) return;
    const next = Math.max(0, Math.min(this.doc.pages.length - 1, index));
    if (next === this.pageIndex) return;
    this.live = null;
    this.page = next + 1;
    this.#applyFit();
  }

  turnPage(delta: -1 | 1): void {
    this.go(this.pageIndex + delta);
  }

  #pageSize(): { width: number; height: number } {
    const [, , width, height] = this.doc?.pages[this.pageIndex]?.viewBox ?? [0, 0, 1280, 960];
    return { width, height };
  }

  #applyFit(): void {
    const stage = this.stageEl;
    if (!stage || !this.fitMode || !this.doc) return;
    this.scale = fittedScale(
      this.fitMode,
      { width: stage.clientWidth, height: stage.clientHeight },
      this.#pageSize(),
    );
  }

  fit(mode: 'page' | 'width'): void {
    this.fitMode = mode;
    this.#applyFit();
  }

  zoom(direction: 1 | -1): void {
    const stage = this.stageEl;
    this.zoomTo(stepScale(this.scale, direction), {
      x: (stage?.clientWidth ?? 0) / 2,
      y: (stage?.clientHeight ?? 0) / 2,
    });
  }

  zoomTo(scale: number, anchor: { x: number; y: number }): void {
    const stage = this.stageEl;
    const before = this.scale;
    const after = clampScale(scale);
    this.fitMode = null;
    this.scale = after;
    if (!stage) return;
    const target = scrollForZoom({ left: stage.scrollLeft, top: stage.scrollTop }, anchor, before, after);
    void this.updateComplete.then(() => {
      stage.scrollLeft = target.left;
      stage.scrollTop = target.top;
    });
  }

  toggleFullscreen(): void {
    if (document.fullscreenElement === this) void document.exitFullscreen();
    else void this.requestFullscreen?.().catch(() => undefined);
  }

  #onFullscreen = () => {
    this.fullscreen = document.fullscreenElement === this;
    requestAnimationFrame(() => this.#applyFit());
  };

  // ---------------------------------------------------------------------------------------------- annotations

  setTool(tool: Tool): void {
    this.tool = tool;
  }
  setColor(color: string): void {
    this.color = color;
    if (this.tool === 'view' || this.tool === 'eraser') this.tool = 'pen';
  }
  setWidth(width: number): void {
    this.inkWidth = width;
  }
  stage(): HTMLElement | null {
    return this.stageEl ?? null;
  }
  inkLayer(): SVGSVGElement | null {
    return this.inkEl ?? null;
  }
  drawing(stroke: Stroke | null): void {
    this.live = stroke ? { ...stroke, points: [...stroke.points] } : null;
  }
  commitStroke(stroke: Stroke): void {
    if (stroke.points.length < 3) return;
    this.#editor.add(this.currentPageId, stroke);
    this.#changed(this.currentPageId);
  }
  eraseAt(x: number, y: number, radius: number): void {
    if (this.#editor.erase(this.currentPageId, (s) => strokeNear(s, x, y, radius)))
      this.#changed(this.currentPageId);
  }
  undo(): void {
    const pageId = this.#editor.undo();
    if (pageId !== undefined) this.#changed(pageId);
  }
  redo(): void {
    const pageId = this.#editor.redo();
    if (pageId !== undefined) this.#changed(pageId);
  }
  clearPage(): void {
    if (this.#editor.clearPage(this.currentPageId)) this.#changed(this.currentPageId);
  }

  /** The strokes of a page. */
  strokesOf(pageId: string): readonly Stroke[] {
    return this.#editor.strokes(pageId);
  }

  #changed(pageId: string): void {
    this.requestUpdate();
    this.emit(new PreauAnnotationChangeEvent({ annotations: this.#editor.data, pageId }));
    this.#sync.schedule();
  }

  /** Used by the connected-mode sync: the server's copy replaces the local one. */
  receiveAnnotations(value: unknown): void {
    this.#editor.load(value);
    this.requestUpdate();
  }

  toggleCurtain(): void {
    this.curtain = this.curtain === null ? 0.25 : null;
  }
  toggleSpotlight(): void {
    this.spotlight = this.spotlight === null ? { x: 0.5, y: 0.5 } : null;
  }
  moveSpotlight(x: number, y: number): void {
    this.spotlight = { x: Math.min(1, Math.max(0, x)), y: Math.min(1, Math.max(0, y)) };
  }
  moveCurtain(y: number): void {
    this.curtain = Math.min(1, Math.max(0, y));
  }

  // ---------------------------------------------------------------------------------------------- export and trace

  async exportPng(): Promise<void> {
    if (!this.doc) return;
    await this.#exporting(async (doc) => {
      const name = exportName(doc.title, `-page-${this.pageIndex + 1}.png`);
      download(await pagePng(doc, this.pageIndex, this.#editor.strokes(this.currentPageId)), name);
      return name;
    });
  }

  async exportPdf(): Promise<void> {
    await this.#exporting(async (doc) => {
      const name = exportName(doc.title, '.pdf');
      download(await documentPdf(doc, (id) => this.#editor.strokes(id)), name);
      return name;
    });
  }

  async #exporting(run: (doc: OpenedDocument) => Promise<string>): Promise<void> {
    if (!this.doc || this.busy) return;
    this.busy = true;
    this.status.info(this.msg('exporting'));
    try {
      this.status.success(this.msg('exported', { name: await run(this.doc) }));
    } catch (error) {
      this.status.error(error);
    } finally {
      this.busy = false;
    }
  }

  async saveTrace(): Promise<void> {
    if (!this.doc) return;
    const event = this.emit(
      new PreauTraceSaveEvent({ title: this.doc.title, annotations: this.#editor.data }),
    );
    if (event.defaultPrevented || !this.traceSrc) return;
    this.busy = true;
    try {
      await this.#sync.postTrace(this.traceSrc, { title: this.doc.title, annotations: this.#editor.data });
      this.status.success(this.msg('traceSaved'));
    } catch (error) {
      this.status.error(error);
    } finally {
      this.busy = false;
    }
  }

  // ---------------------------------------------------------------------------------------------- keyboard

  readonly onKeydown = (event: KeyboardEvent): void => viewerKey(this, event);

  // ---------------------------------------------------------------------------------------------- drag and drop

  #dragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragging = true;
  };
  #dragLeave = (event: DragEvent): void => {
    if (event.target === event.currentTarget) this.dragging = false;
  };
  #drop = (event: DragEvent): void => {
    event.preventDefault();
    this.dragging = false;
    const file = event.dataTransfer?.files?.[0];
    if (file) this.file = file;
  };

  // ---------------------------------------------------------------------------------------------- rendering

  protected override render() {
    const doc = this.doc;
    return html`<div
      part="base"
      class="viewer"
      role="group"
      aria-label=${doc ? `${this.msg('label')} — ${doc.title}` : this.msg('label')}
      @dragover=${this.#dragOver}
      @dragleave=${this.#dragLeave}
      @drop=${this.#drop}
    >
      ${renderToolbar(this)}
      <div class="main">
        ${doc ? renderThumbnails(this, doc) : nothing}
        ${doc ? renderStage(this, doc) : html`<div class="stage"><p class="empty">${this.msg('empty')}</p></div>`}
      </div>
      ${this.status.render()}
      ${this.dragging ? html`<div class="drop" aria-hidden="true">${this.msg('dropHere')}</div>` : nothing}
    </div>`;
  }
}

defineElement('preau-whiteboard', PreauWhiteboard);

declare global {
  interface HTMLElementTagNameMap {
    'preau-whiteboard': PreauWhiteboard;
  }
}
