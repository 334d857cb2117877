// The declarations behind an element's `data` type, as written in the sources (JSDoc included), for the generated
// reference: starting from the type named in custom-elements.json, every type it names that the element's module
// imports (from its folder, the shared base or @preau/core) is followed, breadth first.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const COMPONENTS = join(ROOT, 'packages/components');
const CORE_SRC = join(ROOT, 'packages/core/src');
/** Enough to show the shape; the rest is in the sources the reference names. */
const MAX_DECLARATIONS = 40;

const sources = new Map();
function source(file) {
  if (!sources.has(file)) sources.set(file, existsSync(file) ? readFileSync(file, 'utf8') : '');
  return sources.get(file);
}

/** The file an import specifier names, or null for packages other than @preau/core. */
function target(from, specifier) {
  if (specifier.startsWith('@preau/core/'))
    return join(CORE_SRC, `${specifier.slice('@preau/core/'.length)}.ts`);
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
  return null;
}

/** The names a file imports or re-exports by name: local name → [file, exported name]; and its `export *` files. */
function importsOf(file) {
  const named = new Map();
  const star = [];
  const text = source(file);
  for (const m of text.matchAll(/(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g)) {
    const to = target(file, m[2]);
    if (!to) continue;
    for (const part of m[1].split(',')) {
      const [orig, alias] = part
        .replace(/\btype\s+/, '')
        .trim()
        .split(/\s+as\s+/);
      if (orig) named.set(alias ?? orig, [to, orig]);
    }
  }
  for (const m of text.matchAll(/export\s+\*\s+from\s+'([^']+)'/g)) {
    const to = target(file, m[1]);
    if (to) star.push(to);
  }
  return { named, star };
}

/**
 * The end of a declaration starting at `from`: its closing brace, or its `;` outside brackets, strings and comments.
 */
function declarationEnd(text, from, isInterface) {
  let depth = 0;
  let quote = null;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (!quote && c === '/' && (text[i + 1] === '*' || text[i + 1] === '/')) {
      // Comments: their apostrophes and brackets are prose.
      const close = text.indexOf(text[i + 1] === '*' ? '*/' : '\n', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) {
      depth--;
      if (isInterface && depth === 0 && c === '}') return i + 1;
    } else if (c === ';' && depth === 0 && !isInterface) return i + 1;
  }
  return text.length;
}

/** `export interface|type|const|enum Name` in a file, with its JSDoc; null when the file does not declare it. */
function declaredIn(file, name) {
  const text = source(file);
  const m = new RegExp(`^export\\s+(interface|type|const|enum)\\s+${name}\\b`, 'm').exec(text);
  if (!m) return null;
  const doc = /\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*$/.exec(text.slice(0, m.index));
  const start = doc ? doc.index : m.index;
  return text.slice(start, declarationEnd(text, m.index, m[1] === 'interface' || m[1] === 'enum')).trim();
}

/** Where `name`, as used in `file`, is declared: [file, name, text], following imports and `export *`. */
function find(file, name, seen = new Set()) {
  const key = `${file}#${name}`;
  if (seen.has(key)) return null;
  seen.add(key);
  const text = declaredIn(file, name);
  if (text) return [file, name, text];
  const { named, star } = importsOf(file);
  const via = named.get(name);
  if (via) return find(via[0], via[1], seen);
  for (const s of star) {
    const found = find(s, name, seen);
    if (found) return found;
  }
  return null;
}

const identifiers = (text) =>
  [...text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').matchAll(/\b[A-Z][A-Za-z0-9_]*\b/g)].map((m) => m[0]);

/**
 * The declarations behind `typeText` (e.g. `GradebookData | null`) as used in the element's module
 * (`src/gradebook/gradebook.ts`, relative to packages/components): [{ name, file, text }], the named type first.
 */
export function dataTypes(modulePath, typeText) {
  const queue = identifiers(typeText).map((name) => [join(COMPONENTS, modulePath), name]);
  const out = [];
  const done = new Set();
  while (queue.length && out.length < MAX_DECLARATIONS) {
    const [file, name] = queue.shift();
    const found = find(file, name);
    if (!found) continue;
    const [where, declared, text] = found;
    const key = `${where}#${declared}`;
    if (done.has(key)) continue;
    done.add(key);
    out.push({ name: declared, file: where.slice(ROOT.length), text });
    for (const next of identifiers(text)) if (next !== declared) queue.push([where, next]);
  }
  return out;
}
