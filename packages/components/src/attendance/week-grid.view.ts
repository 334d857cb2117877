import {
  ATTENDANCE_STATUS_CODES,
  ATTENDANCE_STATUS_LABELS,
  type AttendanceStatus,
} from '@preau/core/attendance/statuses';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { apiBaseFrom } from '../base/api-client.js';
import { GridNavigationController } from '../base/grid-navigation.js';
import { styleProps } from '../base/style-props.js';
import { VirtualizerController } from '../base/virtualizer.js';
import { PreauWeekChangeEvent } from './attendance.events.js';
import type { AttendanceHost, WeekData } from './attendance.types.js';
import { JustificationQueue } from './justification-queue.js';

/** Header rows of the week grid (days, then slots): body rows' aria-rowindex starts after them. */
const HEADER_ROWS = 2;
/** Every row of the grid is this many em high (see `.week [role='row']` in the styles). */
export const WEEK_ROW_EM = 1.9;

const fold = (s: string) =>
  s
    .toLocaleLowerCase('fr-FR')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');

function shiftWeek(weekStart: string, weeks: number): string {
  const d = new Date(`${weekStart}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7 * weeks);
  return d.toISOString().slice(0, 10);
}

/**
 * The vie scolaire's week: every student of the établissement × 5 days × the day's slots, virtualized (1,000
 * students cost what 30 do), filtered by name, class or « with absences only », one week at a time, with the
 * justification queue under it.
 */
export class WeekGridModule {
  nameFilter = '';
  classFilter = '';
  onlyWithEvents = false;
  readonly queue: JustificationQueue;
  readonly rows: VirtualizerController;
  readonly nav: GridNavigationController;
  #week: WeekData | null = null;
  #filtered = {
    key: '',
    source: null as WeekData | null,
    rows: [] as number[],
    cells: new Map<number, WeekData['cells']>(),
  };

  constructor(private readonly host: AttendanceHost) {
    this.queue = new JustificationQueue(host);
    this.rows = new VirtualizerController(host, {
      scroller: () => host.renderRoot.querySelector<HTMLElement>('.week'),
      count: () => this.#filtered.rows.length,
      rowHeightEm: WEEK_ROW_EM,
      headerRows: HEADER_ROWS,
      pinned: () => [this.nav.active.row],
    });
    this.nav = new GridNavigationController(host, {
      rows: () => this.#filtered.rows.length,
      cols: () => 1 + (this.#week ? this.#week.days.length * this.#week.slots.length : 0),
      pageSize: () => this.rows.pageSize(),
      reveal: (row) => this.rows.reveal(row),
    });
  }

  #filter(w: WeekData): { rows: number[]; cells: Map<number, WeekData['cells']> } {
    const key = `${this.nameFilter}\u0000${this.classFilter}\u0000${this.onlyWithEvents}`;
    if (this.#filtered.key === key && this.#filtered.source === w) return this.#filtered;
    const cells = new Map<number, WeekData['cells']>();
    for (const c of w.cells) {
      const list = cells.get(c[0]);
      if (list) list.push(c);
      else cells.set(c[0], [c]);
    }
    const needle = fold(this.nameFilter.trim());
    const rows: number[] = [];
    w.students.forEach((s, i) => {
      if (this.classFilter && s.className !== this.classFilter) return;
      if (this.onlyWithEvents && !cells.has(i)) return;
      if (needle && !fold(String(s.name ?? '')).includes(needle)) return;
      rows.push(i);
    });
    this.#filtered = { key, source: w, rows, cells };
    return this.#filtered;
  }

  #setFilter(change: () => void): void {
    change();
    this.nav.active = { row: 0, col: this.nav.active.col };
    this.host.requestUpdate();
  }

  /** Another week: connected mode loads it, property mode tells the host. */
  goToWeek(weekStart: string): void {
    const host = this.host;
    const event = host.emit(new PreauWeekChangeEvent({ weekStart }));
    if (event.defaultPrevented || !host.src) return;
    host.weekPath = `${apiBaseFrom(host.src)}/attendance/week?week=${weekStart}`;
    host.status.info(
      host.msg('weekShown', {
        date: host.formatDate(`${weekStart}T12:00:00Z`, { day: 'numeric', month: 'long' }),
      }),
    );
    host.requestUpdate();
  }

  render(w: WeekData): TemplateResult {
    this.#week = w;
    const host = this.host;
    const m = host.msg.bind(host);
    const locale = host.locale;
    const { rows, cells } = this.#filter(w);
    const nSlots = w.slots.length;
    const cols = w.days.length * nSlots;
    const dayLabel = (d: string) =>
      host.formatDate(`${d}T12:00:00Z`, { weekday: 'short', day: 'numeric', month: 'short' }) || d;
    const dayLabels = w.days.map(dayLabel);
    const weekLabel = host.formatDate(`${w.weekStart}T12:00:00Z`, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const classes = [...new Set(w.students.map((s) => s.className).filter((c): c is string => !!c))].sort();
    // Labels computed once per render, not per cell (1,000 students × 40 slots).
    const emptyLabel = m('cellEmpty');
    const okLabel = m('regularisee');
    const notOkLabel = m('notRegularisee');
    const statusLabel = (s: AttendanceStatus) => ATTENDANCE_STATUS_LABELS[s]?.[locale] ?? s;
    const grid = new Array<WeekData['cells'][number] | undefined>(cols);
    const nav = this.nav;
    const renderRow = (position: number) => {
      const si = rows[position]!;
      const student = w.students[si]!;
      grid.fill(undefined);
      for (const c of cells.get(si) ?? []) grid[c[1] * nSlots + c[2]] = c;
      const activeRow = nav.active.row === position;
      const cellsTpl: TemplateResult[] = [];
      for (let col = 0; col < cols; col++) {
        const c = grid[col];
        const label = c
          ? `${statusLabel(c[3])}${c[4] ? ` ${c[4]} min` : ''}, ${c[5] ? okLabel : notOkLabel}`
          : emptyLabel;
        cellsTpl.push(html`<span role="gridcell" tabindex=${activeRow && nav.active.col === col + 1 ? 0 : -1}
          data-cell=${`${position}:${col + 1}`} data-status=${c ? c[3] : nothing} ?data-ok=${c?.[5] === 1}
          aria-label=${label}>${c ? ATTENDANCE_STATUS_CODES[c[3]] : ''}</span>`);
      }
      return html`<div role="row" aria-rowindex=${position + HEADER_ROWS + 1} ${styleProps(this.rows.rowStyle(position))}>
        <span role="rowheader" tabindex=${activeRow && nav.active.col === 0 ? 0 : -1} data-cell=${`${position}:0`}
          >${student.name}${student.className ? html` <span class="hint">(${student.className})</span>` : nothing}</span
        >${cellsTpl}
      </div>`;
    };
    const id = host.localName;
    return html`<div class="wrap">
      <div class="week-head">
        <h2>${m('weekTitle', { date: weekLabel })}</h2>
        <div class="toolbar" part="week-nav">
          <button type="button" class="button" @click=${() => this.goToWeek(shiftWeek(w.weekStart, -1))}>
            <span aria-hidden="true">‹</span> ${m('previousWeek')}
          </button>
          <button type="button" class="button" @click=${() => this.goToWeek(shiftWeek(w.weekStart, 1))}>
            ${m('nextWeek')} <span aria-hidden="true">›</span>
          </button>
        </div>
      </div>
      <div class="filters" role="search">
        <div class="field">
          <label for=${`${id}-name`}>${m('filterName')}</label>
          <input id=${`${id}-name`} type="search" .value=${this.nameFilter}
            @input=${(e: Event) => this.#setFilter(() => (this.nameFilter = (e.target as HTMLInputElement).value))} />
        </div>
        ${
          classes.length > 1
            ? html`<div class="field">
                <label for=${`${id}-class`}>${m('filterClass')}</label>
                <select id=${`${id}-class`}
                  @change=${(e: Event) => this.#setFilter(() => (this.classFilter = (e.target as HTMLSelectElement).value))}>
                  <option value="">${m('allClasses')}</option>
                  ${classes.map((c) => html`<option value=${c} ?selected=${c === this.classFilter}>${c}</option>`)}
                </select>
              </div>`
            : nothing
        }
        <label class="check">
          <input type="checkbox" .checked=${this.onlyWithEvents}
            @change=${(e: Event) => this.#setFilter(() => (this.onlyWithEvents = (e.target as HTMLInputElement).checked))} />
          ${m('onlyWithEvents')}
        </label>
        <span class="hint" aria-live="polite">${m('shownCount', { shown: rows.length, total: w.students.length })}</span>
      </div>
      <div part="week-grid" class="week" role="grid" aria-label=${m('weekGrid', { date: weekLabel })}
        aria-rowcount=${rows.length + HEADER_ROWS} aria-colcount=${cols + 1}
        @keydown=${nav.keydown} @focusin=${nav.focusin}>
        <div role="row" class="head" aria-rowindex="1">
          <span class="corner" role="columnheader" aria-colindex="1">${m('student')}</span>
          ${dayLabels.map(
            (d, i) => html`<span class="day" role="columnheader" aria-colindex=${i * nSlots + 2}
              aria-colspan=${nSlots}>${d}</span>`,
          )}
        </div>
        <div role="row" class="head" aria-rowindex="2">
          <span class="corner" role="columnheader" aria-colindex="1"><span class="visually-hidden">${m('student')}</span></span>
          ${dayLabels.flatMap((d, day) =>
            w.slots.map(
              (
                s,
                slot,
              ) => html`<span class="slot" role="columnheader" aria-colindex=${day * nSlots + slot + 2}
                ><span aria-hidden="true">${s.slice(0, 2)}</span><span class="visually-hidden">${d} ${s}</span></span>`,
            ),
          )}
        </div>
        <div class="body" role="presentation" ${styleProps({ height: this.rows.bodyHeight() })}>
          ${repeat(this.rows.indices(), (p) => w.students[rows[p]!]!.id || p, renderRow)}
        </div>
      </div>
      <p part="legend" class="hint">
        ${(Object.keys(ATTENDANCE_STATUS_CODES) as AttendanceStatus[])
          .filter((st) => st !== 'present')
          .map((st) => `${ATTENDANCE_STATUS_CODES[st]} : ${statusLabel(st).toLowerCase()}`)
          .join(' · ')}
        · ✓ : ${okLabel}
      </p>
      ${w.queue ? this.queue.render(w) : nothing}
    </div>`;
  }
}
