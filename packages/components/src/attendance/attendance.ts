import {
  ATTENDANCE_STATUS_CODES,
  ATTENDANCE_STATUS_CYCLE,
  ATTENDANCE_STATUS_LABELS,
  type AttendanceStatus,
  JUSTIFICATION_STATE_LABELS,
  nextStatus,
  ROLL_CALL_STATE_LABELS,
} from '@preau/core/attendance/statuses';
import type {
  JustificationView,
  RollCallView,
  StudentAttendanceView,
  WeekGridView,
} from '@preau/core/attendance/views';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
// CSSOM, not a style attribute: spacer heights hold under a CSP without 'unsafe-inline' styles.
import { styleMap } from 'lit/directives/style-map.js';
import type { LiveConnection } from '../base/api-client.js';
import { defineElement } from '../base/define.js';
import { PreauElement } from '../base/preau-element.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import {
  type AttendanceMark,
  PreauAttendanceChangeEvent,
  PreauAttendanceNoticeEvent,
  PreauAttendanceSaveEvent,
  PreauJustificationDecideEvent,
  PreauJustificationSubmitEvent,
} from './attendance.events.js';
import { type AttendanceMessageKey, attendanceMessages } from './attendance.messages.js';
import { attendanceStyles } from './attendance.styles.js';
import { rowWindow, scrollToRow } from './virtual-rows.js';

export * from './attendance.events.js';

export type AttendanceView = 'roll-call' | 'week' | 'parent';

/** Data of the vie-scolaire view: the week grid, and optionally the justification queue. */
export interface WeekData extends WeekGridView {
  queue?: JustificationView[];
}

export type AttendanceData = RollCallView | WeekData | StudentAttendanceView;

/** Largest attachment the form accepts (the server checks again, by content). */
export const MAX_JUSTIFICATION_BYTES = 5 * 1024 * 1024;
const ACCEPTED_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

const KEY_TO_STATUS = new Map<string, AttendanceStatus>(
  (Object.entries(ATTENDANCE_STATUS_CODES) as [AttendanceStatus, string][]).map(([s, c]) => [
    c.toLowerCase(),
    s,
  ]),
);

interface Draft {
  status: AttendanceStatus;
  lateMinutes: number | null;
}

/** Header rows of the week grid (days, then slots): body rows' aria-rowindex starts after them. */
const WEEK_HEADER_ROWS = 2;
const DAYS_PER_WEEK = 5;

let uid = 0;

/**
 * Attendance: the teacher's roll call, the vie scolaire's week grid with the justification queue, or a
 * family's view of their child's absences with the form to justify them.
 *
 * Property mode: set `view` and `.data` (a `RollCallView`, `WeekData` or `StudentAttendanceView` from
 * `@preau/core`) and listen to the events. Connected mode: set `src` to the API's URL for the view
 * (`/api/v1/attendance/seances/{id}/roll-call`, `/api/v1/attendance/week?week=…`,
 * `/api/v1/attendance/students/{id}`); the element saves, and follows the live stream
 * (`/api/v1/attendance/stream`) for the week and parent views.
 *
 * @fires preau-attendance-change - Roll-call marks changed; cancelable. `detail: { seanceId, marks }`.
 * @fires preau-attendance-save - The roll call was saved or closed; cancelable. `detail: { seanceId, marks, close }`.
 * @fires preau-justification-submit - A family sent a justification; cancelable. `detail: { studentId, entryIds, motif, comment, file }`.
 * @fires preau-justification-decide - The CPE decided a justification; cancelable. `detail: { justificationId, decision }`.
 * @fires preau-attendance-notice - Connected mode: a live notice arrived. `detail: { kind, payload }`.
 * @csspart status - The polite message region.
 * @csspart alert - The error message region.
 * @csspart roll-call - The roll-call grid.
 * @csspart week-grid - The vie-scolaire week grid (scrolling, virtualized).
 * @csspart queue - The justification queue.
 * @csspart entries - The parent view's table.
 * @csspart justify-form - The parent view's form.
 * @cssprop --preau-attendance-grid-height - Height of the week grid's scrolling area (default 28em).
 */
export class PreauAttendance extends PreauElement {
  static override styles = [PreauElement.styles, controlStyles, statusStyles, attendanceStyles];

  /** Which view to show. */
  @property({ reflect: true }) view: AttendanceView = 'roll-call';

  /** Connected mode: the API URL of the view's data. */
  @property() src: string | null = null;

  /** Property mode: the view's data. */
  @property({ attribute: false }) data: AttendanceData | null = null;

  /** Roll call: show students' photos when the data carries `photoUrl`. */
  @property({ type: Boolean, attribute: 'show-photos' }) showPhotos = false;

  @state() private drafts = new Map<string, Draft>();
  @state() private focusRow = 0;
  @state() private busy = false;
  @state() private minuteErrors = new Set<string>();
  // week grid
  @state() private nameFilter = '';
  @state() private classFilter = '';
  @state() private onlyWithEvents = false;
  @state() private activeCell = { row: 0, col: 0 };
  // parent view
  @state() private selected = new Set<string>();
  @state() private formErrors: Partial<Record<'motif' | 'entries' | 'file', string>> = {};

