import { LESSON_LIMITS, WORK_TYPES, type WorkType } from '@preau/core/lesson-log/work-types';
import { html, nothing, type TemplateResult } from 'lit';
import { ProblemError } from '../base/api-client.js';
import { clearDraft, loadDraft, saveDraft } from './drafts.js';
import { workTypeLabel } from './entry.render.js';
import {
  bodyOf,
  type EditorTarget,
  type EntryDraft,
  type FileRef,
  fieldKey,
  fromEntry,
  nextKey,
  validateDraft,
  type WorkDraft,
} from './entry-draft.js';
import { PreauEntrySaveEvent } from './lesson-log.events.js';
import type { LessonLogHost } from './lesson-log.types.js';
import { RichTextEditor } from './rich-text-editor.js';
import type { Workloads } from './workload.js';

export type { EditorTarget };

export interface EditorHost extends LessonLogHost {
  readonly workloads: Workloads;
}

const ACCEPT = 'application/pdf,image/png,image/jpeg,image/webp,.docx,.pptx,.odt,.odp';

/**
 * The entry editor: title, rich-text content, links, files, work to do (with the class's workload shown before it
 * is given and a warning above the limit), private note, publication time, and the reason of a correction under a
 * visa. Every change is kept on the device; a save that finds no network keeps the draft, says so, and is sent
 * again when the network comes back.
 */
export class EntryEditor {
  draft: EntryDraft | null = null;
  /** Which slot of the timeline is being edited (an entry id, `seance:<id>` or `date:<day>`). */
  slot: string | null = null;
  offline = false;
  #targets: { id: string; name: string }[] = [];
  #content: RichTextEditor | undefined;
  #instructions = new Map<string, RichTextEditor>();
  #errors: Record<string, string> = {};
  #keptAt: string | null = null;
  #restored = false;
  #saving = false;

  constructor(private readonly host: EditorHost) {}

  static slotOf(t: { entryId?: string | null; seanceId: string | null; date: string }): string {
    return t.entryId ? t.entryId : t.seanceId ? `seance:${t.seanceId}` : `date:${t.date}`;
  }

  static draftKey(classId: string, subjectId: string, slot: string): string {
    return `${classId}:${subjectId}:${slot}`;
  }

  /** Whether a draft not yet sent is kept on this device for a slot. */
  hasDraft(classId: string, subjectId: string, slot: string): boolean {
    return loadDraft(EntryEditor.draftKey(classId, subjectId, slot), this.host.clock()) !== null;
  }

