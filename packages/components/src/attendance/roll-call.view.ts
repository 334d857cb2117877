import {
  ATTENDANCE_STATUS_CODES,
  ATTENDANCE_STATUS_CYCLE,
  ATTENDANCE_STATUS_LABELS,
  type AttendanceStatus,
  nextStatus,
  ROLL_CALL_STATE_LABELS,
} from '@preau/core/attendance/statuses';
import { personName } from '@preau/core/names';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { apiBaseFrom } from '../base/api-client.js';
import { GridNavigationController } from '../base/grid-navigation.js';
import {
  type AttendanceMark,
  PreauAttendanceChangeEvent,
  PreauAttendanceSaveEvent,
} from './attendance.events.js';
import type { AttendanceHost, RollCallView } from './attendance.types.js';
import { SeancePicker } from './seance-picker.js';

interface Draft {
  status: AttendanceStatus;
  lateMinutes: number | null;
}

const KEY_TO_STATUS = new Map<string, AttendanceStatus>(
  (Object.entries(ATTENDANCE_STATUS_CODES) as [AttendanceStatus, string][]).map(([s, c]) => [
    c.toLowerCase(),
    s,
  ]),
);

/**
 * The teacher's roll call: one row per student, a status by tap or by key, minutes for a lateness, « tous présents »,
 * save or close. A séance that has not started cannot be recorded (nobody is absent from a lesson yet to come), and
 * the séance picker offers the day's other séances.
 */
export class RollCallModule {
  drafts = new Map<string, Draft>();
  minuteErrors = new Set<string>();
  readonly picker: SeancePicker;
  readonly nav: GridNavigationController;
  #rc: RollCallView | null = null;

  constructor(private readonly host: AttendanceHost) {
    this.picker = new SeancePicker(host);
    this.nav = new GridNavigationController(host, {
      rows: () => this.#rc?.students.length ?? 0,
      cols: () => 1,
      onActivate: (cell) => {
        const s = this.#rc?.students[cell.row];
        if (s && this.markOf(s.id)?.status === 'retard') this.#minutesInput(cell.row)?.focus();
      },
    });
  }

  /** New data: drafts belong to the roll call they were typed in. */
  reset(): void {
    this.drafts = new Map();
    this.minuteErrors = new Set();
  }

  /** Whether the séance has begun by the element's clock. */
  started(rc: RollCallView): boolean {
    const start = Date.parse(rc.seance.startsAt);
    return Number.isNaN(start) || start <= this.host.clock().getTime();
  }

  markOf(studentId: string): Draft | null {
    const draft = this.drafts.get(studentId);
    if (draft) return draft;
    const e = this.#rc?.entries.find((x) => x.studentId === studentId && !x.erroneous);
    return e ? { status: e.status, lateMinutes: e.lateMinutes } : null;
  }

  setMarks(marks: AttendanceMark[]): void {
    const rc = this.#rc;
    if (!rc || marks.length === 0 || !this.started(rc)) return;
    const event = this.host.emit(new PreauAttendanceChangeEvent({ seanceId: rc.seance.id, marks }));
    if (event.defaultPrevented) return;
    const next = new Map(this.drafts);
    for (const m of marks) {
      const late =
        m.status === 'retard' ? (m.lateMinutes ?? this.markOf(m.studentId)?.lateMinutes ?? 5) : null;
      next.set(m.studentId, { status: m.status, lateMinutes: late });
    }
    this.drafts = next;
    this.host.requestUpdate();
  }

  allPresent(): void {
    const rc = this.#rc;
    if (!rc) return;
    this.setMarks(
      rc.students
        .filter((s) => (this.markOf(s.id)?.status ?? 'present') === 'present')
        .map((s) => ({ studentId: s.id, status: 'present' as const })),
    );
  }

  save(close: boolean): void {
    const rc = this.#rc;
    const host = this.host;
    if (!rc || !this.started(rc)) return;
    if (this.minuteErrors.size) {
      host.status.error(new Error(host.msg('minutesInvalid')));
      return;
    }
    const marks: AttendanceMark[] = [];
    for (const s of rc.students) {
      const draft = this.drafts.get(s.id);
      if (draft) marks.push({ studentId: s.id, status: draft.status, lateMinutes: draft.lateMinutes });
      else if (close && !this.markOf(s.id)) marks.push({ studentId: s.id, status: 'present' });
    }
    const event = host.emit(new PreauAttendanceSaveEvent({ seanceId: rc.seance.id, marks, close }));
    if (event.defaultPrevented || !host.src) return;
    host.status.info(host.baseMessage('saving'));
    // Saved to the séance itself: `src` may be a "current roll call of this class" address. Drafts stay on screen
    // until the server answers, and stay there when it refuses, so nothing typed is lost.
    host.saves.enqueue<RollCallView>({
      method: 'PUT',
      path: `${apiBaseFrom(host.src)}/attendance/seances/${encodeURIComponent(rc.seance.id)}/roll-call`,
      body: {
        marks: marks.map((m) => (m.status === 'retard' ? m : { studentId: m.studentId, status: m.status })),
        close,
      },
      saved: (saved) => {
        host.data = saved;
        host.status.success(host.msg(close ? 'closed' : 'saved'));
        host.trackUsage('absences', close ? 'roll-call-close' : 'roll-call-save');
      },
    });
  }

