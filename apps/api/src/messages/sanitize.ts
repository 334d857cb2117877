/**
 * Message bodies are hostile: they go through the platform's rich-text sanitizer (`../content/rich-text.ts`) with
 * the `message` profile (formatting, headings, tables, links to http(s) and mailto, inline raster images). What is
 * messaging's own is this thin layer: remote images are never loaded by default — their address moves from `src` to
 * `REMOTE_IMAGE_ATTRIBUTE` (checked to be an http(s) URL), so the reader offers "Afficher les images" and copies it
 * back into `src` on request — and e-mails take the stored body through the stricter `mail` profile (no images).
 */

import { LINK_REL, REMOTE_IMAGE_ATTRIBUTE, safeHttpUrl } from '@preau/core';
import { htmlToText, type RichTextHooks, sanitizeRichText } from '../content/rich-text.js';

export { LINK_REL, REMOTE_IMAGE_ATTRIBUTE };

const HOLD_REMOTE_IMAGES: RichTextHooks = {
  image(attribs, kept) {
    if (kept.src) return;
    const remote = safeHttpUrl(attribs.src) ?? safeHttpUrl(attribs[REMOTE_IMAGE_ATTRIBUTE]);
    if (remote) kept[REMOTE_IMAGE_ATTRIBUTE] = remote;
  },
};

export interface SanitizedBody {
  html: string;
  text: string;
}

/** What is stored of a body the composer sent: sanitized HTML, and its plain text (search, excerpts, e-mails). */
export function sanitizeBody(input: string): SanitizedBody {
  const html = sanitizeRichText(input, 'message', HOLD_REMOTE_IMAGES);
  return { html, text: htmlToText(html) };
}

/** The body as an e-mail carries it: the stored HTML without any image. */
export function mailHtml(storedHtml: string): string {
  return sanitizeRichText(storedHtml, 'mail');
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
