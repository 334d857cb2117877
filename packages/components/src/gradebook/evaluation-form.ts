import type { EvaluationInput } from '@preau/core/gradebook/types';
import { html, nothing, type TemplateResult } from 'lit';
import { parisDay } from '../base/i18n.js';
import {
  PreauEvaluationCreateEvent,
  PreauEvaluationDeleteEvent,
  PreauEvaluationUpdateEvent,
} from './gradebook.events.js';
import type { GradebookHost } from './gradebook.host.js';
import type { GradebookMessageKey } from './gradebook.messages.js';
import type { GradebookSheet, SheetEvaluation } from './gradebook.types.js';

const num = (s: string) => (/^\d+(?:[.,]\d{1,2})?$/.test(s) ? Number(s.replace(',', '.')) : Number.NaN);
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));

type Fields = Pick<EvaluationInput, 'title' | 'date' | 'coefficient' | 'outOf' | 'publishOn'>;

/**
 * The évaluation form: create one, or change (rename, move, re-weight) or delete the one of the active column.
 * Enter in a field goes to the next field: only the button creates or saves, so a half-typed title never does.
 */
export class EvaluationForm {
  /** null: closed; 'new'; or the id of the évaluation being changed. */
  open: null | 'new' | string = null;
  errors: Record<string, string> = {};
  confirmDelete = false;

  constructor(private readonly host: GradebookHost) {}

  toggle(target: 'new' | SheetEvaluation | null): void {
    const next = target === null ? null : target === 'new' ? 'new' : target.id;
    this.open = this.open === next ? null : next;
    this.errors = {};
    this.confirmDelete = false;
    this.host.requestUpdate();
    if (this.open) void this.host.updateComplete.then(() => this.#field('title')?.focus());
  }

  #field(name: string): HTMLInputElement | null {
    return this.host.renderRoot.querySelector<HTMLInputElement>(`[part~="evaluation-form"] [name="${name}"]`);
  }

