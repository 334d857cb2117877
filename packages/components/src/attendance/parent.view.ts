import { ATTENDANCE_STATUS_LABELS, JUSTIFICATION_STATE_LABELS } from '@preau/core/attendance/statuses';
import { personName } from '@preau/core/names';
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import { PreauJustificationSubmitEvent } from './attendance.events.js';
import type { AttendanceHost, StudentAttendanceView } from './attendance.types.js';

/** Largest attachment the form accepts (the server checks again, by content). */
export const MAX_JUSTIFICATION_BYTES = 5 * 1024 * 1024;
const ACCEPTED_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

type FormErrors = Partial<Record<'motif' | 'entries' | 'file', string>>;
type Entry = StudentAttendanceView['entries'][number];

/** An event the family can (still) justify: none sent yet, or the last one refused. */
const justifiable = (e: Entry) => e.justificationState === null || e.justificationState === 'refusee';

/** A family's view of their child's absences and lateness, with the form to justify them. */
export class ParentModule {
  selected = new Set<string>();
  errors: FormErrors = {};
  busy = false;

  constructor(private readonly host: AttendanceHost) {}

  /**
   * New data: a re-read of the same child (the live stream opening, a notice) keeps what the parent is filling in —
   * the ticks of what can still be justified, the messages, and the form's fields, left as typed in the page;
   * another child's data starts an empty form (`render()` keys the form by child).
   */
  reconcile(next: StudentAttendanceView | null, previous: StudentAttendanceView | null): void {
    if (!next || next.student.id !== previous?.student.id) {
      this.selected = new Set();
      this.errors = {};
      return;
    }
    const open = new Set(next.entries.filter(justifiable).map((e) => e.id));
    this.selected = new Set([...this.selected].filter((id) => open.has(id)));
  }

