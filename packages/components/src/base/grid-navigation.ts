import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A cell of a grid, by logical position (row 0 is the first body row, whatever is rendered). */
export interface GridCell {
  row: number;
  col: number;
}

export interface GridNavigationOptions {
  rows(): number;
  cols(): number;
  /** Rows moved by PageUp/PageDown (default: what the grid shows, else 10). */
  pageSize?(): number;
  /** Cells the keyboard may land on (default: every cell). */
  isFocusable?(cell: GridCell): boolean;
  /** Brings a row into view before its cell is focused (virtualized grids scroll to it). */
  reveal?(row: number): void;
  /** Enter or F2 on the active cell: start editing or act. */
  onActivate?(cell: GridCell, event: KeyboardEvent): void;
  /** Escape outside an editor; return true when it did something (then the key is consumed). */
  onEscape?(event: KeyboardEvent): boolean;
  /** The active cell moved (keyboard, click or code). `extend`: Shift held, a range grows from `anchor`. */
  onMove?(cell: GridCell, extend: boolean): void;
  /** The element of a cell; default `[data-cell="row:col"]` in the host's render root. */
  cellElement?(cell: GridCell): HTMLElement | null;
}

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: ParentNode };

/**
 * Keyboard navigation of a WAI-ARIA grid with one tab stop: arrows, Home/End (row), Ctrl+Home/End (grid),
 * PageUp/PageDown, Enter or F2 to act, Escape to leave a range. The active cell is kept by logical position, so it
 * survives virtualization: render each cell with `data-cell="row:col"` and `tabindex=${nav.tabIndex(row, col)}`,
 * keep the active row rendered (`VirtualizerController`'s `pinned`), and the grid keeps exactly one `tabindex=0`.
 *
 * Wire it in the template: `@keydown=${nav.keydown} @focusin=${nav.focusin}` on the grid element.
 */
export class GridNavigationController implements ReactiveController {
  active: GridCell = { row: 0, col: 0 };
  /** Where a Shift range started; null without a range. */
  anchor: GridCell | null = null;
  #focusPending = false;

