import { css } from 'lit';

export const statusStyles = css`
  .status[data-tone='idle'] {
    margin: 0;
    padding: 0;
  }
  .status:not([data-tone='idle']) {
    display: block;
    margin: 0 0 var(--preau-space-3, 0.75em);
    padding: var(--preau-space-2, 0.5em) var(--preau-space-3, 0.75em);
    border-inline-start: 0.25em solid var(--preau-color-accent, #1f4e96);
    border-radius: var(--preau-radius, 0.25em);
    background: var(--preau-color-surface-alt, #f2f4f7);
  }
  .status[data-tone='success'] {
    border-color: var(--preau-color-success, #1e6b34);
    background: var(--preau-color-success-surface, #e6f4ea);
  }
  .status[data-tone='error'] {
    border-color: var(--preau-color-danger, #b3261e);
    background: var(--preau-color-danger-surface, #fdecea);
  }
  .status-title {
    margin: 0;
    font-weight: 600;
  }
  .status-detail {
    margin: var(--preau-space-1, 0.25em) 0 0;
  }
  .status-errors {
    margin: var(--preau-space-1, 0.25em) 0 0;
    padding-inline-start: 1.25em;
  }
`;
