import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { dayLabel, entryBody, timeRange } from './entry.render.js';
import { asClassLog, type ClassLessonLogView, type LessonLogHost } from './lesson-log.types.js';
import type { SeanceDocuments } from './seance-documents.js';
import { addDays, mondayOf } from './time.js';
import { type Slot, slotsOf } from './timeline.view.js';

export interface ReaderHost extends LessonLogHost {
  readonly documents: SeanceDocuments;
  /** Property mode: the class's cahier to read. */
  log: ClassLessonLogView | null;
}

/**
 * A class's cahier read week by week, as students, parents, the direction and inspectors see it: each séance's
 * content, files, links and work, and the séance's whiteboard documents and class traces.
 */
export class ReaderModule {
  classId: string | null = null;
  #week: string | null = null;
  #loaded: ClassLessonLogView | null = null;
  #state: 'idle' | 'loading' | 'error' = 'idle';
  #openDocs = new Set<string>();

  constructor(private readonly host: ReaderHost) {}

  /** Opens a class's cahier (connected mode loads it), at the week holding today. */
  open(classId: string, week?: string): void {
    this.classId = classId;
    this.#week = mondayOf(week ?? (this.host.today() || '2000-01-03'));
    this.#fetch();
  }

  close(): void {
    this.classId = null;
    this.#loaded = null;
    this.host.requestUpdate();
  }

  #fetch(): void {
    const base = this.host.apiBase();
    if (!base || !this.classId || !this.#week) {
      this.host.requestUpdate();
      return;
    }
    this.#state = 'loading';
    const url = `${base}/lesson-log/classes/${encodeURIComponent(this.classId)}/entries?from=${this.#week}&to=${addDays(this.#week, 6)}`;
    this.host
      .apiFor(base)
      .get<unknown>(url)
      .then(
        (d) => {
          this.#loaded = asClassLog(d);
          this.#state = this.#loaded ? 'idle' : 'error';
        },
        () => {
          this.#state = 'error';
        },
      )
      .finally(() => this.host.requestUpdate());
    this.host.requestUpdate();
  }

  #move(days: number): void {
    this.#week = addDays(this.#week ?? mondayOf(this.host.today()), days);
    this.#fetch();
  }

  #slot(x: Slot): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const e = x.entry;
    const subject = e?.subject.name || x.seance?.subjectName || '';
    const start = x.seance?.startsAt ?? e?.startsAt ?? null;
    const end = x.seance?.endsAt ?? e?.endsAt ?? null;
    const teacher = e?.teacher.name || x.seance?.teacher.name || '';
    const seanceId = x.seance?.id ?? e?.seanceId ?? null;
    return html`<article class="slot" part="slot" data-slot=${x.key}>
      <p class="slot-head">${subject}${start ? html` · ${timeRange(this.host, start, end)}` : nothing}${teacher ? html` · ${teacher}` : nothing}</p>
      ${e ? entryBody(this.host, e) : html`<p class="hint">${m('emptySeance')}</p>`}
      ${
        seanceId && this.host.apiBase()
          ? html`<button class="button" aria-expanded=${this.#openDocs.has(x.key) ? 'true' : 'false'} data-seance-documents=${seanceId}
              @click=${() => {
                if (this.#openDocs.has(x.key)) this.#openDocs.delete(x.key);
                else this.#openDocs.add(x.key);
                this.host.requestUpdate();
              }}>${m('seanceDocuments')}</button>
              ${this.#openDocs.has(x.key) ? this.host.documents.render(seanceId, { board: false, canRecord: false }) : nothing}`
          : nothing
      }
    </article>`;
  }

  /** The class's week, or nothing when no class is open. */
  render(): TemplateResult | typeof nothing {
    const m = this.host.msg.bind(this.host);
    const log = this.host.apiBase() ? this.#loaded : asClassLog(this.host.log);
    if (!this.classId && !log) return nothing;
    if (this.#state === 'loading' && !log)
      return html`<p class="hint">${this.host.baseMessage('loading')}</p>`;
    if (!log) return html`<p class="hint">${m('readerUnavailable')}</p>`;
    const week = mondayOf(this.#week ?? log.from);
    const slots = slotsOf(log, null);
    const days = [...new Set(slots.map((x) => x.date))];
    return html`<section class="reader" part="reader" aria-labelledby="ll-reader-title">
      <h3 id="ll-reader-title">${m('readerTitle', { name: log.class.name })}</h3>
      <div class="week-nav" role="group" aria-label=${m('weekNavigation')}>
        <button class="button" @click=${() => this.#move(-7)}>${m('previousWeek')}</button>
        <button class="button" @click=${() => this.#move(7)}>${m('nextWeek')}</button>
      </div>
      <p class="meta">${m('weekOf', { from: dayLabel(this.host, week), to: dayLabel(this.host, addDays(week, 6)) })}</p>
      ${days.length === 0 ? html`<p class="hint">${m('nothingWritten')}</p>` : nothing}
      ${repeat(
        days,
        (d) => d,
        (d) => html`<div class="day">
          <p class="day-title">${dayLabel(this.host, d)}</p>
          ${repeat(
            slots.filter((x) => x.date === d),
            (x) => x.key,
            (x) => this.#slot(x),
          )}
        </div>`,
      )}
    </section>`;
  }
}
