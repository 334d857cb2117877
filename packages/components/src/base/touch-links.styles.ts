import { css } from 'lit';

/**
 * Links in text a person reads (a message's body, an entry of the cahier de textes, its downloads): put the class
 * `touch-links` on their container. Where targets are a finger's — a phone-wide container and board density, as
 * `--preau-target-size` — each link becomes a box of at least that size (44 px), still sitting in its line of
 * text; elsewhere a link stays plain inline text, the sentence's lines as they were.
 */
export const touchLinkStyles = css`
  .touch-links a {
    display: var(--touch-link-display, inline);
    align-items: center;
    min-width: var(--touch-link-size, 0);
    min-height: var(--touch-link-size, 0);
    max-width: 100%;
  }
  :host([density='board']) .touch-links {
    --touch-link-display: inline-flex;
    --touch-link-size: var(--preau-target-size, 2.75em);
  }
  @container (max-width: 36em) {
    .touch-links {
      --touch-link-display: inline-flex;
      --touch-link-size: var(--preau-target-size, 2.75em);
    }
  }
`;