  get #key(): string {
    const d = this.draft!;
    return EntryEditor.draftKey(d.classId, d.subjectId, this.slot!);
  }

  async open(t: EditorTarget): Promise<void> {
    await this.host.richText.load();
    const slot = EntryEditor.slotOf({ entryId: t.entry?.id, seanceId: t.seanceId, date: t.date });
    const stored = loadDraft<EntryDraft>(
      EntryEditor.draftKey(t.classId, t.subjectId, slot),
      this.host.clock(),
    );
    this.slot = slot;
    this.#targets = t.targets;
    this.draft = stored ? { ...fromEntry(t), ...stored.value } : fromEntry(t);
    this.#restored = stored !== null;
    this.#keptAt = stored?.savedAt ?? null;
    this.#errors = {};
    this.offline = false;
    this.#content = new RichTextEditor(this.host, nextKey('ll-content-'), this.draft.contentHtml, (v) =>
      this.#change({ contentHtml: v }),
    );
    this.#instructions.clear();
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.shadowRoot?.querySelector<HTMLInputElement>('[part="editor"] input[name="title"]')?.focus();
  }

  close(): void {
    this.draft = null;
    this.slot = null;
    this.offline = false;
    this.host.requestUpdate();
  }

  #change(patch: Partial<EntryDraft>): void {
    if (!this.draft) return;
    Object.assign(this.draft, patch);
    const now = this.host.clock();
    if (saveDraft(this.#key, this.draft, now)) this.#keptAt = now.toISOString();
    this.host.requestUpdate();
  }

  #changeWork(w: WorkDraft, patch: Partial<WorkDraft>): void {
    Object.assign(w, patch);
    this.#change({});
  }

  #instructionsOf(w: WorkDraft): RichTextEditor {
    let editor = this.#instructions.get(w.key);
    if (!editor) {
      editor = new RichTextEditor(this.host, nextKey(`ll-instr-${w.key}-`), w.instructionsHtml, (v) =>
        this.#changeWork(w, { instructionsHtml: v }),
      );
      this.#instructions.set(w.key, editor);
    }
    return editor;
  }

  #addWork(): void {
    const d = this.draft!;
    d.work.push({
      key: nextKey('w'),
      type: 'exercices',
      title: '',
      instructionsHtml: '',
      dueOn: '',
      estimatedMinutes: 20,
      targetClassId: d.classId,
      attachments: [],
    });
    this.#change({});
  }

  async #upload(event: Event, into: FileRef[]): Promise<void> {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    const base = this.host.apiBase();
    if (!base || !files.length) return;
    this.host.status.info(this.host.msg('uploading'));
    try {
      for (const file of files) {
        const body = new FormData();
        body.append('kind', 'lesson_entry');
        body.append('file', file);
        const stored = await this.host
          .apiFor(base)
          .post<{ id: string; name?: string }>(`${base}/files`, body);
        into.push({ id: stored.id, name: stored.name ?? file.name });
        this.#change({});
      }
      this.host.status.success(this.host.msg('uploaded'));
    } catch (error) {
      this.host.status.error(error);
    }
  }

  /** Sends the entry (connected mode) or hands it to the host (property mode). */
  save(): void {
    const d = this.draft;
    if (!d || this.#saving) return;
    const m = this.host.msg.bind(this.host);
    this.#errors = validateDraft(d, m);
    if (Object.keys(this.#errors).length) {
      this.host.status.error(new Error(m('fixErrors')));
      this.host.requestUpdate();
      return;
    }
    const body = bodyOf(d);
    const key = this.#key;
    if (this.host.emit(new PreauEntrySaveEvent({ entryId: d.entryId, body })).defaultPrevented) return;
    const base = this.host.apiBase();
    if (!base) {
      clearDraft(key);
      this.close();
      return;
    }
    this.#saving = true;
    this.host.saves.enqueue<unknown>({
      method: d.entryId ? 'PUT' : 'POST',
      path: d.entryId
        ? `${base}/lesson-log/entries/${encodeURIComponent(d.entryId)}`
        : `${base}/lesson-log/entries`,
      body,
      apply: () => this.host.status.info(m('saving')),
      rollback: (error) => {
        this.#saving = false;
        this.offline = error instanceof ProblemError && error.isNetworkError;
        if (error instanceof ProblemError) {
          for (const e of error.errors) this.#errors[fieldKey(e.field, d)] = e.detail;
        }
        this.host.requestUpdate();
      },
      saved: (saved) => {
        this.#saving = false;
        clearDraft(key);
        this.close();
        this.host.workloads.clear();
        const published = (saved as { published?: boolean })?.published !== false;
        this.host.status.success(published ? m('savedPublished') : m('savedScheduled'));
        this.host.trackUsage('cahier_textes', d.entryId ? 'entry-update' : 'entry-create');
        void this.host.refresh();
      },
    });
  }

  /** The network is back: send again what could not be sent. */
  online(): void {
    if (this.offline && this.draft) this.save();
  }

  render(): TemplateResult | typeof nothing {
    const d = this.draft;
    if (!d) return nothing;
    const m = this.host.msg.bind(this.host);
    const id = (name: string) => `${this.#content!.id}-${name}`;
    const err = (key: string) =>
      this.#errors[key]
        ? html`<span class="field-error" id=${id(`err-${key}`)}>${this.#errors[key]}</span>`
        : nothing;
    const invalid = (key: string) => (this.#errors[key] ? 'true' : 'false');
    const described = (key: string) => (this.#errors[key] ? id(`err-${key}`) : nothing);
    return html`<form part="editor" class="editor" novalidate aria-label=${d.entryId ? m('editEntry') : m('newEntry')}
      @submit=${(e: Event) => {
        e.preventDefault();
        this.save();
      }}>
      ${this.#restored ? html`<p class="info" part="draft-restored">${m('draftRestored')}</p>` : nothing}
      ${this.offline ? html`<p class="warning" part="offline">${m('offlineKept')}</p>` : nothing}
      ${d.locked ? html`<p class="info">${m('lockedEditing')}</p>` : nothing}
      <div class="field">
        <label for=${id('title')}>${m('title')}</label>
        <input id=${id('title')} name="title" .value=${d.title} maxlength=${LESSON_LIMITS.title} required
          aria-invalid=${invalid('title')} aria-describedby=${described('title')}
          @input=${(e: Event) => this.#change({ title: (e.target as HTMLInputElement).value })} />
        ${err('title')}
      </div>
      ${
        d.seanceId
          ? nothing
          : html`<div class="field">
              <label for=${id('date')}>${m('date')}</label>
              <input id=${id('date')} type="date" .value=${d.date} aria-invalid=${invalid('date')}
                aria-describedby=${described('date')}
                @change=${(e: Event) => this.#change({ date: (e.target as HTMLInputElement).value })} />
              ${err('date')}
            </div>`
      }
      ${this.#content!.render(m('content'))} ${err('content')}
      ${this.#renderLinks(d, id, err, invalid, described)}
      ${this.#renderFiles(d.attachments, id('files'), m('attachFiles'))}
      <fieldset class="work-fieldset">
        <legend>${m('workToDo')}</legend>
        ${d.work.map((w, i) => this.#renderWork(d, w, i, err, invalid))}
        <button type="button" class="button" @click=${() => this.#addWork()}>${m('addWork')}</button>
      </fieldset>
      <div class="field">
        <label for=${id('note')}>${m('privateNote')}</label>
        <textarea id=${id('note')} maxlength=${LESSON_LIMITS.privateNote} aria-describedby=${id('note-hint')} .value=${d.privateNote}
          @input=${(e: Event) => this.#change({ privateNote: (e.target as HTMLTextAreaElement).value })}></textarea>
        <span class="hint" id=${id('note-hint')}>${m('privateNoteHint')}</span>
      </div>
      <fieldset class="publish">
        <legend>${m('publication')}</legend>
        <label><input type="radio" name=${id('publish')} .checked=${d.publishMode === 'auto'}
          @change=${() => this.#change({ publishMode: 'auto' })} /> ${m('publishAuto')}</label>
        <label><input type="radio" name=${id('publish')} .checked=${d.publishMode === 'at'}
          @change=${() => this.#change({ publishMode: 'at' })} /> ${m('publishAt')}</label>
        ${
          d.publishMode === 'at'
            ? html`<div class="field">
                <label for=${id('publish-at')}>${m('publishWhen')}</label>
                <input id=${id('publish-at')} type="datetime-local" .value=${d.publishAt} aria-invalid=${invalid('publishAt')}
                  aria-describedby=${described('publishAt')}
                  @change=${(e: Event) => this.#change({ publishAt: (e.target as HTMLInputElement).value })} />
                ${err('publishAt')}
              </div>`
            : nothing
        }
      </fieldset>
      ${
        d.locked
          ? html`<div class="field">
              <label for=${id('reason')}>${m('amendmentReason')}</label>
              <input id=${id('reason')} .value=${d.reason} maxlength=${LESSON_LIMITS.comment}
                @input=${(e: Event) => this.#change({ reason: (e.target as HTMLInputElement).value })} />
            </div>`
          : nothing
      }
      <p class="hint" part="draft-status">${this.#keptAt ? m('draftKept', { time: this.host.formatDate(this.#keptAt, { hour: '2-digit', minute: '2-digit' }) }) : m('draftNotKept')}</p>
      <div class="actions">
        <button class="button" data-variant="primary" type="submit" ?disabled=${this.#saving}>${m('save')}</button>
        ${this.offline ? html`<button class="button" type="button" @click=${() => this.save()}>${this.host.baseMessage('retry')}</button>` : nothing}
        <button class="button" type="button" @click=${() => this.close()}>${m('cancel')}</button>
      </div>
    </form>`;
  }

  #renderLinks(
    d: EntryDraft,
    id: (n: string) => string,
    err: (k: string) => unknown,
    invalid: (k: string) => string,
    described: (k: string) => unknown,
  ): TemplateResult {
    const m = this.host.msg.bind(this.host);
    return html`<fieldset class="links-fieldset">
      <legend>${m('links')}</legend>
      ${d.links.map(
        (l, i) => html`<div class="link-row">
          <div class="field">
            <label for=${id(`link-${i}`)}>${m('linkAddress')}</label>
            <input id=${id(`link-${i}`)} type="url" .value=${l.url} aria-invalid=${invalid(`link-${i}`)}
              aria-describedby=${described(`link-${i}`) as string}
              @input=${(e: Event) => {
                l.url = (e.target as HTMLInputElement).value;
                this.#change({});
              }} />
            ${err(`link-${i}`)}
          </div>
          <div class="field">
            <label for=${id(`link-label-${i}`)}>${m('linkLabel')}</label>
            <input id=${id(`link-label-${i}`)} .value=${l.label} maxlength=${LESSON_LIMITS.linkLabel}
              @input=${(e: Event) => {
                l.label = (e.target as HTMLInputElement).value;
                this.#change({});
              }} />
          </div>
          <button type="button" class="button" aria-label=${m('removeLink', { label: l.label || l.url })}
            @click=${() => this.#change({ links: d.links.filter((x) => x !== l) })}>${m('remove')}</button>
        </div>`,
      )}
      ${
        d.links.length < LESSON_LIMITS.links
          ? html`<button type="button" class="button" @click=${() => this.#change({ links: [...d.links, { url: '', label: '' }] })}>${m('addLink')}</button>`
          : nothing
      }
    </fieldset>`;
  }

  #renderFiles(files: FileRef[], inputId: string, label: string): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const connected = this.host.apiBase() !== null;
    return html`<div class="field files-field">
      <label for=${inputId}>${label}</label>
      <input id=${inputId} type="file" multiple accept=${ACCEPT} ?disabled=${!connected}
        @change=${(e: Event) => this.#upload(e, files)} />
      ${connected ? nothing : html`<span class="hint">${m('filesConnectedOnly')}</span>`}
      ${
        files.length
          ? html`<ul class="files">${files.map(
              (f) => html`<li>${f.name}
                <button type="button" class="button" aria-label=${m('removeFile', { name: f.name })}
                  @click=${() => {
                    files.splice(files.indexOf(f), 1);
                    this.#change({});
                  }}>${m('remove')}</button></li>`,
            )}</ul>`
          : nothing
      }
    </div>`;
  }

  #renderWork(
    d: EntryDraft,
    w: WorkDraft,
    index: number,
    err: (k: string) => unknown,
    invalid: (k: string) => string,
  ): TemplateResult {
    const m = this.host.msg.bind(this.host);
    const id = (n: string) => `ll-${w.key}-${n}`;
    const targets = this.#targets.length ? this.#targets : [{ id: d.classId, name: '' }];
    return html`<div class="work-edit" part="work-editor" data-work-key=${w.key}>
      <p class="work-number">${m('workNumber', { n: index + 1 })}</p>
      <div class="row">
        <div class="field">
          <label for=${id('type')}>${m('workType')}</label>
          <select id=${id('type')} @change=${(e: Event) => this.#changeWork(w, { type: (e.target as HTMLSelectElement).value as WorkType })}>
            ${WORK_TYPES.map((t) => html`<option value=${t} ?selected=${t === w.type}>${workTypeLabel(this.host, t)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for=${id('due')}>${m('dueDate')}</label>
          <input id=${id('due')} type="date" .value=${w.dueOn} min=${d.date} aria-invalid=${invalid(`${w.key}-due`)}
            aria-describedby=${id('workload')}
            @change=${(e: Event) => this.#changeWork(w, { dueOn: (e.target as HTMLInputElement).value })} />
          ${err(`${w.key}-due`)}
        </div>
        <div class="field">
          <label for=${id('minutes')}>${m('estimatedMinutes')}</label>
          <input id=${id('minutes')} type="number" min="0" max=${LESSON_LIMITS.estimatedMinutes} step="5" .value=${String(w.estimatedMinutes)}
            aria-invalid=${invalid(`${w.key}-minutes`)} aria-describedby=${id('workload')}
            @input=${(e: Event) => this.#changeWork(w, { estimatedMinutes: Number((e.target as HTMLInputElement).value) })} />
          ${err(`${w.key}-minutes`)}
        </div>
        ${
          targets.length > 1
            ? html`<div class="field">
                <label for=${id('target')}>${m('workFor')}</label>
                <select id=${id('target')} @change=${(e: Event) => this.#changeWork(w, { targetClassId: (e.target as HTMLSelectElement).value })}>
                  ${targets.map((t) => html`<option value=${t.id} ?selected=${t.id === w.targetClassId}>${t.name}</option>`)}
                </select>
              </div>`
            : nothing
        }
      </div>
      <div class="field">
        <label for=${id('title')}>${m('workTitle')}</label>
        <input id=${id('title')} .value=${w.title} maxlength=${LESSON_LIMITS.title} aria-invalid=${invalid(`${w.key}-title`)}
          @input=${(e: Event) => this.#changeWork(w, { title: (e.target as HTMLInputElement).value })} />
        ${err(`${w.key}-title`)}
      </div>
      ${this.host.workloads.renderBeforeGiving(w.targetClassId || d.classId, w.dueOn, w.estimatedMinutes, w.id, id('workload'))}
      ${this.#instructionsOf(w).render(m('instructions'))}
      ${this.#renderFiles(w.attachments, id('files'), m('workFiles'))}
      <button type="button" class="button" @click=${() => {
        this.#instructions.delete(w.key);
        this.#change({ work: d.work.filter((x) => x !== w) });
      }}>${m('removeWork')}</button>
    </div>`;
  }
}
