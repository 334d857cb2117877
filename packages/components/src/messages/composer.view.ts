/**
 * The composer: recipients (only whom the user may write to), subject, text, attachments through the file store,
 * urgent (the direction), no reply, deferred send with the next allowed time suggested in quiet hours. The draft is
 * saved as one types (through the save queue, a moment after the last key); a send the server refuses keeps
 * everything typed, with the server's reasons next to the fields.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { apiBaseFrom, ProblemError } from '../base/api-client.js';
import { htmlText } from '../base/html-text.js';
import { randomKey } from '../base/random-key.js';
import { textToHtml } from './body.js';
import { PreauDraftSaveEvent, PreauMessageSendEvent } from './messages.events.js';
import type { MessagesHost } from './messages.host.js';
import {
  type AttachmentView,
  asDraft,
  type ComposedDraft,
  type DraftView,
  emptyDraft,
} from './messages.types.js';
import { fromParisInput, toParisInput } from './paris-time.js';
import { type AddressField, RecipientPicker } from './recipient-picker.js';

const AUTOSAVE_MS = 800;
/** What the API accepts (it checks again, by content). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

type FieldErrors = Partial<Record<'to' | 'subject' | 'sendAt' | 'body' | 'attachments', string>>;

interface ComposerFile {
  name: string;
  size: number;
  id?: string;
  file?: File;
  uploading?: boolean;
}

export class ComposerModule {
  open = false;
  draft: ComposedDraft = emptyDraft();
  text = '';
  files: ComposerFile[] = [];
  showCc = false;
  deferred = false;
  sending = false;
  errors: FieldErrors = {};
  /** The server's last word on the draft: when it would be delivered, when it was saved. */
  server: DraftView | null = null;
  readonly pickers: Record<AddressField, RecipientPicker>;
  #clientKey = randomKey();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #held = false;
  #creating = false;

  constructor(private readonly host: MessagesHost) {
    const field = (f: AddressField) =>
      new RecipientPicker(host, f, {
        get: () => this.draft[f],
        set: (list) => {
          this.draft = { ...this.draft, [f]: list };
          if (f === 'to' || list.length) this.errors = { ...this.errors, to: undefined };
          this.changed();
        },
      });
    this.pickers = { to: field('to'), cc: field('cc'), bcc: field('bcc') };
  }

  /** Opens a draft (blank, a reply, one reopened); connected mode creates it on the server at once. */
  start(
    draft: ComposedDraft = emptyDraft(),
    server: DraftView | null = null,
    attachments: AttachmentView[] = [],
  ): void {
    this.stop();
    this.open = true;
    this.draft = { ...draft };
    this.text = htmlText(draft.body, 'lines');
    this.files = attachments.map((a) => ({ name: a.name, size: a.size, id: a.id }));
    this.showCc = draft.cc.length + draft.bcc.length > 0;
    this.deferred = draft.sendAt !== null;
    this.errors = {};
    this.server = server;
    this.#clientKey = randomKey();
    if (this.host.src && !draft.id) this.#create();
    this.host.requestUpdate();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#held = false;
    for (const p of Object.values(this.pickers)) p.stop();
  }

  /** The draft as it is now, in the API's shape. */
  input() {
    const d = this.draft;
    const ids = (list: ComposedDraft['to']) => list.map((a) => ({ kind: a.kind, id: a.id }));
    return {
      subject: d.subject,
      body: d.body,
      to: ids(d.to),
      cc: ids(d.cc),
      bcc: ids(d.bcc),
      attachmentIds: d.attachmentIds,
      noReply: d.noReply,
      urgent: d.urgent,
      sendAt: this.deferred ? d.sendAt : null,
    };
  }

  #create(): void {
    this.#creating = true;
    this.host.saves.enqueue<unknown>({
      method: 'POST',
      path: this.host.path('drafts'),
      body: { ...this.input(), clientKey: this.#clientKey, replyTo: this.draft.replyTo },
      saved: (answer) => {
        this.#creating = false;
        const d = asDraft(answer);
        if (d) {
          this.draft = { ...this.draft, id: d.id };
          this.server = d;
        }
        if (this.#held) this.flush();
        this.host.requestUpdate();
      },
      rollback: () => {
        this.#creating = false;
      },
    });
  }

  /** Something was typed or chosen: saved a moment later (the timer restarts at each change). */
  changed(): void {
    this.#held = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), AUTOSAVE_MS);
    this.host.requestUpdate();
  }

  hasHeld(): boolean {
    return this.#held;
  }

  /** Saves now what is held back (the page hides, the user sends or closes). */
  flush(): void {
    clearTimeout(this.#timer);
    if (!this.#held || !this.open) return;
    const host = this.host;
    if (host.src && (this.#creating || !this.draft.id)) return; // saved once the draft exists
    this.#held = false;
    if (host.emit(new PreauDraftSaveEvent({ draft: { ...this.draft } })).defaultPrevented || !host.src)
      return;
    host.saves.enqueue<unknown>({
      method: 'PUT',
      path: host.path(`drafts/${encodeURIComponent(this.draft.id!)}`),
      body: this.input(),
      saved: (answer) => {
        this.server = asDraft(answer) ?? this.server;
        host.requestUpdate();
      },
    });
  }

  async #upload(input: HTMLInputElement): Promise<void> {
    const host = this.host;
    const chosen = [...(input.files ?? [])];
    input.value = '';
    for (const file of chosen) {
      if (file.size > MAX_ATTACHMENT_BYTES) {
        this.errors = { ...this.errors, attachments: host.msg('fileTooBig', { name: file.name }) };
        continue;
      }
      const entry: ComposerFile = { name: file.name, size: file.size, file, uploading: !!host.src };
      this.files = [...this.files, entry];
      host.requestUpdate();
      if (!host.src) continue;
      host.status.info(host.msg('uploading', { name: file.name }));
      try {
        const form = new FormData();
        form.append('kind', 'message');
        form.append('file', file);
        const base = apiBaseFrom(host.src);
        const stored = await host.apiFor(host.src).post<{ id: string }>(`${base}/files`, form);
        entry.id = stored.id;
        entry.uploading = false;
        this.draft = { ...this.draft, attachmentIds: [...this.draft.attachmentIds, stored.id] };
        host.status.clear();
        this.changed();
      } catch (error) {
        this.files = this.files.filter((f) => f !== entry);
        host.status.error(error);
        host.requestUpdate();
      }
    }
  }

  #removeFile(f: ComposerFile): void {
    this.files = this.files.filter((x) => x !== f);
    if (f.id)
      this.draft = { ...this.draft, attachmentIds: this.draft.attachmentIds.filter((id) => id !== f.id) };
    this.changed();
  }

  #check(): FieldErrors {
    const host = this.host;
    const d = this.draft;
    const errors: FieldErrors = {};
    if (d.to.length + d.cc.length + d.bcc.length === 0) errors.to = host.msg('recipientsRequired');
    if (!d.subject.trim()) errors.subject = host.msg('subjectRequired');
    if (this.deferred && (!d.sendAt || Date.parse(d.sendAt) <= host.now().getTime()))
      errors.sendAt = host.msg('sendAtPast');
    return errors;
  }

  async send(): Promise<void> {
    const host = this.host;
    this.errors = this.#check();
    if (Object.values(this.errors).some(Boolean)) {
      host.status.error(new Error(Object.values(this.errors).filter(Boolean).join(' ')));
      return;
    }
    const files = this.files.flatMap((f) => (f.file && !f.id ? [f.file] : []));
    const draft = { ...this.draft, sendAt: this.deferred ? this.draft.sendAt : null };
    if (host.emit(new PreauMessageSendEvent({ draft, files })).defaultPrevented) return;
    host.trackUsage('courrier_electronique', 'message-send');
    if (!host.src) {
      host.status.success(
        host.msg(draft.sendAt ? 'scheduledDone' : 'sentDone', { date: host.when(draft.sendAt ?? '') }),
      );
      this.close();
      return;
    }
    this.sending = true;
    host.requestUpdate();
    try {
      clearTimeout(this.#timer);
      this.#held = false;
      await host.saves.settled();
      if (!this.draft.id) {
        // Its creation failed earlier (a network cut): create it now, with what was typed.
        const created = asDraft(
          await host
            .apiFor(host.src)
            .post(host.path('drafts'), { ...this.input(), clientKey: this.#clientKey }),
        );
        if (created) this.draft = { ...this.draft, id: created.id };
      }
      const result = (await host
        .apiFor(host.src)
        .post(host.path(`drafts/${encodeURIComponent(this.draft.id ?? '')}/send`), {
          draft: this.input(),
        })) as {
        delivered?: boolean;
        deliversAt?: string;
      };
      host.status.success(
        result.delivered === false && result.deliversAt
          ? host.msg('scheduledDone', {
              date: host.formatDate(result.deliversAt, { dateStyle: 'full', timeStyle: 'short' }),
            })
          : host.msg('sentDone'),
      );
      this.close();
      await host.refresh();
    } catch (error) {
      // The draft stays as typed (the server saved it first); the reasons go next to their fields.
      if (error instanceof ProblemError) {
        const errors: FieldErrors = {};
        for (const e of error.errors) {
          const field = e.field.replace(/^body[./]/, '').split(/[./]/)[0];
          const key =
            field === 'cc' || field === 'bcc' ? 'to' : field === 'attachmentIds' ? 'attachments' : field;
          if (key && ['to', 'subject', 'sendAt', 'body', 'attachments'].includes(key))
            errors[key as keyof FieldErrors] = e.detail;
        }
        this.errors = errors;
      }
      host.status.error(error);
    } finally {
      this.sending = false;
      host.requestUpdate();
    }
  }

  /** Closes the composer; what was typed is saved as a draft first (connected mode). */
  close(): void {
    this.flush();
    this.stop();
    this.open = false;
    this.host.closeComposer();
  }

  async discard(): Promise<void> {
    const host = this.host;
    this.stop();
    const id = this.draft.id;
    this.open = false;
    host.closeComposer();
    if (!host.src || !id) return;
    try {
      await host.saves.settled();
      await host.apiFor(host.src).delete(host.path(`drafts/${encodeURIComponent(id)}`));
      await host.refresh();
    } catch (error) {
      host.status.error(error);
    }
  }

  #quietNotice(): TemplateResult | typeof nothing {
    const host = this.host;
    const at = this.server?.deliversAt;
    if (!at || this.deferred || this.draft.urgent) return nothing;
    if (Date.parse(at) <= host.now().getTime() + 60_000) return nothing;
    return html`<p class="quiet" part="quiet-hours">${host.msg('quiet', {
      date: host.formatDate(at, { dateStyle: 'full', timeStyle: 'short' }),
    })}</p>`;
  }

  #toggleDeferred(on: boolean): void {
    const host = this.host;
    this.deferred = on;
    if (on && !this.draft.sendAt) {
      // The next allowed time when quiet hours hold the message; else in an hour, on the quarter.
      const suggested = this.server?.deliversAt;
      const now = host.now().getTime();
      const at =
        suggested && Date.parse(suggested) > now + 60_000
          ? Date.parse(suggested)
          : Math.ceil((now + 3_600_000) / 900_000) * 900_000;
      this.draft = { ...this.draft, sendAt: new Date(at).toISOString() };
    }
    this.changed();
  }

  render(): TemplateResult {
    const host = this.host;
    const d = this.draft;
    const e = this.errors;
    const set = (patch: Partial<ComposedDraft>) => {
      this.draft = { ...this.draft, ...patch };
      this.changed();
    };
    const canUrgent = host.mailbox()?.canSendUrgent === true;
    return html`<form class="composer" part="composer" novalidate aria-labelledby="composer-title"
      @submit=${(ev: SubmitEvent) => {
        ev.preventDefault();
        void this.send();
      }}>
      <button type="button" class="button back" @click=${() => this.close()}>${host.msg('back')}</button>
      <h2 class="pane-title" id="composer-title">${host.msg(d.replyTo ? 'replyTitle' : 'composeTitle')}</h2>
      <p class="hint" id="picker-hint">${host.msg('pickerHint')}</p>
      ${this.pickers.to.render(host.msg('to'), e.to)}
      ${
        this.showCc
          ? html`${this.pickers.cc.render(host.msg('cc'))}${this.pickers.bcc.render(host.msg('bcc'))}`
          : html`<p><button type="button" class="button" @click=${() => {
              this.showCc = true;
              host.requestUpdate();
            }}>${host.msg('addCc')}</button></p>`
      }
      <div class="field">
        <label for="subject">${host.msg('subject')}</label>
        <input id="subject" type="text" maxlength="200" .value=${d.subject} aria-invalid=${e.subject ? 'true' : 'false'}
          @input=${(ev: InputEvent) => {
            this.errors = { ...this.errors, subject: undefined };
            set({ subject: (ev.target as HTMLInputElement).value });
          }} />
        ${e.subject ? html`<p class="field-error">${e.subject}</p>` : nothing}
      </div>
      <div class="field">
        <label for="body">${host.msg('body')}</label>
        <textarea id="body" rows="8" .value=${this.text} @input=${(ev: InputEvent) => {
          this.text = (ev.target as HTMLTextAreaElement).value;
          set({ body: textToHtml(this.text) });
        }}></textarea>
        ${e.body ? html`<p class="field-error">${e.body}</p>` : nothing}
      </div>
      <div class="field">
        <label for="files">${host.msg('attach')}</label>
        <input id="files" type="file" multiple @change=${(ev: Event) => void this.#upload(ev.target as HTMLInputElement)} />
        ${
          this.files.length
            ? html`<ul class="files" part="attachments">${this.files.map(
                (
                  f,
                ) => html`<li><span>${f.name}</span> <span class="hint">(${host.formatNumber(Math.max(1, Math.round(f.size / 1024)))} Ko)</span>
                  <button type="button" class="button" ?disabled=${f.uploading}
                    aria-label=${host.msg('removeAttachment', { name: f.name })} @click=${() => this.#removeFile(f)}>×</button></li>`,
              )}</ul>`
            : nothing
        }
        ${e.attachments ? html`<p class="field-error">${e.attachments}</p>` : nothing}
      </div>
      <fieldset class="send-options">
        ${
          canUrgent
            ? html`<label><input type="checkbox" .checked=${d.urgent}
                @change=${(ev: Event) => set({ urgent: (ev.target as HTMLInputElement).checked })} /> ${host.msg('urgentOption')}</label>`
            : nothing
        }
        <label><input type="checkbox" .checked=${d.noReply}
          @change=${(ev: Event) => set({ noReply: (ev.target as HTMLInputElement).checked })} /> ${host.msg('noReplyOption')}</label>
        <label><input type="checkbox" .checked=${this.deferred}
          @change=${(ev: Event) => this.#toggleDeferred((ev.target as HTMLInputElement).checked)} /> ${host.msg('deferred')}</label>
        ${
          this.deferred
            ? html`<div class="field">
                <label for="send-at">${host.msg('sendAt')}</label>
                <input id="send-at" type="datetime-local" .value=${d.sendAt ? toParisInput(d.sendAt) : ''}
                  aria-invalid=${e.sendAt ? 'true' : 'false'}
                  @change=${(ev: Event) => {
                    this.errors = { ...this.errors, sendAt: undefined };
                    set({ sendAt: fromParisInput((ev.target as HTMLInputElement).value) });
                  }} />
                ${e.sendAt ? html`<p class="field-error">${e.sendAt}</p>` : nothing}
              </div>`
            : nothing
        }
      </fieldset>
      ${this.#quietNotice()}
      ${
        this.server?.savedAt
          ? html`<p class="hint">${host.msg('savedAt', { time: host.formatDate(this.server.savedAt, { timeStyle: 'short' }) })}</p>`
          : nothing
      }
      <div class="actions">
        <button type="submit" class="button" data-variant="primary" part="send" ?disabled=${this.sending}>
          ${host.msg(this.deferred ? 'schedule' : 'send')}</button>
        <button type="button" class="button" @click=${() => void this.discard()}>${host.msg('discard')}</button>
        <button type="button" class="button" @click=${() => this.close()}>${host.msg('close')}</button>
      </div>
    </form>`;
  }
}
