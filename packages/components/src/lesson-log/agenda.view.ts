import { byDueDate } from '@preau/core/lesson-log/due-dates';
import { personName } from '@preau/core/names';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { attachmentList, dayLabel, workTypeLabel } from './entry.render.js';
import { PreauClassSelectEvent, PreauWorkDoneEvent } from './lesson-log.events.js';
import type { StudentAgendaView, StudentWorkItemView } from './lesson-log.types.js';
import type { ReaderHost, ReaderModule } from './reader.view.js';

export interface AgendaHost extends ReaderHost {
  readonly reader: ReaderModule;
  /** Connected mode: the child shown (a parent's picker), or null for the one of `src`. */
  studentId: string | null;
  /** Connected mode: show work due until this day (the « see further » button moves it). */
  until: string | null;
  select(next: { studentId?: string; until?: string }): void;
}

/**
 * A student's (or, read-only, a parent's) agenda: « pour demain » first, then the work to come by due date, each
 * with its subject, type, instructions and files, ticked done by the student; the class's séances read week by
 * week; a calendar subscription.
 */
export class AgendaModule {
  #feedUrl: string | null = null;

  constructor(private readonly host: AgendaHost) {}

  #tick(a: StudentAgendaView, w: StudentWorkItemView, done: boolean): void {
    const detail = { workId: w.id, studentId: a.student.id, done };
    if (!a.canTick || this.host.emit(new PreauWorkDoneEvent(detail)).defaultPrevented) {
      this.host.requestUpdate(); // the box shows the item's state again
      return;
    }
    const before = { done: w.done, doneAt: w.doneAt };
    const apply = () => {
      w.done = done;
      w.doneAt = done ? this.host.clock().toISOString() : null;
    };
    const base = this.host.apiBase();
    if (!base) {
      apply();
      this.host.requestUpdate();
      return;
    }
    this.host.saves.enqueue({
      method: 'PUT',
      path: `${base}/lesson-log/work/${encodeURIComponent(w.id)}/done`,
      body: { done },
      apply,
      rollback: () => Object.assign(w, before),
      saved: () => this.host.trackUsage('cahier_textes', done ? 'work-done' : 'work-undone'),
    });
  }

  async #subscribe(a: StudentAgendaView): Promise<void> {
    const base = this.host.apiBase();
    if (!base) return;
    try {
      const body = this.host.view === 'family' ? { studentId: a.student.id } : {};
      const feed = await this.host
        .apiFor(base)
        .post<{ webcalUrl?: string; url?: string }>(`${base}/lesson-log/feeds`, body);
      this.#feedUrl = feed.webcalUrl ?? feed.url ?? null;
      this.host.trackUsage('cahier_textes', 'feed-create');
      this.host.requestUpdate();
    } catch (error) {
      this.host.status.error(error);
    }
  }

  #item(a: StudentAgendaView, w: StudentWorkItemView): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const id = `ll-work-${w.id}`;
    const label = `${w.subject.name} : ${w.title}`;
    return html`<li class="work agenda-item" part="agenda-item" data-work=${w.id} data-done=${w.done ? 'true' : 'false'}>
      <p class="work-head">
        <span class="subject">${w.subject.name}</span>
        <span class="badge" data-type=${w.type}>${workTypeLabel(this.host, w.type, true)}</span>
        <strong id=${`${id}-title`}>${w.title}</strong>
      </p>
      ${w.instructionsHtml ? this.host.richText.render(w.instructionsHtml) : nothing}
      ${attachmentList(this.host, w.attachments)}
      <p class="meta">
        ${m('givenOn', { date: dayLabel(this.host, w.givenOn), name: w.teacher.name })} ·
        ${m('minutes', { count: w.estimatedMinutes })}
      </p>
      ${
        a.canTick
          ? html`<label class="tick"><input type="checkbox" part="tick" .checked=${live(w.done)} aria-describedby=${`${id}-title`}
              @change=${(e: Event) => this.#tick(a, w, (e.target as HTMLInputElement).checked)} />
              ${m('done')}<span class="visually-hidden"> — ${label}</span></label>`
          : html`<p class="done-state" part="done-state" data-done=${w.done ? 'true' : 'false'}>
              ${w.done ? m('doneOn', { date: w.doneAt ? this.host.formatDate(w.doneAt, { day: 'numeric', month: 'long' }) : '' }) : m('notDone')}</p>`
      }
    </li>`;
  }

  #childPicker(a: StudentAgendaView): TemplateResult | typeof nothing {
    const children = this.host.context?.students ?? [];
    if (this.host.view !== 'family' || children.length < 2 || !this.host.apiBase()) return nothing;
    return html`<div class="field">
      <label for="ll-child">${this.host.msg('child')}</label>
      <select id="ll-child" @change=${(e: Event) => {
        const studentId = (e.target as HTMLSelectElement).value;
        if (
          !this.host.emit(new PreauClassSelectEvent({ classId: studentId, subjectId: null })).defaultPrevented
        )
          this.host.select({ studentId });
      }}>
        ${children.map((c) => html`<option value=${c.id} ?selected=${c.id === a.student.id}>${personName(c)}</option>`)}
      </select>
    </div>`;
  }

  render(a: StudentAgendaView): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const name = personName(a.student);
    const tomorrow = a.nextClassDay;
    const forTomorrow = tomorrow ? a.work.filter((w) => w.dueOn === tomorrow) : [];
    const later = byDueDate(a.work.filter((w) => w.dueOn !== tomorrow && w.dueOn >= a.today));
    const classes = this.host.context?.students.find((s) => s.id === a.student.id)?.classes ?? [];
    const base = this.host.apiBase();
    return html`<section class="agenda" part="agenda" aria-labelledby="ll-agenda-title">
      ${this.#childPicker(a)}
      <div class="view-head">
        <h2 id="ll-agenda-title">${m(this.host.view === 'family' ? 'familyTitle' : 'studentTitle', { name })}</h2>
        ${this.host.boardToggle()}
      </div>
      <section part="tomorrow" class="tomorrow" aria-labelledby="ll-tomorrow">
        <h3 id="ll-tomorrow">${tomorrow ? m('forTomorrow', { date: dayLabel(this.host, tomorrow) }) : m('forTomorrowNone')}</h3>
        ${
          forTomorrow.length
            ? html`<ul class="work-list">${repeat(
                forTomorrow,
                (w) => w.id,
                (w) => this.#item(a, w),
              )}</ul>`
            : html`<p class="hint">${m('nothingForTomorrow')}</p>`
        }
      </section>
      <section part="upcoming" class="upcoming" aria-labelledby="ll-upcoming">
        <h3 id="ll-upcoming">${m('upcoming')}</h3>
        ${later.length === 0 ? html`<p class="hint">${m('nothingUpcoming')}</p>` : nothing}
        ${repeat(
          later,
          (g) => g.date,
          (g) => html`<div class="due-group">
            <h4>${m(g.date === a.today ? 'dueToday' : 'dueGroup', { date: dayLabel(this.host, g.date) })}</h4>
            <ul class="work-list">${repeat(
              g.items,
              (w) => w.id,
              (w) => this.#item(a, w),
            )}</ul>
          </div>`,
        )}
        ${
          base
            ? html`<p><button class="button" part="further" @click=${() => this.host.select({ until: addWeeks(a.to, 2) })}>${m('seeFurther')}</button></p>`
            : nothing
        }
      </section>
      ${
        classes.length && base
          ? html`<div class="actions" role="group" aria-label=${m('classSeances')}>
              ${classes.map(
                (
                  c,
                ) => html`<button class="button" aria-pressed=${this.host.reader.classId === c.id ? 'true' : 'false'} data-read-class=${c.id}
                  @click=${() => (this.host.reader.classId === c.id ? this.host.reader.close() : this.host.reader.open(c.id))}>${m('seancesOf', { name: c.name })}</button>`,
              )}
            </div>`
          : nothing
      }
      ${this.host.reader.render()}
      ${
        base
          ? html`<div class="feed" part="feed">
              ${
                this.#feedUrl
                  ? html`<p>${m('feedReady')}</p><p class="feed-url touch-links"><a href=${this.#feedUrl}>${this.#feedUrl}</a></p>`
                  : html`<button class="button" @click=${() => this.#subscribe(a)}>${m('subscribe')}</button>`
              }
            </div>`
          : nothing
      }
    </section>`;
  }
}

function addWeeks(date: string, weeks: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + weeks * 7);
  return Number.isNaN(d.getTime()) ? date : d.toISOString().slice(0, 10);
}
