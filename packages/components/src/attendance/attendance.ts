import { ATTENDANCE_STATUS_LABELS, type AttendanceStatus } from '@preau/core/attendance/statuses';
import type { JustificationView } from '@preau/core/attendance/views';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { apiBaseFrom } from '../base/api-client.js';
import { defineElement } from '../base/define.js';
import { LiveController } from '../base/live.js';
import { LoadController } from '../base/load.js';
import { OutboxWatch } from '../base/outbox.js';
import { PreauElement } from '../base/preau-element.js';
import { SaveQueue } from '../base/save-queue.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import { PreauAttendanceNoticeEvent } from './attendance.events.js';
import { type AttendanceMessageKey, attendanceMessages } from './attendance.messages.js';
import { attendanceStyles } from './attendance.styles.js';
import {
  type AttendanceData,
  type AttendanceHost,
  type AttendanceView,
  asParent,
  asRollCall,
  asWeek,
  type SeanceList,
  type WeekData,
} from './attendance.types.js';
import { ParentModule } from './parent.view.js';
import { RollCallModule } from './roll-call.view.js';
import { WeekGridModule } from './week-grid.view.js';

export * from './attendance.events.js';
export type * from './attendance.types.js';
export { MAX_JUSTIFICATION_BYTES } from './parent.view.js';

const NOTICES = [
  'attendance.entry',
  'attendance.correction',
  'attendance.justification-submitted',
  'attendance.justification-decided',
];

/**
 * Attendance: the teacher's roll call (with the day's séance picker), the vie scolaire's week grid with the
 * justification queue, or a family's view of their child's absences with the form to justify them.
 *
 * Property mode: set `view` and `.data` (a `RollCallView`, `WeekData` or `StudentAttendanceView` from
 * `@preau/core`; `.seances` for the picker) and listen to the events. Connected mode: set `src` to the API's URL
 * for the view (`/api/v1/attendance/seances/{id}/roll-call`, `/api/v1/attendance/classes/{id}/roll-call`,
 * `/api/v1/attendance/week?week=…`, `/api/v1/attendance/students/{id}`); the element saves, and follows the live
 * stream (`/api/v1/attendance/stream`) for the week and parent views.
 *
 * @tagname preau-attendance
 * @fires preau-attendance-change - Roll-call marks changed; cancelable. `detail: { seanceId, marks }`.
 * @fires preau-attendance-save - The roll call was saved or closed; cancelable. `detail: { seanceId, marks, close }`.
 * @fires preau-seance-select - Another séance was picked; cancelable. `detail: { seanceId }`.
 * @fires preau-week-change - Another week was asked for; cancelable. `detail: { weekStart }`.
 * @fires preau-justification-submit - A family sent a justification; cancelable. `detail: { studentId, entryIds, motif, comment, file }`.
 * @fires preau-justification-decide - The CPE decided a justification; cancelable. `detail: { justificationId, decision, comment }`.
 * @fires preau-attendance-notice - Connected mode: a live notice arrived. `detail: { kind, payload }`.
 * @csspart status - The polite message region.
 * @csspart alert - The error message region.
 * @csspart loading - The loading line (connected mode).
 * @csspart load-error - The load error with its retry button.
 * @csspart seance-picker - The roll call's séance picker.
 * @csspart not-started - The notice of a séance that has not started.
 * @csspart toolbar - The roll call's buttons.
 * @csspart roll-call - The roll-call grid.
 * @csspart legend - What each status letter means (roll call), or each cell's sign (week grid).
 * @csspart outbox - What waits to be sent (offline roll call).
 * @csspart conflicts - Marks changed by someone else while offline, to resolve.
 * @csspart board-toggle - The board-mode button.
 * @csspart week-nav - The previous / next week buttons.
 * @csspart week-grid - The vie-scolaire week grid (scrolling, virtualized).
 * @csspart queue - The justification queue.
 * @csspart refuse-form - The reason asked before refusing a justification.
 * @csspart undo - The notice of a decision that can still be undone.
 * @csspart entries - The parent view's table.
 * @csspart justify-form - The parent view's form.
 * @cssprop --preau-attendance-grid-height - Height of the week grid's scrolling area (default 28em).
 */
export class PreauAttendance extends PreauElement implements AttendanceHost {
  static override styles = [PreauElement.styles, controlStyles, statusStyles, attendanceStyles];

  /** Which view to show. */
  @property({ reflect: true }) view: AttendanceView = 'roll-call';

  /** Connected mode: the API URL of the view's data. */
  @property() src: string | null = null;

  /** Property mode: the view's data. */
  @property({ attribute: false }) data: AttendanceData | null = null;

  /** Property mode: the day's séances for the roll call's picker. */
  @property({ attribute: false }) seances: SeanceList | null = null;

  /** Roll call: show students' photos when the data carries `photoUrl`. */
  @property({ type: Boolean, attribute: 'show-photos' }) showPhotos = false;

