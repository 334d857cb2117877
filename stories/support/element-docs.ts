/// <reference types="vite/client" />
import reference from '../../docs/elements.md?raw';

/**
 * The docs page's text of an element: what it is; the declarations of its `.data` types and its copy-paste example,
 * both taken from the generated reference (docs/elements.md); then, when given, an example of its `.data` (property
 * mode), the arrays cut to their first items so that the shape stays readable. The tables below the text come
 * from custom-elements.json.
 */
export function elementDocs(tag: string, summary: string, data?: unknown, maxItems = 2): string {
  const section = sectionOf(reference, `## \`<${tag}>\``, '\n## ');
  if (!section)
    throw new Error(`docs/elements.md has no section for <${tag}>: run node scripts/element-reference.mjs`);
  const types = sectionOf(section, '### Data types', '\n### ');
  const example = sectionOf(section, '### Example', '\n### ');
  const json =
    data === undefined
      ? ''
      : `### Exemple de données (\`.data\`)

Les tableaux sont coupés à leurs ${maxItems} premiers éléments.

\`\`\`js
el.data = ${JSON.stringify(trim(data, maxItems), null, 2)};
\`\`\`
`;
  return [summary, types, json, example].filter(Boolean).join('\n\n');
}

/** From the line that starts with `heading` to the next `end` (or the end of the text); '' when absent. */
function sectionOf(text: string, heading: string, end: string): string {
  const start = text.indexOf(heading);
  if (start < 0) return '';
  const stop = text.indexOf(end, start + heading.length);
  return text.slice(start, stop < 0 ? undefined : stop).trim();
}

function trim(value: unknown, maxItems: number): unknown {
  if (Array.isArray(value)) return value.slice(0, maxItems).map((v) => trim(v, maxItems));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trim(v, maxItems)]));
  return value;
}
