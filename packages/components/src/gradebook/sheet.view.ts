import { formatMark } from '@preau/core/gradebook/format';
import { parseMarkInput } from '@preau/core/gradebook/mark-input';
import type { MarkValue } from '@preau/core/gradebook/marks';
import type { TemplateResult } from 'lit';
import { ProblemError } from '../base/api-client.js';
import { type GridCell, GridNavigationController } from '../base/grid-navigation.js';
import {
  type MarkChange,
  type MarkChangeOrigin,
  PreauMarkChangeEvent,
  PreauMarkSaveErrorEvent,
  PreauMarkSaveEvent,
} from './gradebook.events.js';
import type { GradebookHost } from './gradebook.host.js';
import { SheetModel } from './gradebook.model.js';
import type { GradebookSheet, SheetEvaluation } from './gradebook.types.js';
import { RangePainter } from './range.js';
import { renderSheet } from './sheet.render.js';
import { STATS } from './sheet.stats.js';

export interface Editing extends GridCell {
  draft: string;
  error: string;
}

const invert = (ch: MarkChange): MarkChange => ({
  studentId: ch.studentId,
  evaluationId: ch.evaluationId,
  previous: ch.value,
  value: ch.previous,
});
const sameCell = (a: MarkChange, b: MarkChange) =>
  a.studentId === b.studentId && a.evaluationId === b.evaluationId;

/**
 * The teacher's students × évaluations grid: keyboard entry like a spreadsheet, paste of a block, undo/redo, class
 * statistics, marks saved in batches (connected mode) and put back with a visible message when refused.
 */