  private readonly status = new StatusController(this);
  private readonly idBase = `preau-attendance-${++uid}`;
  private live: LiveConnection | undefined;
  private loadController: AbortController | undefined;
  private loadedSrc: string | null = null;
  private rowHeight = 0;
  private viewportHeight = 0;
  private gridScrollTop = 0;
  private shownRows = 0;
  /** The window of rows last rendered (start:end:row height): scrolling within it re-renders nothing. */
  private renderedWindow = '';
  private resizeObserver: ResizeObserver | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.src) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.live?.close();
    this.live = undefined;
    this.loadController?.abort();
    this.resizeObserver?.disconnect();
    clearTimeout(this.reloadTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('data')) {
      this.drafts = new Map();
      this.minuteErrors = new Set();
      if (this.view === 'parent') this.selected = new Set();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (
      (changed.has('src') || changed.has('view')) &&
      this.isConnected &&
      this.src &&
      this.src !== this.loadedSrc
    ) {
      void this.load();
    }
    if (this.view === 'week') this.observeGrid();
  }

  // ------------------------------------------------------------------ connected mode

  private get client() {
    return this.apiFor(this.src);
  }

  /** Fetches the view's data from `src` (and the queue for the week view), then follows the live stream. */
  async load(): Promise<void> {
    if (!this.src) return;
    this.loadedSrc = this.src;
    this.loadController?.abort();
    const ac = new AbortController();
    this.loadController = ac;
    this.status.info(this.baseMessage('loading'));
    try {
      const data = await this.client.get<AttendanceData>(this.src, { signal: ac.signal });
      if (this.view === 'week') {
        const queue = await this.client
          .get<JustificationView[]>('attendance/justifications?state=en_attente', { signal: ac.signal })
          .catch(() => undefined);
        (data as WeekData).queue = queue;
      }
      this.data = data;
      this.status.clear();
      this.trackUsage('absences', `view-${this.view}`);
      if (this.view !== 'roll-call' && !this.live) this.follow();
    } catch (error) {
      this.status.error(error);
    }
  }

  private follow(): void {
    const onNotice = (kind: string) => (payload: unknown) => {
      const p = (payload ?? {}) as Record<string, unknown>;
      this.emit(new PreauAttendanceNoticeEvent({ kind, payload: p }));
      if (kind === 'attendance.entry' && this.view === 'parent') {
        const status =
          ATTENDANCE_STATUS_LABELS[p.status as AttendanceStatus]?.[this.locale] ?? String(p.status);
        this.status.info(
          this.t(attendanceMessages, 'liveNew', {
            name: p.studentName ?? '',
            status,
            subject: p.subject ?? '',
          }),
        );
      }
      // Several notices in a burst (a class's roll call) cost one reload.
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.reload(), 150);
    };
    let opened = false;
    this.live = this.client.live('attendance/stream', {
      events: {
        'attendance.entry': onNotice('attendance.entry'),
        'attendance.correction': onNotice('attendance.correction'),
        'attendance.justification-submitted': onNotice('attendance.justification-submitted'),
        'attendance.justification-decided': onNotice('attendance.justification-decided'),
      },
      onStatus: (s) => {
        if (s === 'reconnecting') this.status.info(this.baseMessage('liveReconnecting'));
        // A first connection starts from "now": read once more what may have changed between the page's first
        // read and the stream's start. Reconnections replay what they missed (Last-Event-ID) and need nothing.
        if (s === 'open' && !opened) {
          opened = true;
          void this.reload();
        } else if (s === 'open' && this.status.message?.title === this.baseMessage('liveReconnecting')) {
          this.status.clear();
        }
      },
    });
  }

  /** Re-reads the data without the loading message (live updates keep what the user is doing). */
  private async reload(): Promise<void> {
    if (!this.src) return;
    try {
      const data = await this.client.get<AttendanceData>(this.src);
      if (this.view === 'week') {
        (data as WeekData).queue = await this.client
          .get<JustificationView[]>('attendance/justifications?state=en_attente')
          .catch(() => (this.data as WeekData | null)?.queue);
      }
      const keepSelected = this.selected;
      this.data = data;
      this.selected = keepSelected;
    } catch (error) {
      this.status.error(error);
    }
  }

  // ------------------------------------------------------------------ roll call

  private get rollCall(): RollCallView | null {
    const d = this.data as RollCallView | null;
    return d && 'seance' in d && Array.isArray(d.students) ? d : null;
  }

  /** The mark shown for a student: the draft, else what was recorded, else none. */
  private markOf(studentId: string): Draft | null {
    const draft = this.drafts.get(studentId);
    if (draft) return draft;
    const e = this.rollCall?.entries.find((x) => x.studentId === studentId && !x.erroneous);
    return e ? { status: e.status, lateMinutes: e.lateMinutes } : null;
  }

  private setMarks(marks: AttendanceMark[]): void {
    const rc = this.rollCall;
    if (!rc || marks.length === 0) return;
    const event = this.emit(new PreauAttendanceChangeEvent({ seanceId: rc.seance.id, marks }));
    if (event.defaultPrevented) return;
    const next = new Map(this.drafts);
    for (const m of marks) {
      next.set(m.studentId, {
        status: m.status,
        lateMinutes:
          m.status === 'retard' ? (m.lateMinutes ?? this.markOf(m.studentId)?.lateMinutes ?? 5) : null,
      });
    }
    this.drafts = next;
  }

  private setStatus(studentId: string, status: AttendanceStatus): void {
    this.setMarks([{ studentId, status }]);
  }

  private allPresent(): void {
    const rc = this.rollCall;
    if (!rc) return;
    this.setMarks(
      rc.students
        .filter((s) => {
          const m = this.markOf(s.id);
          return !m || m.status === 'present';
        })
        .map((s) => ({ studentId: s.id, status: 'present' as const })),
    );
  }

  private async save(close: boolean): Promise<void> {
    const rc = this.rollCall;
    if (!rc || this.busy) return;
    if (this.minuteErrors.size) {
      this.status.error(new Error(this.t(attendanceMessages, 'minutesInvalid')));
      return;
    }
    const marks: AttendanceMark[] = [];
    for (const s of rc.students) {
      const draft = this.drafts.get(s.id);
      if (draft) marks.push({ studentId: s.id, status: draft.status, lateMinutes: draft.lateMinutes });
      else if (close && !this.markOf(s.id)) marks.push({ studentId: s.id, status: 'present' });
    }
    const event = this.emit(new PreauAttendanceSaveEvent({ seanceId: rc.seance.id, marks, close }));
    if (event.defaultPrevented || !this.src) return;
    this.busy = true;
    this.status.info(this.baseMessage('saving'));
    try {
      // Saved to the séance itself: `src` may be a "current roll call of this class" address.
      const saved = await this.client.put<RollCallView>(
        `attendance/seances/${encodeURIComponent(rc.seance.id)}/roll-call`,
        {
          marks: marks.map((m) => (m.status === 'retard' ? m : { studentId: m.studentId, status: m.status })),
          close,
        },
      );
      this.data = saved;
      this.status.success(this.t(attendanceMessages, close ? 'closed' : 'saved'));
      this.trackUsage('absences', close ? 'roll-call-close' : 'roll-call-save');
    } catch (error) {
      // Drafts stay on screen so nothing typed is lost; the message names what the server refused.
      this.status.error(error);
    } finally {
      this.busy = false;
    }
  }

  private focusRollRow(index: number): void {
    const rc = this.rollCall;
    if (!rc) return;
    this.focusRow = Math.max(0, Math.min(rc.students.length - 1, index));
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>(`[data-roll-row="${this.focusRow}"]`)?.focus();
    });
  }

  private onRollKey(event: KeyboardEvent, index: number, studentId: string): void {
    if (event.target !== event.currentTarget) return;
    const key = event.key;
    const pageSize = 10;
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + pageSize,
      PageUp: index - pageSize,
      Home: 0,
      End: Number.MAX_SAFE_INTEGER,
    };
    if (key in moves) {
      event.preventDefault();
      this.focusRollRow(moves[key]!);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (key === ' ') {
      event.preventDefault();
      const current = this.markOf(studentId)?.status;
      this.setStatus(studentId, current ? nextStatus(current) : 'present');
      return;
    }
    if (
      (key === 'Enter' || key === 'F2' || key === 'ArrowRight') &&
      this.markOf(studentId)?.status === 'retard'
    ) {
      event.preventDefault();
      this.renderRoot.querySelector<HTMLInputElement>(`#${this.idBase}-min-${index}`)?.focus();
      return;
    }
    const status = KEY_TO_STATUS.get(key.toLowerCase());
    if (status) {
      event.preventDefault();
      this.setStatus(studentId, status);
      if (status === 'retard') {
        void this.updateComplete.then(() =>
          this.renderRoot.querySelector<HTMLInputElement>(`#${this.idBase}-min-${index}`)?.select(),
        );
      }
    }
  }

  private onMinutes(event: Event, studentId: string): void {
    const input = event.target as HTMLInputElement;
    const value = Number(input.value);
    const errors = new Set(this.minuteErrors);
    if (!Number.isInteger(value) || value < 1 || value > 600) {
      errors.add(studentId);
      this.minuteErrors = errors;
      return;
    }
    errors.delete(studentId);
    this.minuteErrors = errors;
    this.setMarks([{ studentId, status: 'retard', lateMinutes: value }]);
  }

  private onMinutesKey(event: KeyboardEvent, index: number): void {
    if (event.key === 'Escape' || event.key === 'Enter' || event.key === 'ArrowLeft') {
      if (event.key === 'ArrowLeft' && (event.target as HTMLInputElement).selectionStart !== 0) return;
      event.preventDefault();
      this.focusRollRow(index);
    }
  }

  private renderRollCall(rc: RollCallView): TemplateResult {
    const m = (k: AttendanceMessageKey, v?: Record<string, unknown>) => this.t(attendanceMessages, k, v);
    const locale = this.locale;
    const start = this.formatDate(rc.seance.startsAt, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    });
    let absent = 0;
    let late = 0;
    let unmarked = 0;
    for (const s of rc.students) {
      const mark = this.markOf(s.id);
      if (!mark) unmarked++;
      else if (mark.status === 'absent') absent++;
      else if (mark.status === 'retard') late++;
    }
    const focusRow = Math.min(this.focusRow, Math.max(0, rc.students.length - 1));
    const helpId = `${this.idBase}-help`;
    return html`<div class="wrap">
      <header>
        <h2>${m('rollCallTitle', { className: rc.seance.className, subject: rc.seance.subject })}</h2>
        <p class="meta">
          ${start}${rc.seance.room ? ` — ${rc.seance.room}` : ''} —
          <span class="badge">${m('stateLabel', { state: ROLL_CALL_STATE_LABELS[rc.state][locale] })}</span>
          ${this.drafts.size ? html` — <span class="badge">${m('unsaved')}</span>` : nothing}
        </p>
      </header>
      <div class="toolbar">
        <button class="button" type="button" @click=${() => this.allPresent()} ?disabled=${this.busy}>
          ${m('allPresent')}
        </button>
        <button class="button" type="button" @click=${() => this.save(false)} ?disabled=${this.busy || this.drafts.size === 0}>
          ${m('save')}
        </button>
        <button class="button" data-variant="primary" type="button" @click=${() => this.save(true)} ?disabled=${this.busy}>
          ${m('close')}
        </button>
        <span class="hint" aria-live="polite">${m('summary', { absent, late, unmarked })}</span>
      </div>
      <p class="hint" id=${helpId}>${m('keyboardHelp')} ${m('closeHint')}</p>
      <div
        part="roll-call"
        class="roll"
        role="grid"
        aria-label=${m('rollCallGrid', { className: rc.seance.className })}
        aria-describedby=${helpId}
        aria-rowcount=${rc.students.length + 1}
        aria-colcount="3"
      >
        <div role="row" aria-rowindex="1">
          <span role="columnheader">${m('student')}</span>
          <span role="columnheader">${m('status')}</span>
          <span role="columnheader">${m('lateMinutes')}</span>
        </div>
        ${repeat(
          rc.students,
          (s) => s.id,
          (s, i) => {
            const mark = this.markOf(s.id);
            const name = `${s.firstName} ${s.lastName.toLocaleUpperCase('fr-FR')}`;
            const statusLabel = mark ? ATTENDANCE_STATUS_LABELS[mark.status][locale] : m('notRecorded');
            const photo = (s as { photoUrl?: string }).photoUrl;
            return html`<div role="row" aria-rowindex=${i + 2} data-student=${s.id}>
              <span role="rowheader" class="name">
                ${this.showPhotos && photo ? html`<img class="photo" src=${photo} alt="" />` : nothing}${name}
              </span>
              <span
                role="gridcell"
                class="statuses"
                tabindex=${i === focusRow ? 0 : -1}
                data-roll-row=${i}
                @keydown=${(e: KeyboardEvent) => this.onRollKey(e, i, s.id)}
                @focus=${() => {
                  this.focusRow = i;
                }}
              >
                <span class="visually-hidden">${m('statusOf', { name, status: statusLabel })}</span>
                ${ATTENDANCE_STATUS_CYCLE.map(
                  (st) => html`<button
                    type="button"
                    class="st"
                    tabindex="-1"
                    data-status=${st}
                    aria-pressed=${mark?.status === st ? 'true' : 'false'}
                    aria-label=${ATTENDANCE_STATUS_LABELS[st][locale]}
                    title=${ATTENDANCE_STATUS_LABELS[st][locale]}
                    @click=${() => {
                      this.focusRow = i;
                      this.setStatus(s.id, st);
                    }}
                  >
                    ${ATTENDANCE_STATUS_CODES[st]}
                  </button>`,
                )}
              </span>
              <span role="gridcell" class="minutes">
                ${
                  mark?.status === 'retard'
                    ? html`<input
                        id=${`${this.idBase}-min-${i}`}
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max="600"
                        .value=${String(mark.lateMinutes ?? '')}
                        aria-label=${`${m('lateMinutes')} — ${name}`}
                        aria-invalid=${this.minuteErrors.has(s.id) ? 'true' : 'false'}
                        @change=${(e: Event) => this.onMinutes(e, s.id)}
                        @keydown=${(e: KeyboardEvent) => this.onMinutesKey(e, i)}
                      />
                      <span aria-hidden="true">${m('minutesShort')}</span>`
                    : nothing
                }
              </span>
            </div>`;
          },
        )}
      </div>
    </div>`;
  }

  // ------------------------------------------------------------------ week grid (vie scolaire)

  private get week(): WeekData | null {
    const d = this.data as WeekData | null;
    return d && Array.isArray((d as WeekData).cells) && Array.isArray((d as WeekData).days) ? d : null;
  }

  /** Indices of the students shown after the filters, and the cells by student. */
  private filtered = { key: '', rows: [] as number[], cells: new Map<number, WeekData['cells']>() };

  private filteredRows(w: WeekData): { rows: number[]; cells: Map<number, WeekData['cells']> } {
    const key = `${this.nameFilter}\u0000${this.classFilter}\u0000${this.onlyWithEvents}`;
    if (this.filtered.key === key && this.filteredSource === w) return this.filtered;
    const cells = new Map<number, WeekData['cells']>();
    for (const c of w.cells) {
      const list = cells.get(c[0]);
      if (list) list.push(c);
      else cells.set(c[0], [c]);
    }
    const needle = this.nameFilter
      .trim()
      .toLocaleLowerCase('fr-FR')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    const rows: number[] = [];
    w.students.forEach((s, i) => {
      if (this.classFilter && s.className !== this.classFilter) return;
      if (this.onlyWithEvents && !cells.has(i)) return;
      if (needle) {
        const name = s.name
          .toLocaleLowerCase('fr-FR')
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '');
        if (!name.includes(needle)) return;
      }
      rows.push(i);
    });
    this.filtered = { key, rows, cells };
    this.filteredSource = w;
    return this.filtered;
  }
  private filteredSource: WeekData | null = null;

  /** The rows to render for the current scroll position and sizes. */
  private weekWindow(rowCount: number) {
    const rowH = this.rowHeight || 30;
    const bodyViewport = Math.max(0, (this.viewportHeight || 600) - rowH * WEEK_HEADER_ROWS);
    return rowWindow(Math.max(0, this.gridScrollTop), bodyViewport, rowH, rowCount);
  }

  /** Re-renders only when the window of rows changes (scrolling within it costs nothing). */
  private syncWindow(): void {
    const w = this.weekWindow(this.shownRows);
    const key = `${w.start}:${w.end}:${this.rowHeight}`;
    if (key !== this.renderedWindow) this.requestUpdate();
  }

  private observeGrid(): void {
    const scroller = this.renderRoot.querySelector<HTMLElement>('.week');
    if (!scroller) return;
    const measure = () => {
      const h = scroller.querySelector<HTMLElement>('.head')?.getBoundingClientRect().height ?? 0;
      if (h > 0) this.rowHeight = h;
      this.viewportHeight = scroller.clientHeight;
      this.syncWindow();
    };
    if (!this.rowHeight) measure();
    if (!this.resizeObserver) {
      this.resizeObserver = new ResizeObserver(measure);
      this.resizeObserver.observe(scroller);
    }
  }

  private onGridScroll(event: Event): void {
    this.gridScrollTop = (event.target as HTMLElement).scrollTop;
    this.syncWindow();
  }

  private focusCell(row: number, col: number, rowCount: number): void {
    const r = Math.max(0, Math.min(rowCount - 1, row));
    const c = Math.max(0, Math.min(DAYS_PER_WEEK * 8, col));
    this.activeCell = { row: r, col: c };
    const scroller = this.renderRoot.querySelector<HTMLElement>('.week');
    if (scroller && this.rowHeight) {
      const bodyTop = this.rowHeight * WEEK_HEADER_ROWS;
      const next = scrollToRow(r, scroller.scrollTop, scroller.clientHeight - bodyTop, this.rowHeight);
      if (next !== scroller.scrollTop) {
        scroller.scrollTop = next;
        this.gridScrollTop = next;
      }
    }
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLElement>(`[data-cell="${r}:${c}"]`)?.focus({ preventScroll: true });
    });
  }

  private onGridKey(event: KeyboardEvent, rowCount: number): void {
    const { row, col } = this.activeCell;
    const page = Math.max(
      1,
      Math.floor((this.viewportHeight || 400) / (this.rowHeight || 30)) - WEEK_HEADER_ROWS,
    );
    const lastCol = DAYS_PER_WEEK * 8;
    const moves: Record<string, [number, number]> = {
      ArrowDown: [row + 1, col],
      ArrowUp: [row - 1, col],
      ArrowRight: [row, col + 1],
      ArrowLeft: [row, col - 1],
      PageDown: [row + page, col],
      PageUp: [row - page, col],
      Home: event.ctrlKey ? [0, 0] : [row, 0],
      End: event.ctrlKey ? [rowCount - 1, lastCol] : [row, lastCol],
    };
    const target = moves[event.key];
    if (!target) return;
    event.preventDefault();
    this.focusCell(target[0], target[1], rowCount);
  }

  private renderWeek(w: WeekData): TemplateResult {
    const m = (k: AttendanceMessageKey, v?: Record<string, unknown>) => this.t(attendanceMessages, k, v);
    const locale = this.locale;
    const { rows, cells } = this.filteredRows(w);
    this.shownRows = rows.length;
    const win = this.weekWindow(rows.length);
    this.renderedWindow = `${win.start}:${win.end}:${this.rowHeight}`;
    const dayFormat = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'Europe/Paris',
    });
    const dayLabels = new Map(w.days.map((d) => [d, dayFormat.format(new Date(`${d}T12:00:00Z`))]));
    const dayLabel = (d: string) => dayLabels.get(d) ?? d;
    const weekLabel = this.formatDate(`${w.weekStart}T12:00:00Z`, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const classes = [...new Set(w.students.map((s) => s.className).filter((c): c is string => !!c))].sort();
    const active = {
      row: Math.min(this.activeCell.row, Math.max(0, rows.length - 1)),
      col: this.activeCell.col,
    };
    const cols = DAYS_PER_WEEK * w.slots.length;
    const grid = new Array<WeekData['cells'][number] | undefined>(cols);
    // Labels computed once per render, not per cell (1,000 students × 40 slots).
    const emptyLabel = m('cellEmpty');
    const okLabel = m('regularisee');
    const notOkLabel = m('notRegularisee');
    const renderRow = (position: number) => {
      const si = rows[position]!;
      const student = w.students[si]!;
      grid.fill(undefined);
      for (const c of cells.get(si) ?? []) grid[c[1] * w.slots.length + c[2]] = c;
      const cellsTpl: TemplateResult[] = [];
      for (let col = 0; col < cols; col++) {
        const c = grid[col];
        const label = c
          ? `${ATTENDANCE_STATUS_LABELS[c[3]][locale]}${c[4] ? ` ${c[4]} min` : ''}, ${c[5] ? okLabel : notOkLabel}`
          : emptyLabel;
        cellsTpl.push(html`<span
          role="gridcell"
          tabindex=${active.row === position && active.col === col + 1 ? 0 : -1}
          data-cell=${`${position}:${col + 1}`}
          data-status=${c ? c[3] : nothing}
          ?data-ok=${c?.[5] === 1}
          aria-label=${label}
          >${c ? ATTENDANCE_STATUS_CODES[c[3]] : ''}</span
        >`);
      }
      return html`<div role="row" aria-rowindex=${position + WEEK_HEADER_ROWS + 1}>
        <span
          role="rowheader"
          aria-colindex="1"
          tabindex=${active.row === position && active.col === 0 ? 0 : -1}
          data-cell=${`${position}:0`}
          >${student.name}${student.className ? html` <span class="hint">(${student.className})</span>` : nothing}</span
        >${cellsTpl}
      </div>`;
    };
    const rendered: TemplateResult[] = [];
    for (let p = win.start; p < win.end; p++) rendered.push(renderRow(p));
    const gridId = `${this.idBase}-grid`;
    return html`<div class="wrap">
      <h2>${m('weekTitle', { date: weekLabel })}</h2>
      <div class="filters" role="search">
        <div class="field">
          <label for=${`${this.idBase}-name`}>${m('filterName')}</label>
          <input
            id=${`${this.idBase}-name`}
            type="search"
            .value=${this.nameFilter}
            @input=${(e: Event) => {
              this.nameFilter = (e.target as HTMLInputElement).value;
              this.activeCell = { row: 0, col: this.activeCell.col };
            }}
          />
        </div>
        ${
          classes.length > 1
            ? html`<div class="field">
              <label for=${`${this.idBase}-class`}>${m('filterClass')}</label>
              <select
                id=${`${this.idBase}-class`}
                @change=${(e: Event) => {
                  this.classFilter = (e.target as HTMLSelectElement).value;
                  this.activeCell = { row: 0, col: this.activeCell.col };
                }}
              >
                <option value="">${m('allClasses')}</option>
                ${classes.map((c) => html`<option value=${c} ?selected=${c === this.classFilter}>${c}</option>`)}
              </select>
            </div>`
            : nothing
        }
        <label class="check">
          <input
            type="checkbox"
            .checked=${this.onlyWithEvents}
            @change=${(e: Event) => {
              this.onlyWithEvents = (e.target as HTMLInputElement).checked;
              this.activeCell = { row: 0, col: this.activeCell.col };
            }}
          />
          ${m('onlyWithEvents')}
        </label>
        <span class="hint" aria-live="polite">${m('shownCount', { shown: rows.length, total: w.students.length })}</span>
      </div>
      <div
        part="week-grid"
        class="week"
        id=${gridId}
        role="grid"
        aria-label=${m('weekGrid', { date: weekLabel })}
        aria-rowcount=${rows.length + WEEK_HEADER_ROWS}
        aria-colcount=${cols + 1}
        @scroll=${this.onGridScroll}
        @keydown=${(e: KeyboardEvent) => this.onGridKey(e, rows.length)}
        @click=${(e: Event) => {
          const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-cell]');
          if (!cell) return;
          const [r, c] = cell.dataset.cell!.split(':').map(Number) as [number, number];
          this.activeCell = { row: r, col: c };
        }}
      >
        <div role="row" class="head" aria-rowindex="1">
          <span class="corner" role="columnheader" aria-colindex="1">${m('student')}</span>
          ${w.days.map(
            (d, i) =>
              html`<span class="day" role="columnheader" aria-colindex=${i * w.slots.length + 2} aria-colspan=${w.slots.length}
                >${dayLabel(d)}</span
              >`,
          )}
        </div>
        <div role="row" class="head" aria-rowindex="2">
          <span class="corner" role="columnheader" aria-colindex="1"><span class="visually-hidden">${m('student')}</span></span>
          ${w.days.flatMap((d, day) =>
            w.slots.map(
              (s, slot) =>
                html`<span class="slot" role="columnheader" aria-colindex=${day * w.slots.length + slot + 2}
                  ><span aria-hidden="true">${s.slice(0, 2)}</span
                  ><span class="visually-hidden">${dayLabel(d)} ${s}</span></span
                >`,
            ),
          )}
        </div>
        <div class="spacer" style=${styleMap({ height: `${win.before}px` })} aria-hidden="true"></div>
        ${rendered}
        <div class="spacer" style=${styleMap({ height: `${win.after}px` })} aria-hidden="true"></div>
      </div>
      <p part="legend" class="hint">
        ${(Object.keys(ATTENDANCE_STATUS_CODES) as AttendanceStatus[])
          .filter((st) => st !== 'present')
          .map(
            (st) => `${ATTENDANCE_STATUS_CODES[st]} : ${ATTENDANCE_STATUS_LABELS[st][locale].toLowerCase()}`,
          )
          .join(' · ')}
        · ✓ : ${okLabel}
      </p>
      ${w.queue ? this.renderQueue(w.queue) : nothing}
    </div>`;
  }

  private async decide(j: JustificationView, decision: 'validee' | 'refusee'): Promise<void> {
    const event = this.emit(new PreauJustificationDecideEvent({ justificationId: j.id, decision }));
    if (event.defaultPrevented || !this.src) return;
    try {
      await this.client.post(`attendance/justifications/${encodeURIComponent(j.id)}/decision`, { decision });
      this.status.success(
        this.t(attendanceMessages, 'decided', {
          state: JUSTIFICATION_STATE_LABELS[decision][this.locale].toLowerCase(),
        }),
      );
      this.trackUsage('absences', `justification-${decision}`);
      await this.reload();
    } catch (error) {
      this.status.error(error);
    }
  }

  private renderQueue(queue: JustificationView[]): TemplateResult {
    const m = (k: AttendanceMessageKey, v?: Record<string, unknown>) => this.t(attendanceMessages, k, v);
    const pending = queue.filter((j) => j.state === 'en_attente');
    return html`<section part="queue" aria-labelledby=${`${this.idBase}-queue`}>
      <h3 id=${`${this.idBase}-queue`}>${m('queueTitle')} (${pending.length})</h3>
      ${
        pending.length === 0
          ? html`<p class="hint">${m('queueEmpty')}</p>`
          : html`<table>
            <thead>
              <tr>
                <th scope="col">${m('student')}</th>
                <th scope="col">${m('motif')}</th>
                <th scope="col">${m('comment')}</th>
                <th scope="col">${m('attachment')}</th>
                <th scope="col"><span class="visually-hidden">${m('validate')} / ${m('refuse')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${repeat(
                pending,
                (j) => j.id,
                (j) => html`<tr data-justification=${j.id}>
                  <td>
                    ${j.studentName}${j.className ? ` (${j.className})` : ''}<br /><span class="hint"
                      >${m('submittedOn', { date: this.formatDate(j.submittedAt, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) })}
                      — ${m('entriesCount', { n: j.entryIds.length })}</span
                    >
                  </td>
                  <td>${j.motifLabel}</td>
                  <td>${j.comment}</td>
                  <td>
                    ${
                      j.fileId
                        ? html`<a href=${this.client.url(`files/${encodeURIComponent(j.fileId)}`)} target="_blank" rel="noopener"
                          >${m('attachment')}</a
                        >`
                        : '—'
                    }
                  </td>
                  <td>
                    <div class="toolbar">
                      <button class="button" data-variant="primary" type="button" data-decision="validee" @click=${() => this.decide(j, 'validee')}
                        aria-label=${`${m('validate')} — ${j.studentName}`}>${m('validate')}</button>
                      <button class="button" type="button" data-decision="refusee" @click=${() => this.decide(j, 'refusee')}
                        aria-label=${`${m('refuse')} — ${j.studentName}`}>${m('refuse')}</button>
                    </div>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
    </section>`;
  }

  // ------------------------------------------------------------------ parent view

  private get parentData(): StudentAttendanceView | null {
    const d = this.data as StudentAttendanceView | null;
    return d && 'student' in d && Array.isArray(d.entries) ? d : null;
  }

  private toggleEntry(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
    if (next.size) this.formErrors = { ...this.formErrors, entries: undefined };
  }

  private async submitJustification(event: SubmitEvent, d: StudentAttendanceView): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const motif = (form.elements.namedItem('motif') as HTMLSelectElement).value;
    const comment = (form.elements.namedItem('comment') as HTMLTextAreaElement).value.trim();
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0] ?? null;
    const errors: typeof this.formErrors = {};
    const m = (k: AttendanceMessageKey, v?: Record<string, unknown>) => this.t(attendanceMessages, k, v);
    if (!motif) errors.motif = m('motifRequired');
    if (this.selected.size === 0) errors.entries = m('entriesRequired');
    if (file && file.size > MAX_JUSTIFICATION_BYTES) errors.file = m('fileTooBig', { max: '5 Mo' });
    else if (file && !ACCEPTED_TYPES.includes(file.type)) errors.file = m('fileBadType');
    this.formErrors = errors;
    if (Object.values(errors).some(Boolean)) {
      this.status.error(new Error(Object.values(errors).filter(Boolean).join(' ')));
      return;
    }
    const entryIds = [...this.selected];
    const submit = this.emit(
      new PreauJustificationSubmitEvent({ studentId: d.student.id, entryIds, motif, comment, file }),
    );
    if (submit.defaultPrevented || !this.src) return;
    this.busy = true;
    this.status.info(this.baseMessage('saving'));
    try {
      let fileId: string | undefined;
      if (file) {
        const body = new FormData();
        body.append('kind', 'absence_justification');
        body.append('file', file);
        fileId = (await this.client.post<{ id: string }>('files', body)).id;
      }
      await this.client.post('attendance/justifications', {
        studentId: d.student.id,
        entryIds,
        motif,
        comment,
        ...(fileId ? { fileId } : {}),
      });
      form.reset();
      this.selected = new Set();
      this.status.success(m('sent'));
      this.trackUsage('absences', 'justification-submit');
      await this.reload();
    } catch (error) {
      this.status.error(error);
    } finally {
      this.busy = false;
    }
  }

  private renderParent(d: StudentAttendanceView): TemplateResult {
    const m = (k: AttendanceMessageKey, v?: Record<string, unknown>) => this.t(attendanceMessages, k, v);
    const locale = this.locale;
    const name = `${d.student.firstName} ${d.student.lastName.toLocaleUpperCase('fr-FR')}`;
    const justifiable = (e: StudentAttendanceView['entries'][number]) =>
      e.justificationState === null || e.justificationState === 'refusee';
    const formId = this.idBase;
    const t = d.tally;
    return html`<div class="wrap">
      <h2>${m('parentTitle', { name })}${d.student.className ? ` — ${d.student.className}` : ''}</h2>
      <p class="meta">
        ${m('totals', {
          halfDays: t.absentHalfDays,
          unjustified: t.unjustifiedHalfDays,
          late: t.lateCount,
          minutes: t.lateMinutes,
        })}
      </p>
      ${t.alert ? html`<p class="alert">${m('alert', { threshold: d.alertThreshold })}</p>` : nothing}
      ${
        d.entries.length === 0
          ? html`<p>${m('noEvents')}</p>`
          : html`<table part="entries">
            <caption class="visually-hidden">${m('parentTitle', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">${m('select')}</th>
                <th scope="col">${m('date')}</th>
                <th scope="col">${m('subject')}</th>
                <th scope="col">${m('status')}</th>
                <th scope="col">${m('justification')}</th>
              </tr>
            </thead>
            <tbody>
              ${repeat(
                d.entries,
                (e) => e.id,
                (e) => {
                  const when = this.formatDate(e.startsAt, {
                    weekday: 'short',
                    day: 'numeric',
                    month: 'short',
                    hour: '2-digit',
                    minute: '2-digit',
                  });
                  const status = `${ATTENDANCE_STATUS_LABELS[e.status][locale]}${e.lateMinutes ? ` (${e.lateMinutes} min)` : ''}`;
                  const state = e.justificationState
                    ? `${JUSTIFICATION_STATE_LABELS[e.justificationState][locale]}${e.justificationState === 'validee' ? ` — ${e.regularisee ? m('regularisee') : m('notRegularisee')}` : ''}`
                    : m('notJustified');
                  return html`<tr data-entry=${e.id}>
                    <td>
                      ${
                        justifiable(e)
                          ? html`<input
                            type="checkbox"
                            .checked=${this.selected.has(e.id)}
                            aria-label=${`${m('select')} : ${when}, ${status}`}
                            @change=${(ev: Event) => this.toggleEntry(e.id, (ev.target as HTMLInputElement).checked)}
                          />`
                          : nothing
                      }
                    </td>
                    <td>${when}</td>
                    <td>${e.subject}</td>
                    <td>${status}</td>
                    <td class=${e.justificationState ? `state-${e.justificationState}` : ''}>${state}</td>
                  </tr>`;
                },
              )}
            </tbody>
          </table>`
      }
      ${
        d.entries.some(justifiable)
          ? html`<form part="justify-form" novalidate @submit=${(e: SubmitEvent) => this.submitJustification(e, d)}>
            <h3>${m('justifyTitle')}</h3>
            <p class="hint" id=${`${formId}-entries`}>${m('chooseEntries')}</p>
            ${this.formErrors.entries ? html`<p class="field-error" role="alert">${this.formErrors.entries}</p>` : nothing}
            <div class="field">
              <label for=${`${formId}-motif`}>${m('motif')}</label>
              <select
                id=${`${formId}-motif`}
                name="motif"
                required
                aria-invalid=${this.formErrors.motif ? 'true' : 'false'}
                aria-describedby=${this.formErrors.motif ? `${formId}-motif-error` : nothing}
              >
                <option value="">${m('chooseMotif')}</option>
                ${d.motifs.map((mo) => html`<option value=${mo.code}>${locale === 'en' && mo.labelEn ? mo.labelEn : mo.label}</option>`)}
              </select>
              ${this.formErrors.motif ? html`<span class="field-error" id=${`${formId}-motif-error`}>${this.formErrors.motif}</span>` : nothing}
            </div>
            <div class="field">
              <label for=${`${formId}-comment`}>${m('comment')}</label>
              <textarea id=${`${formId}-comment`} name="comment" maxlength="2000"></textarea>
            </div>
            <div class="field">
              <label for=${`${formId}-file`}>${m('file')}</label>
              <input
                id=${`${formId}-file`}
                name="file"
                type="file"
                accept="application/pdf,image/png,image/jpeg"
                aria-invalid=${this.formErrors.file ? 'true' : 'false'}
                aria-describedby=${this.formErrors.file ? `${formId}-file-error` : nothing}
              />
              ${this.formErrors.file ? html`<span class="field-error" id=${`${formId}-file-error`}>${this.formErrors.file}</span>` : nothing}
            </div>
            <button class="button" data-variant="primary" type="submit" ?disabled=${this.busy}>${m('send')}</button>
          </form>`
          : nothing
      }
    </div>`;
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    let body: TemplateResult | typeof nothing = nothing;
    if (this.view === 'roll-call' && this.rollCall) body = this.renderRollCall(this.rollCall);
    else if (this.view === 'week' && this.week) body = this.renderWeek(this.week);
    else if (this.view === 'parent' && this.parentData) body = this.renderParent(this.parentData);
    else if (!this.src && this.data === null)
      body = html`<p class="hint">${this.t(attendanceMessages, 'empty')}</p>`;
    else if (this.data !== null) body = html`<p class="hint">${this.t(attendanceMessages, 'loadError')}</p>`;
    return html`<div>${this.status.render()}${body}</div>`;
  }
}

defineElement('preau-attendance', PreauAttendance);

declare global {
  interface HTMLElementTagNameMap {
    'preau-attendance': PreauAttendance;
  }
}
