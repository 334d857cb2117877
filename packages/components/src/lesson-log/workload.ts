import { html, nothing, type TemplateResult } from 'lit';
import { dayLabel, workTypeLabel } from './entry.render.js';
import { asWorkload, type LessonLogHost, type WorkloadView } from './lesson-log.types.js';

/**
 * A class's workload (minutes of work due per day and per week, across subjects, against the établissement's
 * limits): loaded per class and day in connected mode, or the host's `.workload` in property mode; shown to a
 * teacher before giving work, and to the direction as a table.
 */
export class Workloads {
  #cache = new Map<string, WorkloadView | 'loading' | 'error'>();

  constructor(private readonly host: LessonLogHost & { workload: WorkloadView | null }) {}

  /** Forgets what was loaded (after a save, the figures changed). */
  clear(): void {
    this.#cache.clear();
  }

  /** The workload of `classId` for the week holding `date`, or undefined while it loads (or when unknown). */
  get(classId: string, date: string): WorkloadView | 'loading' | 'error' | undefined {
    const own = asWorkload(this.host.workload);
    if (own && own.class.id === classId && own.days.some((d) => d.date === date)) return own;
    const base = this.host.apiBase();
    if (!base || !classId || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
    const key = `${classId}|${date}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    this.#cache.set(key, 'loading');
    this.host
      .apiFor(base)
      .get<unknown>(`${base}/lesson-log/classes/${encodeURIComponent(classId)}/workload?date=${date}`)
      .then(
        (d) => this.#cache.set(key, asWorkload(d) ?? 'error'),
        () => this.#cache.set(key, 'error'),
      )
      .finally(() => this.host.requestUpdate());
    return 'loading';
  }

  /**
   * What is already due on `date` and that week, and what it becomes with this work (`minutes`; `workId` when the
   * work exists already, so that it is not counted twice); a warning above the établissement's limits.
   */
  renderBeforeGiving(
    classId: string,
    date: string,
    minutes: number,
    workId: string | undefined,
    id: string,
  ): TemplateResult | typeof nothing {
    const m = this.host.msg.bind(this.host);
    const wl = this.get(classId, date);
    if (wl === undefined) return nothing;
    if (wl === 'loading') return html`<p class="workload hint" id=${id}>${m('workloadLoading')}</p>`;
    if (wl === 'error') return html`<p class="workload hint" id=${id}>${m('workloadUnavailable')}</p>`;
    const own = workId ? (wl.items.find((i) => i.workId === workId)?.estimatedMinutes ?? 0) : 0;
    const dayFigure = wl.days.find((d) => d.date === date) ?? { minutes: 0, count: 0 };
    const dayBefore = Math.max(0, dayFigure.minutes - own);
    const weekBefore = Math.max(0, wl.weekMinutes - own);
    const add = Math.max(0, Number.isFinite(minutes) ? minutes : 0);
    const dayWith = dayBefore + add;
    const weekWith = weekBefore + add;
    const over = dayWith > wl.limits.dailyMinutes || weekWith > wl.limits.weeklyMinutes;
    const sameDay = wl.items.filter((i) => i.dueOn === date && i.workId !== workId);
    return html`<div class="workload" part="workload" id=${id} data-over=${over ? 'true' : 'false'}>
      <p>
        ${m('workloadDay', { date: dayLabel(this.host, date), minutes: dayBefore, count: sameDay.length })}
        ${m('workloadWith', { minutes: dayWith, limit: wl.limits.dailyMinutes })}
      </p>
      <p>${m('workloadWeek', { minutes: weekBefore, with: weekWith, limit: wl.limits.weeklyMinutes })}</p>
      ${
        sameDay.length
          ? html`<ul class="workload-items">
              ${sameDay.map(
                (i) => html`<li>${i.subject.name} — ${workTypeLabel(this.host, i.type, true)} : ${i.title}
                  (${m('minutes', { count: i.estimatedMinutes })})</li>`,
              )}
            </ul>`
          : nothing
      }
      ${over ? html`<p class="warning" part="workload-warning">${m('workloadOver')}</p>` : nothing}
    </div>`;
  }

  /** The direction's table: each day of the week, the week, and the subjects. */
  renderTable(wl: WorkloadView): TemplateResult {
    const m = this.host.msg.bind(this.host);
    return html`<div class="table-scroll" part="workload-table">
      <table>
        <caption>${m('workloadTitle', { name: wl.class.name, date: dayLabel(this.host, wl.weekStart) })}</caption>
        <thead><tr><th scope="col">${m('day')}</th><th scope="col">${m('minutesHeader')}</th><th scope="col">${m('workCount')}</th></tr></thead>
        <tbody>
          ${wl.days.map(
            (d) => html`<tr data-over=${d.overLimit ? 'true' : 'false'}>
              <th scope="row">${dayLabel(this.host, d.date)}</th>
              <td>${m('minutes', { count: d.minutes })}${d.overLimit ? html` <span class="warning">${m('overLimitShort')}</span>` : nothing}</td>
              <td>${this.host.formatNumber(d.count)}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot><tr><th scope="row">${m('week')}</th>
          <td>${m('minutes', { count: wl.weekMinutes })} / ${m('minutes', { count: wl.limits.weeklyMinutes })}
            ${wl.weekMinutes > wl.limits.weeklyMinutes ? html` <span class="warning">${m('overLimitShort')}</span>` : nothing}</td>
          <td>${this.host.formatNumber(wl.items.length)}</td></tr></tfoot>
      </table>
      ${
        wl.bySubject.length
          ? html`<ul class="by-subject">${wl.bySubject.map((s) => html`<li>${s.subjectName} : ${m('minutes', { count: s.minutes })}</li>`)}</ul>`
          : nothing
      }
    </div>`;
  }
}
