import { html, nothing, type TemplateResult } from 'lit';
import { apiBaseFrom } from '../base/api-client.js';
import { parisDay } from '../base/i18n.js';
import { LoadController } from '../base/load.js';
import { PreauSeanceSelectEvent } from './attendance.events.js';
import {
  type AttendanceHost,
  asRollCall,
  type RollCallView,
  type SeanceList,
  type SeanceListItem,
} from './attendance.types.js';

function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The séance a teacher most likely wants: the one in course, else the last one begun, else the first. */
export function currentSeance(list: readonly SeanceListItem[], now: Date): SeanceListItem | undefined {
  const t = now.getTime();
  const begun = list.filter((s) => s.started || Date.parse(s.start) <= t);
  return begun.find((s) => Date.parse(s.end) > t) ?? begun[begun.length - 1] ?? list[0];
}

/**
 * Which séance the roll call records: the day's séances (`GET attendance/seances?date=`), the one shown or the
 * one in course selected, with the previous and next days a click away. In property mode the host gives `.seances`
 * and hears `preau-seance-select`.
 */
export class SeancePicker {
  /** The day shown: the one chosen with the arrows, else the day of the séance shown, else today. */
  #date = '';
  list: SeanceList | null = null;
  readonly load: LoadController<SeanceList>;

  get date(): string {
    const rc = asRollCall(this.host.data);
    return this.#date || (rc ? parisDay(rc.seance.startsAt) : '') || parisDay(this.host.clock());
  }

  constructor(private readonly host: AttendanceHost) {
    this.load = new LoadController<SeanceList>(host, {
      url: () =>
        host.src && host.view === 'roll-call' && this.date
          ? `${apiBaseFrom(host.src)}/attendance/seances?date=${this.date}`
          : null,
      onData: (data) => {
        this.list = data && Array.isArray(data.seances) ? data : null;
      },
    });
  }

  #items(): SeanceListItem[] {
    const list = this.host.seances ?? this.list;
    return list && Array.isArray(list.seances)
      ? list.seances.filter((s) => s && typeof s.id === 'string')
      : [];
  }

  #choose(id: string): void {
    const event = this.host.emit(new PreauSeanceSelectEvent({ seanceId: id }));
    if (event.defaultPrevented || !this.host.src) return;
    this.host.rollCallPath = `${apiBaseFrom(this.host.src)}/attendance/seances/${encodeURIComponent(id)}/roll-call`;
    this.host.requestUpdate();
  }

  #day(days: number): void {
    this.#date = shiftDay(this.date, days);
    this.host.requestUpdate();
  }

  render(rc: RollCallView): TemplateResult | typeof nothing {
    const host = this.host;
    const items = this.#items();
    if (!host.src && !host.seances) return nothing;
    const m = host.msg.bind(host);
    const id = `${host.localName}-seance`;
    const shown = items.find((s) => s.id === rc.seance.id) ?? currentSeance(items, host.clock());
    const time = (iso: string) => host.formatDate(iso, { hour: '2-digit', minute: '2-digit' });
    const state = { todo: m('rollTodo'), in_progress: m('rollInProgress'), done: m('rollDone') };
    const day = host.formatDate(`${this.date}T12:00:00Z`, { weekday: 'long', day: 'numeric', month: 'long' });
    return html`<div part="seance-picker" class="picker">
      <label for=${id}>${m('seancesOf', { date: day })}</label>
      <div class="toolbar">
        <button type="button" class="button" @click=${() => this.#day(-1)}>
          <span aria-hidden="true">‹</span><span class="visually-hidden">${m('previousDay')}</span>
        </button>
        ${
          items.length
            ? html`<select id=${id} @change=${(e: Event) => this.#choose((e.target as HTMLSelectElement).value)}>
                ${items.map(
                  (s) => html`<option value=${s.id} ?selected=${s.id === shown?.id}>
                    ${time(s.start)}–${time(s.end)} · ${s.label}${s.started ? '' : ` (${m('upcoming')})`} · ${state[s.rollCall] ?? ''}
                  </option>`,
                )}
              </select>`
            : html`<span id=${id} class="hint">${this.load.state === 'loading' ? host.baseMessage('loading') : m('noSeance')}</span>`
        }
        <button type="button" class="button" @click=${() => this.#day(1)}>
          <span aria-hidden="true">›</span><span class="visually-hidden">${m('nextDay')}</span>
        </button>
      </div>
    </div>`;
  }
}
