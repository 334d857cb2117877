/** The toolbar (new message, search, board-mode toggle), the folders with their unread counts. */
import { html, nothing, type TemplateResult } from 'lit';
import type { MessagesHost } from './messages.host.js';

/**
 * Above the panes. On a phone (one pane at a time) reading a message, it stays on one line: the way back to the
 * list, then the new-message button and the board-mode toggle as symbols (their names kept in `aria-label` and
 * `title`); the search waits in the list.
 */
export function renderToolbar(host: MessagesHost): TemplateResult {
  return html`<div class="toolbar" part="toolbar" role="group" aria-label=${host.msg('toolbar')}>
    ${
      host.pane === 'reader'
        ? html`<button type="button" class="button back" part="back" @click=${() => host.closeReader()}>
            <span aria-hidden="true">←</span> ${host.msg('back')}</button>`
        : nothing
    }
    <button type="button" class="button compose" data-variant="primary" part="compose"
      aria-label=${host.msg('compose')} title=${host.msg('compose')}
      @click=${() => host.openComposer()}><span class="compose-label">${host.msg('compose')}</span></button>
    ${renderSearch(host)}
    ${host.boardToggle()}
  </div>`;
}

export function renderFolders(host: MessagesHost): TemplateResult {
  const folders = host.mailbox()?.folders ?? [];
  return html`<nav part="folders" class="folders" aria-label=${host.msg('folders')}>
    <ul>
      ${folders.map(
        (f) => html`<li>
          <button type="button" class="folder" part="folder" data-folder=${f.id}
            aria-current=${!host.query && host.folder === f.id ? 'page' : 'false'}
            @click=${() => host.selectFolder(f.id)}>
            <span class="folder-name">${host.folderName(f.id)}</span>
            ${
              f.unread
                ? html`<span class="count" part="unread-count">${host.msg('unread', { count: f.unread })}</span>`
                : nothing
            }
          </button>
        </li>`,
      )}
    </ul>
  </nav>`;
}

export function renderSearch(host: MessagesHost): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('q') as HTMLInputElement;
    host.search(input.value.trim());
  };
  return html`<form part="search" class="search" role="search" @submit=${submit}>
    <label class="visually-hidden" for="q">${host.msg('search')}</label>
    <input id="q" name="q" type="search" maxlength="200" .value=${host.query}
      placeholder=${host.msg('search')} autocomplete="off" />
    <button type="submit" class="button">${host.msg('searchButton')}</button>
    ${
      host.query
        ? html`<button type="button" class="button" @click=${() => host.search('')}>${host.msg('clearSearch')}</button>`
        : nothing
    }
  </form>`;
}
