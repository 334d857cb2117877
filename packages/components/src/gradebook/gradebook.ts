import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { apiBaseFrom, ProblemError } from '../base/api-client.js';
import { defineElement } from '../base/define.js';
import { LoadController } from '../base/load.js';
import { PreauElement } from '../base/preau-element.js';
import { SaveQueue } from '../base/save-queue.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import { AppreciationsModule } from './appreciations.view.js';
import { EvaluationForm } from './evaluation-form.js';
import type { GradebookHost } from './gradebook.host.js';
import { type GradebookMessageKey, gradebookMessages } from './gradebook.messages.js';
import { gradebookStyles } from './gradebook.styles.js';
import { type GradebookData, type GradebookSheet, isSheet, normalizeData } from './gradebook.types.js';
import { type PeriodOption, renderPeriodPicker } from './periods.js';
import { renderResults } from './results.view.js';
import { SheetModule } from './sheet.view.js';

export type { MarkChange, MarkChangeOrigin } from './gradebook.events.js';
export * from './gradebook.events.js';
export type * from './gradebook.types.js';

/**
 * A grade book: the teacher's students × évaluations grid (keyboard entry like a spreadsheet, paste of a block,
 * undo/redo, class statistics, évaluations created, changed or deleted, appréciations) or a student's / parent's
 * results per subject with compétences; the class's periods can be switched.
 *
 * Property mode: set `.data` (a {@link GradebookSheet} or {@link StudentResults}, with `periods` for the period
 * list) and listen to the events. Connected mode: set `src` to the API's class sheet or results URL; marks are
 * saved in batches, optimistically, and put back with a visible message when the server refuses them.
 *
 * Keyboard (WAI-ARIA grid, one tab stop): arrows, Home/End (row), Ctrl+Home/End (grid), PageUp/PageDown move the
 * active cell; Enter or F2 edits it (value selected), any character starts editing with that character; in the
 * field Enter validates and moves down, Tab / Shift+Tab validate and move right / left, Escape cancels; outside the
 * field Tab leaves the grid. Shift with a move (or Shift+click) selects a block, Escape drops it. Delete clears the
 * marks of the cell or block. Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes; Ctrl+C copies, Ctrl+V pastes a block.
 *
 * @tagname preau-gradebook
 * @fires preau-mark-change - Marks changed (edit, paste, undo, redo); cancelable. `detail: { changes, origin }`.
 * @fires preau-evaluation-create - The new-évaluation form was submitted; cancelable. `detail: { evaluation }`.
 * @fires preau-evaluation-update - An évaluation was changed (renamed…); cancelable. `detail: { evaluationId, changes }`.
 * @fires preau-evaluation-delete - An évaluation's deletion was confirmed; cancelable. `detail: { evaluationId }`.
 * @fires preau-appreciation-save - Appréciations were saved; cancelable. `detail: { periodId, subjectId, items }`.
 * @fires preau-period-change - Another period was chosen; cancelable. `detail: { periodId }`.
 * @fires preau-mark-save - Connected mode: a batch was saved. `detail: { changes }`.
 * @fires preau-mark-save-error - Connected mode: a batch was refused and rolled back. `detail: { changes, message, status }`.
 *
 * @csspart toolbar - The row of buttons above the grid.
 * @csspart periods - The period list.
 * @csspart scroller - The scrolling box around the grid.
 * @csspart grid - The teacher's grid (a table with role grid).
 * @csspart header - The header row.
 * @csspart column-header - The header cell of an évaluation.
 * @csspart average-header - The header cell of the average column.
 * @csspart row - A student's row.
 * @csspart name - A student's name cell.
 * @csspart cell - A mark cell.
 * @csspart average - A student's subject average cell.
 * @csspart stats - The footer holding the class statistics rows.
 * @csspart stats-row - One statistics row (class average, lowest, highest).
 * @csspart editor - The text field of the cell being edited.
 * @csspart status - The status line (saved, pasted…).
 * @csspart alert - The error line read out at once (refused mark, failed save).
 * @csspart loading - The loading line.
 * @csspart load-error - The load error with its retry button.
 * @csspart evaluation-form - The form creating or changing an évaluation.
 * @csspart confirm-delete - The confirmation asked before deleting an évaluation.
 * @csspart appreciations - The appréciations form.
 * @csspart empty - The empty-state message.
 * @csspart student-view - The student's / parent's results.
 * @csspart subject-table - One subject's marks in the results.
 * @csspart subject-summary - A subject's averages line.
 * @csspart general-average - The general average.
 * @csspart rank - The student's rank, when the établissement shows it.
 * @csspart appreciation - A teacher's appréciation (plain text).
 * @csspart competences - The compétences table.
 *
 * @cssprop --preau-gradebook-max-height - Height of the scrolling grid (default 32em).
 * @cssprop --preau-gradebook-font-size - Font size of the element (default 1em).
 * @cssprop --preau-gradebook-board-font-size - Font size with `density="board"` (default 1.5em).
 * @cssprop --preau-gradebook-header-background - Background of headers and statistics.
 * @cssprop --preau-gradebook-border-color - Outer and separator borders.
 * @cssprop --preau-gradebook-grid-line-color - Lines between cells.
 * @cssprop --preau-gradebook-selection-background - Background of a selected block of cells.
 */
