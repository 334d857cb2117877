import { css } from 'lit';

export const signInStyles = css`
  [part='base'] {
    max-width: 26em;
    padding: var(--preau-space-4, 1em);
    background: var(--preau-color-surface, #fff);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
  }
  .view-head {
    margin: 0 0 var(--preau-space-3, 0.75em);
  }
  [part='heading'] {
    margin: 0;
    font-size: 1.2em;
    font-weight: 700;
    line-height: 1.25;
  }
  [part='intro'] {
    margin: 0 0 var(--preau-space-3, 0.75em);
  }
  form {
    margin: 0;
  }
  [part='session'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--preau-space-2, 0.5em) var(--preau-space-4, 1em);
  }
  [part='user'] {
    margin: 0;
  }
  [part='password-rules'] {
    margin: 0.25em 0 0;
    padding-inline-start: 1.2em;
  }
  [part='password-rules']:empty {
    display: none;
  }
  [part='password-rules'] [data-code='strong'] {
    list-style: none;
    margin-inline-start: -1.2em;
  }
  [part='profile'] {
    color: var(--preau-color-text-muted, #545d68);
  }
`;
