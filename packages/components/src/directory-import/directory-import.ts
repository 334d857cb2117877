import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { apiBaseFrom } from '../base/api-client.js';
import { defineElement } from '../base/define.js';
import { download } from '../base/download.js';
import { PreauElement } from '../base/preau-element.js';
import { StatusController, statusStyles } from '../base/status.js';
import { controlStyles } from '../base/theme.js';
import {
  PreauCredentialsPrintEvent,
  PreauDirectoryImportEvent,
  PreauDirectoryPreviewEvent,
} from './directory-import.events.js';
import { type DirectoryImportMessageKey, directoryImportMessages } from './directory-import.messages.js';
import { directoryImportStyles } from './directory-import.styles.js';
import { asImportPlan } from './directory-import.types.js';
import { renderPlan } from './plan.view.js';

export * from './directory-import.events.js';

/**
 * The direction's import of the school's directory: choose the SIECLE and STS-web exports (or an AAF feed's
 * files), see what the import would create, change and close (a dry run: nothing written), then import. The
 * same files twice change nothing.
 *
 * Connected mode: `src="/api/v1/etablissements/{uai}/directory"` posts the files to `…/preview`, then to
 * `…/import`. Property mode: the host listens to the events and sets `data` (the plan) and `applied`.
 *
 * @tagname preau-directory-import
 *
 * @fires preau-directory-preview - The direction asks for a preview of the chosen files; cancelable. `detail: { files }`.
 * @fires preau-directory-import - The direction confirms the import; cancelable. `detail: { files }`.
 * @fires preau-credentials-print - The direction asks for a class's credential sheet; cancelable. `detail: { classId, className }`.
 *
 * @csspart base - The box.
 * @csspart files - The file chooser.
 * @csspart actions - The buttons.
 * @csspart preview - The « Prévisualiser » button.
 * @csspart apply - The « Importer » button.
 * @csspart progress - The progress bar while the server reads or imports the files.
 * @csspart report - The report of the preview or of the import.
 * @csspart source - The files' kind, school year and mode.
 * @csspart table-scroll - The scrolling box of the counts table.
 * @csspart counts - The counts by category and action.
 * @csspart nothing - Said when there is nothing to change.
 * @csspart warnings - What the direction should check.
 * @csspart details - The first lines of the plan.
 * @csspart entries - The list of those lines.
 * @csspart sheets - After an import, the credential sheets of its classes.
 * @csspart sheet - One class's sheet button.
 * @csspart status - Progress and confirmation messages (role=status).
 * @csspart alert - Error messages (role=alert).
 * @csspart board-toggle - The board-mode button.
 *
 * @cssprop --preau-color-accent - Buttons.
 * @cssprop --preau-color-danger - Warnings.
 */
export class PreauDirectoryImport extends PreauElement {
  static override styles = [PreauElement.styles, controlStyles, statusStyles, directoryImportStyles];

  /** `/api/v1/etablissements/{uai}/directory` (connected mode). */
  @property() src = '';
  /** The plan of the last preview or import, as the API answers it (untrusted: read through `asImportPlan`). */
  @property({ attribute: false }) data: unknown = null;
  /** Whether `data` reports an import done rather than a preview. */
  @property({ type: Boolean, reflect: true }) applied = false;

  @state() private files: File[] = [];
  @state() private busy: 'preview' | 'import' | 'sheet' | null = null;

  readonly status = new StatusController(this);
  #run = 0;

  #m = (key: DirectoryImportMessageKey, vars?: Record<string, unknown>) =>
    this.t(directoryImportMessages, key, vars);