export class PreauGradebook extends PreauElement implements GradebookHost {
  static override styles = [PreauElement.styles, controlStyles, statusStyles, gradebookStyles];

  /** A class sheet (teacher) or a student's results (student, parent). Set by the host in property mode. */
  @property({ attribute: false }) data: GradebookData | null = null;

  /** Connected mode: the API URL of the class sheet or of a student's results. */
  @property() src = '';

  /** Read-only teacher view (no editing, no form). */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** Milliseconds a connected grid waits for more edits before sending one batch. */
  @property({ type: Number, attribute: 'save-delay' }) saveDelay = 400;

  /** Connected mode: `src` for the period chosen in the list. */
  periodSrc: string | null = null;

  readonly status = new StatusController(this);
  readonly saves: SaveQueue = new SaveQueue(this, {
    flushHeld: () => this.sheet.flushNow(),
    hasHeld: () => this.sheet.hasUnsavedMarks,
  });
  readonly sheet = new SheetModule(this);
  readonly form = new EvaluationForm(this);
  readonly appreciations = new AppreciationsModule(this);
  readonly load: LoadController<GradebookData> = new LoadController<GradebookData>(this, {
    url: () => this.periodSrc ?? this.src,
    // Marks still on their way are sent first: the sheet read back must include them.
    before: () => this.sheet.saveComplete(),
    failed: () => this.msg('loadFailedTitle'),
    onData: (data) => {
      const view = normalizeData(data);
      if (view) this.trackUsage('notes', isSheet(view) ? 'sheet-view' : 'results-view');
      const focused = this.matches(':focus-within');
      this.data = data;
      if (focused) this.sheet.nav.focusActive();
    },
  });
  #view: GradebookData | null = null;

  /** `data` as shown: checked and completed (see normalizeData). */
  get view(): GradebookData | null {
    return this.#view;
  }

  /** Marks typed but not yet acknowledged by the server (connected mode). */
  get hasUnsavedMarks(): boolean {
    return this.sheet.hasUnsavedMarks || this.saves.size > 0;
  }

  /** Resolves when every queued mark has been sent and answered (connected mode). */
  saveComplete(): Promise<void> {
    return this.sheet.saveComplete();
  }

  get canUndo(): boolean {
    return this.sheet.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.sheet.redoStack.length > 0;
  }
  undo(): void {
    this.sheet.undo();
  }
  redo(): void {
    this.sheet.redo();
  }
  /** Pastes a spreadsheet block at the active cell (see the class documentation). */
  pasteBlock(text: string): void {
    this.sheet.pasteBlock(text);
  }

