/**
 * The docs page's text of an element: what it is, then a copy-paste example of its `.data` (property mode), the
 * arrays cut to their first items so that the shape stays readable. The tables below it come from
 * custom-elements.json.
 */
export function describeWithData(summary: string, data: unknown, typeName: string, maxItems = 2): string {
  const json = JSON.stringify(trim(data, maxItems), null, 2);
  return `${summary}

#### Données en mode propriété (\`.data\`, type \`${typeName}\`)

Les tableaux sont coupés à leurs ${maxItems} premiers éléments ; la référence complète des éléments est dans \`docs/elements.md\`.

\`\`\`js
el.data = ${json};
\`\`\``;
}

function trim(value: unknown, maxItems: number): unknown {
  if (Array.isArray(value)) return value.slice(0, maxItems).map((v) => trim(v, maxItems));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, trim(v, maxItems)]));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trim(v, maxItems)]));
  return value;
}
