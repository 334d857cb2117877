import { html, nothing, type TemplateResult } from 'lit';
import { SaveQueue } from '../base/save-queue.js';
import { AppreciationsModule } from './appreciations.view.js';
import { EvaluationForm } from './evaluation-form.js';
import type { GradebookHost } from './gradebook.host.js';
import type { GradebookSheet } from './gradebook.types.js';
import { SheetModule } from './sheet.view.js';
import { teacherMessages } from './teacher.messages.js';
import { teacherStyles } from './teacher.styles.js';

/**
 * Everything only a teacher's sheet needs (the grid, its keyboard and model, the évaluation form, appréciations,
 * the save queue). Loaded on first use, so a student's or parent's page never downloads it.
 */
export class TeacherView {
  readonly messages = teacherMessages;
  readonly saves: SaveQueue;
  readonly sheet: SheetModule;
  readonly form: EvaluationForm;
  readonly appreciations: AppreciationsModule;

  constructor(private readonly host: GradebookHost) {
    // The grid's styles come with it (constructed style sheets: allowed under a strict CSP).
    const root = host.renderRoot;
    if (root instanceof ShadowRoot && teacherStyles.styleSheet)
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, teacherStyles.styleSheet];
    this.saves = new SaveQueue(host, {
      flushHeld: () => this.sheet.flushNow(),
      hasHeld: () => this.sheet.hasUnsavedMarks,
    });
    this.sheet = new SheetModule(host);
    this.form = new EvaluationForm(host);
    this.appreciations = new AppreciationsModule(host);
  }

  get hasUnsavedMarks(): boolean {
    return this.sheet.hasUnsavedMarks || this.saves.size > 0;
  }

  /** The sheet with its toolbar; `status` is the element's status and loading lines, shown above the grid. */
  render(
    sheet: GradebookSheet,
    picker: TemplateResult | typeof nothing,
    status: TemplateResult,
  ): TemplateResult {
    const host = this.host;
    const sheetModule = this.sheet;
    const canEdit = sheetModule.canEdit;
    const id = `${host.localName}-label`;
    const active = sheetModule.activeEvaluation();
    const model = sheetModule.model!;
    const marksOf = (evaluationId: string) => model.rows.filter((r) => r.marks.has(evaluationId)).length;
    const toolbar = html`<div part="toolbar">
      ${picker}
      ${
        canEdit
          ? html`<button type="button" class="button" data-variant="primary" data-add
                aria-expanded=${this.form.open === 'new' ? 'true' : 'false'} @click=${() => this.form.toggle('new')}>
                ${host.msg('addEvaluation')}</button>
              ${
                active
                  ? html`<button type="button" class="button" data-edit
                      aria-expanded=${this.form.open === active.id ? 'true' : 'false'}
                      @click=${() => this.form.toggle(active)}>${host.msg('modifyEvaluation', { title: active.title })}</button>`
                  : nothing
              }`
          : nothing
      }
      <button type="button" class="button" data-appreciations aria-pressed=${this.appreciations.open ? 'true' : 'false'}
        @click=${() => this.appreciations.toggle()}>${host.msg('appreciations')}</button>
      ${host.boardToggle()}
    </div>`;
    const label = host.msg('teacherLabel', {
      className: sheet.class.name,
      subject: `${sheet.subject.name}, ${sheet.period.label}`,
    });
    const body =
      sheet.students.length === 0
        ? html`<div part="empty">${host.msg('noStudents')}</div>`
        : html`${sheet.evaluations.length === 0 ? html`<div part="empty">${host.msg('noEvaluations')}</div>` : nothing}
            ${this.appreciations.open ? this.appreciations.render(sheet, canEdit) : sheetModule.render(sheet, id)}`;
    return html`<h2 id=${id}>${label}</h2>
      ${toolbar}${canEdit ? this.form.render(sheet, marksOf) : nothing}${status}${body}`;
  }
}
