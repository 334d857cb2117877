import { css } from 'lit';

/**
 * Theme tokens, declared once per document at zero specificity (`:where(:root)`), so that a host page overrides
 * any of them on `:root`, on `body` or on one element, and every Préau element inherits them through its shadow
 * root. Colours meet WCAG 2.1 AA on the surface colours they are paired with (text ≥ 4.5:1, borders ≥ 3:1).
 * Sizes are in `em`: school sites set odd root sizes (`html { font-size: 13px }`, `62.5%`), so nothing here
 * depends on `rem` or pixels.
 */
export const themeTokens = `:where(:root) {
  --preau-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  --preau-font-size: 1em;
  --preau-line-height: 1.45;
  --preau-color-text: #1f2328;
  --preau-color-text-muted: #545d68;
  --preau-color-surface: #ffffff;
  --preau-color-surface-alt: #f2f4f7;
  --preau-color-border: #6e7781;
  --preau-color-accent: #1f4e96;
  --preau-color-accent-hover: #173b72;
  --preau-color-on-accent: #ffffff;
  --preau-color-focus: #0b57d0;
  --preau-color-danger: #b3261e;
  --preau-color-danger-surface: #fdecea;
  --preau-color-success: #1e6b34;
  --preau-color-success-surface: #e6f4ea;
  --preau-color-warning: #7a4300;
  --preau-color-warning-surface: #fff4e0;
  --preau-radius: 0.25em;
  --preau-space-1: 0.25em;
  --preau-space-2: 0.5em;
  --preau-space-3: 0.75em;
  --preau-space-4: 1em;
  --preau-space-6: 1.5em;
  --preau-target-size: 2.25em;
}`;

const installed = Symbol.for('preau.theme-tokens');

/** Adds the token sheet to the document once, even when several copies of the library are loaded. */
export function installThemeTokens(doc: Document = document): void {
  const holder = doc as Document & { [installed]?: boolean };
  if (holder[installed]) return;
  holder[installed] = true;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(themeTokens);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    // Browsers without constructable stylesheets still get the fallbacks written in `baseStyles`.
  }
}

/**
 * Shared element styles. Host pages' global rules (`* { line-height: 1.1; font-family: serif }`) reach the host
 * element itself and win over `:host` rules, but not the shadow children: so the reset is set on the shadow
 * root's top-level children, and everything inside inherits from there.
 *
 * `density="board"`: interactive-whiteboard mode, text readable from the back of a classroom and targets large
 * enough for a finger (≥ 44 CSS px at any page font size from 13 px up).
 */
export const baseStyles = css`
  :host {
    display: block;
    /* Elements adapt to the width they are given (container queries), not to the viewport's. */
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none !important;
  }
  :host([density='board']) {
    --preau-font-size: 1.375em;
    --preau-target-size: 2.75em;
    --preau-line-height: 1.5;
  }
  :host > * {
    font-family: var(--preau-font-family, system-ui, sans-serif);
    font-size: var(--preau-font-size, 1em);
    line-height: var(--preau-line-height, 1.45);
    color: var(--preau-color-text, #1f2328);
    font-weight: 400;
    font-style: normal;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-align: start;
    text-indent: 0;
    white-space: normal;
    visibility: inherit;
    cursor: auto;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 0.15em solid var(--preau-color-focus, #0b57d0);
    outline-offset: 0.1em;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** Buttons and fields shared by the elements: `<button class="button" data-variant="primary">`, `.field`. */
export const controlStyles = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--preau-space-2, 0.5em);
    min-height: var(--preau-target-size, 2.25em);
    min-width: var(--preau-target-size, 2.25em);
    margin: 0;
    padding: 0 var(--preau-space-4, 1em);
    font: inherit;
    line-height: 1.2;
    color: var(--preau-color-accent, #1f4e96);
    background: var(--preau-color-surface, #fff);
    border: 0.0625em solid var(--preau-color-accent, #1f4e96);
    border-radius: var(--preau-radius, 0.25em);
    cursor: pointer;
  }
  .button[data-variant='primary'] {
    color: var(--preau-color-on-accent, #fff);
    background: var(--preau-color-accent, #1f4e96);
  }
  .button[data-variant='primary']:hover:not(:disabled) {
    background: var(--preau-color-accent-hover, #173b72);
  }
  .button:disabled {
    cursor: not-allowed;
    opacity: 0.65;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--preau-space-1, 0.25em);
    margin: 0 0 var(--preau-space-3, 0.75em);
  }
  .field label {
    font-weight: 600;
  }
  .field input,
  .field select,
  .field textarea {
    min-height: var(--preau-target-size, 2.25em);
    margin: 0;
    padding: var(--preau-space-1, 0.25em) var(--preau-space-2, 0.5em);
    font: inherit;
    color: var(--preau-color-text, #1f2328);
    background: var(--preau-color-surface, #fff);
    border: 0.0625em solid var(--preau-color-border, #6e7781);
    border-radius: var(--preau-radius, 0.25em);
  }
  .field input[aria-invalid='true'] {
    border-color: var(--preau-color-danger, #b3261e);
  }
  .field .hint {
    color: var(--preau-color-text-muted, #545d68);
    font-size: 0.9em;
  }
  .field .field-error {
    color: var(--preau-color-danger, #b3261e);
    font-size: 0.9em;
  }
`;
