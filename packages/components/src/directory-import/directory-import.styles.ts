import { css } from 'lit';

export const directoryImportStyles = css`
  [part='base'] {
    padding: var(--preau-space-4, 1em);
    background: var(--preau-color-surface, #fff);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
  }
  h2,
  h3,
  h4 {
    margin: 0 0 var(--preau-space-3, 0.75em);
    font-size: 1.2em;
    font-weight: 700;
    line-height: 1.25;
  }
  h3,
  h4 {
    font-size: 1.05em;
    margin-top: var(--preau-space-4, 1em);
  }
  p {
    margin: 0 0 var(--preau-space-3, 0.75em);
  }
  input[type='file'] {
    max-width: 100%;
  }
  [part='actions'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--preau-space-2, 0.5em);
  }
  [part='progress'] {
    width: 100%;
    height: 0.5em;
    margin: var(--preau-space-2, 0.5em) 0;
  }
  [part='table-scroll'] {
    max-width: 100%;
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: var(--preau-space-1, 0.25em) var(--preau-space-2, 0.5em);
    border-bottom: 0.0625em solid var(--preau-color-border, #6e7781);
    text-align: end;
  }
  th[scope='row'],
  thead th:first-child {
    text-align: start;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: var(--preau-space-1, 0.25em);
  }
  [part='warnings'] li {
    color: var(--preau-color-danger, #b3261e);
  }
  summary {
    cursor: pointer;
    min-height: var(--preau-target-size, 2.25em);
    display: flex;
    align-items: center;
  }
  [part='entries'] {
    max-height: 20em;
    overflow-y: auto;
    margin: 0;
    padding-inline-start: 1.25em;
    overflow-wrap: anywhere;
  }
  @container (max-width: 36em) {
    [part='actions'] .button {
      flex: 1 1 auto;
    }
  }
  .sheet-list {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    margin: 0;
    padding: 0;
    list-style: none;
  }
`;
