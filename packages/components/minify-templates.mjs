// An esbuild plugin that minifies the static text of Lit's `html` and `css` tagged templates at build time, as
// @lit-labs/rollup-plugin-minify-html-literals does for Rollup: runs of white space become one space, CSS comments
// go. esbuild minifies the code around them but leaves template text as written; this is what it misses.
import { readFile } from 'node:fs/promises';

/** The end (index after the closing backtick) of the template literal whose text starts at `i`. */
function scanTemplate(src, i, parts) {
  let text = '';
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      text += c + src[i + 1];
      i += 2;
    } else if (c === '`') {
      parts.push({ text });
      return i + 1;
    } else if (c === '$' && src[i + 1] === '{') {
      parts.push({ text });
      text = '';
      const end = scanExpression(src, i + 2);
      parts.push({ expr: src.slice(i + 2, end) });
      i = end + 1;
    } else {
      text += c;
      i++;
    }
  }
  throw new Error('unterminated template literal');
}

/** The index of the `}` closing an expression that starts at `i` (strings, templates and braces nested). */
function scanExpression(src, i) {
  let depth = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (c === "'" || c === '"') {
      i++;
      while (src[i] !== c) i += src[i] === '\\' ? 2 : 1;
    } else if (c === '`') {
      i = scanTemplate(src, i + 1, []) - 1;
    } else if (c === '/' && src[i + 1] === '/') {
      while (src[i] !== '\n') i++;
    }
    i++;
  }
  throw new Error('unterminated expression');
}

const squeezeHtml = (t) => t.replace(/\s+/g, ' ');
const squeezeCss = (t) =>
  t
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};])\s*/g, '$1')
    .replace(/;}/g, '}');

/** Minifies every `html` and `css` template of a source file (expressions inside them included). */
export function minifyTemplates(src) {
  let out = '';
  let i = 0;
  const tag = /\b(html|css)`/g;
  for (;;) {
    tag.lastIndex = i;
    const m = tag.exec(src);
    if (!m) break;
    out += src.slice(i, m.index + m[0].length);
    const parts = [];
    i = scanTemplate(src, m.index + m[0].length, parts);
    const squeeze = m[1] === 'css' ? squeezeCss : squeezeHtml;
    for (const p of parts) out += 'text' in p ? squeeze(p.text) : `\${${minifyTemplates(p.expr)}}`;
    out += '`';
  }
  return out + src.slice(i);
}

export const minifyTemplatesPlugin = {
  name: 'preau-minify-templates',
  setup(build) {
    build.onLoad({ filter: /packages\/components\/src\/.*\.ts$/ }, async (args) => ({
      contents: minifyTemplates(await readFile(args.path, 'utf8')),
      loader: 'ts',
    }));
  },
};
