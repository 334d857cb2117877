import { Parser } from 'htmlparser2';

export { XSS_PAYLOADS } from '../../../../test/support/xss-payloads.js';

/** Tags and attributes that may appear in stored bodies and e-mails (and the e-mail template's own frame). */
const SAFE_TAGS = new Set([
  'html',
  'head',
  'meta',
  'body',
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'sub',
  'sup',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'h1',
  'h2',
  'h3',
  'h4',
  'pre',
  'code',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const SAFE_ATTRIBUTES = new Set([
  'href',
  'title',
  'rel',
  'target',
  'alt',
  'width',
  'height',
  'src',
  'data-preau-src',
  'colspan',
  'rowspan',
  'start',
  'lang',
  'charset',
]);

/**
 * What in `html` could run or load something: a tag or attribute outside the allowlist, an event handler, a URL
 * that is not http(s)/mailto (entities decoded, whitespace and control characters removed as browsers do), an
 * image that would load from the network, a link whose `rel` lacks `noopener noreferrer`, a meta refresh.
 */
export function activeContent(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (!SAFE_TAGS.has(name)) found.push(`<${name}>`);
        if (name === 'meta' && Object.keys(attribs).some((k) => k !== 'charset'))
          found.push('<meta> other than charset');
        for (const [key, value] of Object.entries(attribs)) {
          if (!SAFE_ATTRIBUTES.has(key)) found.push(`${name}[${key}]`);
          // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop them from URLs
          const url = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
          if ((key === 'href' || key === 'data-preau-src') && !/^(https?:|mailto:)/.test(url)) {
            found.push(`${name}[${key}=${value}]`);
          }
          if (key === 'src' && !/^data:image\/(png|jpeg|gif|webp);base64,/.test(url))
            found.push(`${name}[src=${value}]`);
        }
        const rel = (attribs.rel ?? '').split(/\s+/);
        if (name === 'a' && !(rel.includes('noopener') && rel.includes('noreferrer')))
          found.push(`a without rel (${attribs.rel ?? ''})`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}
