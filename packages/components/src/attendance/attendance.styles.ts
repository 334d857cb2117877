import { css } from 'lit';

export const attendanceStyles = css`
  .wrap {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-3, 0.75em);
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.15em;
    font-weight: 700;
  }
  h3 {
    font-size: 1.05em;
  }
  .meta,
  .hint {
    margin: 0;
    color: var(--preau-color-text-muted, #545d68);
    font-size: 0.9em;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    align-items: center;
  }
  .badge {
    display: inline-block;
    padding: 0 var(--preau-space-2, 0.5em);
    border-radius: 1em;
    border: 0.0625em solid currentColor;
    font-size: 0.85em;
  }

  /* roll call */
  .roll {
    display: grid;
    grid-template-columns: minmax(8em, 1fr) auto minmax(5.5em, auto);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
  }
  .roll [role='row'] {
    display: contents;
  }
  .roll [role='row'] > * {
    display: flex;
    align-items: center;
    padding: var(--preau-space-1, 0.25em) var(--preau-space-2, 0.5em);
    border-top: 0.0625em solid var(--preau-color-surface-alt, #f2f4f7);
    min-height: var(--preau-target-size, 2.25em);
  }
  .roll [role='columnheader'] {
    font-weight: 700;
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  .roll .name {
    font-weight: 600;
    gap: var(--preau-space-2, 0.5em);
  }
  .photo {
    width: 2em;
    height: 2em;
    border-radius: 50%;
    object-fit: cover;
  }
  .statuses {
    gap: var(--preau-space-1, 0.25em);
  }
  .statuses:focus-visible {
    outline: 0.15em solid var(--preau-color-focus, #0b57d0);
    outline-offset: -0.15em;
  }
  .st {
    min-width: var(--preau-target-size, 2.25em);
    min-height: var(--preau-target-size, 2.25em);
    margin: 0;
    padding: 0;
    font: inherit;
    font-weight: 700;
    color: var(--preau-color-text, #1f2328);
    background: var(--preau-color-surface, #fff);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
    cursor: pointer;
    touch-action: manipulation;
  }
  .st[aria-pressed='true'] {
    color: var(--preau-color-on-accent, #fff);
    background: var(--preau-color-accent, #1f4e96);
    border-color: var(--preau-color-accent, #1f4e96);
  }
  .st[data-status='absent'][aria-pressed='true'] {
    background: var(--preau-color-danger, #b3261e);
    border-color: var(--preau-color-danger, #b3261e);
  }
  .st[data-status='retard'][aria-pressed='true'] {
    background: var(--preau-color-warning, #7a4300);
    border-color: var(--preau-color-warning, #7a4300);
  }
  .minutes input {
    width: 4.5em;
    min-height: var(--preau-target-size, 2.25em);
    font: inherit;
    padding: 0 var(--preau-space-1, 0.25em);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
  }
  .minutes input[aria-invalid='true'] {
    border-color: var(--preau-color-danger, #b3261e);
  }

  /* week grid */
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-3, 0.75em);
    align-items: flex-end;
  }
  .filters .field {
    margin: 0;
  }
  .check {
    display: flex;
    gap: var(--preau-space-2, 0.5em);
    align-items: center;
    min-height: var(--preau-target-size, 2.25em);
  }
  .week {
    --cell: 1.6em;
    --name: 13em;
    height: var(--preau-attendance-grid-height, 28em);
    overflow: auto;
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
    position: relative;
    contain: strict;
    /* Rows come and go while scrolling: the browser must not "anchor" the scroll position to one of them. */
    overflow-anchor: none;
  }
  .week .body {
    position: relative;
  }
  .week .body > [role='row'] {
    position: absolute;
    left: 0;
  }
  .week-head {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    align-items: center;
    justify-content: space-between;
  }
  :host([density='board']) .week {
    --cell: 2.2em;
  }
  .week [role='row'] {
    display: flex;
    height: var(--row-h, 1.9em);
  }
  .week .head {
    position: sticky;
    top: 0;
    z-index: 2;
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  .week .head + .head {
    top: var(--row-h, 1.9em);
  }
  .week [role='rowheader'],
  .week .corner {
    position: sticky;
    left: 0;
    z-index: 1;
    flex: 0 0 var(--name);
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    padding: 0 var(--preau-space-2, 0.5em);
    background: var(--preau-color-surface, #fff);
    border-right: 0.0625em solid var(--preau-color-border, #6e7781);
    line-height: var(--row-h, 1.9em);
  }
  .week .head .corner {
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  .week .day {
    flex: 0 0 calc(var(--cell) * 8);
    text-align: center;
    font-weight: 700;
    border-right: 0.0625em solid var(--preau-color-border, #6e7781);
    line-height: var(--row-h, 1.9em);
    overflow: hidden;
    white-space: nowrap;
  }
  .week .slot,
  .week [role='gridcell'] {
    flex: 0 0 var(--cell);
    text-align: center;
    line-height: var(--row-h, 1.9em);
  }
  /* smaller hour labels inside the header cell: the cell keeps the grid's column width */
  .week .slot > [aria-hidden] {
    font-size: 0.8em;
  }
  .week [role='gridcell'] {
    font-weight: 700;
    border-bottom: 0.0625em solid var(--preau-color-surface-alt, #f2f4f7);
  }
  /* the last slot of each day (the row header is child 1) */
  .week [role='gridcell']:nth-child(8n + 1) {
    border-right: 0.0625em solid var(--preau-color-border, #6e7781);
  }
  .week [role='gridcell'][data-status='absent'] {
    color: var(--preau-color-danger, #b3261e);
    background: var(--preau-color-danger-surface, #fdecea);
  }
  .week [role='gridcell'][data-status='absent'][data-ok] {
    color: var(--preau-color-success, #1e6b34);
    background: var(--preau-color-success-surface, #e6f4ea);
  }
  /* Justified or not shows by a mark too, not by colour alone. */
  .week [role='gridcell'][data-ok]::after {
    content: '✓';
    font-size: 0.75em;
  }
  .week [role='gridcell'][data-status='retard'] {
    color: var(--preau-color-warning, #7a4300);
    background: var(--preau-color-warning-surface, #fff4e0);
  }
  .week [role='gridcell']:focus {
    outline: 0.15em solid var(--preau-color-focus, #0b57d0);
    outline-offset: -0.15em;
  }
  .notice {
    margin: 0;
    padding: var(--preau-space-2, 0.5em) var(--preau-space-3, 0.75em);
    border-inline-start: 0.25em solid var(--preau-color-warning, #7a4300);
    background: var(--preau-color-warning-surface, #fff4e0);
    border-radius: var(--preau-radius, 0.25em);
  }
  .picker label {
    display: block;
    font-weight: 600;
    margin-bottom: var(--preau-space-1, 0.25em);
  }
  .picker select {
    min-height: var(--preau-target-size, 2.25em);
    max-width: 100%;
    font: inherit;
  }
  .queue-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .queue-list > li {
    padding: var(--preau-space-2, 0.5em) 0;
    border-bottom: 0.0625em solid var(--preau-color-border, #6e7781);
  }
  .queue-list p {
    margin: var(--preau-space-1, 0.25em) 0;
  }
  .queue-who {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    align-items: center;
  }
  .queue-who input {
    width: 1.25em;
    height: 1.25em;
  }
  :host([density='board']) .queue-who input {
    width: 1.75em;
    height: 1.75em;
  }
  .covers .date {
    display: inline-block;
    margin-inline-end: var(--preau-space-2, 0.5em);
    font-weight: 600;
  }

  /* lists (queue, parent view) */
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    padding: var(--preau-space-1, 0.25em) var(--preau-space-2, 0.5em);
    border-bottom: 0.0625em solid var(--preau-color-surface-alt, #f2f4f7);
    vertical-align: middle;
  }
  th {
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  td input[type='checkbox'] {
    width: 1.25em;
    height: 1.25em;
  }
  :host([density='board']) td input[type='checkbox'] {
    width: 1.75em;
    height: 1.75em;
  }
  .state-validee {
    color: var(--preau-color-success, #1e6b34);
  }
  .state-refusee {
    color: var(--preau-color-danger, #b3261e);
  }
  .alert {
    margin: 0;
    padding: var(--preau-space-2, 0.5em);
    color: var(--preau-color-danger, #b3261e);
    background: var(--preau-color-danger-surface, #fdecea);
    border-radius: var(--preau-radius, 0.25em);
    font-weight: 600;
  }
  form {
    max-width: 32em;
  }
  textarea {
    min-height: 4em;
    resize: vertical;
  }

  /* Phones (360 px): the roll call's three columns stack, statuses wrap; tables share the width they have. */
  @container (max-width: 36em) {
    .roll {
      grid-template-columns: minmax(0, 1fr);
    }
    .statuses {
      flex-wrap: wrap;
    }
    table {
      table-layout: fixed;
    }
    th,
    td {
      overflow-wrap: anywhere;
      padding-inline: var(--preau-space-1, 0.25em);
    }
  }
`;
