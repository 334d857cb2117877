import { JUSTIFICATION_STATE_LABELS } from '@preau/core/attendance/statuses';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { apiBaseFrom } from '../base/api-client.js';
import { PreauJustificationDecideEvent } from './attendance.events.js';
import type { AttendanceHost, QueueItem, WeekData } from './attendance.types.js';

/** How long a decision waits before it is sent, while « Annuler » can take it back. */
export const UNDO_DELAY_MS = 8000;

type Decision = 'validee' | 'refusee';

/**
 * The CPE's justification queue: who, which dates, motif, comment, attachment; « Valider » one or a selection;
 * « Refuser » asks for the reason (the family reads it) and a confirmation. Every decision can be undone for a few
 * seconds: it waits in the save queue before it is sent.
 */
export class JustificationQueue {
  selected = new Set<string>();
  /** Decided here and waiting or sent: hidden from the list until the data is read again. */
  decided = new Set<string>();
  refusing: string | null = null;
  refuseError = '';
  /** The last decisions that can still be undone, and what to say about them. */
  undoable: { keys: string[]; message: string } | null = null;

  constructor(private readonly host: AttendanceHost) {}

  #covers(j: QueueItem, w: WeekData): string[] {
    const fmt = (iso: string) =>
      this.host.formatDate(iso, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      });
    if (Array.isArray(j.covers) && j.covers.length) return j.covers.map((c) => fmt(c.startsAt));
    // Without `covers`, the grid's own cells name the entries of this week.
    const ids = new Set(j.entryIds ?? []);
    return w.cells
      .filter((c) => ids.has(c[6]))
      .map((c) => {
        const day = w.days[c[1]];
        const date = day
          ? this.host.formatDate(`${day}T12:00:00Z`, { weekday: 'short', day: 'numeric', month: 'short' })
          : '';
        return `${date} ${w.slots[c[2]] ?? ''}`.trim();
      });
  }

  #decide(items: QueueItem[], decision: Decision, comment = ''): void {
    const host = this.host;
    const keys: string[] = [];
    for (const j of items) {
      const event = host.emit(
        new PreauJustificationDecideEvent({ justificationId: j.id, decision, comment }),
      );
      if (event.defaultPrevented || !host.src) continue;
      keys.push(
        host.saves.enqueue({
          method: 'POST',
          path: `${apiBaseFrom(host.src)}/attendance/justifications/${encodeURIComponent(j.id)}/decision`,
          body: comment ? { decision, comment } : { decision },
          delay: UNDO_DELAY_MS,
          apply: () => {
            this.decided.add(j.id);
            this.selected.delete(j.id);
          },
          rollback: () => this.decided.delete(j.id),
          saved: () => {
            host.trackUsage('absences', `justification-${decision}`);
            if (host.saves.size === 0) {
              this.undoable = null;
              void host.refresh();
            }
          },
        }),
      );
    }
    if (!keys.length) return;
    const m = host.msg.bind(host);
    const message =
      decision === 'refusee'
        ? m('refused', { name: items[0]!.studentName })
        : items.length > 1
          ? m('decidedMany', { count: items.length })
          : m('decided', { state: JUSTIFICATION_STATE_LABELS.validee[host.locale].toLowerCase() });
    this.undoable = { keys, message };
    host.requestUpdate();
  }

  #undo(): void {
    const u = this.undoable;
    if (!u) return;
    for (const key of u.keys) this.host.saves.cancel(key);
    this.undoable = null;
    this.host.status.info(this.host.msg('undone'));
  }

  #confirmRefuse(event: SubmitEvent, j: QueueItem): void {
    event.preventDefault();
    const reason = (new FormData(event.target as HTMLFormElement).get('reason') ?? '').toString().trim();
    if (!reason) {
      this.refuseError = this.host.msg('refuseReasonRequired');
      this.host.requestUpdate();
      void this.host.updateComplete.then(() =>
        this.host.renderRoot.querySelector<HTMLTextAreaElement>('[part~="refuse-form"] textarea')?.focus(),
      );
      return;
    }
    this.refusing = null;
    this.refuseError = '';
    this.#decide([j], 'refusee', reason);
  }

  #openRefuse(j: QueueItem): void {
    this.refusing = j.id;
    this.refuseError = '';
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      this.host.renderRoot.querySelector<HTMLTextAreaElement>('[part~="refuse-form"] textarea')?.focus(),
    );
  }

  #toggle(id: string, on: boolean): void {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    this.host.requestUpdate();
  }

  render(w: WeekData): TemplateResult {
    const host = this.host;
    const m = host.msg.bind(host);
    const pending = (w.queue ?? []).filter((j) => j.state === 'en_attente' && !this.decided.has(j.id));
    for (const id of this.selected) if (!pending.some((j) => j.id === id)) this.selected.delete(id);
    const chosen = pending.filter((j) => this.selected.has(j.id));
    const id = `${host.localName}-queue`;
    const submitted = (iso: string) =>
      host.formatDate(iso, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    return html`<section part="queue" aria-labelledby=${id}>
      <h3 id=${id}>${m('queueTitle', { count: pending.length })}</h3>
      ${
        this.undoable
          ? html`<p part="undo" class="notice" role="status">${this.undoable.message}
              <button type="button" class="button" @click=${() => this.#undo()}>${host.baseMessage('undo')}</button></p>`
          : nothing
      }
      ${
        pending.length === 0
          ? html`<p class="hint">${m('queueEmpty')}</p>`
          : html`<div class="toolbar">
                <button type="button" class="button" data-variant="primary" data-bulk ?disabled=${chosen.length === 0}
                  @click=${() => this.#decide(chosen, 'validee')}>${m('validateSelected', { count: chosen.length })}</button>
              </div>
              <ul class="queue-list">
                ${repeat(
                  pending,
                  (j) => j.id,
                  (j) => {
                    const dates = this.#covers(j, w);
                    return html`<li data-justification=${j.id}>
                      <div class="queue-who">
                        <input type="checkbox" .checked=${this.selected.has(j.id)}
                          aria-label=${m('selectJustification', { name: j.studentName })}
                          @change=${(e: Event) => this.#toggle(j.id, (e.target as HTMLInputElement).checked)} />
                        <strong>${j.studentName}</strong>${j.className ? ` (${j.className})` : ''}
                        <span class="hint">${m('submittedOn', { date: submitted(j.submittedAt) })} —
                          ${m('entriesCount', { n: j.entryIds?.length ?? 0 })}</span>
                      </div>
                      ${
                        dates.length
                          ? html`<p class="covers"><span class="label">${m('covers')} :</span>
                              ${dates.map((d) => html`<span class="date">${d}</span>`)}</p>`
                          : nothing
                      }
                      <p>${j.motifLabel}${j.comment ? html` — <q>${j.comment}</q>` : nothing}
                        ${
                          j.fileId && host.src
                            ? html` — <a href=${`${apiBaseFrom(host.src)}/files/${encodeURIComponent(j.fileId)}`}
                                target="_blank" rel="noopener">${m('attachment')}</a>`
                            : nothing
                        }</p>
                      ${
                        this.refusing === j.id
                          ? this.#renderRefuse(j)
                          : html`<div class="toolbar">
                              <button class="button" data-variant="primary" type="button" data-decision="validee"
                                aria-label=${`${m('validate')} — ${j.studentName}`}
                                @click=${() => this.#decide([j], 'validee')}>${m('validate')}</button>
                              <button class="button" type="button" data-decision="refusee"
                                aria-label=${`${m('refuse')} — ${j.studentName}`}
                                @click=${() => this.#openRefuse(j)}>${m('refuse')}</button>
                            </div>`
                      }
                    </li>`;
                  },
                )}
              </ul>`
      }
    </section>`;
  }

  #renderRefuse(j: QueueItem): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const id = `${this.host.localName}-refuse-${j.id}`;
    return html`<form part="refuse-form" novalidate aria-label=${m('refuseTitle', { name: j.studentName })}
      @submit=${(e: SubmitEvent) => this.#confirmRefuse(e, j)}>
      <div class="field">
        <label for=${id}>${m('refuseReason')}</label>
        <textarea id=${id} name="reason" maxlength="2000" required aria-invalid=${this.refuseError ? 'true' : 'false'}
          aria-describedby=${this.refuseError ? `${id}-err` : nothing}></textarea>
        ${this.refuseError ? html`<span class="field-error" id=${`${id}-err`}>${this.refuseError}</span>` : nothing}
      </div>
      <div class="toolbar">
        <button type="submit" class="button" data-variant="primary">${m('confirmRefuse')}</button>
        <button type="button" class="button" @click=${() => {
          this.refusing = null;
          this.host.requestUpdate();
        }}>${m('cancel')}</button>
      </div>
    </form>`;
  }
}