  #read(form: HTMLFormElement): { fields: Fields; errors: Record<string, string> } {
    const m = (k: GradebookMessageKey) => this.host.msg(k);
    const get = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const fields: Fields = {
      title: get('title'),
      date: get('date'),
      coefficient: num(get('coefficient')),
      outOf: num(get('outOf')),
      publishOn: get('publishOn') || get('date'),
    };
    const errors: Record<string, string> = {};
    if (!fields.title) errors.title = m('errTitle');
    if (!isDate(fields.date)) errors.date = m('errDate');
    if (!((fields.coefficient ?? 0) > 0)) errors.coefficient = m('errCoefficient');
    if (!((fields.outOf ?? 0) > 0)) errors.outOf = m('errMaxScore');
    if (!isDate(fields.publishOn)) errors.publishOn = m('errPublishDate');
    return { fields, errors };
  }

  /** Enter in a field moves to the next one instead of submitting the form. */
  readonly #onKeyDown = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    if (event.key !== 'Enter' || target.localName !== 'input') return;
    event.preventDefault();
    const fields = [
      ...(event.currentTarget as HTMLFormElement).querySelectorAll<HTMLElement>('input, button'),
    ];
    fields[fields.indexOf(target) + 1]?.focus();
  };

  async #submit(event: SubmitEvent, sheet: GradebookSheet): Promise<void> {
    event.preventDefault();
    const host = this.host;
    const { fields, errors } = this.#read(event.target as HTMLFormElement);
    this.errors = errors;
    host.requestUpdate();
    const firstBad = Object.keys(errors)[0];
    if (firstBad) {
      await host.updateComplete;
      this.#field(firstBad)?.focus();
      return;
    }
    const editing = this.open !== 'new' ? sheet.evaluations.find((e) => e.id === this.open) : undefined;
    if (editing) return this.#update(editing, fields);
    const evaluation: EvaluationInput = {
      ...fields,
      classId: sheet.class.id,
      subjectId: sheet.subject.id,
      periodId: sheet.period.id,
    } as EvaluationInput;
    if (host.emit(new PreauEvaluationCreateEvent({ evaluation })).defaultPrevented) return;
    if (host.src) {
      try {
        const links = (sheet as { links?: { evaluations?: string } }).links;
        await host
          .apiFor(host.src)
          .post(
            links?.evaluations ?? `${host.src.replace(/[?#].*$/, '').replace(/\/sheet$/, '')}/evaluations`,
            evaluation,
          );
        host.trackUsage('notes', 'evaluation-create');
        await host.refresh();
      } catch (error) {
        host.status.error(host.msg('evaluationFailed', { detail: host.problemText(error) }));
        return;
      }
    }
    this.open = null;
    host.status.success(host.msg('evaluationCreated', { title: fields.title }));
  }

  #update(e: SheetEvaluation, fields: Fields): void {
    const host = this.host;
    const changes: Partial<Fields> = {};
    for (const k of Object.keys(fields) as (keyof Fields)[])
      if (fields[k] !== e[k]) Object.assign(changes, { [k]: fields[k] });
    this.open = null;
    if (Object.keys(changes).length === 0) {
      host.requestUpdate();
      return;
    }
    if (host.emit(new PreauEvaluationUpdateEvent({ evaluationId: e.id, changes })).defaultPrevented) return;
    host.status.success(host.msg('evaluationUpdated', { title: fields.title }));
    if (!host.src) {
      host.requestUpdate();
      return;
    }
    host.saves.enqueue({
      method: 'PATCH',
      path: `${host.apiBase()}/gradebook/evaluations/${encodeURIComponent(e.id)}`,
      body: changes,
      saved: () => void host.refresh(),
      rollback: (error) =>
        host.status.error(host.msg('evaluationFailed', { detail: host.problemText(error) })),
    });
  }

  #delete(e: SheetEvaluation): void {
    const host = this.host;
    this.open = null;
    this.confirmDelete = false;
    if (host.emit(new PreauEvaluationDeleteEvent({ evaluationId: e.id })).defaultPrevented) return;
    host.status.success(host.msg('evaluationDeleted', { title: e.title }));
    if (!host.src) {
      host.requestUpdate();
      return;
    }
    host.saves.enqueue({
      method: 'DELETE',
      path: `${host.apiBase()}/gradebook/evaluations/${encodeURIComponent(e.id)}`,
      saved: () => void host.refresh(),
      rollback: (error) =>
        host.status.error(host.msg('evaluationFailed', { detail: host.problemText(error) })),
    });
  }

  render(sheet: GradebookSheet, marksOf: (evaluationId: string) => number): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const host = this.host;
    const m = (k: GradebookMessageKey, v?: Record<string, unknown>) => host.msg(k, v);
    const e = this.open === 'new' ? undefined : sheet.evaluations.find((x) => x.id === this.open);
    const today = parisDay(host.clock());
    const err = this.errors;
    const id = `${host.localName}-form`;
    const field = (name: string, label: GradebookMessageKey, type: string, value: string, hint?: string) => {
      const fid = `${id}-${name}`;
      return html`<div class="field">
        <label for=${fid}>${m(label)}</label>
        <input id=${fid} name=${name} type=${type} .value=${value}
          inputmode=${type === 'text' && name !== 'title' ? 'decimal' : nothing}
          aria-invalid=${err[name] ? 'true' : 'false'} aria-describedby=${err[name] ? `${fid}-err` : nothing}
          ?required=${name !== 'publishOn'} />${hint ? html`<span class="hint">${hint}</span>` : nothing}${
            err[name] ? html`<span class="field-error" id="${fid}-err">${err[name]}</span>` : nothing
          }
      </div>`;
    };
    const n = e ? marksOf(e.id) : 0;
    return html`<form part="evaluation-form" id=${id} aria-labelledby=${`${id}-title`} novalidate
      @submit=${(ev: SubmitEvent) => this.#submit(ev, sheet)} @keydown=${this.#onKeyDown}>
      <h3 id=${`${id}-title`} class="form-title">
        ${e ? m('editEvaluation', { title: e.title }) : m('newEvaluation')} — ${sheet.class.name}, ${sheet.subject.name}
      </h3>
      ${field('title', 'title', 'text', e?.title ?? '')} ${field('date', 'date', 'date', e?.date ?? today)}
      ${field('coefficient', 'coefficient', 'text', String(e?.coefficient ?? 1).replace('.', ','))}
      ${field('outOf', 'maxScore', 'text', String(e?.outOf ?? 20).replace('.', ','))}
      ${field('publishOn', 'publishDate', 'date', e?.publishOn ?? today, m('publishHint'))}
      <div class="actions">
        <button type="submit" class="button" data-variant="primary">${m(e ? 'saveChanges' : 'create')}</button>
        <button type="button" class="button" @click=${() => this.toggle(null)}>${m('cancel')}</button>
        ${
          e && !this.confirmDelete
            ? html`<button type="button" class="button" data-delete
          @click=${() => {
            this.confirmDelete = true;
            host.requestUpdate();
          }}>${m('deleteEvaluation')}</button>`
            : nothing
        }
      </div>
      ${
        e && this.confirmDelete
          ? html`<div part="confirm-delete" role="alertdialog" aria-labelledby=${`${id}-confirm`} class="confirm">
              <p id=${`${id}-confirm`}>${m('confirmDelete', { title: e.title, count: n })}</p>
              <button type="button" class="button" data-variant="danger" data-confirm @click=${() => this.#delete(e)}>${m('deleteForGood')}</button>
              <button type="button" class="button" @click=${() => {
                this.confirmDelete = false;
                host.requestUpdate();
              }}>${m('keep')}</button>
            </div>`
          : nothing
      }
    </form>`;
  }
}
