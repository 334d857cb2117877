import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ref } from 'lit/directives/ref.js';
import type { LessonLogHost } from './lesson-log.types.js';

/** The toolbar's commands, and the keyboard shortcut of those that have one. */
const COMMANDS = [
  { cmd: 'bold', key: 'bold', label: 'G', shortcut: 'Ctrl+B' },
  { cmd: 'italic', key: 'italic', label: 'I', shortcut: 'Ctrl+I' },
  { cmd: 'underline', key: 'underline', label: 'S', shortcut: 'Ctrl+U' },
  { cmd: 'insertUnorderedList', key: 'bulletList', label: '•', shortcut: '' },
  { cmd: 'insertOrderedList', key: 'numberedList', label: '1.', shortcut: '' },
  { cmd: 'link', key: 'link', label: '🔗', shortcut: '' },
  { cmd: 'removeFormat', key: 'clearFormat', label: '⌫', shortcut: '' },
] as const;
type Command = (typeof COMMANDS)[number];
const TOGGLES = new Set(['bold', 'italic', 'underline', 'insertUnorderedList', 'insertOrderedList']);

type ShadowSelection = ShadowRoot & { getSelection?: () => Selection | null };

/**
 * A small rich-text field on `contenteditable` with a strict toolbar (bold, italic, underline, lists, link, clear
 * formatting): what the cahier de textes' allow-list keeps, nothing more. Pasted content is sanitized before it is
 * inserted; the value handed out is sanitized too. The toolbar is one tab stop (arrows move within it), the text
 * area another; Ctrl+B/I/U work in the text.
 */
export class RichTextEditor {
  value: string;
  #area: HTMLElement | undefined;
  #active = new Set<string>();
  #focusIndex = 0;
  #linkOpen = false;
  #linkError = '';
  #range: Range | undefined;

  constructor(
    private readonly host: LessonLogHost,
    readonly id: string,
    initial: string,
    private readonly onChange: (html: string) => void,
  ) {
    this.value = initial;
  }

