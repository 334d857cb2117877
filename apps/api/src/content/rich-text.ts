/**
 * Rich text people write (a séance's content, a work item's instructions, later a message) is hostile input: it is
 * sanitized here, on the server, with sanitize-html and an allow-list per use (`RICH_TEXT_PROFILES`), before it is
 * stored. What comes out holds only formatting elements, links in http(s) that open in a new tab without referrer,
 * and table cells' spans: no script, style, event handler, frame, form, image or other active content survives.
 * The elements sanitize again on display with the same lists (`@preau/core/rich-text`).
 */

import { RICH_TEXT_PROFILES, RICH_TEXT_SCHEMES, type RichTextUse } from '@preau/core';
import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

/** Elements removed with everything inside them (the rest of a refused element's text is kept). */
const DROPPED_WITH_CONTENT = [
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
];

const SPAN = /^[1-9][0-9]?$/;

/** Table cells keep a span of 1 to 99 only. */
function cell(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const kept: sanitizeHtml.Attributes = {};
  for (const name of ['colspan', 'rowspan']) {
    if (SPAN.test(attribs[name] ?? '')) kept[name] = attribs[name]!;
  }
  return { tagName, attribs: kept };
}

function optionsOf(use: RichTextUse): sanitizeHtml.IOptions {
  const profile = RICH_TEXT_PROFILES[use];
  const headings = (profile.tags as readonly string[]).includes('h3');
  return {
    allowedTags: [...profile.tags],
    allowedAttributes: Object.fromEntries(
      Object.entries(profile.attributes).map(([tag, names]) => [tag, [...names]]),
    ),
    allowedSchemes: [...RICH_TEXT_SCHEMES],
    allowedSchemesByTag: {},
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WITH_CONTENT,
    parseStyleAttributes: false,
    nestingLimit: 50,
    transformTags: {
      // Pasted documents: headings fit the entry's own title level (where headings are kept: a transform to a
      // refused element would leave its closing tag behind), divisions become paragraphs.
      ...(headings ? { h1: 'h3', h2: 'h3', h5: 'h4', h6: 'h4' } : {}),
      div: 'p',
      a: (_tag, attribs) => ({
        tagName: 'a',
        attribs: {
          ...(attribs.href ? { href: attribs.href } : {}),
          ...(attribs.title ? { title: attribs.title } : {}),
          rel: 'noopener noreferrer nofollow',
          target: '_blank',
        },
      }),
      td: cell,
      th: cell,
    },
  };
}

const OPTIONS = Object.fromEntries(
  (Object.keys(RICH_TEXT_PROFILES) as RichTextUse[]).map((use) => [use, optionsOf(use)]),
) as Record<RichTextUse, sanitizeHtml.IOptions>;

/**
 * The sanitized HTML for a use (`lesson`: a séance's content or a work's instructions; `message`), trimmed; an
 * empty string when nothing visible is left. Elements a profile refuses lose their tags, not their text.
 */
export function sanitizeRichText(html: string, use: RichTextUse = 'lesson'): string {
  const clean = sanitizeHtml(html, OPTIONS[use]).trim();
  return htmlToText(clean) === '' ? '' : clean;
}

const BLOCKS = new Set(['p', 'h3', 'h4', 'blockquote', 'pre', 'tr', 'table', 'ul', 'ol', 'hr']);

/**
 * Plain text of (sanitized) HTML for calendars and the printed archive: entities decoded, one line per block or
 * list item (bulleted), cells separated by tabs.
 */
export function htmlToText(html: string): string {
  let out = '';
  let pre = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'br') out += '\n';
        else if (name === 'li') out += '\n• ';
        else if (name === 'td' || name === 'th') out += '\t';
        else if (BLOCKS.has(name)) out += '\n';
        if (name === 'pre') pre++;
      },
      ontext(text) {
        out += pre > 0 ? text : text.replace(/\s+/g, ' ');
      },
      onclosetag(name) {
        if (BLOCKS.has(name)) out += '\n';
        if (name === 'pre') pre--;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out
    .split('\n')
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, ''))
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
