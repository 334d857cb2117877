// Reference page of the Préau API: reads /api/v1/openapi.json and lists tags → operations.
// No dependency, no inline script, no innerHTML with document content: it runs under a strict CSP.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const TYPE_NAMES = {
  string: 'texte',
  integer: 'entier',
  number: 'nombre',
  boolean: 'booléen',
  object: 'objet',
  null: 'null',
};

/** Creates an element with attributes and children (strings become text nodes). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const slug = (s) =>
  String(s)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function resolve(doc, schema) {
  let s = schema;
  const seen = new Set();
  while (s?.$ref && !seen.has(s.$ref)) {
    seen.add(s.$ref);
    s = s.$ref
      .split('/')
      .slice(1)
      .reduce((o, k) => (o ? o[k] : undefined), doc);
  }
  return s ?? {};
}

function typeLabel(doc, schema) {
  const s = resolve(doc, schema);
  const name = schema?.$ref ? schema.$ref.split('/').pop() : null;
  if (s.enum) return `une valeur parmi ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (s.const !== undefined) return `= ${JSON.stringify(s.const)}`;
  if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map((x) => typeLabel(doc, x)).join(' ou ');
  const types = (Array.isArray(s.type) ? s.type : [s.type || (s.properties ? 'object' : 'valeur')]).map(
    (x) => TYPE_NAMES[x] ?? x,
  );
  let t = types.join(' ou ');
  if (s.type === 'array') t = `liste de ${typeLabel(doc, s.items)}`;
  const extras = [];
  if (s.format) extras.push(s.format);
  if (s.minLength !== undefined) extras.push(`≥ ${s.minLength} car.`);
  if (s.maxLength !== undefined) extras.push(`≤ ${s.maxLength} car.`);
  if (s.minimum !== undefined) extras.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) extras.push(`≤ ${s.maximum}`);
  if (s.pattern) extras.push(`motif ${s.pattern}`);
  return [name, t, extras.length ? `(${extras.join(', ')})` : ''].filter(Boolean).join(' ');
}

function schemaTree(doc, schema, depth = 0) {
  // Every error has the same shape: point at its description instead of repeating it.
  if (schema?.$ref === '#/components/schemas/Problem') {
    return h('a', { href: '#erreurs' }, 'Problem (voir Erreurs)');
  }
  const s = resolve(doc, schema);
  const props = s.properties || (s.type === 'array' && resolve(doc, s.items).properties);
  const required = new Set(s.required || (s.type === 'array' ? resolve(doc, s.items).required : []) || []);
  if (!props || depth > 5) return h('span', { class: 'muted' }, typeLabel(doc, schema));
  return h(
    'ul',
    {},
    Object.entries(props).map(([name, sub]) =>
      h(
        'li',
        {},
        h('code', {}, name),
        required.has(name) ? h('span', { class: 'req' }, ' obligatoire') : '',
        ' — ',
        typeLabel(doc, sub),
        resolve(doc, sub).description
          ? h('span', { class: 'muted' }, ` : ${resolve(doc, sub).description}`)
          : '',
        resolve(doc, sub).properties || resolve(doc, sub).type === 'array'
          ? schemaTree(doc, sub, depth + 1)
          : '',
      ),
    ),
  );
}

function paragraphs(text) {
  return String(text || '')
    .split(/\n\n+/)
    .filter(Boolean)
    .map((p) => h('p', {}, p.replace(/\*\*/g, '')));
}

