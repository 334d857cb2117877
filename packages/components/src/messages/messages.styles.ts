import { css } from 'lit';

export const messagesStyles = css`
  .layout {
    display: grid;
    grid-template-columns: minmax(9em, 13em) minmax(14em, 1fr) minmax(16em, 1.6fr);
    grid-template-areas: 'status status status' 'toolbar toolbar toolbar' 'folders list reader';
    gap: var(--preau-space-3, 0.75em);
    align-items: start;
  }
  .messages-status {
    grid-area: status;
  }
  .toolbar {
    grid-area: toolbar;
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    align-items: center;
  }
  .search {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    flex: 1 1 16em;
    min-width: 0;
  }
  .search input,
  .field input,
  .field textarea {
    min-height: var(--preau-target-size, 2.25em);
    font: inherit;
    color: var(--preau-color-text, #1f2328);
    background: var(--preau-color-surface, #fff);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
    padding: var(--preau-space-1, 0.25em) var(--preau-space-2, 0.5em);
    min-width: 0;
    max-width: 100%;
  }
  .search input {
    flex: 1 1 10em;
  }
  .field input:not([type='checkbox']),
  .field textarea {
    width: 100%;
  }
  .folders {
    grid-area: folders;
  }
  .folders ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-1, 0.25em);
  }
  .folder {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--preau-space-1, 0.25em);
    width: 100%;
    min-height: var(--preau-target-size, 2.25em);
    padding: var(--preau-space-1, 0.25em) var(--preau-space-2, 0.5em);
    font: inherit;
    text-align: start;
    color: var(--preau-color-text, #1f2328);
    background: var(--preau-color-surface, #fff);
    border: 0.0625em solid transparent;
    border-radius: var(--preau-radius, 0.25em);
    cursor: pointer;
  }
  .folder[aria-current='page'] {
    font-weight: 700;
    border-color: var(--preau-color-accent, #1f4e96);
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  .count {
    font-size: var(--preau-font-size-small, 0.875em);
    font-weight: 700;
    color: var(--preau-color-accent, #1f4e96);
  }
  .list-pane {
    grid-area: list;
    min-width: 0;
  }
  .reader-pane {
    grid-area: reader;
    min-width: 0;
  }
  .pane-title {
    margin: 0 0 var(--preau-space-2, 0.5em);
    font-size: 1.1em;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .hint,
  .meta {
    margin: 0 0 var(--preau-space-1, 0.25em);
    color: var(--preau-color-text-muted, #545d68);
    font-size: var(--preau-font-size-small, 0.875em);
    overflow-wrap: anywhere;
  }
  .meta .label {
    font-weight: 600;
  }
  .list-scroller {
    height: var(--preau-messages-height, 34em);
    overflow: auto;
    overflow-anchor: none;
    position: relative;
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
  }
  .list-body {
    position: relative;
  }
  .row {
    position: absolute;
    left: 0;
    right: 0;
    height: 4.6em;
  }
  .cell {
    display: flex;
    flex-direction: column;
    justify-content: center;
    height: 100%;
    padding: 0.2em var(--preau-space-2, 0.5em) 0.2em 0.75em;
    border-bottom: 0.0625em solid var(--preau-color-surface-alt, #f2f4f7);
    border-inline-start: 0.25em solid transparent;
    cursor: pointer;
    overflow: hidden;
  }
  .row[data-unread] .cell {
    border-inline-start-color: var(--preau-messages-unread, var(--preau-color-accent, #1f4e96));
  }
  .row[data-unread] .who,
  .row[data-unread] .subject {
    font-weight: 700;
  }
  .cell[aria-selected='true'] {
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  .cell:focus-visible {
    outline-offset: -0.15em;
  }
  .line {
    display: block;
    line-height: 1.3;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .first {
    display: flex;
    justify-content: space-between;
    gap: var(--preau-space-2, 0.5em);
  }
  .who {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .at,
  .excerpt {
    color: var(--preau-color-text-muted, #545d68);
    font-size: var(--preau-font-size-small, 0.875em);
    flex: none;
  }
  .flag {
    display: inline-block;
    margin-inline-end: var(--preau-space-1, 0.25em);
    padding: 0 var(--preau-space-2, 0.5em);
    border: 0.0625em solid currentColor;
    border-radius: 1em;
    font-size: var(--preau-font-size-small, 0.875em);
    font-weight: 600;
  }
  .flag.urgent {
    color: var(--preau-color-danger, #b3261e);
  }
  .badges {
    margin: 0;
  }
  .message {
    border-top: 0.0625em solid var(--preau-color-border, #6e7781);
    padding: var(--preau-space-3, 0.75em) 0;
  }
  .message:not([data-opened]) {
    color: var(--preau-color-text-muted, #545d68);
  }
  .body {
    margin: var(--preau-space-3, 0.75em) 0;
    overflow-wrap: anywhere;
    color: var(--preau-color-text, #1f2328);
  }
  .body table {
    display: block;
    max-width: 100%;
    overflow-x: auto;
    border-collapse: collapse;
  }
  .body td,
  .body th {
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    padding: var(--preau-space-1, 0.25em);
  }
  .body pre {
    white-space: pre-wrap;
  }
  .body img {
    max-width: 100%;
    height: auto;
  }
  .body a {
    color: var(--preau-color-accent, #1f4e96);
  }
  .remote-image {
    display: inline-block;
    padding: 0 var(--preau-space-1, 0.25em);
    border: 0.0625em dashed var(--preau-color-border, #6e7781);
    color: var(--preau-color-text-muted, #545d68);
  }
  .images-note,
  .quiet {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--preau-space-2, 0.5em);
    margin: var(--preau-space-2, 0.5em) 0;
    padding: var(--preau-space-2, 0.5em);
    background: var(--preau-color-warning-surface, #fff4e0);
    color: var(--preau-color-warning, #7a4300);
    border-radius: var(--preau-radius, 0.25em);
  }
  .attachments,
  .files {
    margin: 0;
    padding-inline-start: 1.25em;
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    margin: var(--preau-space-2, 0.5em) 0;
  }
  .back {
    display: none;
    margin-inline-end: auto;
  }
  .composer {
    display: flex;
    flex-direction: column;
  }
  .send-options {
    border: 0;
    margin: 0 0 var(--preau-space-3, 0.75em);
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-2, 0.5em);
  }
  .send-options label {
    font-weight: 400;
    display: flex;
    align-items: center;
    gap: var(--preau-space-2, 0.5em);
  }
  .picker .options {
    margin: 0;
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
    max-height: 16em;
    overflow: auto;
  }
  .picker .options[hidden] {
    display: none;
  }
  .picker ul[role='group'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .option {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--preau-space-2, 0.5em);
    min-height: var(--preau-target-size, 2.25em);
    align-items: center;
    padding: var(--preau-space-1, 0.25em) var(--preau-space-2, 0.5em);
    cursor: pointer;
  }
  .option[aria-selected='true'] {
    background: var(--preau-color-surface-alt, #f2f4f7);
    outline: 0.125em solid var(--preau-color-focus, #0b57d0);
    outline-offset: -0.125em;
  }
  .option .hint {
    margin: 0;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-1, 0.25em);
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--preau-space-1, 0.25em);
    max-width: 100%;
    padding-inline-start: var(--preau-space-2, 0.5em);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: 1em;
    background: var(--preau-color-surface-alt, #f2f4f7);
    overflow-wrap: anywhere;
  }
  .chip .button {
    border-radius: 1em;
    padding: 0;
  }
  @container (max-width: 60em) {
    .layout {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr);
      grid-template-areas: 'status status' 'toolbar toolbar' 'folders folders' 'list reader';
    }
    .folders ul {
      flex-direction: row;
      flex-wrap: wrap;
    }
    .folder {
      width: auto;
    }
  }
  @container (max-width: 40em) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
      grid-template-areas: 'status' 'toolbar' 'folders' 'list' 'reader';
    }
    .layout[data-pane='list'] .reader-pane,
    .layout:not([data-pane='list']) .list-pane,
    .layout:not([data-pane='list']) .folders,
    .layout[data-pane='composer'] .toolbar,
    .layout[data-pane='reader'] .search {
      display: none;
    }
    .back {
      display: inline-flex;
    }
    /* Reading on a phone: « Nouveau message » as a pencil, so that back, new message and board mode fit one line. */
    .layout[data-pane='reader'] .compose {
      padding: 0;
    }
    .layout[data-pane='reader'] .compose::before {
      content: '✎' / '';
      font-size: 1.2em;
    }
    .layout[data-pane='reader'] .compose-label {
      display: none;
    }
  }
`;