  constructor(
    private readonly host: Host,
    private readonly options: GridNavigationOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostUpdate(): void {
    this.clamp();
  }

  hostUpdated(): void {
    if (!this.#focusPending) return;
    this.#focusPending = false;
    this.cellElement(this.active)?.focus({ preventScroll: !!this.options.reveal });
  }

  /** 0 for the active cell, -1 for the others. */
  tabIndex(row: number, col: number): 0 | -1 {
    return row === this.active.row && col === this.active.col ? 0 : -1;
  }

  isActive(row: number, col: number): boolean {
    return row === this.active.row && col === this.active.col;
  }

  /** The range between anchor and active cell, inclusive; null without one. */
  range(): { r0: number; r1: number; c0: number; c1: number } | null {
    const a = this.anchor;
    const b = this.active;
    if (!a || (a.row === b.row && a.col === b.col)) return null;
    return {
      r0: Math.min(a.row, b.row),
      r1: Math.max(a.row, b.row),
      c0: Math.min(a.col, b.col),
      c1: Math.max(a.col, b.col),
    };
  }

  cellElement(cell: GridCell): HTMLElement | null {
    if (this.options.cellElement) return this.options.cellElement(cell);
    return this.host.renderRoot.querySelector<HTMLElement>(`[data-cell="${cell.row}:${cell.col}"]`);
  }

  /** Keeps the active cell inside the grid when rows or columns go away. */
  clamp(): void {
    const row = Math.min(Math.max(0, this.active.row), Math.max(0, this.options.rows() - 1));
    const col = Math.min(Math.max(0, this.active.col), Math.max(0, this.options.cols() - 1));
    if (row !== this.active.row || col !== this.active.col) this.active = { row, col };
  }

  /** Moves the active cell (clamped), revealing and focusing it after the next render when `focus` is set. */
  moveTo(cell: GridCell, options: { extend?: boolean; focus?: boolean } = {}): void {
    if (options.extend) this.anchor ??= { ...this.active };
    else this.anchor = null;
    const rows = this.options.rows();
    const cols = this.options.cols();
    const target = {
      row: Math.min(Math.max(0, cell.row), Math.max(0, rows - 1)),
      col: Math.min(Math.max(0, cell.col), Math.max(0, cols - 1)),
    };
    this.active = target;
    this.options.reveal?.(target.row);
    if (options.focus ?? true) this.#focusPending = true;
    this.options.onMove?.(target, !!options.extend);
    this.host.requestUpdate();
  }

  /** Focuses the active cell after the next render (e.g. after an editor closed). */
  focusActive(): void {
    this.#focusPending = true;
    this.host.requestUpdate();
  }

  /** The cell an event happened in (its `data-cell`), or null. */
  cellOf(event: Event): GridCell | null {
    for (const node of event.composedPath()) {
      if (node === this.host) return null;
      const data = node instanceof HTMLElement ? node.dataset.cell : undefined;
      if (data) {
        const [row, col] = data.split(':').map(Number) as [number, number];
        return { row, col };
      }
    }
    return null;
  }

  /** Focus entering a cell (click, screen reader) makes it the active one. */
  readonly focusin = (event: FocusEvent): void => {
    const cell = this.cellOf(event);
    if (cell && (cell.row !== this.active.row || cell.col !== this.active.col)) {
      this.active = cell;
      this.host.requestUpdate();
    }
  };

  /** The grid's keydown handler; returns true when the key was handled. */
  readonly keydown = (event: KeyboardEvent): boolean => {
    if (event.defaultPrevented || event.altKey) return false;
    const { row, col } = this.active;
    const ctrl = event.ctrlKey || event.metaKey;
    const rows = this.options.rows();
    const cols = this.options.cols();
    const page = Math.max(1, this.options.pageSize?.() ?? 10);
    let target: GridCell | null = null;
    switch (event.key) {
      case 'ArrowRight':
        target = this.#step(row, col, 0, 1);
        break;
      case 'ArrowLeft':
        target = this.#step(row, col, 0, -1);
        break;
      case 'ArrowDown':
        target = this.#step(row, col, 1, 0);
        break;
      case 'ArrowUp':
        target = this.#step(row, col, -1, 0);
        break;
      case 'Home':
        target = ctrl ? { row: 0, col: 0 } : { row, col: 0 };
        break;
      case 'End':
        target = ctrl ? { row: rows - 1, col: cols - 1 } : { row, col: cols - 1 };
        break;
      case 'PageDown':
        target = { row: Math.min(rows - 1, row + page), col };
        break;
      case 'PageUp':
        target = { row: Math.max(0, row - page), col };
        break;
      case 'Enter':
      case 'F2':
        if (!this.options.onActivate) return false;
        event.preventDefault();
        this.options.onActivate(this.active, event);
        return true;
      case 'Escape':
        if (this.anchor) {
          this.anchor = null;
          this.host.requestUpdate();
          event.preventDefault();
          return true;
        }
        if (this.options.onEscape?.(event)) {
          event.preventDefault();
          return true;
        }
        return false;
      default:
        return false;
    }
    event.preventDefault();
    this.moveTo(target, { extend: event.shiftKey });
    return true;
  };

  /**
   * Keys of a cell's editor, as a spreadsheet has them: Enter validates and moves down (Shift: up), Tab right
   * (Shift: left), ArrowUp/ArrowDown validate and move, Escape cancels and returns to the cell. `commit` returns
   * false when the value is refused (the editor stays open). Returns true when the key was handled.
   */
  editorKeydown(event: KeyboardEvent, edit: { cell: GridCell; commit(): boolean; cancel(): void }): boolean {
    const { row, col } = edit.cell;
    let target: GridCell | null = null;
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        edit.cancel();
        this.focusActive();
        return true;
      case 'Enter':
        target = { row: event.shiftKey ? row - 1 : row + 1, col };
        break;
      case 'Tab':
        target = { row, col: event.shiftKey ? col - 1 : col + 1 };
        break;
      case 'ArrowUp':
      case 'ArrowDown':
        target = { row: event.key === 'ArrowUp' ? row - 1 : row + 1, col };
        break;
      default:
        return false;
    }
    event.preventDefault();
    if (edit.commit()) this.moveTo(target);
    return true;
  }

  /** The next focusable cell in a direction, or the current one at the edge. */
  #step(row: number, col: number, dr: number, dc: number): GridCell {
    const rows = this.options.rows();
    const cols = this.options.cols();
    let r = row + dr;
    let c = col + dc;
    while (r >= 0 && r < rows && c >= 0 && c < cols) {
      if (!this.options.isFocusable || this.options.isFocusable({ row: r, col: c }))
        return { row: r, col: c };
      r += dr;
      c += dc;
    }
    return { row, col };
  }
}