function operation(doc, path, method, op) {
  const id = `op-${method}-${slug(path)}`;
  const params = (op.parameters || []).map((p) => resolve(doc, p));
  const body = op.requestBody ? resolve(doc, op.requestBody) : null;
  return h(
    'details',
    {
      class: 'op',
      id,
      'data-search': `${method} ${path} ${op.summary || ''} ${(op.tags || []).join(' ')}`.toLowerCase(),
    },
    h(
      'summary',
      {},
      h('span', { class: `method m-${method}` }, method),
      h('span', { class: 'path' }, path),
      h('span', {}, op.summary || ''),
    ),
    h(
      'div',
      {},
      paragraphs(op.description),
      params.length
        ? [
            h('h3', {}, 'Paramètres'),
            h(
              'table',
              {},
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, 'Nom'),
                  h('th', {}, 'Où'),
                  h('th', {}, 'Type'),
                  h('th', {}, 'Obligatoire'),
                ),
              ),
              h(
                'tbody',
                {},
                params.map((p) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, h('code', {}, p.name)),
                    h('td', {}, p.in),
                    h('td', {}, typeLabel(doc, p.schema)),
                    h('td', {}, p.required ? 'oui' : 'non'),
                  ),
                ),
              ),
            ),
          ]
        : '',
      body
        ? [
            h('h3', {}, 'Corps de la requête'),
            Object.entries(body.content || {}).map(([type, media]) =>
              h('div', { class: 'schema' }, h('p', {}, h('code', {}, type)), schemaTree(doc, media.schema)),
            ),
          ]
        : '',
      h('h3', {}, 'Réponses'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h('tr', {}, h('th', {}, 'Statut'), h('th', {}, 'Description'), h('th', {}, 'Contenu')),
        ),
        h(
          'tbody',
          {},
          Object.entries(op.responses || {}).map(([status, r]) => {
            const res = resolve(doc, r);
            return h(
              'tr',
              {},
              h('td', {}, status),
              h('td', {}, res.description || ''),
              h(
                'td',
                { class: 'schema' },
                Object.entries(res.content || {}).map(([type, media]) =>
                  h('div', {}, h('code', {}, type), ' ', schemaTree(doc, media.schema)),
                ),
              ),
            );
          }),
        ),
      ),
    ),
  );
}

function render(doc) {
  const main = document.getElementById('contenu');
  const nav = document.getElementById('sommaire');
  document.getElementById('intro').textContent = doc.info?.description || '';
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] || 'Autres';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operation(doc, path, method, op));
    }
  }
  const tags = [...byTag.keys()].sort((a, b) => a.localeCompare(b, 'fr'));
  nav.replaceChildren(
    h(
      'ul',
      {},
      tags.map((t) => h('li', {}, h('a', { href: `#tag-${slug(t)}` }, `${t} (${byTag.get(t).length})`))),
      h('li', {}, h('a', { href: '#erreurs' }, 'Erreurs')),
    ),
  );
  main.replaceChildren(
    ...tags.map((t) => h('section', { class: 'tag', id: `tag-${slug(t)}` }, h('h2', {}, t), byTag.get(t))),
    h(
      'section',
      { class: 'tag', id: 'erreurs' },
      h('h2', {}, 'Erreurs (application/problem+json)'),
      h(
        'p',
        {},
        'Chaque erreur porte type, title, status, detail et, pour une donnée invalide, errors[] qui nomme chaque champ fautif.',
      ),
      h(
        'dl',
        {},
        (doc['x-problem-types'] || []).map((p) => [
          h('dt', { id: p.type.split('#')[1] }, h('code', {}, p.type)),
          h('dd', {}, p.title),
        ]),
      ),
    ),
  );
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

function filter(query) {
  const q = query.trim().toLowerCase();
  for (const op of document.querySelectorAll('details.op'))
    op.hidden = q !== '' && !op.dataset.search.includes(q);
  for (const section of document.querySelectorAll('section.tag')) {
    const ops = section.querySelectorAll('details.op');
    section.hidden = ops.length > 0 && [...ops].every((op) => op.hidden);
  }
}

async function main() {
  document.getElementById('filtre').addEventListener('input', (e) => filter(e.target.value));
  try {
    const res = await fetch('/api/v1/openapi.json', { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    render(await res.json());
  } catch (err) {
    document
      .getElementById('contenu')
      .replaceChildren(
        h(
          'p',
          { class: 'error', role: 'alert' },
          `La description de l’API n’a pas pu être chargée (${err.message}).`,
        ),
      );
  }
}

main();
