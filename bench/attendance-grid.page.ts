/**
 * Browser side of bench/attendance-grid.bench.ts: the vie scolaire's week of 1,000 students × 5 days × 8 slots,
 * drawn by `<preau-attendance view="week">` and by plain DOM doing the same work (same virtual window of rows, same
 * cells with their labels and status codes, same sticky headers), so the ratio is what the element costs over
 * hand-written DOM. A third side renders every row without virtualization: what the window saves.
 */
import { ATTENDANCE_STATUS_CODES, ATTENDANCE_STATUS_LABELS } from '@preau/core/attendance/statuses';
import { demoWeek } from '../packages/components/src/attendance/attendance.demo.js';
import '../packages/components/src/attendance/attendance.js';
import type { PreauAttendance, WeekData } from '../packages/components/src/attendance/attendance.js';

const ROW_H = 30;

/** The visible rows plus an overscan of 8, as the element's virtualizer computes them. */
function rowWindow(scrollTop: number, viewport: number, rowHeight: number, count: number) {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(count, first - 8));
  const end = Math.min(count, first + Math.ceil(viewport / rowHeight) + 1 + 8);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}
const HEIGHT = 600;
const now = () => performance.now();

const css = `
.pw { height: ${HEIGHT}px; overflow: auto; overflow-anchor: none; position: relative; font: 14px system-ui; contain: strict; border: 1px solid #6e7781; }
.pw .r { display: flex; height: ${ROW_H}px; }
.pw .h { position: sticky; top: 0; background: #f2f4f7; z-index: 2; }
.pw .h + .h { top: ${ROW_H}px; }
.pw .n { position: sticky; left: 0; flex: 0 0 13em; background: #fff; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; border-right: 1px solid #6e7781; line-height: ${ROW_H}px; padding: 0 .5em; }
.pw .d { flex: 0 0 12.8em; text-align: center; font-weight: 700; }
.pw .c { flex: 0 0 1.6em; text-align: center; line-height: ${ROW_H}px; font-weight: 700; border-bottom: 1px solid #f2f4f7; }
.pw .c[data-status='absent'] { color: #b3261e; background: #fdecea; }
.pw .c[data-status='retard'] { color: #7a4300; background: #fff4e0; }
`;

/** A hand-written grid with the element's structure and the same virtual window. */
class PlainWeek {
  readonly root = document.createElement('div');
  private readonly body = document.createElement('div');
  private readonly before = document.createElement('div');
  private readonly after = document.createElement('div');
  private readonly cells = new Map<number, WeekData['cells']>();

  constructor(
    private readonly w: WeekData,
    private readonly virtual: boolean,
  ) {
    for (const c of w.cells) {
      const list = this.cells.get(c[0]);
      if (list) list.push(c);
      else this.cells.set(c[0], [c]);
    }
    this.root.className = 'pw';
    this.root.setAttribute('role', 'grid');
    this.root.setAttribute('aria-rowcount', String(w.students.length + 2));
    this.root.setAttribute('aria-colcount', '41');
    const h1 = document.createElement('div');
    h1.className = 'r h';
    h1.setAttribute('role', 'row');
    h1.innerHTML = `<span class="n" role="columnheader">Élève</span>${w.days
      .map((d) => `<span class="d" role="columnheader">${d}</span>`)
      .join('')}`;
    const h2 = document.createElement('div');
    h2.className = 'r h';
    h2.setAttribute('role', 'row');
    h2.innerHTML = `<span class="n" role="columnheader"></span>${w.days
      .flatMap((d) =>
        w.slots.map(
          (s) => `<span class="c" role="columnheader" aria-label="${d} ${s}">${s.slice(0, 2)}</span>`,
        ),
      )
      .join('')}`;
    this.root.append(h1, h2, this.before, this.body, this.after);
    this.root.addEventListener('scroll', () => this.render());
  }

  render(): void {
    const w = this.w;
    const n = w.students.length;
    const win = this.virtual
      ? rowWindow(this.root.scrollTop, HEIGHT - 2 * ROW_H, ROW_H, n)
      : { start: 0, end: n, before: 0, after: 0 };
    this.before.style.height = `${win.before}px`;
    this.after.style.height = `${win.after}px`;
    const rows: HTMLElement[] = [];
    const grid = new Array<WeekData['cells'][number] | undefined>(40);
    for (let p = win.start; p < win.end; p++) {
      const s = w.students[p]!;
      grid.fill(undefined);
      for (const c of this.cells.get(p) ?? []) grid[c[1] * 8 + c[2]] = c;
      const row = document.createElement('div');
      row.className = 'r';
      row.setAttribute('role', 'row');
      row.setAttribute('aria-rowindex', String(p + 3));
      const name = document.createElement('span');
      name.className = 'n';
      name.setAttribute('role', 'rowheader');
      name.textContent = `${s.name} (${s.className})`;
      row.append(name);
      for (let col = 0; col < 40; col++) {
        const c = grid[col];
        const cell = document.createElement('span');
        cell.className = 'c';
        cell.setAttribute('role', 'gridcell');
        cell.tabIndex = -1;
        if (c) {
          cell.dataset.status = c[3];
          cell.textContent = ATTENDANCE_STATUS_CODES[c[3]];
          cell.setAttribute(
            'aria-label',
            `${ATTENDANCE_STATUS_LABELS[c[3]].fr}, ${c[5] ? 'régularisée' : 'non régularisée'}`,
          );
        } else cell.setAttribute('aria-label', 'rien de noté');
        row.append(cell);
      }
      rows.push(row);
    }
    this.body.replaceChildren(...rows);
  }
}

