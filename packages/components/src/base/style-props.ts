import { type ElementPart, noChange } from 'lit';
import { Directive, type DirectiveParameters, directive, type PartInfo, PartType } from 'lit/directive.js';

/**
 * Sets CSS properties on an element through the CSSOM (`element.style.setProperty`), never through a `style`
 * attribute: a strict Content-Security-Policy (`style-src 'self'`, no `'unsafe-inline'`) blocks style attributes,
 * including the one `styleMap` writes on its first render. Use it as an element binding:
 * `<div ${styleProps({ top: '3.8em' })}>`.
 */
class StylePropsDirective extends Directive {
  #previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT)
      throw new Error('styleProps() is an element binding, not an attribute value.');
  }

  render(_props: Record<string, string | undefined>) {
    return noChange;
  }

  override update(part: ElementPart, [props]: DirectiveParameters<this>) {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#previous) if (props[name] === undefined) style.removeProperty(name);
    for (const [name, value] of Object.entries(props))
      if (value !== undefined) style.setProperty(name, value);
    this.#previous = new Set(Object.keys(props));
    return noChange;
  }
}

export const styleProps = directive(StylePropsDirective);