export class SheetModule {
  model: SheetModel | null = null;
  editing: Editing | null = null;
  invalid = new Set<string>();
  undoStack: MarkChange[][] = [];
  redoStack: MarkChange[][] = [];
  readonly nav: GridNavigationController;
  readonly range: RangePainter;
  #selectOnFocus = false;
  #pressedFrom: GridCell | null = null;
  #batch: MarkChange[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly host: GradebookHost) {
    this.nav = new GridNavigationController(host, {
      rows: () => (this.model?.rows.length ?? 0) + STATS.length,
      cols: () => (this.model?.evaluations.length ?? 0) + 2,
      pageSize: () => this.#pageSize(),
      onActivate: () => this.startEdit(null),
    });
    this.range = new RangePainter(
      host,
      () => (this.editing ? null : this.nav.range()),
      () => this.model?.rows.length ?? 0,
    );
    this.nav.active = { row: 0, col: 1 };
  }

  /** New data: a host handing back the same sheet updated keeps undo/redo (changes name cells by ids). */
  setSheet(sheet: GradebookSheet | null): void {
    const before = this.model?.sheet;
    this.model = sheet ? new SheetModel(sheet) : null;
    const same =
      before &&
      sheet &&
      before.class.id === sheet.class.id &&
      before.subject.id === sheet.subject.id &&
      before.period.id === sheet.period.id;
    if (!same) {
      this.undoStack = [];
      this.redoStack = [];
      this.invalid = new Set();
    }
    this.editing = null;
    this.nav.anchor = null;
  }

  get canEdit(): boolean {
    const v = this.host.view as GradebookSheet | null;
    return !this.host.readonly && !!this.model && v?.canEdit !== false;
  }

  isEditable(cell: GridCell): boolean {
    const m = this.model;
    return (
      !!m && this.canEdit && cell.row < m.rows.length && cell.col >= 1 && cell.col <= m.evaluations.length
    );
  }

  /** The évaluation of the active column, if any. */
  activeEvaluation(): SheetEvaluation | undefined {
    return this.model?.evaluations[this.nav.active.col - 1];
  }

  get hasUnsavedMarks(): boolean {
    return this.#batch.length > 0 || this.#timer !== undefined;
  }

  /** Sends what waits for its batch now and resolves when every mark has been answered. */
  async saveComplete(): Promise<void> {
    this.flushNow();
    await this.host.saves.settled();
  }

  flushNow(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flush();
  }

  #pageSize(): number {
    const scroller = this.host.renderRoot.querySelector<HTMLElement>('[part~="scroller"]');
    const h = this.nav.cellElement({ row: 0, col: 0 })?.getBoundingClientRect().height || 1;
    return Math.max(1, scroller ? Math.floor(scroller.clientHeight / h) - 2 : 10);
  }

  // ——— Editing ———

  startEdit(initial: string | null): void {
    if (!this.isEditable(this.nav.active)) return;
    const { row, col } = this.nav.active;
    const current = this.model!.value(row, col - 1);
    this.nav.anchor = null;
    this.editing = { row, col, draft: initial ?? formatMark(current, this.host.locale), error: '' };
    this.#selectOnFocus = initial === null;
    this.#clearAlert();
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      const input = this.host.renderRoot.querySelector<HTMLInputElement>('[part~="editor"]');
      input?.focus();
      if (input && this.#selectOnFocus) input.select();
    });
  }

  #refusal(message: { fr: string; en: string }): string {
    return this.host.msg('refused', { detail: message[this.host.locale] });
  }

  /** Validates the editor's text; true when it was saved (or unchanged) and the editor closed. */
  commitEdit(): boolean {
    const edit = this.editing;
    if (!edit) return true;
    const evaluation = this.model!.evaluations[edit.col - 1]!;
    const input = this.host.renderRoot.querySelector<HTMLInputElement>('[part~="editor"]');
    const parsed = parseMarkInput(input ? input.value : edit.draft, evaluation.outOf);
    if (!parsed.ok) {
      const message = this.#refusal(parsed.error.message);
      this.editing = { ...edit, draft: input?.value ?? edit.draft, error: message };
      this.host.status.error(message);
      return false;
    }
    this.editing = null;
    this.#clearAlert();
    this.commitValues([{ r: edit.row, c: edit.col, value: parsed.value }], 'edit');
    return true;
  }

  readonly onEditorInput = (event: InputEvent): void => {
    const edit = this.editing;
    if (!edit) return;
    edit.draft = (event.target as HTMLInputElement).value;
    // A number beyond the barème is refused as soon as it is typed; an unfinished word ("ab") only on validation.
    const parsed = parseMarkInput(edit.draft, this.model!.evaluations[edit.col - 1]!.outOf);
    const error =
      parsed.ok || parsed.error.code === 'not-a-number' ? '' : this.#refusal(parsed.error.message);
    if (error === edit.error) return;
    this.editing = { ...edit, error };
    if (error) this.host.status.error(error);
    else this.#clearAlert();
  };

  readonly onEditorBlur = (): void => {
    // Leaving the field by clicking elsewhere keeps a valid value; a refused one stays shown with its message.
    queueMicrotask(() => {
      if (!this.editing) return;
      const focused = this.host.shadowRoot?.activeElement;
      if (focused?.getAttribute('part') === 'editor') return;
      this.commitEdit();
      this.host.requestUpdate();
    });
  };

  #clearAlert(): void {
    if (this.host.status.message?.tone === 'error') this.host.status.clear();
  }

  // ——— Changes, undo/redo ———

  commitValues(cells: { r: number; c: number; value: MarkValue | null }[], origin: MarkChangeOrigin): number {
    const model = this.model!;
    const changes: MarkChange[] = [];
    for (const { r, c, value } of cells) {
      const row = model.rows[r];
      const evaluation = model.evaluations[c - 1];
      if (!row || !evaluation) continue;
      const previous = row.marks.get(evaluation.id) ?? null;
      if (previous !== value)
        changes.push({ studentId: row.student.id, evaluationId: evaluation.id, previous, value });
    }
    return this.#apply(changes, origin) ? changes.length : 0;
  }

  #apply(changes: MarkChange[], origin: MarkChangeOrigin): boolean {
    if (changes.length === 0) return false;
    if (
      origin !== 'rollback' &&
      this.host.emit(new PreauMarkChangeEvent({ changes, origin })).defaultPrevented
    )
      return false;
    this.model!.apply(changes);
    if (this.invalid.size > 0) {
      const invalid = new Set(this.invalid);
      for (const ch of changes) invalid.delete(`${ch.studentId}|${ch.evaluationId}`);
      this.invalid = invalid;
    }
    if (origin === 'edit' || origin === 'paste') {
      this.undoStack.push(changes);
      this.redoStack = [];
    } else if (origin === 'undo') this.redoStack.push(changes.map(invert));
    else if (origin === 'redo') this.undoStack.push(changes);
    if (origin !== 'rollback' && this.host.src) this.#enqueue(changes);
    this.host.requestUpdate();
    return true;
  }

  undo(): void {
    const last = this.undoStack.pop();
    if (!last) {
      this.host.status.info(this.host.msg('nothingToUndo'));
      return;
    }
    if (this.#apply(last.map(invert), 'undo'))
      this.host.status.info(this.host.msg('undone', { count: last.length }));
    else this.undoStack.push(last);
  }

  redo(): void {
    const last = this.redoStack.pop();
    if (!last) {
      this.host.status.info(this.host.msg('nothingToRedo'));
      return;
    }
    if (this.#apply(last, 'redo')) this.host.status.info(this.host.msg('redone', { count: last.length }));
    else this.redoStack.push(last);
  }

  // ——— Saving (connected mode): one batch per pause in typing, sent through the save queue ———

  #enqueue(changes: MarkChange[]): void {
    this.#batch.push(...changes);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, this.host.saveDelay);
  }

  /** Sends the waiting changes as one batch (the last value of each cell). */
  #flush(): void {
    const queued = this.#batch;
    this.#batch = [];
    const byCell = new Map<string, MarkChange>();
    for (const ch of queued) {
      const key = `${ch.studentId}|${ch.evaluationId}`;
      const first = byCell.get(key);
      byCell.set(key, { ...ch, previous: first ? first.previous : ch.previous });
    }
    const batch = [...byCell.values()].filter((ch) => ch.previous !== ch.value);
    if (batch.length === 0) return;
    const host = this.host;
    const sheet = host.view as (GradebookSheet & { links?: { marks?: string } }) | null;
    host.status.info(host.msg('saving'));
    host.saves.enqueue({
      method: 'POST',
      path: sheet?.links?.marks ?? `${host.src.replace(/[?#].*$/, '').replace(/\/sheet$/, '')}/marks`,
      body: {
        marks: batch.map(({ studentId, evaluationId, value }) => ({ studentId, evaluationId, value })),
      },
      saved: () => {
        host.status.success(host.msg('saved'));
        host.trackUsage('notes', 'marks-save');
        host.emit(new PreauMarkSaveEvent({ changes: batch }));
      },
      rollback: (error) => this.#rollback(batch, error),
    });
  }

  #rollback(batch: MarkChange[], error: unknown): void {
    const model = this.model;
    if (!model) return;
    // Put back only cells still showing what this batch wrote (a later edit of the same cell wins).
    this.#apply(
      batch.filter((ch) => model.valueOf(ch.studentId, ch.evaluationId) === ch.value).map(invert),
      'rollback',
    );
    const drop = (stack: MarkChange[][]) =>
      stack
        .map((set) => set.filter((ch) => !batch.some((b) => sameCell(b, ch))))
        .filter((set) => set.length > 0);
    this.undoStack = drop(this.undoStack);
    this.redoStack = drop(this.redoStack);
    const invalid = new Set(this.invalid);
    for (const fieldError of error instanceof ProblemError ? error.errors : []) {
      // `marks/3/value` (JSON pointer), `body.marks[3].value` or `body.marks.3` (a row of the batch).
      const m = /marks(?:\/|\[|\.)(\d+)/.exec(fieldError.field);
      const ch = m ? batch[Number(m[1])] : undefined;
      if (ch) invalid.add(`${ch.studentId}|${ch.evaluationId}`);
    }
    this.invalid = invalid;
    const message = this.host.msg('saveFailed', { detail: this.host.problemText(error) });
    this.host.status.error(message);
    const status = error instanceof ProblemError ? error.status : 0;
    this.host.emit(new PreauMarkSaveErrorEvent({ changes: batch, message, status }));
  }

  // ——— Keyboard, pointer, clipboard ———

  readonly onKeyDown = (event: KeyboardEvent): void => {
    const edit = this.editing;
    if (edit) {
      this.nav.editorKeydown(event, {
        cell: edit,
        commit: () => this.commitEdit(),
        cancel: () => {
          this.editing = null;
          this.#clearAlert();
        },
      });
      return;
    }
    if (this.nav.keydown(event)) return;
    const key = event.key;
    if ((key === 'Delete' || key === 'Backspace') && !event.ctrlKey) {
      event.preventDefault();
      const cells = this.range.cells(this.nav).filter((cell) => this.isEditable(cell));
      this.commitValues(
        cells.map((cell) => ({ r: cell.row, c: cell.col, value: null })),
        'edit',
      );
      return;
    }
    if ((event.ctrlKey || event.metaKey) && !event.altKey) {
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
    if (key.length === 1 && !event.altKey && key !== ' ' && this.isEditable(this.nav.active)) {
      event.preventDefault();
      this.startEdit(key);
    }
  };

  readonly onPointerDown = (event: PointerEvent): void => {
    // Focus moves to the pressed cell before the click: remember where a Shift+click range starts.
    this.#pressedFrom = event.shiftKey && !this.editing ? (this.nav.anchor ?? { ...this.nav.active }) : null;
  };

  readonly onClick = (event: MouseEvent): void => {
    const cell = this.nav.cellOf(event);
    if (!cell) return;
    const edit = this.editing;
    if (edit && edit.row === cell.row && edit.col === cell.col) return;
    if (edit && !this.commitEdit()) return;
    if (event.shiftKey && this.#pressedFrom) {
      this.nav.anchor = this.#pressedFrom;
      this.#pressedFrom = null;
      this.nav.moveTo(cell, { extend: true });
      return;
    }
    const again = cell.row === this.nav.active.row && cell.col === this.nav.active.col;
    this.nav.moveTo(cell);
    // On the whiteboard a second tap on the selected cell opens it: no double-click with a finger or a pen.
    if (again && this.host.density === 'board' && event.detail <= 1) this.startEdit(null);
  };

  readonly onDblClick = (event: MouseEvent): void => {
    const cell = this.nav.cellOf(event);
    if (!cell || this.editing) return;
    this.nav.moveTo(cell);
    this.startEdit(null);
  };

  readonly onCopy = (event: ClipboardEvent): void => {
    if (this.editing || !event.clipboardData) return;
    event.clipboardData.setData('text/plain', this.range.text(this.nav));
    event.preventDefault();
  };

  readonly onPaste = (event: ClipboardEvent): void => {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (this.editing && !/[\t\n]/.test(text.replace(/\r?\n$/, ''))) return; // a single value pastes into the field
    event.preventDefault();
    this.editing = null;
    this.pasteBlock(text);
  };

  /** Pastes a spreadsheet block from the active cell; all or nothing. */
  pasteBlock(text: string): void {
    const model = this.model;
    const host = this.host;
    if (!model || !this.isEditable(this.nav.active)) {
      host.status.error(host.msg('pasteNothing'));
      return;
    }
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    const range = this.nav.range();
    const r0 = range ? range.r0 : this.nav.active.row;
    const c0 = range ? range.c0 : this.nav.active.col;
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
            host.msg('pasteCell', { row: i + 1, col: j + 1, detail: parsed.error.message[host.locale] }),
          );
      });
    });
    if (errors.length > 0) {
      const shown = errors.slice(0, 3).join(' ; ') + (errors.length > 3 ? ' ; …' : '');
      host.status.error(host.msg('pasteRefused', { count: errors.length, detail: shown }));
      return;
    }
    this.#clearAlert();
    const count = this.commitValues(cells, 'paste');
    host.status.info(
      host.msg('pasted', { count }) + (clipped > 0 ? host.msg('pasteClipped', { count: clipped }) : ''),
    );
    this.nav.focusActive();
  }

  render(sheet: GradebookSheet, labelId: string): TemplateResult {
    return renderSheet(this, sheet, labelId);
  }
}
