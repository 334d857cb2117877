/**
 * One field of recipients (À, Cc, Cci): the people and groups chosen, as removable chips, and a WAI-ARIA combobox
 * that offers only whom the user may write to — the API's `recipients` answer in connected mode (the server keeps
 * to the établissement's rules), the host's `recipients` in property mode. Groups show how many people they reach.
 */
import { searchKey } from '@preau/core/text';
import { html, nothing, type TemplateResult } from 'lit';
import type { MessagesHost } from './messages.host.js';
import { type AddressChoice, asRecipients, type RecipientsView } from './messages.types.js';

export type AddressField = 'to' | 'cc' | 'bcc';

export class RecipientPicker {
  query = '';
  options: AddressChoice[] = [];
  open = false;
  active = -1;
  /** A search is on its way to the server. */
  searching = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;

  constructor(
    private readonly host: MessagesHost,
    readonly field: AddressField,
    /** The chosen addresses of this field, and how to change them. */
    private readonly chosen: { get(): AddressChoice[]; set(list: AddressChoice[]): void },
  ) {}

  stop(): void {
    clearTimeout(this.#timer);
    this.#abort?.abort();
  }

  #id(suffix: string): string {
    return `${this.field}-${suffix}`;
  }

  /** What the options are for `query`, without those already chosen. */
  #choices(view: RecipientsView): AddressChoice[] {
    const taken = new Set(this.chosen.get().map((c) => `${c.kind}:${c.id}`));
    const words = searchKey(this.query).split(' ').filter(Boolean);
    const matches = (text: string) => words.every((w) => searchKey(text).includes(w));
    const groups = view.groups
      .filter((g) => matches(g.label))
      .map((g): AddressChoice => ({ kind: 'group', id: g.id, label: g.label, memberCount: g.memberCount }));
    const people = view.people
      .filter((p) => matches(`${p.name} ${p.detail}`))
      .map((p): AddressChoice => ({ kind: 'user', id: p.id, label: p.name, detail: p.detail }));
    return [...groups, ...people].filter((c) => !taken.has(`${c.kind}:${c.id}`)).slice(0, 30);
  }

  #search(): void {
    clearTimeout(this.#timer);
    const host = this.host;
    if (!host.src) {
      this.options = this.#choices(host.view()?.recipients ?? { people: [], groups: [] });
      this.active = this.options.length ? 0 : -1;
      host.requestUpdate();
      return;
    }
    this.searching = true;
    this.#timer = setTimeout(async () => {
      this.#abort?.abort();
      const abort = new AbortController();
      this.#abort = abort;
      try {
        const answer = await host
          .apiFor(host.src)
          .get(host.path(`recipients?q=${encodeURIComponent(this.query)}&limit=20`), {
            signal: abort.signal,
          });
        if (abort.signal.aborted) return;
        // The server already kept to the rules and the words; the filter only drops what is already chosen.
        const words = this.query;
        this.query = '';
        this.options = this.#choices(asRecipients(answer));
        this.query = words;
        this.active = this.options.length ? 0 : -1;
        this.searching = false;
        host.requestUpdate();
      } catch (error) {
        if (abort.signal.aborted) return;
        this.searching = false;
        host.status.error(error);
      }
    }, 200);
  }

  #pick(choice: AddressChoice): void {
    this.chosen.set([...this.chosen.get(), choice]);
    this.query = '';
    this.options = [];
    this.open = false;
    this.active = -1;
    const input = this.host.renderRoot.querySelector<HTMLInputElement>(`#${this.#id('input')}`);
    if (input) {
      input.value = '';
      input.focus();
    }
    this.host.requestUpdate();
  }

  #remove(choice: AddressChoice): void {
    this.chosen.set(this.chosen.get().filter((c) => !(c.kind === choice.kind && c.id === choice.id)));
    this.host.renderRoot.querySelector<HTMLInputElement>(`#${this.#id('input')}`)?.focus();
  }

  readonly #input = (event: InputEvent): void => {
    this.query = (event.target as HTMLInputElement).value;
    this.open = true;
    this.#search();
  };

  readonly #keydown = (event: KeyboardEvent): void => {
    const n = this.options.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (!this.open) {
          this.open = true;
          this.#search();
          return;
        }
        if (n) this.active = (this.active + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
        this.host.requestUpdate();
        return;
      case 'Enter':
        if (this.open && this.options[this.active]) {
          event.preventDefault();
          this.#pick(this.options[this.active]!);
        }
        return;
      case 'Escape':
        if (this.open) {
          event.preventDefault();
          event.stopPropagation();
          this.open = false;
          this.host.requestUpdate();
        }
        return;
      case 'Backspace': {
        const list = this.chosen.get();
        if (!this.query && list.length) this.#remove(list[list.length - 1]!);
        return;
      }
    }
  };

  #option(c: AddressChoice, i: number): TemplateResult {
    const host = this.host;
    return html`<li role="option" id=${this.#id(`option-${i}`)} class="option" part="recipient-option"
      aria-selected=${i === this.active ? 'true' : 'false'} data-kind=${c.kind}
      @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.#pick(c)}>
      <span class="option-label">${c.label}</span>
      <span class="hint">${
        c.kind === 'group' ? host.msg('people', { count: c.memberCount ?? 0 }) : (c.detail ?? '')
      }</span>
    </li>`;
  }

  render(label: string, error?: string): TemplateResult {
    const host = this.host;
    const chosen = this.chosen.get();
    const expanded = this.open && this.query.length > 0;
    const groups = this.options.filter((o) => o.kind === 'group');
    const people = this.options.filter((o) => o.kind === 'user');
    const index = (c: AddressChoice) => this.options.indexOf(c);
    return html`<div class="field picker" part=${`recipients-${this.field}`}>
      <label for=${this.#id('input')}>${label}</label>
      ${
        chosen.length
          ? html`<ul class="chips" aria-label=${label}>
              ${chosen.map(
                (c) => html`<li class="chip" data-kind=${c.kind}>
                  <span>${c.label}${c.kind === 'group' && c.memberCount !== undefined ? ` (${host.msg('people', { count: c.memberCount })})` : ''}</span>
                  <button type="button" class="button chip-remove" aria-label=${host.msg('removeRecipient', { name: c.label })}
                    @click=${() => this.#remove(c)}>×</button>
                </li>`,
              )}
            </ul>`
          : nothing
      }
      <input id=${this.#id('input')} type="text" role="combobox" autocomplete="off" maxlength="100"
        aria-autocomplete="list" aria-expanded=${expanded ? 'true' : 'false'} aria-controls=${this.#id('options')}
        aria-activedescendant=${expanded && this.active >= 0 ? this.#id(`option-${this.active}`) : nothing}
        aria-describedby="picker-hint" aria-invalid=${error ? 'true' : 'false'}
        placeholder=${host.msg('pickerPlaceholder')} .value=${this.query}
        @input=${this.#input} @keydown=${this.#keydown}
        @blur=${() => {
          this.open = false;
          host.requestUpdate();
        }} />
      <div id=${this.#id('options')} role="listbox" class="options" part="recipient-options" aria-label=${label}
        ?hidden=${!expanded || this.options.length === 0}>
        ${
          groups.length
            ? html`<ul role="group" aria-label=${host.msg('pickerGroups')}>${groups.map((c) => this.#option(c, index(c)))}</ul>`
            : nothing
        }${
          people.length
            ? html`<ul role="group" aria-label=${host.msg('pickerPeople')}>${people.map((c) => this.#option(c, index(c)))}</ul>`
            : nothing
        }
      </div>
      ${expanded && !this.searching && this.options.length === 0 ? html`<p class="hint">${host.msg('pickerNone')}</p>` : nothing}
      ${error ? html`<p class="field-error">${error}</p>` : nothing}
    </div>`;
  }
}
