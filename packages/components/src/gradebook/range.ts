import type { GridCell, GridNavigationController } from '../base/grid-navigation.js';
import type { PreauElement } from '../base/preau-element.js';

type Range = { r0: number; r1: number; c0: number; c1: number };

/**
 * Shows a Shift range of the sheet without rendering any row again: one generated rule in a constructed style
 * sheet (allowed under a strict Content-Security-Policy) and `aria-selected` on the cells of the range only.
 */
export class RangePainter {
  #sheet: CSSStyleSheet | undefined;
  #key = '';
  #cells: HTMLElement[] = [];

  constructor(
    private readonly host: PreauElement,
    private readonly range: () => Range | null,
    private readonly bodyRows: () => number,
  ) {
    host.addController({ hostUpdated: () => this.#paint() });
  }

  /** The cells of the range, or the active cell alone. */
  cells(nav: GridNavigationController): GridCell[] {
    const range = nav.range();
    if (!range) return [{ ...nav.active }];
    const cells: GridCell[] = [];
    for (let row = range.r0; row <= range.r1; row++)
      for (let col = range.c0; col <= range.c1; col++) cells.push({ row, col });
    return cells;
  }

  /** What Ctrl+C copies: the shown text of the range (or the cell), tab-separated, one line per row. */
  text(nav: GridNavigationController): string {
    const range = nav.range() ?? {
      r0: nav.active.row,
      r1: nav.active.row,
      c0: nav.active.col,
      c1: nav.active.col,
    };
    const lines: string[] = [];
    for (let row = range.r0; row <= range.r1; row++) {
      const values: string[] = [];
      for (let col = range.c0; col <= range.c1; col++)
        values.push(nav.cellElement({ row, col })?.textContent?.trim() ?? '');
      lines.push(values.join('\t'));
    }
    return lines.join('\n');
  }

  #paint(): void {
    const range = this.range();
    const nRows = this.bodyRows();
    const key = range ? `${range.r0},${range.r1},${range.c0},${range.c1},${nRows}` : '';
    if (key === this.#key) return;
    this.#key = key;
    for (const cell of this.#cells) cell.removeAttribute('aria-selected');
    this.#cells = [];
    const root = this.host.shadowRoot;
    if (!root) return;
    if (!this.#sheet) {
      this.#sheet = new CSSStyleSheet();
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
    }
    if (!range) {
      this.#sheet.replaceSync('');
      return;
    }
    const cols = `:nth-child(n+${range.c0 + 1}):nth-child(-n+${range.c1 + 1})`;
    const rows = (section: string, from: number, to: number) =>
      `[part~='grid'] > ${section} > tr:nth-child(n+${from + 1}):nth-child(-n+${to + 1}) > ${cols}`;
    const rules: string[] = [];
    if (range.r0 < nRows) rules.push(rows('tbody', range.r0, Math.min(range.r1, nRows - 1)));
    if (range.r1 >= nRows) rules.push(rows('tfoot', Math.max(range.r0, nRows) - nRows, range.r1 - nRows));
    this.#sheet.replaceSync(
      `${rules.join(',')} { background: var(--preau-gradebook-selection-background, #dce6f7); }`,
    );
    for (let row = range.r0; row <= range.r1; row++)
      for (let col = range.c0; col <= range.c1; col++) {
        const el = root.querySelector<HTMLElement>(`[data-cell="${row}:${col}"]`);
        if (!el) continue;
        el.setAttribute('aria-selected', 'true');
        this.#cells.push(el);
      }
  }
}
