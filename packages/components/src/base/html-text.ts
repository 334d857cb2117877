/** Elements that start a line of their own. */
const BLOCKS = new Set([
  'P',
  'DIV',
  'LI',
  'UL',
  'OL',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'PRE',
  'TABLE',
  'TR',
]);
/** Elements whose text a browser never shows. */
const HIDDEN = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'TITLE']);

/**
 * The text of some HTML, read from an inert document (nothing in it runs or loads): `'lines'` puts each block on a
 * line of its own (an empty paragraph is an empty line: a draft back in a text area), `'line'` makes one line of it
 * (a stand-in for formatted text, a summary).
 */
export function htmlText(html: string, layout: 'line' | 'lines'): string {
  if (!html) return '';
  const body = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body;
  const text = textOf(body);
  if (layout === 'line') return text.replace(/\s+/g, ' ').trim();
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** The text under a node, each block ending with one line break (nested blocks share theirs). */
function textOf(root: Node): string {
  let out = '';
  const atLineStart = () => out === '' || out.endsWith('\n');
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        const data = (child as Text).data;
        // White space between blocks is the source's layout, not text.
        if (!atLineStart() || data.trim() !== '') out += data;
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = (child as Element).tagName;
      if (HIDDEN.has(tag)) continue;
      if (tag === 'BR') out += '\n';
      else if (!BLOCKS.has(tag)) walk(child);
      else {
        if (!atLineStart()) out += '\n';
        const start = out.length;
        walk(child);
        // An empty block is an empty line.
        if (out.length === start || !out.endsWith('\n')) out += '\n';
      }
    }
  };
  walk(root);
  return out;
}
