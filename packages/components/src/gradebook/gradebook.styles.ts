import { css } from 'lit';

/*
 * Sizes in em (host pages set odd root sizes); every inherited property the host could set is reset on :host so
 * hostile host CSS (uppercase, letter-spacing, line-height 0, centred text…) does not reach into the grid.
 */
export const gradebookStyles = css`
  :host {
    color: var(--preau-color-text, #1b1b1b);
    --_border: var(--preau-gradebook-border-color, #767676);
    --_grid-line: var(--preau-gradebook-grid-line-color, #c9c9c9);
    --_header-bg: var(--preau-gradebook-header-background, #eef1f6);
    --_accent: var(--preau-color-accent, #1f4e96);
    --_danger: var(--preau-color-danger, #b3261e);
    --_muted: var(--preau-color-text-muted, #545d68);
    --_cell-pad: 0.3em 0.5em;
    --_cell-min: 4.5em;
  }
  :host > * {
    font-size: var(--preau-gradebook-font-size, var(--preau-font-size, 1em));
  }
  :host([density='board']) > * {
    font-size: var(--preau-gradebook-board-font-size, 1.5em);
  }
  :host([density='board']) {
    --_cell-pad: 0.6em 0.75em;
    --_cell-min: 5em;
  }
  :host > h2,
  h2,
  h3 {
    font-size: 1.15em;
    margin: 0 0 0.5em;
    font-weight: 700;
  }
  h3 {
    font-size: 1.05em;
  }
  table {
    border-collapse: separate;
    border-spacing: 0;
    font-variant-numeric: tabular-nums;
    min-width: 100%;
  }
  th,
  td {
    padding: var(--_cell-pad);
    border-right: 0.0625em solid var(--_grid-line);
    border-bottom: 0.0625em solid var(--_grid-line);
    text-align: end;
    vertical-align: middle;
    min-width: var(--_cell-min);
    background: var(--preau-color-surface, #fff);
    font-weight: normal;
  }
  abbr {
    text-decoration: none;
    color: var(--_muted);
    font-style: italic;
  }
  [part~='alert'] {
    color: var(--_danger);
    font-weight: 700;
  }
  [part~='alert']:empty {
    margin: 0;
  }
  [part~='empty'] {
    padding: 1em;
    border: 0.0625em dashed var(--_border);
    color: var(--_muted);
  }
  [part~='student-view'] section {
    margin-block-end: 1.25em;
  }
  [part~='subject-table'],
  [part~='competences'] {
    border: 0.0625em solid var(--_border);
  }
  [part~='subject-table'] th,
  [part~='competences'] th {
    background: var(--_header-bg);
    font-weight: 700;
  }
  [part~='subject-table'] tbody th,
  [part~='competences'] tbody th {
    background: var(--preau-color-surface, #fff);
    font-weight: normal;
    text-align: start;
  }
  [part~='subject-table'] th:first-child,
  [part~='competences'] th,
  [part~='competences'] td {
    text-align: start;
  }
  [part~='subject-summary'] {
    margin: 0.4em 0 0;
    display: flex;
    gap: 1.5em;
    flex-wrap: wrap;
  }
  [part~='general-average'] {
    font-size: 1.15em;
    font-weight: 700;
  }
  .level {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  .level-code {
    display: inline-block;
    min-width: 1.6em;
    text-align: center;
    font-weight: 700;
    border: 0.0625em solid currentColor;
    border-radius: 0.2em;
  }
  .level-1 .level-code {
    color: #b60000;
  }
  .level-2 .level-code {
    color: #8a4b00;
  }
  .level-3 .level-code {
    color: #18753c;
  }
  .level-4 .level-code {
    color: #000091;
  }

  /* Phones (360 px): the results' tables share the width they have instead of sticking out. */
  @container (max-width: 36em) {
    [part~='subject-table'],
    [part~='competences'] {
      table-layout: fixed;
      width: 100%;
    }
    [part~='subject-table'] :is(th, td),
    [part~='competences'] :is(th, td) {
      min-width: 0;
      overflow-wrap: anywhere;
      padding-inline: 0.25em;
    }
  }
`;