let week: WeekData;
let stage: HTMLElement;
let element: PreauAttendance | undefined;
let plain: PlainWeek | undefined;
const layout = (el: Element) => (el as HTMLElement).getBoundingClientRect().height;

async function settle(el: PreauAttendance): Promise<void> {
  // The first update measures the row height and re-renders once with it.
  for (let i = 0; i < 5 && !(await el.updateComplete); i++);
}

window.attendanceBench = {
  setup(students: number) {
    week = demoWeek(students);
    const style = document.createElement('style');
    style.textContent = css;
    document.head.append(style);
    stage = document.createElement('div');
    stage.style.width = '1200px';
    document.body.append(stage);
  },
  async renderElement(): Promise<number> {
    stage.replaceChildren();
    const t0 = now();
    const el = document.createElement('preau-attendance');
    el.view = 'week';
    el.style.setProperty('--preau-attendance-grid-height', `${HEIGHT}px`);
    // Rows are 1.9em high: this font size makes them ROW_H px, as the plain grid's are.
    el.style.fontSize = `${ROW_H / 1.9}px`;
    el.data = { ...week, queue: [] };
    stage.append(el);
    await settle(el);
    layout(el.shadowRoot!.querySelector('.week')!);
    const t = now() - t0;
    element = el;
    return t;
  },
  renderPlain(virtual: boolean): number {
    stage.replaceChildren();
    const t0 = now();
    const p = new PlainWeek(week, virtual);
    stage.append(p.root);
    p.render();
    layout(p.root);
    const t = now() - t0;
    plain = p;
    return t;
  },
  async scrollElement(rows: number): Promise<number> {
    const scroller = element!.shadowRoot!.querySelector<HTMLElement>('.week')!;
    const t0 = now();
    scroller.scrollTop += rows * ROW_H;
    scroller.dispatchEvent(new Event('scroll'));
    await settle(element!);
    layout(scroller);
    return now() - t0;
  },
  scrollPlain(rows: number): number {
    const t0 = now();
    plain!.root.scrollTop += rows * ROW_H;
    plain!.root.dispatchEvent(new Event('scroll'));
    layout(plain!.root);
    return now() - t0;
  },
  /** DOM nodes the element keeps per rendered row (rows, cells, text), and the rows rendered. */
  nodesPerRow(): [number, number] {
    const rows = element!.shadowRoot!.querySelectorAll('.week .body > [role="row"]');
    let nodes = 0;
    for (const row of rows) nodes += row.querySelectorAll('*').length + 1;
    return [nodes / Math.max(1, rows.length), rows.length];
  },
  clear(): void {
    stage.replaceChildren();
    element = undefined;
    plain = undefined;
  },
  resetScroll(): void {
    const s = element?.shadowRoot?.querySelector<HTMLElement>('.week');
    if (s) s.scrollTop = 0;
    if (plain) plain.root.scrollTop = 0;
  },
  /** What each side shows after scrolling: first rendered row's aria-rowindex and rendered row count. */
  elementWindow(): [number, number] {
    // The active row (the first one) stays rendered wherever it is: the window is the rows after it.
    const index = [...element!.shadowRoot!.querySelectorAll('.week .body > [role="row"]')].map((r) =>
      Number(r.getAttribute('aria-rowindex')),
    );
    const windowRows = index.length > 1 && index[1]! - index[0]! > 1 ? index.slice(1) : index;
    return [windowRows[0]!, windowRows.length];
  },
  plainWindow(): [number, number] {
    const rows = plain!.root.querySelectorAll('[role="row"][aria-rowindex]');
    return [Number(rows[0]?.getAttribute('aria-rowindex')), rows.length];
  },
};

declare global {
  interface Window {
    attendanceBench: {
      setup(students: number): void;
      renderElement(): Promise<number>;
      renderPlain(virtual: boolean): number;
      scrollElement(rows: number): Promise<number>;
      scrollPlain(rows: number): number;
      resetScroll(): void;
      nodesPerRow(): [number, number];
      clear(): void;
      elementWindow(): [number, number];
      plainWindow(): [number, number];
    };
  }
}