  #toggle(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    if (this.selected.size) this.errors = { ...this.errors, entries: undefined };
    this.host.requestUpdate();
  }

  async #submit(event: SubmitEvent, d: StudentAttendanceView): Promise<void> {
    event.preventDefault();
    const host = this.host;
    const m = host.msg.bind(host);
    const form = event.target as HTMLFormElement;
    const motif = (form.elements.namedItem('motif') as HTMLSelectElement).value;
    const comment = (form.elements.namedItem('comment') as HTMLTextAreaElement).value.trim();
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0] ?? null;
    const errors: FormErrors = {};
    if (!motif) errors.motif = m('motifRequired');
    if (this.selected.size === 0) errors.entries = m('entriesRequired');
    if (file && file.size > MAX_JUSTIFICATION_BYTES) errors.file = m('fileTooBig', { max: '5 Mo' });
    else if (file && !ACCEPTED_TYPES.includes(file.type)) errors.file = m('fileBadType');
    this.errors = errors;
    host.requestUpdate();
    if (Object.values(errors).some(Boolean)) {
      host.status.error(new Error(Object.values(errors).filter(Boolean).join(' ')));
      return;
    }
    const entryIds = [...this.selected];
    const submit = host.emit(
      new PreauJustificationSubmitEvent({ studentId: d.student.id, entryIds, motif, comment, file }),
    );
    if (submit.defaultPrevented || !host.src) return;
    const client = host.apiFor(host.src);
    this.busy = true;
    host.status.info(host.baseMessage('saving'));
    try {
      let fileId: string | undefined;
      if (file) {
        const body = new FormData();
        body.append('kind', 'absence_justification');
        body.append('file', file);
        fileId = (await client.post<{ id: string }>('files', body)).id;
      }
      await client.post('attendance/justifications', {
        studentId: d.student.id,
        entryIds,
        motif,
        comment,
        ...(fileId ? { fileId } : {}),
      });
      form.reset();
      this.selected = new Set();
      host.status.success(m('sent'));
      host.trackUsage('absences', 'justification-submit');
      await host.refresh();
    } catch (error) {
      host.status.error(error);
    } finally {
      this.busy = false;
      host.requestUpdate();
    }
  }

  render(d: StudentAttendanceView): TemplateResult {
    const host = this.host;
    const m = host.msg.bind(host);
    const locale = host.locale;
    const name = personName(d.student);
    const formId = `${host.localName}-justify`;
    const t = d.tally ?? {};
    const errors = this.errors;
    return html`<div class="wrap">
      <div class="view-head">
        <h2>${m('parentTitle', { name })}${d.student.className ? ` — ${d.student.className}` : ''}</h2>
        ${host.boardToggle()}
      </div>
      <p class="meta">
        ${m('totals', { halfDays: t.absentHalfDays ?? 0, unjustified: t.unjustifiedHalfDays ?? 0, late: t.lateCount ?? 0, minutes: t.lateMinutes ?? 0 })}
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
                    const long: Intl.DateTimeFormatOptions = {
                      weekday: 'short',
                      day: 'numeric',
                      month: 'short',
                      hour: '2-digit',
                      minute: '2-digit',
                    };
                    const whenText = host.formatDate(e.startsAt, long);
                    // On a phone: « 19/11 09:30 », on one line.
                    const when = host.dateTime(e.startsAt, long, {
                      day: '2-digit',
                      month: '2-digit',
                      hour: '2-digit',
                      minute: '2-digit',
                    });
                    const status = `${ATTENDANCE_STATUS_LABELS[e.status]?.[locale] ?? e.status}${e.lateMinutes ? ` (${e.lateMinutes} min)` : ''}`;
                    const state = e.justificationState
                      ? `${JUSTIFICATION_STATE_LABELS[e.justificationState][locale]}${e.justificationState === 'validee' ? ` — ${e.regularisee ? m('regularisee') : m('notRegularisee')}` : ''}`
                      : m('notJustified');
                    return html`<tr data-entry=${e.id}>
                      <td>
                        ${
                          justifiable(e)
                            ? html`<label class="tap"><input type="checkbox" .checked=${this.selected.has(e.id)}
                                aria-label=${`${m('select')} : ${whenText}, ${status}`}
                                @change=${(ev: Event) => this.#toggle(e.id, (ev.target as HTMLInputElement).checked)} /></label>`
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
          ? keyed(
              d.student.id,
              html`<form part="justify-form" novalidate @submit=${(e: SubmitEvent) => this.#submit(e, d)}>
              <h3>${m('justifyTitle')}</h3>
              <p class="hint">${m('chooseEntries')}</p>
              ${errors.entries ? html`<p class="field-error" role="alert">${errors.entries}</p>` : nothing}
              <div class="field">
                <label for=${`${formId}-motif`}>${m('motif')}</label>
                <select id=${`${formId}-motif`} name="motif" required aria-invalid=${errors.motif ? 'true' : 'false'}
                  aria-describedby=${errors.motif ? `${formId}-motif-error` : nothing}>
                  <option value="">${m('chooseMotif')}</option>
                  ${repeat(
                    d.motifs,
                    (mo) => mo.code,
                    (mo) =>
                      html`<option value=${mo.code}>${locale === 'en' && mo.labelEn ? mo.labelEn : mo.label}</option>`,
                  )}
                </select>
                ${errors.motif ? html`<span class="field-error" id=${`${formId}-motif-error`}>${errors.motif}</span>` : nothing}
              </div>
              <div class="field">
                <label for=${`${formId}-comment`}>${m('comment')}</label>
                <textarea id=${`${formId}-comment`} name="comment" maxlength="2000"></textarea>
              </div>
              <div class="field">
                <label for=${`${formId}-file`}>${m('file')}</label>
                <input id=${`${formId}-file`} name="file" type="file" accept="application/pdf,image/png,image/jpeg"
                  aria-invalid=${errors.file ? 'true' : 'false'}
                  aria-describedby=${errors.file ? `${formId}-file-error` : nothing} />
                ${errors.file ? html`<span class="field-error" id=${`${formId}-file-error`}>${errors.file}</span>` : nothing}
              </div>
              <button class="button" data-variant="primary" type="submit" ?disabled=${this.busy}>${m('send')}</button>
            </form>`,
            )
          : nothing
      }
    </div>`;
  }
}
