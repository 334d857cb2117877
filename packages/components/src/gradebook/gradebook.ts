import type { GradebookLang } from '@preau/core/gradebook/format';
import {
  formatAverage,
  formatMark,
  MARK_ANNOTATION_LABELS,
  parseMarkInput,
} from '@preau/core/gradebook/format';
import type { LsuLevel, SocleDomain } from '@preau/core/gradebook/lsu';
import { LSU_SCALE, SOCLE_DOMAIN_LABELS } from '@preau/core/gradebook/lsu';
import type { MarkValue } from '@preau/core/gradebook/marks';
import type { EvaluationInput } from '@preau/core/gradebook/types';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { ProblemError } from '../base/api-client.js';
import { defineElement } from '../base/define.js';
import { PreauElement } from '../base/preau-element.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import {
  type MarkChange,
  type MarkChangeOrigin,
  PreauEvaluationCreateEvent,
  PreauMarkChangeEvent,
  PreauMarkSaveErrorEvent,
  PreauMarkSaveEvent,
} from './gradebook.events.js';
import { type GradebookMessageKey, gradebookMessages } from './gradebook.messages.js';
import { type Row, SheetModel } from './gradebook.model.js';
import { gradebookStyles } from './gradebook.styles.js';
import {
  type GradebookData,
  type GradebookSheet,
  isSheet,
  normalizeData,
  type SheetEvaluation,
  type StudentResults,
} from './gradebook.types.js';

export type { MarkChange, MarkChangeOrigin } from './gradebook.events.js';
export * from './gradebook.events.js';
export type * from './gradebook.types.js';

/** Stats rows under the students: class average, lowest, highest. */
const STATS = ['average', 'min', 'max'] as const;
const STATS_LABEL: Record<(typeof STATS)[number], GradebookMessageKey> = {
  average: 'classAverage',
  min: 'lowest',
  max: 'highest',
};

interface Cell {
  r: number;
  c: number;
}

interface Editing extends Cell {
  draft: string;
  error: string;
}

/** Connected mode: the API's routes next to the sheet's URL. */
interface Endpoints {
  marks: string;
  evaluations: string;
}

let uid = 0;

/**
 * A grade book: the teacher's students × évaluations grid (keyboard entry like a spreadsheet, paste of a block,
 * undo/redo, class statistics) or a student's / parent's results per subject with compétences.
 *
 * Property mode: set `.data` (a {@link GradebookSheet} or {@link StudentResults}) and listen to the events.
 * Connected mode: set `src` to the API's class sheet or results URL; marks are saved in batches, optimistically,
 * and put back with a visible message when the server refuses them.
 *
 * Keyboard (WAI-ARIA grid, one tab stop): arrows, Home/End (row), Ctrl+Home/End (grid), PageUp/PageDown move the
 * active cell; Enter or F2 edits it (value selected), any character starts editing with that character; in the
 * field Enter validates and moves down, Tab / Shift+Tab validate and move right / left, Escape cancels; outside the
 * field Tab leaves the grid. Shift with a move (or Shift+click) selects a block, Escape drops it. Delete clears the
 * marks of the cell or block. Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes; Ctrl+C copies the cell or block as a
 * spreadsheet does and Ctrl+V pastes a block (tab-separated columns, one line per row) from the active cell.
 *
 * @tagname preau-gradebook
 *
 * @fires preau-mark-change - Marks changed (edit, paste, undo, redo); cancelable. `detail: { changes, origin }`.
 * @fires preau-evaluation-create - The new-évaluation form was submitted; cancelable. `detail: { evaluation }`.
 * @fires preau-mark-save - Connected mode: a batch was saved. `detail: { changes }`.
 * @fires preau-mark-save-error - Connected mode: a batch was refused and rolled back. `detail: { changes, message, status }`.
 *
 * @csspart toolbar - The row of buttons above the grid.
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
 * @csspart message - The status line (saved, pasted, refused…).
 * @csspart alert - The error line read out at once (refused mark, failed save).
 * @csspart evaluation-form - The new-évaluation form.
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
 * @cssprop --preau-color-accent - Buttons and the selected cell.
 * @cssprop --preau-color-danger - Refused values and errors.
 * @cssprop --preau-color-focus - Focus ring.
 * @cssprop --preau-font-family - Font.
 */
export class PreauGradebook extends PreauElement {
  static override styles = [PreauElement.styles, controlStyles, statusStyles, gradebookStyles];

  /** A class sheet (teacher) or a student's results (student, parent). Set by the host in property mode. */
  @property({ attribute: false }) data: GradebookData | null = null;

  /** Connected mode: the API URL of the class sheet or of a student's results. */
  @property() src = '';

  /** Read-only teacher view (no editing, no form). */
  @property({ type: Boolean, reflect: true }) readonly = false;

  /** Milliseconds a connected grid waits for more edits before sending one batch. */
  @property({ type: Number, attribute: 'save-delay' }) saveDelay = 400;

  @state() private _active: Cell = { r: 0, c: 1 };
  @state() private _editing: Editing | null = null;
  @state() private _loading = false;
  @state() private _formOpen = false;
  @state() private _formErrors: Record<string, string> = {};
  /** Cells the server refused ("studentId|evaluationId"). */
  @state() private _invalid = new Set<string>();

