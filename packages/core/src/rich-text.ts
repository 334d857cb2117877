/**
 * What rich text may hold, per use: the allow-lists the server's sanitizer applies before storing and the elements'
 * sanitizer applies again before display. Zod-free: elements import it (`@preau/core/rich-text`).
 */
export interface RichTextProfile {
  /** Elements kept (others are removed, their text kept; scripts, styles, frames… go with their content). */
  tags: readonly string[];
  /** Attributes kept, per element; links are forced to http(s), a new tab and no referrer. */
  attributes: Readonly<Record<string, readonly string[]>>;
}

const INLINE = ['br', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'a'] as const;
const LINK_ATTRIBUTES = ['href', 'title', 'rel', 'target'] as const;

export const RICH_TEXT_PROFILES = {
  /**
   * A séance's content and a work item's instructions in the cahier de textes: what a teacher types or pastes
   * from a document (headings, tables, code).
   */
  lesson: {
    tags: [
      'p',
      ...INLINE,
      'ul',
      'ol',
      'li',
      'blockquote',
      'h3',
      'h4',
      'code',
      'pre',
      'hr',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
    ],
    attributes: {
      a: LINK_ATTRIBUTES,
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
      ol: ['start'],
    },
  },
  /** A message: paragraphs, emphasis, lists, quotes and links. */
  message: {
    tags: ['p', ...INLINE, 'ul', 'ol', 'li', 'blockquote'],
    attributes: { a: LINK_ATTRIBUTES, ol: ['start'] },
  },
} as const satisfies Record<string, RichTextProfile>;

export type RichTextUse = keyof typeof RICH_TEXT_PROFILES;

/** Link schemes rich text may point to. */
export const RICH_TEXT_SCHEMES = ['http', 'https'] as const;
