/**
 * What rich text may hold, per use: the allow-lists the server's sanitizer applies before storing (and before an
 * e-mail leaves) and the elements' renderers apply again before display. Zod-free: elements import it
 * (`@preau/core/rich-text`).
 */
export interface RichTextProfile {
  /** Elements kept (others are removed, their text kept; `RICH_TEXT_DROPPED` go with their content). */
  tags: readonly string[];
  /** Attributes kept, per element; links are forced to `schemes`, a new tab and no referrer. */
  attributes: Readonly<Record<string, readonly string[]>>;
  /** Link schemes (absolute addresses only). */
  schemes: readonly string[];
  /** Elements renamed on the way in (pasted documents' headings fit the page's own levels). */
  renames: Readonly<Record<string, string>>;
}

const INLINE = ['br', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'a'] as const;
const LINK_ATTRIBUTES = ['href', 'title', 'rel', 'target'] as const;
const CELL_ATTRIBUTES = ['colspan', 'rowspan'] as const;
const TABLE = ['table', 'thead', 'tbody', 'tr', 'th', 'td'] as const;

/** The attribute that holds a remote image's address until the reader chooses to show images. */
export const REMOTE_IMAGE_ATTRIBUTE = 'data-preau-src';

/** A message's text: formatting, headings, tables and code as a composer or a pasted e-mail brings them. */
const MESSAGE_TAGS = [
  'p',
  ...INLINE,
  'div',
  'span',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'pre',
  'code',
  'hr',
  ...TABLE,
] as const;
const MESSAGE_ATTRIBUTES = {
  a: LINK_ATTRIBUTES,
  td: CELL_ATTRIBUTES,
  th: CELL_ATTRIBUTES,
  ol: ['start'],
} as const;

export const RICH_TEXT_PROFILES = {
  /**
   * A séance's content and a work item's instructions in the cahier de textes: what a teacher types or pastes
   * from a document (headings at the entry's levels, tables, code).
   */
  lesson: {
    tags: ['p', ...INLINE, 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'code', 'pre', 'hr', ...TABLE],
    attributes: { a: LINK_ATTRIBUTES, td: CELL_ATTRIBUTES, th: CELL_ATTRIBUTES, ol: ['start'] },
    schemes: ['http', 'https'],
    renames: { h1: 'h3', h2: 'h3', h5: 'h4', h6: 'h4', div: 'p' },
  },
  /**
   * A message body: the same formatting plus links to mailto, and images — inline raster ones, remote ones held
   * under `REMOTE_IMAGE_ATTRIBUTE` until the reader asks.
   */
  message: {
    tags: [...MESSAGE_TAGS, 'img'],
    attributes: {
      ...MESSAGE_ATTRIBUTES,
      img: ['alt', 'title', 'width', 'height', 'src', REMOTE_IMAGE_ATTRIBUTE],
    },
    schemes: ['http', 'https', 'mailto'],
    renames: {},
  },
  /** A message as an e-mail carries it: no image at all. */
  mail: {
    tags: MESSAGE_TAGS,
    attributes: MESSAGE_ATTRIBUTES,
    schemes: ['http', 'https', 'mailto'],
    renames: {},
  },
} as const satisfies Record<string, RichTextProfile>;

export type RichTextUse = keyof typeof RICH_TEXT_PROFILES;

/** Elements removed with everything inside them, whatever the use (the rest of a refused element's text is kept). */
export const RICH_TEXT_DROPPED = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'template',
  'title',
  'head',
  'xmp',
  'plaintext',
] as const;

/** Links open in a new tab, tell the target nothing of the page and lend it no ranking. */
export const LINK_REL = 'noopener noreferrer nofollow';

/** A table cell spans 1 to 99 rows or columns. */
export const CELL_SPAN = /^[1-9][0-9]?$/;

/** An ordered list's start, an image's size: a few digits. */
export const SMALL_NUMBER = /^\d{1,4}$/;

/** Images carried in the text itself (raster formats only: an SVG could hold a script). */
export const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/i;

/** An absolute address in one of `schemes` (`['http', 'https']`), normalised; anything else is null. */
export function safeUrl(value: string | null | undefined, schemes: readonly string[]): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return schemes.includes(url.protocol.slice(0, -1)) ? url.href : null;
  } catch {
    return null;
  }
}

/** An address a link may lead to in a message: absolute http(s) or mailto, normalised. */
export function safeLinkUrl(value: string | null | undefined): string | null {
  return safeUrl(value, RICH_TEXT_PROFILES.message.schemes);
}

/** An http(s) URL, normalised (a remote image); javascript:, data:, protocol-relative and garbage are null. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  return safeUrl(value, ['http', 'https']);
}
