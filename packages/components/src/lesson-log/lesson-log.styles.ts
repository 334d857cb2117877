import { css } from 'lit';

export const lessonLogStyles = css`
  .base,
  section {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-3, 0.75em);
    min-width: 0;
  }
  h2,
  h3,
  h4 {
    margin: 0;
    font-weight: 700;
    line-height: 1.25;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.2em;
  }
  h3 {
    font-size: 1.08em;
  }
  h4 {
    font-size: 1em;
  }
  p,
  ul {
    margin: 0;
    overflow-wrap: anywhere;
  }
  ul {
    padding-inline-start: 1.25em;
  }
  a {
    color: var(--preau-color-accent, #1f4e96);
  }
  a:focus-visible,
  [contenteditable]:focus-visible {
    outline: 0.15em solid var(--preau-color-focus, #0b57d0);
    outline-offset: 0.1em;
  }
  /* Small text through the theme's token: on the board it stays at the board's 24 px. */
  .meta,
  .hint {
    color: var(--preau-color-text-muted, #545d68);
    font-size: var(--preau-font-size-small, 0.875em);
  }
  .info,
  .warning {
    padding: var(--preau-space-2, 0.5em) var(--preau-space-3, 0.75em);
    border-radius: var(--preau-radius, 0.25em);
    border-inline-start: 0.25em solid var(--preau-color-accent, #1f4e96);
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  .warning {
    color: var(--preau-color-warning, #7a4300);
    border-color: var(--preau-color-warning, #7a4300);
    background: var(--preau-color-warning-surface, #fff4e0);
  }
  span.warning {
    padding: 0;
    border: 0;
    background: none;
    font-weight: 600;
  }
  .toolbar,
  .week-nav,
  .actions,
  .row,
  .inline-form,
  .board-bar,
  .link-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    align-items: flex-end;
  }
  .board-bar {
    justify-content: space-between;
    align-items: center;
  }
  .field {
    min-width: 0;
    flex: 1 1 12em;
  }
  .field input,
  .field select,
  .field textarea {
    width: 100%;
    max-width: 100%;
  }
  .field textarea {
    min-height: 4em;
  }
  .button {
    max-width: 100%;
    white-space: normal;
    text-decoration: none;
  }
  .day {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-2, 0.5em);
  }
  .day-title {
    font-weight: 700;
  }
  .slot {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-2, 0.5em);
    padding: var(--preau-space-3, 0.75em);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
    background: var(--preau-color-surface, #fff);
    min-width: 0;
  }
  .slot[data-today='true'] {
    border-inline-start: 0.35em solid var(--preau-lesson-log-accent, var(--preau-color-accent, #1f4e96));
  }
  .slot-head {
    font-weight: 600;
  }
  .mark {
    display: inline-block;
    margin-inline-end: var(--preau-space-2, 0.5em);
    padding: 0 var(--preau-space-2, 0.5em);
    border: 0.0625em solid currentColor;
    border-radius: 1em;
    font-size: var(--preau-font-size-small, 0.875em);
  }
  .mark.scheduled {
    color: var(--preau-color-warning, #7a4300);
  }
  .marks:empty {
    display: none;
  }
  .badge {
    display: inline-block;
    margin-inline-end: var(--preau-space-2, 0.5em);
    padding: 0 var(--preau-space-2, 0.5em);
    border-radius: 1em;
    color: var(--preau-color-on-accent, #fff);
    background: var(--preau-lesson-log-accent, var(--preau-color-accent, #1f4e96));
    font-size: var(--preau-font-size-small, 0.875em);
    font-weight: 600;
  }
  .subject {
    margin-inline-end: var(--preau-space-2, 0.5em);
    font-weight: 700;
  }
  .work-list {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-2, 0.5em);
    padding: 0;
    list-style: none;
  }
  .work {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-1, 0.25em);
    padding: var(--preau-space-2, 0.5em);
    border-radius: var(--preau-radius, 0.25em);
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  .work[data-done='true'] .work-head strong {
    text-decoration: line-through;
  }
  .work-heading {
    font-weight: 700;
  }
  .tick {
    display: inline-flex;
    align-items: center;
    gap: var(--preau-space-2, 0.5em);
    min-height: var(--preau-target-size, 2.25em);
    font-weight: 600;
  }
  .tick input {
    width: 1.4em;
    height: 1.4em;
    margin: 0;
  }
  .done-state[data-done='true'] {
    color: var(--preau-color-success, #1e6b34);
    font-weight: 600;
  }
  .private-note {
    font-style: italic;
  }
  .rich {
    overflow-wrap: anywhere;
  }
  .rich > :first-child {
    margin-top: 0;
  }
  .rich > :last-child {
    margin-bottom: 0;
  }
  .rich table {
    border-collapse: collapse;
    display: block;
    max-width: 100%;
    overflow-x: auto;
  }
  .rich td,
  .rich th {
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    padding: 0 var(--preau-space-1, 0.25em);
  }
  .rich pre {
    white-space: pre-wrap;
  }
  .editor,
  fieldset {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-2, 0.5em);
    min-width: 0;
  }
  fieldset {
    margin: 0;
    padding: var(--preau-space-2, 0.5em) var(--preau-space-3, 0.75em);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
  }
  legend {
    font-weight: 700;
  }
  fieldset.publish label {
    display: flex;
    align-items: center;
    gap: var(--preau-space-2, 0.5em);
    min-height: var(--preau-target-size, 2.25em);
  }
  .work-edit {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-2, 0.5em);
    padding-block-end: var(--preau-space-3, 0.75em);
    border-bottom: 0.0625em solid var(--preau-color-surface-alt, #f2f4f7);
  }
  .work-number {
    font-weight: 700;
  }
  .rte {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-1, 0.25em);
  }
  .rte-label {
    font-weight: 600;
  }
  .rte-toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-1, 0.25em);
  }
  .rte-toolbar .tool {
    padding: 0 var(--preau-space-2, 0.5em);
  }
  .rte-toolbar .tool[aria-pressed='true'] {
    color: var(--preau-color-on-accent, #fff);
    background: var(--preau-color-accent, #1f4e96);
  }
  .rte-area {
    min-height: 6em;
    padding: var(--preau-space-2, 0.5em);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
    background: var(--preau-color-surface, #fff);
    overflow-wrap: anywhere;
  }
  .rte-link {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    align-items: flex-end;
  }
  .workload {
    padding: var(--preau-space-2, 0.5em);
    border-radius: var(--preau-radius, 0.25em);
    background: var(--preau-color-surface-alt, #f2f4f7);
    font-size: var(--preau-font-size-small, 0.875em);
  }
  .workload[data-over='true'] {
    border-inline-start: 0.25em solid var(--preau-color-warning, #7a4300);
  }
  .files {
    padding-inline-start: 1.25em;
  }
  .doc-list {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    padding: 0;
    list-style: none;
  }
  .table-scroll {
    max-width: 100%;
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    min-width: 100%;
  }
  th,
  td {
    padding: var(--preau-space-1, 0.25em) var(--preau-space-2, 0.5em);
    border-bottom: 0.0625em solid var(--preau-color-surface-alt, #f2f4f7);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  tr[data-over='true'] td {
    color: var(--preau-color-warning, #7a4300);
  }
  .row-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-1, 0.25em);
  }
  .feed-url {
    overflow-wrap: anywhere;
    font-family: ui-monospace, monospace;
    font-size: var(--preau-font-size-small, 0.875em);
  }
  .board .board-entry {
    font-size: 1.15em;
  }
  preau-whiteboard {
    display: block;
    min-height: 20em;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    align-items: center;
  }
  @container (max-width: 36em) {
    .slot {
      padding: var(--preau-space-2, 0.5em);
    }
    .actions .button,
    .week-nav .button {
      flex: 1 1 auto;
    }
  }
`;
