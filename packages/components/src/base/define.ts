/**
 * Registers a custom element once. The CDN bundle, the autoloader and an npm import may all load the same
 * element on one page; the second definition must be a no-op, not a `NotSupportedError`.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