  #selection(): Selection | null {
    const root = this.host.shadowRoot as ShadowSelection | null;
    return root?.getSelection?.() ?? document.getSelection();
  }

  #attach = (el: Element | undefined): void => {
    if (!(el instanceof HTMLElement) || el === this.#area) return;
    this.#area = el;
    // Sanitized before it enters the live document: the stored value is never trusted as markup.
    el.innerHTML = this.host.richText.clean(this.value) ?? '';
  };

  #emit(): void {
    if (!this.#area) return;
    this.value = this.host.richText.clean(this.#area.innerHTML) ?? '';
    this.onChange(this.value);
  }

  #refreshState(): void {
    const next = new Set<string>();
    for (const c of COMMANDS) {
      try {
        if (TOGGLES.has(c.cmd) && document.queryCommandState(c.cmd)) next.add(c.cmd);
      } catch {
        // Not every browser answers for every command.
      }
    }
    if ([...next].join() !== [...this.#active].join()) {
      this.#active = next;
      this.host.requestUpdate();
    }
  }

  #run(c: Command): void {
    if (!this.#area) return;
    if (c.cmd === 'link') {
      const sel = this.#selection();
      this.#range =
        sel && sel.rangeCount > 0 && this.#area.contains(sel.anchorNode)
          ? sel.getRangeAt(0).cloneRange()
          : undefined;
      this.#linkOpen = true;
      this.#linkError = '';
      this.host.requestUpdate();
      void this.host.updateComplete.then(() =>
        this.host.shadowRoot?.querySelector<HTMLInputElement>(`#${this.id}-url`)?.focus(),
      );
      return;
    }
    this.#area.focus();
    document.execCommand(c.cmd, false);
    this.#emit();
    this.#refreshState();
  }

  #addLink(event: Event): void {
    event.preventDefault();
    const input = this.host.shadowRoot?.querySelector<HTMLInputElement>(`#${this.id}-url`);
    const url = input?.value.trim() ?? '';
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      this.#linkError = this.host.msg('linkInvalid');
      this.host.requestUpdate();
      return;
    }
    const area = this.#area!;
    area.focus();
    const sel = this.#selection();
    if (sel && this.#range) {
      sel.removeAllRanges();
      sel.addRange(this.#range);
    }
    if (!this.#range || this.#range.collapsed) {
      const a = document.createElement('a');
      a.href = url;
      a.textContent = url;
      document.execCommand('insertHTML', false, a.outerHTML);
    } else document.execCommand('createLink', false, url);
    this.#linkOpen = false;
    this.#emit();
  }

  #paste = (event: ClipboardEvent): void => {
    const data = event.clipboardData;
    if (!data) return;
    event.preventDefault();
    const markup = data.getData('text/html');
    if (markup) {
      const clean = this.host.richText.clean(markup);
      if (clean !== null) document.execCommand('insertHTML', false, clean);
    } else document.execCommand('insertText', false, data.getData('text/plain'));
    this.#emit();
  };

  #toolbarKey = (event: KeyboardEvent): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const edge = event.key === 'Home' ? 0 : event.key === 'End' ? COMMANDS.length - 1 : -1;
    if (!step && edge < 0) return;
    event.preventDefault();
    this.#focusIndex = edge >= 0 ? edge : (this.#focusIndex + step + COMMANDS.length) % COMMANDS.length;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() =>
      this.host.shadowRoot
        ?.querySelector<HTMLButtonElement>(`#${this.id}-toolbar [data-index="${this.#focusIndex}"]`)
        ?.focus(),
    );
  };

  render(label: string, options: { describedBy?: string } = {}): TemplateResult {
    const m = this.host.msg.bind(this.host);
    return html`<div class="rte" part="rich-text">
      <span class="rte-label" id=${`${this.id}-label`}>${label}</span>
      <div role="toolbar" class="rte-toolbar" id=${`${this.id}-toolbar`} aria-label=${m('formatting')}
        aria-controls=${this.id} @keydown=${this.#toolbarKey}>
        ${COMMANDS.map(
          (c, i) => html`<button type="button" class="button tool" data-index=${i} data-cmd=${c.cmd}
            tabindex=${i === this.#focusIndex ? 0 : -1}
            aria-pressed=${TOGGLES.has(c.cmd) ? String(this.#active.has(c.cmd)) : nothing}
            aria-label=${m(c.key)} title=${c.shortcut ? `${m(c.key)} (${c.shortcut})` : m(c.key)}
            @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.#run(c)}>
            <span aria-hidden="true">${c.label}</span>
          </button>`,
        )}
      </div>
      ${
        this.#linkOpen
          ? html`<form class="rte-link" @submit=${(e: Event) => this.#addLink(e)}>
              <div class="field">
                <label for=${`${this.id}-url`}>${m('linkAddress')}</label>
                <input id=${`${this.id}-url`} type="url" placeholder="https://" aria-invalid=${this.#linkError ? 'true' : 'false'} />
                ${this.#linkError ? html`<span class="field-error" role="alert">${this.#linkError}</span>` : nothing}
              </div>
              <button class="button" type="submit">${m('linkAdd')}</button>
              <button class="button" type="button" @click=${() => {
                this.#linkOpen = false;
                this.host.requestUpdate();
              }}>${m('cancel')}</button>
            </form>`
          : nothing
      }
      ${keyed(
        this.id,
        html`<div class="rte-area" id=${this.id} contenteditable="true" role="textbox" aria-multiline="true"
          aria-labelledby=${`${this.id}-label`} aria-describedby=${options.describedBy ?? nothing}
          ${ref(this.#attach)} @input=${() => this.#emit()} @paste=${this.#paste}
          @keyup=${() => this.#refreshState()} @mouseup=${() => this.#refreshState()}
          @focus=${() => this.#refreshState()}></div>`,
      )}
    </div>`;
  }
}