  /** Connected mode: the séance picked in the picker, or the week moved to (instead of `src`). */
  rollCallPath: string | null = null;
  weekPath: string | null = null;

  readonly status = new StatusController(this);
  /** Writes are kept on the device until acknowledged: a roll call survives the Wi-Fi dropping (outbox.ts). */
  readonly saves = new SaveQueue(this, { onError: (e) => this.status.error(e), offline: true });
  readonly outboxWatch = new OutboxWatch(this, {
    url: () => this.src,
    // A roll call of an earlier visit, sent now: show what the server recorded.
    delivered: (record, result) => {
      if (this.view === 'roll-call' && this.rollCall.isOwnPath(record.path) && asRollCall(result))
        this.data = result as AttendanceData;
    },
  });
  readonly rollCall = new RollCallModule(this);
  readonly week = new WeekGridModule(this);
  readonly parent = new ParentModule(this);
  readonly load: LoadController<AttendanceData> = new LoadController<AttendanceData>(this, {
    url: () =>
      (this.view === 'roll-call' ? this.rollCallPath : this.view === 'week' ? this.weekPath : null) ??
      this.src,
    onData: (data) => this.#receive(data),
  });
  readonly live = new LiveController(this, {
    url: () => (this.src && this.view !== 'roll-call' ? `${apiBaseFrom(this.src)}/attendance/stream` : null),
    events: Object.fromEntries(
      NOTICES.map((kind) => [kind, (payload: unknown) => this.#notice(kind, payload)]),
    ),
    onState: (state, previous) => {
      if (state === 'reconnecting') this.status.info(this.baseMessage('liveReconnecting'));
      // A first connection starts from "now": read once more what may have changed between the first read and
      // the stream's start. Reconnections replay what they missed (Last-Event-ID).
      else if (state === 'open' && previous === 'idle') void this.refresh();
      else if (state === 'open' && this.status.message?.title === this.baseMessage('liveReconnecting'))
        this.status.clear();
    },
  });
  #reloadTimer: ReturnType<typeof setTimeout> | undefined;

  msg(key: AttendanceMessageKey, vars?: Record<string, unknown>): string {
    return this.t(attendanceMessages, key, vars);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#reloadTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src')) {
      this.rollCallPath = null;
      this.weekPath = null;
    }
    if (changed.has('data')) {
      this.rollCall.reconcile(asRollCall(this.data), asRollCall(changed.get('data')));
      if (this.view === 'parent') this.parent.reconcile(asParent(this.data), asParent(changed.get('data')));
    }
  }

  protected override updated(): void {
    this.live.sync();
  }

  /** Reads the view's data again without the loading message (live updates keep what the user is doing). */
  async refresh(): Promise<void> {
    await this.load.reload({ quiet: true });
  }

  async #receive(data: AttendanceData): Promise<void> {
    if (this.view === 'week' && data && typeof data === 'object') {
      const base = apiBaseFrom(this.src);
      const queue = await this.apiFor(base)
        .get<JustificationView[]>(`${base}/attendance/justifications?state=en_attente`)
        .catch(() => (this.data as WeekData | null)?.queue);
      (data as WeekData).queue = queue;
    }
    this.data = data;
    this.trackUsage('absences', `view-${this.view}`);
  }

  #notice(kind: string, payload: unknown): void {
    const p = (payload ?? {}) as Record<string, unknown>;
    this.emit(new PreauAttendanceNoticeEvent({ kind, payload: p }));
    if (kind === 'attendance.entry' && this.view === 'parent') {
      const status =
        ATTENDANCE_STATUS_LABELS[p.status as AttendanceStatus]?.[this.locale] ?? String(p.status);
      this.status.info(this.msg('liveNew', { name: p.studentName ?? '', status, subject: p.subject ?? '' }));
    }
    // Several notices in a burst (a class's roll call) cost one reload.
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => void this.refresh(), 150);
  }

  protected override render(): TemplateResult {
    let body: TemplateResult | typeof nothing = nothing;
    const d = this.data;
    const rc = this.view === 'roll-call' ? asRollCall(d) : null;
    const week = this.view === 'week' ? asWeek(d) : null;
    const parent = this.view === 'parent' ? asParent(d) : null;
    if (rc) body = this.rollCall.render(rc);
    else if (week) body = this.week.render(week);
    else if (parent) body = this.parent.render(parent);
    else if (d !== null && d !== undefined) body = html`<p class="hint">${this.msg('loadError')}</p>`;
    else if (!this.src) body = html`<p class="hint">${this.msg('empty')}</p>`;
    return html`<div>${this.status.render()}${this.load.render()}${body}</div>`;
  }
}

defineElement('preau-attendance', PreauAttendance);

declare global {
  interface HTMLElementTagNameMap {
    'preau-attendance': PreauAttendance;
  }
}
