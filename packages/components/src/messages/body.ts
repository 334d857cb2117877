/**
 * A message body on screen. The server stores bodies sanitized; the element still treats them as hostile: the
 * HTML is parsed in an inert document (nothing in it runs or loads), and new nodes are built from it — only the
 * tags and attributes of the `message` profile (`@preau/core/rich-text`), text as text. Links get `LINK_REL` and a
 * new tab, and only http(s) and mailto addresses; remote images stay unloaded until the reader asks (`showImages`);
 * no style, no event handler, no frame, form or SVG ever reaches the page.
 */

import {
  CELL_SPAN,
  INLINE_IMAGE,
  LINK_REL,
  REMOTE_IMAGE_ATTRIBUTE,
  RICH_TEXT_DROPPED,
  RICH_TEXT_PROFILES,
  SMALL_NUMBER,
  safeHttpUrl,
  safeLinkUrl,
} from '@preau/core/rich-text';

/** A message's tags (images follow their own rule), the same profile the server stores bodies with. */
const TAGS = new Set<string>(RICH_TEXT_PROFILES.message.tags);

/** Elements dropped with everything inside them (their text is not a message's text). */
const DROPPED = new Set<string>(RICH_TEXT_DROPPED);

const safeImage = safeHttpUrl;

export interface RenderedBody {
  fragment: DocumentFragment;
  /** Remote images left unloaded (the reader offers « Afficher les images » when there are some). */
  remoteImages: number;
}

/** Builds the body's nodes in `doc` from untrusted HTML. */
export function renderBody(html: string, options: { showImages: boolean; doc?: Document }): RenderedBody {
  const doc = options.doc ?? document;
  const fragment = doc.createDocumentFragment();
  let remoteImages = 0;
  const source = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');

  const copy = (from: Node, into: Node): void => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        into.appendChild(doc.createTextNode(node.textContent ?? ''));
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const el = node as Element;
      const tag = el.localName;
      if (DROPPED.has(tag)) continue;
      if (!TAGS.has(tag)) {
        copy(el, into); // an unknown wrapper (font, center…): its content stays, the tag goes
        continue;
      }
      if (tag === 'img') {
        const img = image(el);
        if (img) into.appendChild(img);
        continue;
      }
      const out = doc.createElement(tag);
      if (tag === 'a') {
        const href = safeLinkUrl(el.getAttribute('href'));
        if (href) out.setAttribute('href', href);
        out.setAttribute('rel', LINK_REL);
        out.setAttribute('target', '_blank');
        out.setAttribute('part', 'body-link');
      }
      const title = el.getAttribute('title');
      if (title && tag === 'a') out.setAttribute('title', title);
      for (const name of ['colspan', 'rowspan'])
        if ((tag === 'td' || tag === 'th') && CELL_SPAN.test(el.getAttribute(name) ?? ''))
          out.setAttribute(name, el.getAttribute(name)!);
      if (tag === 'ol' && SMALL_NUMBER.test(el.getAttribute('start') ?? ''))
        out.setAttribute('start', el.getAttribute('start')!);
      copy(el, out);
      into.appendChild(out);
    }
  };

  const image = (el: Element): Node | null => {
    const alt = el.getAttribute('alt') ?? '';
    const src = (el.getAttribute('src') ?? '').trim();
    const remote = safeImage(el.getAttribute(REMOTE_IMAGE_ATTRIBUTE)) ?? safeImage(src);
    let url: string | null = null;
    if (INLINE_IMAGE.test(src)) url = src;
    else if (remote && options.showImages) url = remote;
    else if (remote) {
      remoteImages++;
      const placeholder = doc.createElement('span');
      placeholder.className = 'remote-image';
      placeholder.setAttribute('part', 'remote-image');
      placeholder.textContent = alt ? `[${alt}]` : '[image]';
      return placeholder;
    }
    if (!url) return alt ? doc.createTextNode(`[${alt}]`) : null;
    const img = doc.createElement('img');
    img.setAttribute('alt', alt);
    img.setAttribute('src', url);
    img.setAttribute('referrerpolicy', 'no-referrer');
    img.setAttribute('loading', 'lazy');
    for (const name of ['width', 'height'])
      if (SMALL_NUMBER.test(el.getAttribute(name) ?? '')) img.setAttribute(name, el.getAttribute(name)!);
    return img;
  };

  copy(source.body, fragment);
  return { fragment, remoteImages };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** What the composer sends: each line of the text as a paragraph, escaped (an empty text is an empty body). */
export function textToHtml(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[&<>"]/g, (c) => ESCAPES[c]!))
    .map((line) => (line.trim() ? `<p>${line}</p>` : '<p><br></p>'))
    .join('')
    .replace(/^(<p><br><\/p>)+|(<p><br><\/p>)+$/g, '');
}
