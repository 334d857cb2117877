/**
 * docs/elements.md and the framework typings in examples/types are what the generators write from today's
 * custom-elements.json (built by `npm run build -w @preau/components`): an element, event or part added without
 * running them is caught here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { elementReference, REFERENCE } from '../../scripts/element-reference.mjs';
import { elementsOf, reactTypes, TYPES_DIR, vueTypes } from '../../scripts/element-types.mjs';

const MANIFEST = fileURLToPath(new URL('../../packages/components/custom-elements.json', import.meta.url));

function manifest() {
  if (!existsSync(MANIFEST))
    throw new Error('custom-elements.json is missing: run `npm run build -w @preau/components` first.');
  return JSON.parse(readFileSync(MANIFEST, 'utf8'));
}

describe('the generated element reference and typings', () => {
  it('docs/elements.md is up to date (node scripts/element-reference.mjs)', () => {
    const m = manifest();
    const reference = readFileSync(REFERENCE, 'utf8');
    for (const e of elementsOf(m)) expect(reference).toContain(`## \`<${e.tag}>\``);
    expect(reference).toBe(elementReference(m));
  });

  it('examples/types is up to date (node scripts/element-types.mjs)', () => {
    const elements = elementsOf(manifest());
    expect(readFileSync(join(TYPES_DIR, 'preau-react.d.ts'), 'utf8')).toBe(reactTypes(elements));
    expect(readFileSync(join(TYPES_DIR, 'preau-vue.d.ts'), 'utf8')).toBe(vueTypes(elements));
  });
});
