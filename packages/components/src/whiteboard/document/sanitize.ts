import type { DOMPurify as Purifier } from 'dompurify';

/**
 * The last word on every page's markup: DOMPurify with its SVG profiles, narrowed further.
 * - No `style` element (a page's CSS would reach the viewer's own controls), no `use`, `feImage`, `a`, media,
 *   forms or frames; no event attribute, no `javascript:` (DOMPurify's own rules).
 * - References (`href`) only to the blob URLs this document made from its own archive, to inline pictures
 *   (`data:image/png|jpeg|gif|webp`) or to an element of the page (`#id`). Anything else is removed, so nothing
 *   is ever fetched from outside.
 * - CSS `url()` only as `url(#id)`, in attributes and inline styles; `@import`, `image-set` and escapes are refused.
 */
const FORBIDDEN_TAGS = [
  'style',
  'use',
  'feImage',
  'a',
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'img',
  'video',
  'audio',
  'source',
  'track',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'link',
  'meta',
  'base',
  'animate',
  'set',
  'animateMotion',
  'animateTransform',
  'animateColor',
  'template',
];

const LOCAL_URL = /^\s*url\(\s*(['"]?)#[\w.:-]+\1\s*\)\s*$/i;
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;

export interface SanitizeOptions {
  /** Is this URL one of the blob URLs the document made from its archive? */
  isOwnUrl: (url: string) => boolean;
}

export function createSanitizer(purify: Purifier, options: SanitizeOptions) {
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    const name = data.attrName.toLowerCase();
    const value = data.attrValue ?? '';
    if (name === 'href' || name === 'xlink:href' || name === 'src') {
      const ok = value.startsWith('#') || options.isOwnUrl(value) || DATA_IMAGE.test(value);
      data.keepAttr = ok;
      if (ok) data.forceKeepAttr = true;
      return;
    }
    if (name === 'style') {
      if (/url\s*\(|@import|image-set|image\s*\(|expression|\\|behavior|-moz-binding/i.test(value)) {
        data.keepAttr = false;
      }
      return;
    }
    if (/url\s*\(/i.test(value) && !LOCAL_URL.test(value)) data.keepAttr = false;
  });
  return (markup: string): DocumentFragment =>
    purify.sanitize(markup, {
      USE_PROFILES: { svg: true, svgFilters: true, html: true },
      ADD_TAGS: ['foreignObject'],
      // The viewer's own text boxes are XHTML inside foreignObject (rebuilt from the words, see text-blocks.ts).
      HTML_INTEGRATION_POINTS: { foreignobject: true, 'annotation-xml': true },
      FORBID_TAGS: FORBIDDEN_TAGS,
      FORBID_ATTR: ['xlink:href', 'src', 'action', 'formaction', 'srcset', 'background', 'ping'],
      ADD_ATTR: ['href', 'fill-opacity', 'stroke-opacity', 'preserveAspectRatio'],
      RETURN_DOM_FRAGMENT: true,
      ALLOW_DATA_ATTR: false,
    }) as unknown as DocumentFragment;
}