  #minutesInput(row: number): HTMLInputElement | null {
    return this.host.renderRoot.querySelector<HTMLInputElement>(`[data-minutes="${row}"]`);
  }

  readonly #keydown = (event: KeyboardEvent): void => {
    const rc = this.#rc;
    const cell = this.nav.cellOf(event);
    const target = event.target as HTMLElement;
    if (!rc || !cell || !target.matches('[data-cell]')) return;
    const student = rc.students[cell.row];
    if (!student) return;
    if (!(event.ctrlKey || event.metaKey || event.altKey)) {
      if (event.key === ' ') {
        event.preventDefault();
        const current = this.markOf(student.id)?.status;
        this.setMarks([{ studentId: student.id, status: current ? nextStatus(current) : 'present' }]);
        return;
      }
      const status = KEY_TO_STATUS.get(event.key.toLowerCase());
      if (status) {
        event.preventDefault();
        this.setMarks([{ studentId: student.id, status }]);
        if (status === 'retard')
          void this.host.updateComplete.then(() => this.#minutesInput(cell.row)?.select());
        return;
      }
    }
    this.nav.keydown(event);
  };

  #onMinutes(event: Event, studentId: string): void {
    const value = Number((event.target as HTMLInputElement).value);
    const errors = new Set(this.minuteErrors);
    if (!Number.isInteger(value) || value < 1 || value > 600) errors.add(studentId);
    else errors.delete(studentId);
    this.minuteErrors = errors;
    if (!errors.has(studentId)) this.setMarks([{ studentId, status: 'retard', lateMinutes: value }]);
    this.host.requestUpdate();
  }

  #onMinutesKey(event: KeyboardEvent, row: number): void {
    if (event.key !== 'Escape' && event.key !== 'Enter') return;
    event.preventDefault();
    (event.target as HTMLInputElement).dispatchEvent(new Event('change'));
    this.nav.moveTo({ row, col: 0 });
  }

  render(rc: RollCallView): TemplateResult {
    this.#rc = rc;
    const host = this.host;
    const m = host.msg.bind(host);
    const locale = host.locale;
    const started = this.started(rc);
    const start = host.formatDate(rc.seance.startsAt, {
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
    const busy = host.saves.size > 0;
    const helpId = `${host.localName}-roll-help`;
    return html`<div class="wrap">
      <header>
        <h2>${m('rollCallTitle', { className: rc.seance.className, subject: rc.seance.subject })}</h2>
        <p class="meta">
          ${start}${rc.seance.room ? ` — ${rc.seance.room}` : ''} —
          <span class="badge">${m('stateLabel', { state: ROLL_CALL_STATE_LABELS[rc.state]?.[locale] ?? rc.state })}</span>
          ${this.drafts.size ? html` — <span class="badge">${m('unsaved')}</span>` : nothing}
        </p>
      </header>
      ${this.picker.render(rc)}
      ${
        started
          ? nothing
          : html`<p part="not-started" class="notice">
              ${m('notStarted', { time: host.formatDate(rc.seance.startsAt, { hour: '2-digit', minute: '2-digit' }) })}
            </p>`
      }
      <div class="toolbar" part="toolbar">
        <button class="button" type="button" @click=${() => this.allPresent()} ?disabled=${busy || !started}>
          ${m('allPresent')}
        </button>
        <button class="button" type="button" @click=${() => this.save(false)}
          ?disabled=${busy || !started || this.drafts.size === 0}>${m('save')}</button>
        <button class="button" data-variant="primary" type="button" @click=${() => this.save(true)}
          ?disabled=${busy || !started}>${m('close')}</button>
        <span class="hint" aria-live="polite">${m('summary', { absent, late, unmarked })}</span>
      </div>
      <p class="hint" id=${helpId}>${m('keyboardHelp')} ${m('closeHint')}</p>
      <div part="roll-call" class="roll" role="grid" aria-label=${m('rollCallGrid', { className: rc.seance.className })}
        aria-describedby=${helpId} aria-rowcount=${rc.students.length + 1} aria-colcount="3"
        aria-readonly=${started ? nothing : 'true'} @keydown=${this.#keydown} @focusin=${this.nav.focusin}>
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
            const name = personName(s);
            const statusLabel = mark ? ATTENDANCE_STATUS_LABELS[mark.status][locale] : m('notRecorded');
            const photo = (s as { photoUrl?: string }).photoUrl;
            return html`<div role="row" aria-rowindex=${i + 2} data-student=${s.id}>
              <span role="rowheader" class="name">
                ${host.showPhotos && photo ? html`<img class="photo" src=${photo} alt="" />` : nothing}${name}
              </span>
              <span role="gridcell" class="statuses" tabindex=${this.nav.tabIndex(i, 0)} data-cell=${`${i}:0`}
                data-roll-row=${i}>
                <span class="visually-hidden">${m('statusOf', { name, status: statusLabel })}</span>
                ${ATTENDANCE_STATUS_CYCLE.map(
                  (st) => html`<button type="button" class="st" tabindex="-1" data-status=${st}
                    aria-pressed=${mark?.status === st ? 'true' : 'false'} ?disabled=${!started}
                    aria-label=${ATTENDANCE_STATUS_LABELS[st][locale]} title=${ATTENDANCE_STATUS_LABELS[st][locale]}
                    @click=${() => {
                      this.nav.moveTo({ row: i, col: 0 }, { focus: false });
                      this.setMarks([{ studentId: s.id, status: st }]);
                    }}>${ATTENDANCE_STATUS_CODES[st]}</button>`,
                )}
              </span>
              <span role="gridcell" class="minutes">
                ${
                  mark?.status === 'retard'
                    ? html`<input data-minutes=${i} type="number" inputmode="numeric" min="1" max="600"
                        .value=${String(mark.lateMinutes ?? '')} aria-label=${`${m('lateMinutes')} — ${name}`}
                        aria-invalid=${this.minuteErrors.has(s.id) ? 'true' : 'false'}
                        @change=${(e: Event) => this.#onMinutes(e, s.id)}
                        @keydown=${(e: KeyboardEvent) => this.#onMinutesKey(e, i)} />
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
}
