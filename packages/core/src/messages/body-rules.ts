/**
 * What a message body may hold, in one place for the server's sanitizer (stored bodies, e-mails) and the
 * element's renderer (which rebuilds bodies from them): formatting tags, links to absolute http(s) or mailto
 * addresses, inline raster images, and remote images kept under their own attribute until the reader asks.
 * Zod-free: elements import it as `@preau/core/messages/body-rules`.
 */

/** Formatting tags kept as they are (images apart: `img` follows its own rule). */
export const MESSAGE_TEXT_TAGS = [
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'sub',
  'sup',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'pre',
  'code',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
] as const;

/** The attribute that holds a remote image's address until the reader chooses to show images. */
export const REMOTE_IMAGE_ATTRIBUTE = 'data-preau-src';

/** Links open in a new tab and tell the target nothing of the page. */
export const LINK_REL = 'noopener noreferrer';

/** Images carried in the message itself (raster formats only: an SVG could hold a script). */
export const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/i;

function absoluteUrl(value: string | null | undefined, protocols: readonly string[]): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return protocols.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** An address a link may lead to: absolute http(s) or mailto, normalised; anything else is null. */
export function safeLinkUrl(value: string | null | undefined): string | null {
  return absoluteUrl(value, ['http:', 'https:', 'mailto:']);
}

/** An http(s) URL, normalised (a remote image); javascript:, data:, protocol-relative and garbage are null. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  return absoluteUrl(value, ['http:', 'https:']);
}