  msg(key: GradebookMessageKey, vars?: Record<string, unknown>): string {
    return this.t(gradebookMessages, key, vars);
  }

  apiBase(): string {
    return apiBaseFrom(this.src);
  }

  refresh(): Promise<void> {
    return this.load.reload({ quiet: true });
  }

  problemText(error: unknown): string {
    if (!(error instanceof ProblemError)) return this.msg('unknownError');
    const described = this.describeError(error);
    const parts = [described.detail || described.title, ...error.errors.slice(0, 3).map((e) => e.detail)];
    return parts
      .filter(Boolean)
      .map((p) => (/[.!?…]$/.test(p!) ? p : `${p}.`))
      .join(' ');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Removed from the page (a single-page host navigating away): marks waiting for their batch go now.
    this.sheet.flushNow();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src')) this.periodSrc = null;
    if (changed.has('data')) {
      this.#view = normalizeData(this.data);
      this.sheet.setSheet(this.#view && isSheet(this.#view) ? this.#view : null);
    }
  }

  override render(): TemplateResult {
    const status = this.status.render();
    const view = this.#view;
    if (!view) {
      const empty = this.load.state === 'idle' && !this.src;
      return html`${status}${this.load.render()}${empty ? html`<div part="empty">${this.msg('noData')}</div>` : nothing}`;
    }
    const periods = (view as { periods?: PeriodOption[] }).periods;
    const picker = renderPeriodPicker(this, periods, view.period.id);
    if (!isSheet(view)) return html`${status}${this.load.render()}${renderResults(this, view, picker)}`;
    return this.#renderTeacher(view, status, picker);
  }

  #renderTeacher(sheet: GradebookSheet, status: TemplateResult, picker: TemplateResult | typeof nothing) {
    const sheetModule = this.sheet;
    const canEdit = sheetModule.canEdit;
    const id = `${this.localName}-label`;
    const active = sheetModule.activeEvaluation();
    const model = sheetModule.model!;
    const marksOf = (evaluationId: string) => model.rows.filter((r) => r.marks.has(evaluationId)).length;
    const toolbar = html`<div part="toolbar">
      ${picker}
      ${
        canEdit
          ? html`<button type="button" class="button" data-variant="primary" data-add
                aria-expanded=${this.form.open === 'new' ? 'true' : 'false'} @click=${() => this.form.toggle('new')}>
                ${this.msg('addEvaluation')}</button>
              ${
                active
                  ? html`<button type="button" class="button" data-edit
                      aria-expanded=${this.form.open === active.id ? 'true' : 'false'}
                      @click=${() => this.form.toggle(active)}>${this.msg('modifyEvaluation', { title: active.title })}</button>`
                  : nothing
              }`
          : nothing
      }
      <button type="button" class="button" data-appreciations aria-pressed=${this.appreciations.open ? 'true' : 'false'}
        @click=${() => this.appreciations.toggle()}>${this.msg('appreciations')}</button>
    </div>`;
    const label = this.msg('teacherLabel', {
      className: sheet.class.name,
      subject: `${sheet.subject.name}, ${sheet.period.label}`,
    });
    const body =
      sheet.students.length === 0
        ? html`<div part="empty">${this.msg('noStudents')}</div>`
        : html`${sheet.evaluations.length === 0 ? html`<div part="empty">${this.msg('noEvaluations')}</div>` : nothing}
            ${this.appreciations.open ? this.appreciations.render(sheet, canEdit) : sheetModule.render(sheet, id)}`;
    return html`<h2 id=${id}>${label}</h2>
      ${toolbar}${canEdit ? this.form.render(sheet, marksOf) : nothing}${status}${this.load.render()}${body}`;
  }
}

defineElement('preau-gradebook', PreauGradebook);

declare global {
  interface HTMLElementTagNameMap {
    'preau-gradebook': PreauGradebook;
  }
}
