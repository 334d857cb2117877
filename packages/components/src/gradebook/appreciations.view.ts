import { APPRECIATION_MAX_LENGTH } from '@preau/core/gradebook/marks';
import { personName } from '@preau/core/names';
import { html, nothing, type TemplateResult } from 'lit';
import { PreauAppreciationSaveEvent } from './gradebook.events.js';
import type { GradebookHost } from './gradebook.host.js';
import type { GradebookSheet } from './gradebook.types.js';

type Texts = { studentId: string; text: string }[] | undefined;

/**
 * Appréciations of the sheet's period: the subject's, one per student, and — for the head teacher, when the sheet
 * carries `generalAppreciations` — the general ones. Saved together, only what changed.
 */
export class AppreciationsModule {
  open = false;

  constructor(private readonly host: GradebookHost) {}

  toggle(): void {
    this.open = !this.open;
    this.host.requestUpdate();
  }

  #save(event: SubmitEvent, sheet: GradebookSheet & { generalAppreciations?: Texts }): void {
    event.preventDefault();
    const host = this.host;
    const form = event.target as HTMLFormElement;
    const changed = (kind: 'subject' | 'general', before: Texts) => {
      const old = new Map((before ?? []).map((a) => [a.studentId, a.text]));
      return sheet.students.flatMap((s) => {
        const input = form.elements.namedItem(`${kind}-${s.id}`) as HTMLTextAreaElement | null;
        const text = input?.value.trim() ?? '';
        return input && text !== (old.get(s.id) ?? '') ? [{ studentId: s.id, text }] : [];
      });
    };
    const batches = [
      {
        subjectId: sheet.subject.id as string | null,
        items: changed('subject', sheet.appreciations as Texts),
      },
      {
        subjectId: null,
        items: sheet.generalAppreciations ? changed('general', sheet.generalAppreciations) : [],
      },
    ].filter((b) => b.items.length > 0);
    if (batches.length === 0) {
      host.status.info(host.msg('nothingChanged'));
      return;
    }
    for (const b of batches) {
      const detail = { periodId: sheet.period.id, ...b };
      if (host.emit(new PreauAppreciationSaveEvent(detail)).defaultPrevented || !host.src) continue;
      host.saves.enqueue({
        method: 'PUT',
        path: `${host.apiBase()}/gradebook/classes/${encodeURIComponent(sheet.class.id)}/appreciations`,
        body: detail,
        saved: () => {
          host.status.success(host.msg('appreciationsSaved'));
          void host.refresh();
        },
        rollback: (error) =>
          host.status.error(host.msg('saveFailedText', { detail: host.problemText(error) })),
      });
    }
    if (!host.src) host.status.success(host.msg('appreciationsSaved'));
  }

  render(
    sheet: GradebookSheet & { generalAppreciations?: Texts },
    canEdit: boolean,
  ): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const host = this.host;
    const m = host.msg.bind(host);
    const id = `${host.localName}-appr`;
    const texts = (list: Texts) => new Map((list ?? []).map((a) => [a.studentId, a.text]));
    const subject = texts(sheet.appreciations as Texts);
    const general = sheet.generalAppreciations ? texts(sheet.generalAppreciations) : null;
    const area = (kind: string, studentId: string, label: string, value: string) => html`<div class="field">
      <label for=${`${id}-${kind}-${studentId}`}>${label}</label>
      <textarea id=${`${id}-${kind}-${studentId}`} name=${`${kind}-${studentId}`} maxlength=${APPRECIATION_MAX_LENGTH}
        .value=${value} ?readonly=${!canEdit}></textarea>
    </div>`;
    return html`<form part="appreciations" aria-labelledby=${`${id}-title`} novalidate
      @submit=${(e: SubmitEvent) => this.#save(e, sheet)}>
      <h3 id=${`${id}-title`}>${m('appreciationsTitle', { subject: sheet.subject.name, period: sheet.period.label })}</h3>
      <p class="hint">${m('appreciationsHint', { max: APPRECIATION_MAX_LENGTH })}</p>
      ${sheet.students.map((s) => {
        const name = personName(s);
        return html`<fieldset>
          <legend>${name}</legend>
          ${area('subject', s.id, m('subjectAppreciation', { subject: sheet.subject.name }), subject.get(s.id) ?? '')}
          ${general ? area('general', s.id, m('generalAppreciation'), general.get(s.id) ?? '') : nothing}
        </fieldset>`;
      })}
      ${canEdit ? html`<button type="submit" class="button" data-variant="primary">${m('saveAppreciations')}</button>` : nothing}
    </form>`;
  }
}
