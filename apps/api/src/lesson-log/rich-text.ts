/**
 * Rich text of the cahier de textes (a séance's content, a work item's instructions) is hostile input: it is
 * sanitized here, on the server, with sanitize-html and an allow-list, before it is stored. What comes out holds
 * only formatting elements, links in http(s) that open in a new tab without referrer, and table cells' spans:
 * no script, style, event handler, frame, form, image or other active content survives.
 */
import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h3',
  'h4',
  'code',
  'pre',
  'hr',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

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

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
  parseStyleAttributes: false,
  nestingLimit: 50,
  transformTags: {
    // Pasted documents: headings fit the entry's own title level, divisions become paragraphs.
    h1: 'h3',
    h2: 'h3',
    h5: 'h4',
    h6: 'h4',
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

/** The sanitized HTML, trimmed; an empty string when nothing visible is left. */
export function sanitizeRichText(html: string): string {
  const clean = sanitizeHtml(html, OPTIONS).trim();
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
