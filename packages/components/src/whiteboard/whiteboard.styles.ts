import { css } from 'lit';

export const whiteboardStyles = css`
  :host {
    --preau-whiteboard-height: 36em;
    container-type: inline-size;
  }
  .viewer {
    display: flex;
    flex-direction: column;
    height: var(--preau-whiteboard-height);
    min-height: 18em;
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
    background: var(--preau-color-surface-alt, #f2f4f7);
    position: relative;
    overflow: hidden;
  }
  :host(:fullscreen) .viewer,
  .viewer:fullscreen {
    height: 100vh;
    border-radius: 0;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-2, 0.5em);
    align-items: center;
    padding: var(--preau-space-2, 0.5em);
    background: var(--preau-color-surface, #fff);
    border-bottom: 0.0625em solid var(--preau-color-border, #6e7781);
  }
  .group {
    display: flex;
    flex-wrap: wrap;
    gap: var(--preau-space-1, 0.25em);
    align-items: center;
  }
  .group + .group {
    padding-left: var(--preau-space-2, 0.5em);
    border-left: 0.0625em solid var(--preau-color-surface-alt, #f2f4f7);
  }
  .button {
    padding: 0 var(--preau-space-2, 0.5em);
  }
  .button[aria-pressed='true'] {
    color: var(--preau-color-on-accent, #fff);
    background: var(--preau-color-accent, #1f4e96);
  }
  .swatch {
    width: 1.1em;
    height: 1.1em;
    border-radius: 50%;
    border: 0.0625em solid #1f2328;
    display: inline-block;
  }
  .swatch[data-color='colorBlack'] {
    background: #000000;
  }
  .swatch[data-color='colorRed'] {
    background: #e3000f;
  }
  .swatch[data-color='colorBlue'] {
    background: #1f4e96;
  }
  .swatch[data-color='colorGreen'] {
    background: #008000;
  }
  .swatch[data-color='colorYellow'] {
    background: #ffd400;
  }
  .file {
    position: relative;
  }
  .file input {
    position: absolute;
    inset: 0;
    opacity: 0;
    width: 100%;
    cursor: pointer;
  }
  .file:focus-within {
    outline: 0.15em solid var(--preau-color-focus, #0b57d0);
    outline-offset: 0.1em;
  }
  .page-label {
    min-width: 6.5em;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  .main {
    flex: 1;
    display: flex;
    min-height: 0;
  }
  .thumbnails {
    width: 9em;
    flex: none;
    overflow-y: auto;
    margin: 0;
    padding: var(--preau-space-2, 0.5em);
    list-style: none;
    background: var(--preau-color-surface, #fff);
    border-right: 0.0625em solid var(--preau-color-border, #6e7781);
  }
  .thumbnails h3 {
    font-size: 0.85em;
    margin: var(--preau-space-2, 0.5em) 0 var(--preau-space-1, 0.25em);
    color: var(--preau-color-text-muted, #545d68);
  }
  .thumb {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.2em;
    width: 100%;
    margin: 0 0 var(--preau-space-2, 0.5em);
    padding: 0.25em;
    font: inherit;
    font-size: 0.85em;
    color: inherit;
    background: none;
    border: 0.15em solid transparent;
    border-radius: var(--preau-radius, 0.25em);
    cursor: pointer;
  }
  .thumb[aria-current='page'] {
    border-color: var(--preau-color-accent, #1f4e96);
  }
  .thumb img,
  .thumb svg {
    width: 100%;
    height: auto;
    aspect-ratio: var(--ratio, 4 / 3);
    background: #fff;
    box-shadow: 0 0 0 0.0625em #c9ced6;
    pointer-events: none;
  }
  .stage {
    flex: 1;
    overflow: auto;
    display: flex;
    touch-action: none;
    position: relative;
    outline-offset: -0.2em;
  }
  .page {
    margin: auto;
    position: relative;
    flex: none;
    background: #fff;
    box-shadow: 0 0.1em 0.5em rgb(0 0 0 / 25%);
    user-select: none;
  }
  .page > svg {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    display: block;
  }
  .ink {
    cursor: crosshair;
  }
  .stage[data-tool='view'] .ink {
    cursor: grab;
  }
  .curtain {
    position: absolute;
    left: 0;
    right: 0;
    bottom: 0;
    background: repeating-linear-gradient(90deg, #3d4550 0 1.2em, #343b45 1.2em 2.4em);
    touch-action: none;
  }
  .curtain-handle {
    position: absolute;
    top: 0;
    left: 50%;
    transform: translate(-50%, -50%);
    min-width: var(--preau-target-size, 2.25em);
    min-height: var(--preau-target-size, 2.25em);
    padding: 0 var(--preau-space-3, 0.75em);
    border-radius: 1em;
    border: 0.15em solid #fff;
    background: #343b45;
    color: #fff;
    font: inherit;
    cursor: ns-resize;
  }
  .spotlight {
    pointer-events: none;
  }
  .drop {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    padding: 2em;
    text-align: center;
    font-weight: 600;
    background: rgb(31 78 150 / 88%);
    color: #fff;
    z-index: 2;
  }
  .empty {
    margin: auto;
    padding: 2em;
    max-width: 30em;
    text-align: center;
    color: var(--preau-color-text-muted, #545d68);
  }
  :host([density='board']) .thumbnails {
    width: 11em;
  }
  @container (max-width: 40em) {
    .thumbnails {
      display: none;
    }
    .group + .group {
      border-left: none;
      padding-left: 0;
    }
  }
`;
