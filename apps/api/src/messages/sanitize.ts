/**
 * Message bodies are hostile. The composer sends HTML; what is stored is what `sanitizeBody` keeps of it: a small
 * allowlist of formatting tags, links only to http(s) and mailto (always `rel="noopener noreferrer"`, opened in a
 * new tab), no styles, no event handlers, no frames, forms or SVG. Remote images are never loaded by default: their
 * address moves from `src` to `data-preau-src` (checked to be an http(s) URL), so the reader offers "Afficher les
 * images" and copies it back into `src` on request; inline raster images (`data:image/png…`) stay.
 * E-mails take the stored body through a stricter pass (`mailHtml`: no images at all).
 */

import {
  INLINE_IMAGE,
  LINK_REL,
  MESSAGE_TEXT_TAGS,
  REMOTE_IMAGE_ATTRIBUTE,
  safeHttpUrl,
  safeLinkUrl,
} from '@preau/core';
import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

export { LINK_REL, REMOTE_IMAGE_ATTRIBUTE };

const TEXT_TAGS: string[] = [...MESSAGE_TEXT_TAGS];

const linkTransform: sanitizeHtml.Transformer = (_tag, attribs) => {
  const out: Record<string, string> = { rel: LINK_REL, target: '_blank' };
  const href = safeLinkUrl(attribs.href); // attributes arrive with their entities decoded
  if (href) out.href = href; // and the scheme allowlist checks it once more
  if (attribs.title) out.title = attribs.title;
  return { tagName: 'a', attribs: out };
};

const BASE: sanitizeHtml.IOptions = {
  allowedTags: TEXT_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  // Text inside script, style, textarea… is dropped with them, not shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'xmp', 'iframe', 'noembed'],
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

const BODY: sanitizeHtml.IOptions = {
  ...BASE,
  allowedTags: [...TEXT_TAGS, 'img'],
  allowedAttributes: {
    ...BASE.allowedAttributes,
    img: ['alt', 'title', 'width', 'height', 'src', REMOTE_IMAGE_ATTRIBUTE],
  },
  allowedSchemesByTag: { img: ['data'] },
  transformTags: {
    a: linkTransform,
    img: (_tag, attribs) => {
      const out: Record<string, string> = {};
      for (const name of ['alt', 'title'] as const) if (attribs[name]) out[name] = attribs[name];
      for (const name of ['width', 'height'] as const) {
        if (/^\d{1,4}$/.test(attribs[name] ?? '')) out[name] = attribs[name]!;
      }
      const src = attribs.src ?? '';
      const remote = safeHttpUrl(src) ?? safeHttpUrl(attribs[REMOTE_IMAGE_ATTRIBUTE]);
      if (INLINE_IMAGE.test(src.trim())) out.src = src.trim();
      else if (remote) out[REMOTE_IMAGE_ATTRIBUTE] = remote;
      return { tagName: 'img', attribs: out };
    },
  },
  // An image left with neither an inline source nor a remote address shows nothing: drop it.
  exclusiveFilter: (frame) =>
    frame.tag === 'img' && !frame.attribs.src && !frame.attribs[REMOTE_IMAGE_ATTRIBUTE],
};

const MAIL: sanitizeHtml.IOptions = { ...BASE, transformTags: { a: linkTransform } };

const TO_TEXT = {
  wordwrap: false as const,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'table', format: 'dataTable' },
  ],
};

export interface SanitizedBody {
  html: string;
  text: string;
}

/** What is stored of a body the composer sent: sanitized HTML, and its plain text (search, excerpts, e-mails). */
export function sanitizeBody(input: string): SanitizedBody {
  const html = sanitizeHtml(input, BODY).trim();
  return { html, text: plainText(html) };
}

/** Plain text of sanitized HTML. */
export function plainText(html: string): string {
  return convert(html, TO_TEXT)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The body as an e-mail carries it: the stored HTML without any image. */
export function mailHtml(storedHtml: string): string {
  return sanitizeHtml(storedHtml, MAIL);
}

/** A first line for lists: the text's start, on one line. */
export function excerptOf(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text placed in HTML we write ourselves (e-mail templates). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
