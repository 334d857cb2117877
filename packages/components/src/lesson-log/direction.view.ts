import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { dayLabel } from './entry.render.js';
import { PreauClassSelectEvent, PreauVisaCreateEvent } from './lesson-log.events.js';
import type { LessonVisaOverviewView } from './lesson-log.types.js';
import type { ReaderHost, ReaderModule } from './reader.view.js';
import type { Workloads } from './workload.js';

export interface DirectionHost extends ReaderHost {
  readonly reader: ReaderModule;
  readonly workloads: Workloads;
  /** Connected mode: the établissement shown (an inspector's picker). */
  uai: string | null;
  select(next: { uai?: string }): void;
}

type Overview = LessonVisaOverviewView['classes'][number];

/**
 * The direction's (and inspectors') view of an établissement's cahiers: per class, its entries, the latest visa
 * and what came after it; visa a class up to a date, read its cahier, see its workload week by week, download the
 * year's archive (PDF).
 */
export class DirectionModule {
  #visaFor: string | null = null;
  #workloadFor: { classId: string; date: string } | null = null;

  constructor(private readonly host: DirectionHost) {}

  #visa(event: Event, c: Overview): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const upTo = (form.elements.namedItem('upTo') as HTMLInputElement).value;
    const comment = (form.elements.namedItem('comment') as HTMLInputElement).value.trim();
    const m = this.host.msg.bind(this.host);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(upTo)) {
      this.host.status.error(new Error(m('dateRequired')));
      return;
    }
    if (this.host.emit(new PreauVisaCreateEvent({ classId: c.id, upTo, comment })).defaultPrevented) return;
    this.#visaFor = null;
    const base = this.host.apiBase();
    if (!base) {
      this.host.requestUpdate();
      return;
    }
    this.host.saves.enqueue({
      method: 'POST',
      path: `${base}/lesson-log/classes/${encodeURIComponent(c.id)}/visas`,
      body: { upTo, comment },
      saved: () => {
        this.host.status.success(m('visaDone', { name: c.name, date: dayLabel(this.host, upTo, true) }));
        this.host.trackUsage('cahier_textes', 'visa');
        void this.host.refresh();
      },
    });
  }

  #picker(d: LessonVisaOverviewView): TemplateResult | typeof nothing {
    const schools = this.host.context?.etablissements ?? [];
    if (schools.length < 2 || !this.host.apiBase()) return nothing;
    return html`<div class="field">
      <label for="ll-school">${this.host.msg('etablissement')}</label>
      <select id="ll-school" @change=${(e: Event) => {
        const uai = (e.target as HTMLSelectElement).value;
        if (!this.host.emit(new PreauClassSelectEvent({ classId: uai, subjectId: null })).defaultPrevented)
          this.host.select({ uai });
      }}>${schools.map((s) => html`<option value=${s.uai} ?selected=${s.uai === d.uai}>${s.name}</option>`)}</select>
    </div>`;
  }

  #row(c: Overview, canVisa: boolean): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const base = this.host.apiBase();
    return html`<tr data-class=${c.id}>
      <th scope="row">${c.name}</th>
      <td>${this.host.formatNumber(c.entries)}</td>
      <td>${c.lastEntryDate ? dayLabel(this.host, c.lastEntryDate) : '—'}</td>
      <td>${c.visa ? m('visaCell', { date: dayLabel(this.host, c.visa.upTo, true), name: c.visa.visaedBy.name }) : m('noVisa')}</td>
      <td>${this.host.formatNumber(c.entriesSinceVisa)}</td>
      <td>${this.host.formatNumber(c.amendments)}</td>
      <td class="row-actions">
        ${
          canVisa
            ? html`<button class="button" aria-expanded=${this.#visaFor === c.id ? 'true' : 'false'} aria-label=${m('visaClass', { name: c.name })}
                @click=${() => {
                  this.#visaFor = this.#visaFor === c.id ? null : c.id;
                  this.host.requestUpdate();
                  void this.host.updateComplete.then(() =>
                    this.host.shadowRoot
                      ?.querySelector<HTMLInputElement>('[part="visa-form"] input')
                      ?.focus(),
                  );
                }}>${m('visa')}</button>`
            : nothing
        }
        <button class="button" aria-label=${m('readClass', { name: c.name })} aria-pressed=${this.host.reader.classId === c.id ? 'true' : 'false'}
          @click=${() => (this.host.reader.classId === c.id ? this.host.reader.close() : this.host.reader.open(c.id))}>${m('read')}</button>
        <button class="button" aria-label=${m('workloadOf', { name: c.name })}
          aria-pressed=${this.#workloadFor?.classId === c.id ? 'true' : 'false'} @click=${() => {
            this.#workloadFor =
              this.#workloadFor?.classId === c.id ? null : { classId: c.id, date: this.host.today() };
            this.host.requestUpdate();
          }}>${m('workload')}</button>
        ${
          base && canVisa
            ? html`<a class="button" part="archive" href=${`${base}/lesson-log/classes/${encodeURIComponent(c.id)}/archive`}
                download aria-label=${m('archiveOf', { name: c.name })}>${m('archive')}</a>`
            : nothing
        }
      </td>
    </tr>`;
  }

  #visaForm(c: Overview): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const id = `ll-visa-${c.id.replace(/[^\w-]/g, '_')}`;
    return html`<form class="inline-form" part="visa-form" aria-label=${m('visaClass', { name: c.name })}
      @submit=${(e: Event) => this.#visa(e, c)}>
      <div class="field">
        <label for=${`${id}-date`}>${m('visaUpToLabel')}</label>
        <input id=${`${id}-date`} name="upTo" type="date" .value=${this.host.today()} max=${this.host.today()} />
      </div>
      <div class="field">
        <label for=${`${id}-comment`}>${m('visaComment')}</label>
        <input id=${`${id}-comment`} name="comment" maxlength="500" />
      </div>
      <button class="button" data-variant="primary" type="submit">${m('visaConfirm', { name: c.name })}</button>
    </form>`;
  }

  #workload(): TemplateResult | typeof nothing {
    const w = this.#workloadFor;
    if (!w) return nothing;
    const m = this.host.msg.bind(this.host);
    const wl = this.host.workloads.get(w.classId, w.date);
    const id = 'll-workload-date';
    return html`<section class="workload-panel" aria-labelledby="ll-workload-title">
      <h3 id="ll-workload-title">${m('workload')}</h3>
      <div class="field">
        <label for=${id}>${m('weekHolding')}</label>
        <input id=${id} type="date" .value=${w.date} @change=${(e: Event) => {
          const date = (e.target as HTMLInputElement).value;
          if (/^\d{4}-\d{2}-\d{2}$/.test(date)) this.#workloadFor = { ...w, date };
          this.host.requestUpdate();
        }} />
      </div>
      ${
        wl === undefined || wl === 'error'
          ? html`<p class="hint">${m('workloadUnavailable')}</p>`
          : wl === 'loading'
            ? html`<p class="hint">${m('workloadLoading')}</p>`
            : this.host.workloads.renderTable(wl)
      }
    </section>`;
  }

  render(d: LessonVisaOverviewView): TemplateResult {
    const m = this.host.msg.bind(this.host);
    // Inspectors read the cahiers of their académie's établissements; only a school's own direction visas.
    const canVisa = !this.host.src || this.host.context?.etablissements.length === 1;
    return html`<section class="direction" part="direction" aria-labelledby="ll-direction-title">
      ${this.#picker(d)}
      <div class="view-head">
        <h2 id="ll-direction-title">${m('directionTitle')}</h2>
        ${this.host.boardToggle()}
      </div>
      ${this.#workload()}
      ${this.host.reader.render()}
      ${
        d.classes.length === 0
          ? html`<p class="hint">${m('noClass')}</p>`
          : html`<div class="table-scroll" part="overview">
              <table>
                <caption class="visually-hidden">${m('directionTitle')}</caption>
                <thead><tr>
                  <th scope="col">${m('classHeader')}</th><th scope="col">${m('entriesHeader')}</th>
                  <th scope="col">${m('lastEntryHeader')}</th><th scope="col">${m('visaHeader')}</th>
                  <th scope="col">${m('sinceVisaHeader')}</th><th scope="col">${m('amendmentsHeader')}</th>
                  <th scope="col">${m('actionsHeader')}</th>
                </tr></thead>
                <tbody>${repeat(
                  d.classes,
                  (c) => c.id,
                  (c) =>
                    html`${this.#row(c, canVisa)}${
                      c.id === this.#visaFor && canVisa
                        ? html`<tr class="visa-row"><td colspan="7">${this.#visaForm(c)}</td></tr>`
                        : nothing
                    }`,
                )}</tbody>
              </table>
            </div>`
      }
    </section>`;
  }
}
