/**
 * The CDN autoloader: loads only the Préau elements present in the page, each from its own module, and the
 * ones added later (a MutationObserver follows the document). Use it instead of `preau.js` on pages that show
 * one or two elements: `<script type="module" src="…/cdn/autoloader.js"></script>`.
 */
declare const __PREAU_ELEMENT_NAMES__: string[];

const known = new Set<string>(__PREAU_ELEMENT_NAMES__);
const requested = new Set<string>();

function load(tag: string): void {
  const name = tag.slice('preau-'.length);
  if (!known.has(name) || requested.has(name) || customElements.get(tag)) return;
  requested.add(name);
  import(new URL(`./elements/${name}.js`, import.meta.url).href).catch((error: unknown) => {
    requested.delete(name);
    console.error(`Préau : impossible de charger <${tag}>.`, error);
  });
}

/** Loads every undefined `preau-*` element in `root` (a document, an element or a shadow root). */
export function discover(root: ParentNode): void {
  if (root instanceof Element && root.localName.startsWith('preau-')) load(root.localName);
  for (const el of root.querySelectorAll(':not(:defined)')) {
    if (el.localName.startsWith('preau-')) load(el.localName);
  }
}

discover(document);
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) if (node instanceof Element) discover(node);
  }
}).observe(document.documentElement, { childList: true, subtree: true });
