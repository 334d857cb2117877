/**
 * Browser side of bench/gradebook-element.bench.ts: the same class sheet drawn by `<preau-gradebook>` and by a
 * plain-DOM table that does the same work (same cells, roving tabindex, averages and class statistics from the same
 * core rules), so the ratio measures what the element costs over hand-written DOM.
 */
import {
  evaluationStats,
  type MarkEntry,
  type Stats,
  statsOf,
  subjectAverageDetail,
} from '@preau/core/gradebook/average';
import { formatAverage, formatMark } from '@preau/core/gradebook/format';
import { parseMarkInput } from '@preau/core/gradebook/mark-input';
import type { MarkValue } from '@preau/core/gradebook/marks';
import type { GradebookSheetView } from '@preau/core/gradebook/views';
import '../packages/components/src/gradebook/gradebook.js';
import type { PreauGradebook } from '../packages/components/src/gradebook/gradebook.js';

const FIRST = ['Léa', 'Nathan', 'Inès', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Louis', 'Jade', 'Gabriel'];
const LAST = [
  'Bernard',
  'Dubois',
  'Moreau',
  'Petit',
  'Laurent',
  'Simon',
  'Michel',
  'Lefèvre',
  'Garcia',
  'Roux',
];

export function makeSheet(students: number, evaluations: number): GradebookSheetView {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const evals = Array.from({ length: evaluations }, (_, i) => ({
    id: `e${i}`,
    title: `Évaluation ${i + 1}`,
    date: `2026-${String(9 + Math.floor(i / 25)).padStart(2, '0')}-${String((i % 25) + 1).padStart(2, '0')}`,
    coefficient: [1, 2, 0.5][i % 3]!,
    outOf: [20, 10, 40][i % 3]!,
    rescaleTo20: true,
    kind: 'normal' as const,
    publishOn: '2026-12-01',
  }));
  const studs = Array.from({ length: students }, (_, i) => ({
    id: `s${i}`,
    firstName: FIRST[i % FIRST.length]!,
    lastName: `${LAST[Math.floor(i / FIRST.length) % LAST.length]!}${i >= 100 ? i : ''}`,
  }));
  const marks: GradebookSheetView['marks'] = [];
  for (const s of studs) {
    for (const e of evals) {
      const x = rnd();
      const value: MarkValue = x < 0.04 ? 'Abs' : x < 0.06 ? 'Disp' : Math.round(rnd() * e.outOf * 4) / 4;
      marks.push({ studentId: s.id, evaluationId: e.id, value });
    }
  }
  return {
    class: { id: 'c', name: '4e B' },
    subject: { id: 'maths', name: 'Mathématiques' },
    period: { id: 't1', label: '1er trimestre' },
    evaluations: evals,
    students: studs,
    marks,
  };
}

/** The baseline: a table built with createElement, one cell edited by hand, averages refreshed with core. */
class PlainTable {
  readonly table = document.createElement('table');
  private readonly marks: Map<string, MarkValue>[];
  private readonly avgCells: HTMLTableCellElement[] = [];
  private readonly statCells: HTMLTableCellElement[][] = [];
  private readonly exact: (ReturnType<typeof subjectAverageDetail> | null)[] = [];

  constructor(private readonly sheet: GradebookSheetView) {
    const index = new Map(sheet.students.map((s, i) => [s.id, i]));
    this.marks = sheet.students.map(() => new Map());
    for (const m of sheet.marks)
      if (m.value !== null) this.marks[index.get(m.studentId)!]!.set(m.evaluationId, m.value);
  }

  private entries(r: number): MarkEntry[] {
    const out: MarkEntry[] = [];
    for (const e of this.sheet.evaluations) {
      const v = this.marks[r]!.get(e.id);
      if (v !== undefined) out.push({ evaluation: e, value: v });
    }
    return out;
  }

  render(host: HTMLElement): void {
    const { evaluations, students } = this.sheet;
    const t = this.table;
    t.setAttribute('role', 'grid');
    const thead = t.createTHead();
    const hr = thead.insertRow();
    const th0 = document.createElement('th');
    th0.textContent = 'Élève';
    hr.append(th0);
    for (const e of evaluations) {
      const th = document.createElement('th');
      th.setAttribute('aria-label', `${e.title}, ${e.date}, coefficient ${e.coefficient}, sur ${e.outOf}`);
      const a = document.createElement('span');
      a.textContent = e.title;
      const b = document.createElement('span');
      b.textContent = `${e.date} · /${e.outOf} · coef. ${e.coefficient}`;
      th.append(a, b);
      hr.append(th);
    }
    const tha = document.createElement('th');
    tha.textContent = 'Moyenne';
    hr.append(tha);
    const tbody = t.createTBody();
    students.forEach((s, r) => {
      const tr = tbody.insertRow();
      const name = document.createElement('th');
      name.setAttribute('role', 'rowheader');
      name.tabIndex = r === 0 ? 0 : -1;
      name.textContent = `${s.lastName} ${s.firstName}`;
      tr.append(name);
      for (const e of evaluations) {
        const td = document.createElement('td');
        td.setAttribute('role', 'gridcell');
        td.tabIndex = -1;
        const v = this.marks[r]!.get(e.id);
        if (typeof v === 'string') {
          const abbr = document.createElement('abbr');
          abbr.title = v;
          abbr.textContent = v;
          td.append(abbr);
        } else td.textContent = formatMark(v ?? null);
        tr.append(td);
      }
      const avg = document.createElement('td');
      avg.setAttribute('role', 'gridcell');
      const d = subjectAverageDetail(this.entries(r));
      this.exact[r] = d;
      avg.textContent = d ? formatAverage(d.value) : '';
      this.avgCells[r] = avg;
      tr.append(avg);
    });
    const tfoot = t.createTFoot();
    const columnStats = evaluations.map((e) =>
      evaluationStats(
        students.map((_, r) => this.marks[r]!.get(e.id) ?? null),
        e,
      ),
    );
    const avgStats = this.averageStats();
    (['average', 'min', 'max'] as const).forEach((stat, i) => {
      const tr = tfoot.insertRow();
      const th = document.createElement('th');
      th.textContent = ['Moyenne de la classe', 'Note la plus basse', 'Note la plus haute'][i]!;
      tr.append(th);
      const cells: HTMLTableCellElement[] = [];
      for (const st of [...columnStats, avgStats]) {
        const td = document.createElement('td');
        td.textContent = st ? formatAverage(st[stat]) : '';
        tr.append(td);
        cells.push(td);
      }
      this.statCells.push(cells);
    });
    host.append(t);
  }

  private averageStats(): Stats | null {
    return statsOf(this.exact.flatMap((d) => (d ? [d.exact] : [])));
  }

  /** What a keystroke-and-Enter does: parse, check, write the cell, refresh the row's average and the stats. */
  edit(r: number, c: number, text: string): void {
    const e = this.sheet.evaluations[c]!;
    const parsed = parseMarkInput(text, e.outOf);
    if (!parsed.ok) throw new Error('refused');
    const value = parsed.value;
    if (value === null) this.marks[r]!.delete(e.id);
    else this.marks[r]!.set(e.id, value);
    const tr = this.table.tBodies[0]!.rows[r]!;
    tr.cells[c + 1]!.textContent = formatMark(value);
    const d = subjectAverageDetail(this.entries(r));
    this.exact[r] = d;
    this.avgCells[r]!.textContent = d ? formatAverage(d.value) : '';
    const st = evaluationStats(
      this.sheet.students.map((_, i) => this.marks[i]!.get(e.id) ?? null),
      e,
    );
    const avgStats = this.averageStats();
    (['average', 'min', 'max'] as const).forEach((stat, i) => {
      this.statCells[i]![c]!.textContent = st ? formatAverage(st[stat]) : '';
      this.statCells[i]![this.sheet.evaluations.length]!.textContent = avgStats
        ? formatAverage(avgStats[stat])
        : '';
    });
  }
}

const stage = document.createElement('div');
const second = document.createElement('div');
document.body.append(stage, second);
const now = () => performance.now();
/** Forces style and layout so that both sides pay for what the user sees. */
const layout = (el: Element) => (el as HTMLElement).getBoundingClientRect().height;

let sheet = makeSheet(40, 60);
let plain: PlainTable | undefined;
let element: PreauGradebook | undefined;
let toggleElement = false;
let togglePlain = false;

const api = {
  setup(students: number, evaluations: number) {
    sheet = makeSheet(students, evaluations);
  },
  async renderElement(): Promise<number> {
    stage.replaceChildren();
    const t0 = now();
    const el = document.createElement('preau-gradebook');
    el.data = sheet;
    stage.append(el);
    await el.updateComplete;
    layout(el.shadowRoot!.querySelector('table')!);
    const t = now() - t0;
    element = el;
    return t;
  },
  renderPlain(): number {
    stage.replaceChildren();
    const t0 = now();
    const p = new PlainTable(sheet);
    p.render(stage);
    layout(p.table);
    const t = now() - t0;
    plain = p;
    return t;
  },
  /** For the edit phase: both grids in the page at once, so that edits of each can alternate. */
  async renderBoth(): Promise<void> {
    await api.renderElement();
    second.replaceChildren();
    const p = new PlainTable(sheet);
    p.render(second);
    plain = p;
  },
  /** Selects a cell of the element before timing its edit. */
  async selectElementCell(r: number, c: number): Promise<void> {
    const el = element!;
    (el.shadowRoot!.querySelector('tbody')!.rows[r]!.cells[c + 1] as HTMLElement).click();
    await el.updateComplete;
  },
  async editElement(): Promise<number> {
    const el = element!;
    toggleElement = !toggleElement;
    const t0 = now();
    el.pasteBlock(toggleElement ? '7,5' : '8');
    await el.updateComplete;
    layout(el.shadowRoot!.querySelector('table')!);
    return now() - t0;
  },
  editPlain(r: number, c: number): number {
    togglePlain = !togglePlain;
    const t0 = now();
    plain!.edit(r, c, togglePlain ? '7,5' : '8');
    layout(plain!.table);
    return now() - t0;
  },
  /** The element's text for a cell and its average, to check both sides did the same work. */
  elementCells(r: number, c: number): [string, string] {
    const tr = element!.shadowRoot!.querySelector('tbody')!.rows[r]!;
    return [tr.cells[c + 1]!.textContent!.trim(), tr.cells[tr.cells.length - 1]!.textContent!.trim()];
  },
  plainCells(r: number, c: number): [string, string] {
    const tr = plain!.table.tBodies[0]!.rows[r]!;
    return [tr.cells[c + 1]!.textContent!.trim(), tr.cells[tr.cells.length - 1]!.textContent!.trim()];
  },
};

(window as unknown as { gradebookBench: typeof api }).gradebookBench = api;
