/**
 * Rich text people write (a séance's content, a work item's instructions, a message) is hostile input: it is
 * sanitized here, on the server, with sanitize-html and the allow-list of its use (`RICH_TEXT_PROFILES`), before it
 * is stored or mailed. What comes out holds only formatting elements, links to absolute addresses in the profile's
 * schemes that open in a new tab without referrer, table cells' spans and, where the profile keeps images, inline
 * raster ones: no script, style, event handler, frame, form, SVG or other active content survives.
 * The elements sanitize again on display with the same lists (`@preau/core/rich-text`).
 */

import {
  CELL_SPAN,
  INLINE_IMAGE,
  LINK_REL,
  REMOTE_IMAGE_ATTRIBUTE,
  RICH_TEXT_DROPPED,
  RICH_TEXT_PROFILES,
  type RichTextUse,
  SMALL_NUMBER,
  safeUrl,
} from '@preau/core';
import { compile, type HtmlToTextOptions } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

/** What a use adds to its profile on the server. */
export interface RichTextHooks {
  /**
   * Adds attributes to an image the sanitizer kept (`kept`: its safe ones) from the original's (`attribs`), e.g.
   * a remote address held under `REMOTE_IMAGE_ATTRIBUTE`. An image left with no source is dropped.
   */
  image?: (attribs: sanitizeHtml.Attributes, kept: sanitizeHtml.Attributes) => void;
}

/** Table cells keep a span of 1 to 99 only. */
function cell(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const kept: sanitizeHtml.Attributes = {};
  for (const name of ['colspan', 'rowspan']) {
    if (CELL_SPAN.test(attribs[name] ?? '')) kept[name] = attribs[name]!;
  }
  return { tagName, attribs: kept };
}

function optionsOf(use: RichTextUse, hooks: RichTextHooks): sanitizeHtml.IOptions {
  const profile = RICH_TEXT_PROFILES[use];
  const images = (profile.tags as readonly string[]).includes('img');
  return {
    allowedTags: [...profile.tags],
    allowedAttributes: Object.fromEntries(
      Object.entries(profile.attributes).map(([tag, names]) => [tag, [...names]]),
    ),
    allowedSchemes: [...profile.schemes],
    allowedSchemesByTag: images ? { img: ['data'] } : {},
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    allowedStyles: {},
    disallowedTagsMode: 'discard',
    nonTextTags: [...RICH_TEXT_DROPPED],
    parseStyleAttributes: false,
    nestingLimit: 50,
    transformTags: {
      // A rename to a refused element would leave its closing tag behind: profiles rename to kept ones only.
      ...profile.renames,
      a: (_tag, attribs) => {
        const href = safeUrl(attribs.href, profile.schemes); // attributes arrive with their entities decoded
        return {
          tagName: 'a',
          attribs: {
            ...(href ? { href } : {}), // and the scheme allow-list checks it once more
            ...(attribs.title ? { title: attribs.title } : {}),
            rel: LINK_REL,
            target: '_blank',
          },
        };
      },
      td: cell,
      th: cell,
      ...(images
        ? {
            img: (_tag: string, attribs: sanitizeHtml.Attributes) => {
              const kept: sanitizeHtml.Attributes = {};
              for (const name of ['alt', 'title'] as const) if (attribs[name]) kept[name] = attribs[name];
              for (const name of ['width', 'height'] as const) {
                if (SMALL_NUMBER.test(attribs[name] ?? '')) kept[name] = attribs[name]!;
              }
              const src = (attribs.src ?? '').trim();
              if (INLINE_IMAGE.test(src)) kept.src = src;
              hooks.image?.(attribs, kept);
              return { tagName: 'img', attribs: kept };
            },
          }
        : {}),
    },
    // An image left with neither an inline source nor a held remote address shows nothing: drop it.
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && !frame.attribs.src && !frame.attribs[REMOTE_IMAGE_ATTRIBUTE],
  };
}

const PLAIN = Object.fromEntries(
  (Object.keys(RICH_TEXT_PROFILES) as RichTextUse[]).map((use) => [use, optionsOf(use, {})]),
) as Record<RichTextUse, sanitizeHtml.IOptions>;

/**
 * The sanitized HTML for a use (`lesson`: a séance's content or a work's instructions; `message`: a message body;
 * `mail`: a stored body on its way into an e-mail), trimmed; an empty string when nothing visible is left (no text,
 * no image). Elements a profile refuses lose their tags, not their text.
 */
export function sanitizeRichText(html: string, use: RichTextUse = 'lesson', hooks?: RichTextHooks): string {
  const clean = sanitizeHtml(html, hooks ? optionsOf(use, hooks) : PLAIN[use]).trim();
  return visible(clean) ? clean : '';
}

/** Whether sanitized HTML shows anything: some text, or an image (its markup is sanitize-html's, well-formed). */
function visible(clean: string): boolean {
  return clean.includes('<img') || clean.replace(/<[^>]*>|&nbsp;|&#160;/g, '').trim() !== '';
}

const HEADING = { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 };

const TO_TEXT: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'ul', options: { itemPrefix: '• ' } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: HEADING })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

const toText = compile(TO_TEXT);

/**
 * Plain text of (sanitized) HTML for calendars, the printed archive, message search, excerpts and e-mails:
 * entities decoded, one line per block or list item (bulleted), a link's address after its text, tables in columns.
 */
export function htmlToText(html: string): string {
  return toText(html)
    .split('\n')
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ''))
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