  #choose(event: Event): void {
    this.files = [...((event.target as HTMLInputElement).files ?? [])];
    // A preview speaks of the files it read: new files need a new one.
    this.data = null;
    this.applied = false;
    this.status.clear();
  }

  /** Asks the server what an import of the chosen files would do (nothing written). */
  async preview(): Promise<void> {
    if (!this.isConnected || !this.files.length || this.busy) return;
    if (this.emit(new PreauDirectoryPreviewEvent({ files: this.files })).defaultPrevented || !this.src)
      return;
    await this.#send('preview');
  }

  /** Imports the previewed files. */
  async import(): Promise<void> {
    if (!this.isConnected || !this.files.length || this.busy || this.applied) return;
    if (this.emit(new PreauDirectoryImportEvent({ files: this.files })).defaultPrevented || !this.src) return;
    await this.#send('import');
  }

  async #send(step: 'preview' | 'import'): Promise<void> {
    const run = ++this.#run;
    this.busy = step;
    this.status.info(this.#m(step === 'preview' ? 'analysing' : 'applying'));
    const form = new FormData();
    for (const f of this.files) form.append('files', f, f.name);
    try {
      const answer = await this.apiFor(this.src).post<unknown>(
        `${this.src.replace(/\/+$/, '')}/${step}`,
        form,
      );
      if (run !== this.#run) return;
      this.data = answer;
      this.applied = step === 'import';
      const total = asImportPlan(answer)?.total ?? 0;
      if (step === 'import') this.status.success(this.#m('appliedDone', { count: total }));
      else this.status.success(total ? this.#m('previewDone', { count: total }) : this.#m('nothing'));
    } catch (error) {
      if (run === this.#run) this.status.error(error);
    } finally {
      if (run === this.#run) this.busy = null;
    }
  }

  /** Downloads a class's credential sheet (new access codes for whoever has not chosen a password). */
  async printSheet(classId: string, className: string): Promise<void> {
    if (!this.isConnected || this.busy) return;
    if (this.emit(new PreauCredentialsPrintEvent({ classId, className })).defaultPrevented || !this.src)
      return;
    this.busy = 'sheet';
    this.status.info(this.#m('sheetPreparing', { name: className }));
    try {
      const path = `${apiBaseFrom(this.src)}/classes/${encodeURIComponent(classId)}/credentials`;
      const pdf = await (await this.apiFor(this.src).fetch('POST', path)).blob();
      download(pdf, `codes-${className.replace(/[^A-Za-z0-9-]+/g, '_')}.pdf`);
      this.status.success(this.#m('sheetReady', { name: className }));
    } catch (error) {
      this.status.error(error);
    } finally {
      this.busy = null;
    }
  }

  #sheets(classes: { id: string; name: string }[]) {
    const m = this.#m;
    return html`<section part="sheets" aria-labelledby="sheets-heading">
      <h3 id="sheets-heading">${m('sheetsHeading')}</h3>
      <p>${m('sheetsIntro')}</p>
      <ul class="sheet-list">
        ${classes.map(
          (k) => html`<li><button part="sheet" class="button" type="button" ?disabled=${!!this.busy}
            @click=${() => this.printSheet(k.id, k.name)}>${m('sheet', { name: k.name })}</button></li>`,
        )}
      </ul>
    </section>`;
  }

  override render() {
    const m = this.#m;
    const plan = asImportPlan(this.data);
    const canApply = !!plan && !this.applied && plan.total > 0;
    return html`<section part="base" aria-labelledby="heading" aria-busy=${this.busy ? 'true' : 'false'}>
      <div class="view-head">
        <h2 id="heading">${m('heading')}</h2>
        ${this.boardToggle()}
      </div>
      <p>${m('intro')}</p>
      <div class="field">
        <label for="files">${m('files')}</label>
        <input id="files" part="files" type="file" multiple accept=".xml,application/xml,text/xml"
          aria-describedby="chosen" ?disabled=${!!this.busy} @change=${this.#choose} />
        <span class="hint" id="chosen">${m('chosen', { count: this.files.length })}</span>
      </div>
      <div part="actions">
        <button part="preview" class="button" type="button" data-variant=${canApply ? 'default' : 'primary'}
          ?disabled=${!this.files.length || !!this.busy} @click=${() => this.preview()}>${m('preview')}</button>
        ${
          canApply
            ? html`<button part="apply" class="button" data-variant="primary" type="button"
              ?disabled=${!this.files.length || !!this.busy} @click=${() => this.import()}>${m('apply')}</button>`
            : nothing
        }
      </div>
      ${this.busy ? html`<progress part="progress" aria-label=${m('working')}></progress>` : nothing}
      ${this.status.render()}
      ${
        plan
          ? renderPlan(plan, this.applied, { m, formatNumber: (n) => this.formatNumber(n) })
          : html`<p part="nothing">${m('noPlan')}</p>`
      }
      ${this.applied && plan?.classes.length ? this.#sheets(plan.classes) : nothing}
    </section>`;
  }
}

defineElement('preau-directory-import', PreauDirectoryImport);

declare global {
  interface HTMLElementTagNameMap {
    'preau-directory-import': PreauDirectoryImport;
  }
}
