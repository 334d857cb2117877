import {
  LINK_REL,
  RICH_TEXT_DROPPED,
  RICH_TEXT_PROFILES,
  type RichTextProfile,
  type RichTextUse,
} from '@preau/core/rich-text';
import type { DOMPurify as Purifier } from 'dompurify';
import { html, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { htmlText } from '../base/html-text.js';

/**
 * Rich text of the cahier de textes, sanitized again on the way to the screen (the server did it before storing;
 * this is the second wall, should a stored value or a host's `.data` be hostile): DOMPurify with the same
 * allow-list per use as the server (`@preau/core/rich-text`), attributes per element, links only in the profile's
 * schemes, opened in a new tab without referrer. DOMPurify is loaded on first use (a chunk beside the bundle); until then the
 * text is shown without its formatting, parsed in an inert document.
 */
/** One sanitizer per page, shared by every element (its hooks are installed once). */
let shared: Purifier | undefined;
let loading: Promise<Purifier> | undefined;
/** The profile of the `sanitize` call under way (DOMPurify's hooks are shared and run synchronously inside it). */
let current: RichTextProfile = RICH_TEXT_PROFILES.lesson;

function loadPurifier(): Promise<Purifier> {
  loading ??= import('dompurify').then(({ default: create }) => {
    const purify = create(window);
    purify.addHook('uponSanitizeAttribute', (node, data) => {
      const allowed = current.attributes[node.nodeName.toLowerCase()] ?? [];
      if (!allowed.includes(data.attrName)) data.keepAttr = false;
    });
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (node.nodeName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', LINK_REL);
      }
    });
    shared = purify;
    return purify;
  });
  return loading;
}

export class RichText {
  constructor(private readonly onReady: () => void) {}

  get ready(): boolean {
    return shared !== undefined;
  }

  /** Loads the sanitizer (once per page); resolves when `clean()` answers. */
  async load(): Promise<Purifier> {
    const purify = await loadPurifier();
    this.onReady();
    return purify;
  }

  /** The sanitized HTML, or null while the sanitizer loads (it is then asked for). */
  clean(value: unknown, use: RichTextUse = 'lesson'): string | null {
    if (typeof value !== 'string') return '';
    if (!shared) {
      void this.load();
      return null;
    }
    current = RICH_TEXT_PROFILES[use];
    return shared.sanitize(value, {
      ALLOWED_TAGS: [...current.tags],
      ALLOWED_ATTR: ALL_ATTRIBUTES,
      ALLOWED_URI_REGEXP: uriPattern(current),
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      KEEP_CONTENT: true,
      ADD_FORBID_CONTENTS: [...RICH_TEXT_DROPPED],
    });
  }

  /** The rich text as formatted, sanitized content (or its plain text until the sanitizer has loaded). */
  render(value: unknown, use: RichTextUse = 'lesson'): TemplateResult {
    const clean = this.clean(value, use);
    return clean === null
      ? html`<div class="rich touch-links">${htmlText(String(value), 'line')}</div>`
      : html`<div class="rich touch-links">${unsafeHTML(clean)}</div>`;
  }
}

/** Absolute addresses in the profile's schemes (`https://…`, `mailto:…`). */
function uriPattern(profile: RichTextProfile): RegExp {
  const starts = profile.schemes.map((scheme) => (scheme === 'mailto' ? 'mailto:' : `${scheme}://`));
  return new RegExp(`^(?:${starts.join('|')})`, 'i');
}

const ALL_ATTRIBUTES = [
  ...new Set(Object.values(RICH_TEXT_PROFILES).flatMap((p) => Object.values(p.attributes).flat())),
];
