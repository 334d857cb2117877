import { css } from 'lit';

/** The teacher's grid and forms: loaded with the teacher's half (teacher.view.ts), added to the element's styles. */
export const teacherStyles = css`
  [part~='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
    margin-block-end: 0.5em;
  }
  .help {
    font-size: var(--preau-font-size-small, 0.875em);
    color: var(--_muted);
    margin: 0 0 0.5em;
  }
  [role='gridcell']:focus-visible,
  [role='rowheader']:focus-visible {
    outline: 0.1875em solid var(--preau-color-focus, #0a76f6);
    outline-offset: -0.1875em;
  }
  [part~='scroller'] {
    overflow: auto;
    max-height: var(--preau-gradebook-max-height, 32em);
    border: 0.0625em solid var(--_border);
    /* focus scrolling keeps the active cell clear of the sticky header and name column */
    scroll-padding-top: 3.5em;
    scroll-padding-bottom: 0.5em;
    scroll-padding-left: 12em;
  }
  [part~='grid'] thead th {
    position: sticky;
    top: 0;
    z-index: 2;
    background: var(--_header-bg);
    text-align: center;
    font-size: var(--preau-font-size-small, 0.875em);
    line-height: 1.25;
    vertical-align: bottom;
  }
  [part~='grid'] thead th .eval-title {
    display: block;
    font-weight: 700;
    max-width: 9em;
    overflow-wrap: anywhere;
  }
  [part~='grid'] thead th .eval-meta {
    display: block;
    color: var(--_muted);
    white-space: nowrap;
  }
  [part~='grid'] thead th:first-child {
    z-index: 3;
  }
  [part~='stats-row']:first-child th,
  [part~='stats-row']:first-child td {
    border-top: 0.125em solid var(--_border);
  }
  [part~='grid'] [tabindex='0'] {
    box-shadow: inset 0 0 0 0.125em var(--_accent);
  }
  [aria-invalid='true'] {
    background: #fee9e9;
    box-shadow: inset 0 0 0 0.125em var(--_danger);
  }
  .pending {
    color: var(--_muted);
  }
  td.editing {
    padding: 0;
  }
  [part~='editor'] {
    font: inherit;
    width: 100%;
    min-width: var(--_cell-min);
    min-height: 2.2em;
    text-align: end;
    border: 0.125em solid var(--_accent);
    padding: 0.2em 0.4em;
    background: #fff;
    color: inherit;
  }
  [part~='editor'][aria-invalid='true'] {
    border-color: var(--_danger);
  }
  [part~='evaluation-form'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(12em, 1fr));
    gap: 0.6em 1em;
    padding: 0.75em;
    margin-block-end: 0.75em;
    border: 0.0625em solid var(--_border);
    border-radius: 0.25em;
  }
  [part~='evaluation-form'] .form-title {
    grid-column: 1 / -1;
  }
  [part~='evaluation-form'] .actions {
    display: flex;
    gap: 0.5em;
    align-items: end;
    grid-column: 1 / -1;
  }
  [part~='name'],
  [part~='grid'] thead th:first-child {
    position: sticky;
    left: 0;
    z-index: 1;
    text-align: start;
    white-space: nowrap;
    min-width: 11em;
    border-right: 0.125em solid var(--_border);
  }
  [part~='average'],
  [part~='average-header'] {
    font-weight: 700;
    border-left: 0.125em solid var(--_border);
  }
  [part~='stats'] th,
  [part~='stats'] td {
    background: var(--_header-bg);
  }
  [role='gridcell'],
  [role='rowheader'] {
    cursor: cell;
  }
  @media (forced-colors: active) {
    [part~='grid'] [tabindex='0'] {
      outline: 0.125em solid Highlight;
    }
  }
`;