  /** `data` as shown: checked and completed (see normalizeData). */
  private _view: GradebookData | null = null;
  private _model: SheetModel | null = null;
  private _undo: MarkChange[][] = [];
  private _redo: MarkChange[][] = [];
  private _focusAfterRender = false;
  /** Where a Shift range started (null: no range). */
  private _anchor: Cell | null = null;
  private _pressedFrom: Cell | null = null;
  private _rangeSheet: CSSStyleSheet | undefined;
  private _rangeKey = '';
  private _rangeCells: HTMLElement[] = [];
  private _selectOnFocus = false;
  private _queue: MarkChange[] = [];
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _inflight: Promise<void> = Promise.resolve();
  /** Batches sent or waiting for the previous one. */
  private _sending = 0;
  private _loadAbort: AbortController | undefined;
  private readonly _status = new StatusController(this);
  private readonly _id = `preau-gradebook-${++uid}`;

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this._onHidden);
    window.addEventListener('beforeunload', this._onBeforeUnload);
    // Moved in the page while its first load was under way (the move aborted it): load again.
    if (this.hasUpdated && this.src && !this.data && this._loadAbort?.signal.aborted) void this._load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._loadAbort?.abort();
    document.removeEventListener('visibilitychange', this._onHidden);
    window.removeEventListener('beforeunload', this._onBeforeUnload);
    // Removed from the page (a single-page host navigating away): marks waiting for their batch go now.
    this._flushNow();
  }

  /** Marks typed but not yet acknowledged by the server (connected mode). */
  get hasUnsavedMarks(): boolean {
    return this._queue.length > 0 || this._sending > 0;
  }

  /** The tab is hidden (switched, closed, phone locked): send what waits instead of waiting for the delay. */
  private readonly _onHidden = (): void => {
    if (document.visibilityState === 'hidden') this._flushNow();
  };

  /** Leaving the page with marks not yet saved: the browser asks the teacher to confirm, and they are sent. */
  private readonly _onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.hasUnsavedMarks) return;
    this._flushNow();
    event.preventDefault();
  };

  private _flushNow(): void {
    if (this._timer === undefined) return;
    clearTimeout(this._timer);
    this._timer = undefined;
    this._flush();
  }

  /** Resolves when every queued mark has been sent and answered (connected mode). */
  async saveComplete(): Promise<void> {
    this._flushNow();
    await this._inflight;
  }

  /** Whether there is something to undo / redo. */
  get canUndo(): boolean {
    return this._undo.length > 0;
  }
  get canRedo(): boolean {
    return this._redo.length > 0;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('data')) {
      const before = this._model?.sheet;
      this._view = normalizeData(this.data);
      this._model = this._view && isSheet(this._view) ? new SheetModel(this._view) : null;
      // A host that hands back the same sheet updated (or a reload) keeps undo/redo: changes name cells by ids.
      const sameSheet =
        before &&
        this._model &&
        before.class.id === this._model.sheet.class.id &&
        before.subject.id === this._model.sheet.subject.id &&
        before.period.id === this._model.sheet.period.id;
      if (!sameSheet) {
        this._undo = [];
        this._redo = [];
        this._invalid = new Set();
      }
      this._editing = null;
      this._anchor = null;
      this._clampActive();
    }
    if (changed.has('src') && this.src) void this._load();
  }

  override updated(): void {
    this._paintRange();
    if (this._focusAfterRender) {
      this._focusAfterRender = false;
      if (this._editing) {
        const input = this.renderRoot.querySelector<HTMLInputElement>('[part~="editor"]');
        input?.focus();
        // Opened with Enter/F2: the current value is selected, so typing replaces it.
        if (input && this._selectOnFocus) input.select();
        this._selectOnFocus = false;
      } else {
        this._cellElement(this._active)?.focus();
      }
    }
  }

  private msg(key: GradebookMessageKey, vars?: Record<string, unknown>): string {
    return this.t(gradebookMessages, key, vars);
  }

  private get _lang(): GradebookLang {
    return this.locale;
  }

  // ——— Rendering ———

  override render(): TemplateResult {
    const status = this._status.render();
    const view = this._view;
    if (!view) {
      return html`${status}${this._loading || this.src ? nothing : html`<div part="empty">${this.msg('noData')}</div>`}`;
    }
    if (!isSheet(view)) return html`${status}${this._renderResults(view)}`;
    return this._renderTeacher(view, status);
  }

  private _renderTeacher(sheet: GradebookSheet, status: TemplateResult): TemplateResult {
    const model = this._model!;
    const label = this.msg('teacherLabel', {
      className: sheet.class.name,
      subject: `${sheet.subject.name}, ${sheet.period.label}`,
    });
    const toolbar = !this._canEdit
      ? nothing
      : html`<div part="toolbar">
          <button
            type="button"
            class="button"
            data-variant="primary"
            aria-expanded=${this._formOpen ? 'true' : 'false'}
            aria-controls="${this._id}-form"
            @click=${this._toggleForm}
          >
            ${this.msg('addEvaluation')}
          </button>
        </div>`;
    const form = this._formOpen ? this._renderForm(sheet) : nothing;
    if (sheet.students.length === 0) {
      return html`<h2 id="${this._id}-label">${label}</h2>
        ${toolbar}${form}${status}
        <div part="empty">${this.msg('noStudents')}</div>`;
    }
    const evals = model.evaluations;
    const active = this._active;
    const editing = this._editing;
    const nRows = model.rows.length;
    const lastCol = evals.length + 1;
    return html`<h2 id="${this._id}-label">${label}</h2>
      ${toolbar}${form}
      ${evals.length === 0 ? html`<div part="empty">${this.msg('noEvaluations')}</div>` : nothing}
      <p class="help" id="${this._id}-help">${this.msg('keyboardHelp')}</p>
      ${status}
      <div part="scroller">
        <table
          part="grid"
          role="grid"
          aria-labelledby="${this._id}-label"
          aria-describedby="${this._id}-help"
          aria-rowcount=${nRows + 1 + STATS.length}
          aria-colcount=${lastCol + 1}
          aria-readonly=${this._canEdit ? nothing : 'true'}
          aria-multiselectable="true"
          @keydown=${this._onKeyDown}
          @click=${this._onClick}
          @dblclick=${this._onDblClick}
          @paste=${this._onPaste}
          @pointerdown=${this._onPointerDown}
          @copy=${this._onCopy}
          @focusin=${this._onFocusIn}
        >
          <thead>
            ${guard([evals, this.locale], () => this._renderHeader(evals))}
          </thead>
          <tbody>
            ${repeat(
              model.rows,
              (row) => row.student.id,
              (row, r) => {
                const activeCol = active.r === r ? active.c : -1;
                const edit = editing && editing.r === r ? editing : null;
                return guard([row, activeCol, edit, this._invalid, this.locale, evals], () =>
                  this._renderRow(model, row, r, activeCol, edit),
                );
              },
            )}
          </tbody>
          <tfoot part="stats">
            ${STATS.map((stat, i) => {
              const r = nRows + i;
              const activeCol = active.r === r ? active.c : -1;
              return guard([model.rows, activeCol, this.locale, evals], () =>
                this._renderStatsRow(model, stat, activeCol),
              );
            })}
          </tfoot>
        </table>
      </div>`;
  }

  private _renderHeader(evals: readonly SheetEvaluation[]): TemplateResult {
    return html`<tr part="header" aria-rowindex="1">
      <th scope="col" role="columnheader">${this.msg('student')}</th>
      ${evals.map(
        (e) =>
          html`<th
            scope="col"
            role="columnheader"
            part="column-header"
            aria-label=${this.msg('evaluationHeader', {
              title: e.title,
              date: this.formatDate(`${e.date}T12:00:00Z`, { dateStyle: 'long' }),
              coef: e.coefficient,
              max: e.outOf,
            })}
          >
            <span class="eval-title">${e.title}</span>
            <span class="eval-meta"
              >${this.formatDate(`${e.date}T12:00:00Z`, { day: '2-digit', month: '2-digit' })}
              · ${this.msg('outOf', { max: e.outOf })} · ${this.msg('coefShort', { coef: e.coefficient })}</span
            >
          </th>`,
      )}
      <th scope="col" role="columnheader" part="average-header">${this.msg('average')}</th>
    </tr>`;
  }

  /** One student's row. Only rows whose data, active cell or editor changed are rendered again (see guard). */
  private _renderRow(
    model: SheetModel,
    row: Row,
    r: number,
    activeCol: number,
    edit: Editing | null,
  ): TemplateResult {
    const evals = model.evaluations;
    const lang = this._lang;
    const avg = model.average(row);
    const sid = row.student.id;
    const invalid = this._invalid;
    return html`<tr part="row" aria-rowindex=${r + 2}>
      <th
        scope="row"
        role="rowheader"
        part="name"
        tabindex=${activeCol === 0 ? 0 : -1}
      >
        ${row.student.lastName} ${row.student.firstName}
      </th>
      ${evals.map((e, i) => {
        const c = i + 1;
        if (edit && edit.c === c) return this._renderEditor(row, e, edit);
        const value = row.marks.get(e.id);
        const bad = invalid.size > 0 && invalid.has(`${sid}|${e.id}`);
        return html`<td
          role="gridcell"
          part="cell"
          tabindex=${activeCol === c ? 0 : -1}
          aria-invalid=${bad ? 'true' : nothing}
        >
          ${typeof value === 'string' ? this._annotation(value) : formatMark(value, lang)}
        </td>`;
      })}
      <td
        role="gridcell"
        part="average"
        aria-readonly="true"
        tabindex=${activeCol === evals.length + 1 ? 0 : -1}
      >
        ${avg ? formatAverage(avg.value, lang) : ''}
      </td>
    </tr>`;
  }

  private _annotation(value: string): TemplateResult {
    const label = MARK_ANNOTATION_LABELS[value as keyof typeof MARK_ANNOTATION_LABELS];
    return html`<abbr title=${label ? label[this._lang] : value}>${value}</abbr>`;
  }

  private _renderEditor(row: Row, e: SheetEvaluation, edit: Editing): TemplateResult {
    const errorId = `${this._id}-edit-error`;
    return html`<td role="gridcell" part="cell" class="editing" tabindex="-1">
      <input
        part="editor"
        type="text"
        inputmode="decimal"
        autocomplete="off"
        spellcheck="false"
        enterkeyhint="next"
        .value=${edit.draft}
        aria-label=${this.msg('editorLabel', {
          student: `${row.student.firstName} ${row.student.lastName}`,
          evaluation: e.title,
          max: e.outOf,
        })}
        aria-invalid=${edit.error ? 'true' : 'false'}
        aria-describedby=${edit.error ? errorId : nothing}
        @input=${this._onEditorInput}
        @blur=${this._onEditorBlur}
      />${edit.error ? html`<span class="visually-hidden" id=${errorId}>${edit.error}</span>` : nothing}
    </td>`;
  }

  private _renderStatsRow(
    model: SheetModel,
    stat: (typeof STATS)[number],
    activeCol: number,
  ): TemplateResult {
    const lang = this._lang;
    const evals = model.evaluations;
    const avgStats = model.averageStats();
    const rowIndex = model.rows.length + 2 + STATS.indexOf(stat);
    return html`<tr part="stats-row" aria-rowindex=${rowIndex}>
      <th
        scope="row"
        role="rowheader"
        part="name"
        tabindex=${activeCol === 0 ? 0 : -1}
      >
        ${this.msg(STATS_LABEL[stat])}
      </th>
      ${evals.map((e, i) => {
        const s = model.columnStats(e);
        return html`<td
          role="gridcell"
          aria-readonly="true"
          tabindex=${activeCol === i + 1 ? 0 : -1}
        >
          ${s ? formatAverage(s[stat], lang) : ''}
        </td>`;
      })}
      <td
        role="gridcell"
        part="average"
        aria-readonly="true"
        tabindex=${activeCol === evals.length + 1 ? 0 : -1}
      >
        ${avgStats ? formatAverage(avgStats[stat], lang) : ''}
      </td>
    </tr>`;
  }

  private _renderForm(sheet: GradebookSheet): TemplateResult {
    const today = new Date().toISOString().slice(0, 10);
    const err = this._formErrors;
    const field = (
      name: string,
      label: GradebookMessageKey,
      type: string,
      value: string,
      extra: TemplateResult | typeof nothing = nothing,
    ) => {
      const id = `${this._id}-f-${name}`;
      return html`<div class="field">
        <label for=${id}>${this.msg(label)}</label>
        <input
          id=${id}
          name=${name}
          type=${type}
          .value=${value}
          inputmode=${type === 'text' && name !== 'title' ? 'decimal' : nothing}
          aria-invalid=${err[name] ? 'true' : 'false'}
          aria-describedby=${err[name] ? `${id}-err` : nothing}
          ?required=${name !== 'publishOn'}
        />${extra}${err[name] ? html`<span class="field-error" id="${id}-err">${err[name]}</span>` : nothing}
      </div>`;
    };
    return html`<form
      part="evaluation-form"
      id="${this._id}-form"
      aria-labelledby="${this._id}-form-title"
      novalidate
      @submit=${this._onFormSubmit}
    >
      <h3 id="${this._id}-form-title" class="form-title">
        ${this.msg('newEvaluation')} — ${sheet.class.name}, ${sheet.subject.name}
      </h3>
      ${field('title', 'title', 'text', '')} ${field('date', 'date', 'date', today)}
      ${field('coefficient', 'coefficient', 'text', '1')} ${field('outOf', 'maxScore', 'text', '20')}
      ${field('publishOn', 'publishDate', 'date', today, html`<span class="hint">${this.msg('publishHint')}</span>`)}
      <div class="actions">
        <button type="submit" class="button" data-variant="primary">${this.msg('create')}</button>
        <button type="button" class="button" @click=${this._toggleForm}>${this.msg('cancel')}</button>
      </div>
    </form>`;
  }

  private _renderResults(data: StudentResults): TemplateResult {
    const lang = this._lang;
    const name = `${data.student.firstName} ${data.student.lastName}`;
    const date = (d: string) => this.formatDate(`${d}T12:00:00Z`, { dateStyle: 'medium' });
    const hasMarks = data.subjects.some((s) => s.evaluations.length > 0);
    return html`<div part="student-view" role="region" aria-labelledby="${this._id}-results">
      <h2 id="${this._id}-results">${this.msg('resultsOf', { name })} — ${data.period.label}</h2>
      ${
        data.generalAverage !== undefined && data.generalAverage !== null
          ? html`<p part="general-average">${this.msg('labelValue', { label: this.msg('generalAverage'), value: formatAverage(data.generalAverage, lang) })}</p>`
          : nothing
      }
      ${
        data.rank && data.rank.position > 0
          ? html`<p part="rank">${this.msg('rank', { position: data.rank.position, of: data.rank.of })}</p>`
          : nothing
      }
      ${hasMarks ? nothing : html`<div part="empty">${this.msg('noMarks')}</div>`}
      ${data.subjects
        .filter((s) => s.evaluations.length > 0 || (s.average !== undefined && s.average !== null))
        .map((s) => {
          const showClass = s.evaluations.some((e) => e.classStats);
          const headId = `${this._id}-s-${s.id}`;
          return html`<section aria-labelledby=${headId}>
            <h3 id=${headId}>${s.name}</h3>
            <table part="subject-table" aria-labelledby=${headId}>
              <thead>
                <tr>
                  <th scope="col">${this.msg('evaluation')}</th>
                  <th scope="col">${this.msg('date')}</th>
                  <th scope="col">${this.msg('mark')}</th>
                  <th scope="col">${this.msg('coefficient')}</th>
                  ${showClass ? html`<th scope="col">${this.msg('classAverage')}</th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${s.evaluations.map(
                  (e) => html`<tr>
                    <th scope="row">${e.title}</th>
                    <td>${date(e.date)}</td>
                    <td>
                      ${typeof e.mark === 'string' ? this._annotation(e.mark) : formatMark(e.mark, lang)}${
                        e.mark === null ? '' : ` / ${formatMark(e.outOf, lang)}`
                      }
                    </td>
                    <td>${formatMark(e.coefficient, lang)}</td>
                    ${
                      showClass
                        ? html`<td>
                            ${e.classStats ? `${formatAverage(e.classStats.average, lang)} / ${formatMark(e.outOf, lang)}` : ''}
                          </td>`
                        : nothing
                    }
                  </tr>`,
                )}
              </tbody>
            </table>
            <p part="subject-summary">
              ${
                s.average !== undefined
                  ? html`<span
                      >${this.msg('labelValue', {
                        label: this.msg('subjectAverage'),
                        value: s.average === null ? '—' : formatAverage(s.average, lang),
                      })}</span
                    >`
                  : nothing
              }
              ${
                s.classStats
                  ? html`<span
                      >${this.msg('labelValue', {
                        label: this.msg('subjectClassAverage'),
                        value: formatAverage(s.classStats.average, lang),
                      })}</span
                    >`
                  : nothing
              }
            </p>
            ${s.appreciation ? html`<p part="appreciation">${s.appreciation}</p>` : nothing}
          </section>`;
        })}
      ${data.appreciation ? html`<p part="appreciation">${data.appreciation}</p>` : nothing}
      ${data.competences && data.competences.length > 0 ? this._renderCompetences(data.competences) : nothing}
    </div>`;
  }

  private _renderCompetences(list: { domain: SocleDomain; level: LsuLevel | null }[]): TemplateResult {
    const lang = this._lang;
    return html`<section aria-labelledby="${this._id}-comp">
      <h3 id="${this._id}-comp">${this.msg('competences')}</h3>
      <table part="competences" aria-labelledby="${this._id}-comp">
        <thead>
          <tr>
            <th scope="col">${this.msg('domain')}</th>
            <th scope="col">${this.msg('level')}</th>
          </tr>
        </thead>
        <tbody>
          ${list.map((c) => {
            const domain = SOCLE_DOMAIN_LABELS[c.domain];
            const level = c.level ? LSU_SCALE[c.level] : null;
            return html`<tr>
              <th scope="row">${domain ? domain[lang] : c.domain} <span class="eval-meta">(${c.domain})</span></th>
              <td>
                ${
                  level
                    ? html`<span class="level level-${level.level}"
                        ><span class="level-code">${level.code}</span> ${level.level} — ${level[lang]}</span
                      >`
                    : '—'
                }
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </section>`;
  }

  /** Clears a refusal or error message once the teacher has moved on. */
  private _clearAlert(): void {
    if (this._status.message?.tone === 'error') this._status.clear();
  }

  // ——— Grid geometry ———

  private get _rowCount(): number {
    return (this._model?.rows.length ?? 0) + STATS.length;
  }
  private get _colCount(): number {
    return (this._model?.evaluations.length ?? 0) + 2;
  }

  private _clampActive(): void {
    const rows = this._rowCount;
    const cols = this._colCount;
    const r = Math.min(Math.max(0, this._active.r), Math.max(0, rows - 1));
    const c = Math.min(Math.max(0, this._active.c), Math.max(0, cols - 1));
    if (r !== this._active.r || c !== this._active.c) this._active = { r, c };
  }

  private get _canEdit(): boolean {
    return !this.readonly && !!this._view && isSheet(this._view) && this._view.canEdit !== false;
  }

  private _isEditable(cell: Cell): boolean {
    const m = this._model;
    return !!m && this._canEdit && cell.r < m.rows.length && cell.c >= 1 && cell.c <= m.evaluations.length;
  }

  private _cellElement(cell: Cell): HTMLElement | null {
    const table = this.renderRoot.querySelector<HTMLTableElement>('table[role="grid"]');
    if (!table) return null;
    const nRows = this._model?.rows.length ?? 0;
    const row = cell.r < nRows ? table.tBodies[0]?.rows[cell.r] : table.tFoot?.rows[cell.r - nRows];
    return (row?.cells[cell.c] as HTMLElement | undefined) ?? null;
  }

  private _cellFromEvent(event: Event): Cell | null {
    for (const node of event.composedPath()) {
      if (!(node instanceof HTMLTableCellElement)) continue;
      const tr = node.parentElement as HTMLTableRowElement | null;
      const section = tr?.parentElement;
      if (!tr || !section) return null;
      if (section.localName === 'thead') return null;
      const nRows = this._model?.rows.length ?? 0;
      const r = section.localName === 'tfoot' ? nRows + tr.sectionRowIndex : tr.sectionRowIndex;
      return { r, c: node.cellIndex };
    }
    return null;
  }

  /** Moves the active cell; with `extend` (Shift) the range from the anchor grows or shrinks instead. */
  private _moveTo(cell: Cell, extend = false): void {
    if (extend) this._anchor ??= { ...this._active };
    else this._anchor = null;
    const r = Math.min(Math.max(0, cell.r), this._rowCount - 1);
    const c = Math.min(Math.max(0, cell.c), this._colCount - 1);
    if (r !== this._active.r || c !== this._active.c) this._active = { r, c };
    this._focusAfterRender = true;
    this.requestUpdate();
  }

  private _pageSize(): number {
    const scroller = this.renderRoot.querySelector<HTMLElement>('[part~="scroller"]');
    const first = this._cellElement({ r: 0, c: 0 });
    const rowHeight = first?.getBoundingClientRect().height || 1;
    const visible = scroller ? Math.floor(scroller.clientHeight / rowHeight) - 2 : 10;
    return Math.max(1, visible);
  }

  // ——— Keyboard and pointer ———

  private _onFocusIn(event: FocusEvent): void {
    if (this._editing) return;
    const cell = this._cellFromEvent(event);
    if (cell && (cell.r !== this._active.r || cell.c !== this._active.c)) this._active = cell;
  }

  private _onPointerDown(event: PointerEvent): void {
    // Focus moves to the pressed cell before the click: remember where a Shift+click range starts.
    this._pressedFrom = event.shiftKey && !this._editing ? (this._anchor ?? { ...this._active }) : null;
  }

  private _onClick(event: MouseEvent): void {
    const cell = this._cellFromEvent(event);
    if (!cell) return;
    if (this._editing && this._editing.r === cell.r && this._editing.c === cell.c) return;
    if (this._editing && !this._commitEdit()) return;
    if (event.shiftKey && this._pressedFrom) {
      this._anchor = this._pressedFrom;
      this._pressedFrom = null;
      this._moveTo(cell, true);
      return;
    }
    const again = cell.r === this._active.r && cell.c === this._active.c;
    this._moveTo(cell);
    // On the whiteboard a second tap on the selected cell opens it: no double-click with a finger or a pen.
    if (again && this.density === 'board' && event.detail <= 1) this._startEdit(null);
  }

  private _onDblClick(event: MouseEvent): void {
    const cell = this._cellFromEvent(event);
    if (!cell || this._editing) return;
    this._moveTo(cell);
    this._startEdit(null);
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (this._editing) {
      this._onEditorKeyDown(event);
      return;
    }
    const { r, c } = this._active;
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key;
    let target: Cell | null = null;
    switch (key) {
      case 'ArrowRight':
        target = { r, c: c + 1 };
        break;
      case 'ArrowLeft':
        target = { r, c: c - 1 };
        break;
      case 'ArrowDown':
        target = { r: r + 1, c };
        break;
      case 'ArrowUp':
        target = { r: r - 1, c };
        break;
      case 'Home':
        target = ctrl ? { r: 0, c: 0 } : { r, c: 0 };
        break;
      case 'End':
        target = ctrl ? { r: this._rowCount - 1, c: this._colCount - 1 } : { r, c: this._colCount - 1 };
        break;
      case 'PageDown':
        target = { r: r + this._pageSize(), c };
        break;
      case 'PageUp':
        target = { r: r - this._pageSize(), c };
        break;
      case 'Enter':
      case 'F2':
        event.preventDefault();
        this._startEdit(null);
        return;
      case 'Delete':
      case 'Backspace': {
        event.preventDefault();
        const cells = this._rangeCellsOrActive().filter((cell) => this._isEditable(cell));
        this._commitValues(
          cells.map((cell) => ({ ...cell, value: null })),
          'edit',
        );
        return;
      }
      case 'Escape':
        if (this._anchor) {
          event.preventDefault();
          this._anchor = null;
          this.requestUpdate();
        }
        return;
    }
    if (target) {
      event.preventDefault();
      this._moveTo(target, event.shiftKey);
      return;
    }
    if (ctrl && !event.altKey) {
      const k = key.toLowerCase();
      if ((k === 'z' && event.shiftKey) || k === 'y') {
        event.preventDefault();
        this.redo();
      } else if (k === 'z') {
        event.preventDefault();
        this.undo();
      }
      return;
    }
    // A printable character starts editing with that character (spreadsheet behaviour).
    if (key.length === 1 && !event.altKey && key !== ' ') {
      if (!this._isEditable(this._active)) return;
      event.preventDefault();
      this._startEdit(key);
    }
  }

  private _onEditorKeyDown(event: KeyboardEvent): void {
    const edit = this._editing!;
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        this._editing = null;
        this._clearAlert();
        this._focusAfterRender = true;
        return;
      case 'Enter':
        event.preventDefault();
        if (this._commitEdit()) this._moveTo({ r: event.shiftKey ? edit.r - 1 : edit.r + 1, c: edit.c });
        return;
      case 'Tab':
        event.preventDefault();
        if (this._commitEdit()) this._moveTo({ r: edit.r, c: event.shiftKey ? edit.c - 1 : edit.c + 1 });
        return;
      case 'ArrowUp':
      case 'ArrowDown':
        event.preventDefault();
        if (this._commitEdit()) this._moveTo({ r: edit.r + (event.key === 'ArrowUp' ? -1 : 1), c: edit.c });
        return;
    }
  }

  private _onEditorInput(event: InputEvent): void {
    const edit = this._editing;
    if (!edit) return;
    // The draft lives in the field; the row renders again only when the refusal appears or goes away.
    edit.draft = (event.target as HTMLInputElement).value;
    // A number beyond the barème (or negative, or with too many decimals) is refused as soon as it is typed;
    // an unfinished word ("ab" of "abs") is judged only when the teacher validates.
    const evaluation = this._model!.evaluations[edit.c - 1]!;
    const parsed = parseMarkInput(edit.draft, evaluation.outOf);
    const error =
      parsed.ok || parsed.error.code === 'not-a-number' ? '' : this._refusal(parsed.error.message);
    if (error === edit.error) return;
    this._editing = { ...edit, error };
    if (error) this._status.error(error);
    else this._clearAlert();
  }

  private _refusal(message: { fr: string; en: string }): string {
    return this.msg('refused', { detail: message[this._lang] });
  }

  private _onEditorBlur(): void {
    // Leaving the field by clicking elsewhere keeps a valid value; a refused one stays shown with its message.
    queueMicrotask(() => {
      if (!this._editing) return;
      const focused = this.shadowRoot?.activeElement;
      if (focused && (focused as HTMLElement).getAttribute('part') === 'editor') return;
      this._commitEdit(false);
    });
  }

  private _startEdit(initial: string | null): void {
    if (!this._isEditable(this._active)) {
      return;
    }
    const { r, c } = this._active;
    const current = this._model!.value(r, c - 1);
    this._anchor = null;
    this._editing = { r, c, draft: initial ?? formatMark(current, this._lang), error: '' };
    this._selectOnFocus = initial === null;
    this._clearAlert();
    this._focusAfterRender = true;
  }

  /** Validates the editor's text; true when it was saved (or unchanged) and the editor closed. */
  private _commitEdit(refocus = true): boolean {
    const edit = this._editing;
    if (!edit) return true;
    const evaluation = this._model!.evaluations[edit.c - 1]!;
    const input = this.renderRoot.querySelector<HTMLInputElement>('[part~="editor"]');
    const text = input ? input.value : edit.draft;
    const parsed = parseMarkInput(text, evaluation.outOf);
    if (!parsed.ok) {
      const message = this._refusal(parsed.error.message);
      this._editing = { ...edit, draft: text, error: message };
      this._status.error(message);
      this._focusAfterRender = refocus;
      return false;
    }
    this._editing = null;
    this._clearAlert();
    this._commitValues([{ r: edit.r, c: edit.c, value: parsed.value }], 'edit');
    return true;
  }

  // ——— Changes, undo/redo ———

  /** Turns cell values into changes (unchanged cells left out) and applies them; returns how many were applied. */
  private _commitValues(
    cells: { r: number; c: number; value: MarkValue | null }[],
    origin: MarkChangeOrigin,
  ): number {
    const model = this._model!;
    const changes: MarkChange[] = [];
    for (const { r, c, value } of cells) {
      const row = model.rows[r];
      const evaluation = model.evaluations[c - 1];
      if (!row || !evaluation) continue;
      const previous = row.marks.get(evaluation.id) ?? null;
      if (previous === value) continue;
      changes.push({ studentId: row.student.id, evaluationId: evaluation.id, previous, value });
    }
    return this._applyChanges(changes, origin) ? changes.length : 0;
  }

  private _applyChanges(changes: MarkChange[], origin: MarkChangeOrigin): boolean {
    if (changes.length === 0) return false;
    if (origin !== 'rollback') {
      const event = new PreauMarkChangeEvent({ changes, origin });
      this.dispatchEvent(event);
      if (event.defaultPrevented) return false;
    }
    this._model!.apply(changes);
    if (this._invalid.size > 0) {
      const invalid = new Set(this._invalid);
      for (const ch of changes) invalid.delete(`${ch.studentId}|${ch.evaluationId}`);
      this._invalid = invalid;
    }
    if (origin === 'edit' || origin === 'paste') {
      this._undo.push(changes);
      this._redo = [];
    } else if (origin === 'undo') {
      this._redo.push(changes.map(invert));
    } else if (origin === 'redo') {
      this._undo.push(changes);
    }
    if (origin !== 'rollback' && this.src) this._enqueue(changes);
    this.requestUpdate();
    return true;
  }

  /** Undoes the last edit or paste (Ctrl+Z). */
  undo(): void {
    const last = this._undo.pop();
    if (!last) {
      this._status.info(this.msg('nothingToUndo'));
      return;
    }
    if (this._applyChanges(last.map(invert), 'undo'))
      this._status.info(this.msg('undone', { count: last.length }));
    else this._undo.push(last);
  }

  /** Redoes the last undone change (Ctrl+Y, Ctrl+Shift+Z). */
  redo(): void {
    const last = this._redo.pop();
    if (!last) {
      this._status.info(this.msg('nothingToRedo'));
      return;
    }
    const changes = last;
    if (this._applyChanges(changes, 'redo')) this._status.info(this.msg('redone', { count: changes.length }));
    else this._redo.push(last);
  }

  // ——— Copy and paste ———

  /** Ctrl+C on a cell copies what it shows (a mark with its decimal comma, an average, a name). */
  private _onCopy(event: ClipboardEvent): void {
    if (this._editing || !event.clipboardData) return;
    const range = this._range() ?? {
      r0: this._active.r,
      r1: this._active.r,
      c0: this._active.c,
      c1: this._active.c,
    };
    const lines: string[] = [];
    for (let r = range.r0; r <= range.r1; r++) {
      const values: string[] = [];
      for (let c = range.c0; c <= range.c1; c++)
        values.push(this._cellElement({ r, c })?.textContent?.trim() ?? '');
      lines.push(values.join('\t'));
    }
    event.clipboardData.setData('text/plain', lines.join('\n'));
    event.preventDefault();
  }

  // ——— Range selection (Shift+arrows, Shift+click) ———

  private _range(): { r0: number; r1: number; c0: number; c1: number } | null {
    const a = this._anchor;
    const b = this._active;
    if (!a || (a.r === b.r && a.c === b.c)) return null;
    return { r0: Math.min(a.r, b.r), r1: Math.max(a.r, b.r), c0: Math.min(a.c, b.c), c1: Math.max(a.c, b.c) };
  }

  private _rangeCellsOrActive(): Cell[] {
    const range = this._range();
    if (!range) return [{ ...this._active }];
    const cells: Cell[] = [];
    for (let r = range.r0; r <= range.r1; r++)
      for (let c = range.c0; c <= range.c1; c++) cells.push({ r, c });
    return cells;
  }

  /**
   * Shows the range without rendering any row again: one generated rule in a constructed style sheet (allowed
   * under a strict Content-Security-Policy) and `aria-selected` set on the cells of the range only.
   */
  private _paintRange(): void {
    const range = this._editing ? null : this._range();
    const nRows = this._model?.rows.length ?? 0;
    const key = range ? `${range.r0},${range.r1},${range.c0},${range.c1},${nRows}` : '';
    if (key === this._rangeKey) return;
    this._rangeKey = key;
    for (const cell of this._rangeCells) cell.removeAttribute('aria-selected');
    this._rangeCells = [];
    const root = this.shadowRoot;
    if (!root) return;
    if (!this._rangeSheet) {
      this._rangeSheet = new CSSStyleSheet();
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, this._rangeSheet];
    }
    if (!range) {
      this._rangeSheet.replaceSync('');
      return;
    }
    const cols = `:nth-child(n+${range.c0 + 1}):nth-child(-n+${range.c1 + 1})`;
    const rows = (section: string, from: number, to: number) =>
      `[part~='grid'] > ${section} > tr:nth-child(n+${from + 1}):nth-child(-n+${to + 1}) > ${cols}`;
    const rules: string[] = [];
    if (range.r0 < nRows) rules.push(rows('tbody', range.r0, Math.min(range.r1, nRows - 1)));
    if (range.r1 >= nRows) rules.push(rows('tfoot', Math.max(range.r0, nRows) - nRows, range.r1 - nRows));
    this._rangeSheet.replaceSync(
      `${rules.join(',')} { background: var(--preau-gradebook-selection-background, #dce6f7); }`,
    );
    for (const cell of this._rangeCellsOrActive()) {
      const el = this._cellElement(cell);
      if (!el) continue;
      el.setAttribute('aria-selected', 'true');
      this._rangeCells.push(el);
    }
  }

  private _onPaste(event: ClipboardEvent): void {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (this._editing && !/[\t\n]/.test(text.replace(/\r?\n$/, ''))) return; // a single value pastes into the field
    event.preventDefault();
    if (this._editing) this._editing = null;
    this.pasteBlock(text);
  }

  /**
   * Pastes a block copied from a spreadsheet (tab-separated columns, one line per row, decimal commas) from the
   * active cell. All or nothing: one value the rules refuse and no cell changes.
   */
  pasteBlock(text: string): void {
    const model = this._model;
    if (!model || !this._isEditable(this._active)) {
      this._status.error(this.msg('pasteNothing'));
      return;
    }
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    const range = this._range();
    const { r: r0, c: c0 } = range ? { r: range.r0, c: range.c0 } : this._active;
    const cells: { r: number; c: number; value: MarkValue | null }[] = [];
    const errors: string[] = [];
    let clipped = 0;
    lines.forEach((line, i) => {
      line.split('\t').forEach((raw, j) => {
        const r = r0 + i;
        const c = c0 + j;
        if (r >= model.rows.length || c > model.evaluations.length) {
          clipped++;
          return;
        }
        // Spreadsheets quote a cell now and then ("12,5"): the quotes are not part of the mark.
        const parsed = parseMarkInput(raw.replace(/^\s*"(.*)"\s*$/, '$1'), model.evaluations[c - 1]!.outOf);
        if (parsed.ok) cells.push({ r, c, value: parsed.value });
        else
          errors.push(
            this.msg('pasteCell', { row: i + 1, col: j + 1, detail: parsed.error.message[this._lang] }),
          );
      });
    });
    if (errors.length > 0) {
      const shown = errors.slice(0, 3).join(' ; ') + (errors.length > 3 ? ' ; …' : '');
      this._status.error(this.msg('pasteRefused', { count: errors.length, detail: shown }));
      return;
    }
    this._clearAlert();
    const count = this._commitValues(cells, 'paste');
    this._status.info(
      this.msg('pasted', { count }) + (clipped > 0 ? this.msg('pasteClipped', { count: clipped }) : ''),
    );
    this._focusAfterRender = true;
  }

  // ——— New évaluation ———

  private _toggleForm(): void {
    this._formOpen = !this._formOpen;
    this._formErrors = {};
    if (this._formOpen) {
      void this.updateComplete.then(() =>
        this.renderRoot
          .querySelector<HTMLInputElement>('[part~="evaluation-form"] input[name="title"]')
          ?.focus(),
      );
    }
  }

  private async _onFormSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const sheet = this._view as GradebookSheet;
    const form = event.target as HTMLFormElement;
    const get = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const num = (s: string) => (/^\d+(?:[.,]\d{1,2})?$/.test(s) ? Number(s.replace(',', '.')) : Number.NaN);
    const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
    const title = get('title');
    const date = get('date');
    const coefficient = num(get('coefficient'));
    const outOf = num(get('outOf'));
    const publishOn = get('publishOn') || date;
    const errors: Record<string, string> = {};
    if (!title) errors.title = this.msg('errTitle');
    if (!isDate(date)) errors.date = this.msg('errDate');
    if (!(coefficient > 0)) errors.coefficient = this.msg('errCoefficient');
    if (!(outOf > 0)) errors.outOf = this.msg('errMaxScore');
    if (!isDate(publishOn)) errors.publishOn = this.msg('errPublishDate');
    this._formErrors = errors;
    const firstBad = Object.keys(errors)[0];
    if (firstBad) {
      await this.updateComplete;
      this.renderRoot
        .querySelector<HTMLInputElement>(`[part~="evaluation-form"] [name="${firstBad}"]`)
        ?.focus();
      return;
    }
    const evaluation: EvaluationInput = {
      title,
      date,
      coefficient,
      outOf,
      publishOn,
      classId: sheet.class.id,
      subjectId: sheet.subject.id,
      periodId: sheet.period.id,
    };
    const created = new PreauEvaluationCreateEvent({ evaluation });
    this.dispatchEvent(created);
    if (created.defaultPrevented) return;
    if (this.src) {
      try {
        await this.apiFor(this.src).post(this._endpoints().evaluations, evaluation);
        this._formOpen = false;
        this._status.success(this.msg('evaluationCreated', { title }));
        this.trackUsage('notes', 'evaluation-create');
        await this._load();
      } catch (error) {
        this._status.error(this.msg('evaluationFailed', { detail: this._problemText(error) }));
      }
      return;
    }
    this._formOpen = false;
    this._status.success(this.msg('evaluationCreated', { title }));
  }

  // ——— Connected mode ———

  private _endpoints(): Endpoints {
    const sheet = this._view as (GradebookSheet & { links?: Partial<Endpoints> }) | null;
    const base = this.src.replace(/[?#].*$/, '').replace(/\/sheet$/, '');
    return {
      marks: sheet?.links?.marks ?? `${base}/marks`,
      evaluations: sheet?.links?.evaluations ?? `${base}/evaluations`,
    };
  }

  private async _load(): Promise<void> {
    this._loadAbort?.abort();
    const abort = new AbortController();
    this._loadAbort = abort;
    this._loading = true;
    if (!this.data) this._status.info(this.msg('loading'));
    try {
      // Marks still on their way are sent first: the sheet read back must include them.
      await this.saveComplete();
      const data = await this.apiFor(this.src).get<GradebookData>(this.src, { signal: abort.signal });
      if (abort.signal.aborted) return;
      const focused = this.matches(':focus-within');
      const view = normalizeData(data);
      if (view) this.trackUsage('notes', isSheet(view) ? 'sheet-view' : 'results-view');
      this.data = data;
      if (focused) this._focusAfterRender = true;
      if (this._status.message?.title === this.msg('loading')) this._status.clear();
    } catch (error) {
      if (abort.signal.aborted) return;
      this._status.error(this.msg('loadFailed', { detail: this._problemText(error) }));
    } finally {
      if (this._loadAbort === abort) this._loading = false;
    }
  }

  private _enqueue(changes: MarkChange[]): void {
    this._queue.push(...changes);
    if (this._timer !== undefined) clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._timer = undefined;
      this._flush();
    }, this.saveDelay);
  }

  /** Sends the queued changes as one batch (the last value of each cell), one batch at a time. */
  private _flush(): void {
    if (this._queue.length === 0) return;
    const queued = this._queue;
    this._queue = [];
    const byCell = new Map<string, MarkChange>();
    for (const ch of queued) {
      const key = `${ch.studentId}|${ch.evaluationId}`;
      const first = byCell.get(key);
      byCell.set(key, { ...ch, previous: first ? first.previous : ch.previous });
    }
    const batch = [...byCell.values()].filter((ch) => ch.previous !== ch.value);
    if (batch.length === 0) return;
    const url = this._endpoints().marks;
    this._status.info(this.msg('saving'));
    this._sending++;
    this._inflight = this._inflight.then(async () => {
      try {
        await this.apiFor(this.src).post(url, {
          marks: batch.map(({ studentId, evaluationId, value }) => ({ studentId, evaluationId, value })),
        });
        this._status.success(this.msg('saved'));
        this.trackUsage('notes', 'marks-save');
        this.dispatchEvent(new PreauMarkSaveEvent({ changes: batch }));
      } catch (error) {
        this._rollback(batch, error);
      } finally {
        this._sending--;
      }
    });
  }

  private _rollback(batch: MarkChange[], error: unknown): void {
    const model = this._model;
    if (!model) return;
    // Put back only cells still showing what this batch wrote (a later edit of the same cell wins).
    const back = batch.filter((ch) => model.valueOf(ch.studentId, ch.evaluationId) === ch.value).map(invert);
    this._applyChanges(back, 'rollback');
    const drop = (stack: MarkChange[][]) =>
      stack.map((set) => set.filter((ch) => !batch.some((b) => same(b, ch)))).filter((set) => set.length > 0);
    this._undo = drop(this._undo);
    this._redo = drop(this._redo);
    const invalid = new Set(this._invalid);
    const status = error instanceof ProblemError ? error.status : 0;
    if (error instanceof ProblemError) {
      for (const fieldError of error.errors) {
        // `marks/3/value` (JSON pointer) or `body.marks[3].value`.
        const m = /marks(?:\/|\[)(\d+)/.exec(fieldError.field);
        const ch = m ? batch[Number(m[1])] : undefined;
        if (ch) invalid.add(`${ch.studentId}|${ch.evaluationId}`);
      }
    }
    this._invalid = invalid;
    const message = this.msg('saveFailed', { detail: this._problemText(error) });
    this._status.error(message);
    this.dispatchEvent(new PreauMarkSaveErrorEvent({ changes: batch, message, status }));
  }

  /** One French sentence for an error: the server's problem (detail, or title) and up to three bad fields. */
  private _problemText(error: unknown): string {
    if (!(error instanceof ProblemError)) return this.msg('unknownError');
    const described = this.describeError(error);
    const parts = [described.detail || described.title];
    for (const e of error.errors.slice(0, 3)) parts.push(e.detail);
    return parts
      .filter(Boolean)
      .map((p) => (/[.!?…]$/.test(p) ? p : `${p}.`))
      .join(' ');
  }
}

function invert(ch: MarkChange): MarkChange {
  return { studentId: ch.studentId, evaluationId: ch.evaluationId, previous: ch.value, value: ch.previous };
}

function same(a: MarkChange, b: MarkChange): boolean {
  return a.studentId === b.studentId && a.evaluationId === b.evaluationId;
}

defineElement('preau-gradebook', PreauGradebook);

declare global {
  interface HTMLElementTagNameMap {
    'preau-gradebook': PreauGradebook;
  }
}
