/**
 * Connected mode on a school site of another *site* than the ENT (an unrelated domain), where the browser never
 * sends the ENT's session cookie (SameSite=Lax; third-party cookies are going away anyway).
 *
 * The user signs in on the ENT's own page, in a window of its own (`/api/connect`, a first-party page, where the
 * ENT's cookie works); that page asks the API for a short-lived access token bound to this site's origin, which
 * the API issues only to the origins of its allow-list, and hands it to this page with `postMessage` addressed to
 * exactly this origin. The token stays in memory (never in storage), goes out as `Authorization: Bearer` without
 * cookies (so no CSRF token is needed: a browser never attaches it by itself), and ends with the ENT session.
 * See docs/cross-site.md for the threat model. Elements load this module when a load was refused for want of a
 * session on another site's API (the only time they offer the window); `onAccessChange` is the API client's.
 */
import type { ApiClient } from './api-client.js';

/** What the ENT's connect page posts back. */
const MESSAGE_TYPE = 'preau-access-token';

/** The address of the ENT's sign-in window for this page. */
export function connectUrl(client: ApiClient): string {
  return `${client.origin}/api/connect?origin=${encodeURIComponent(location.origin)}`;
}

let pending: Promise<boolean> | undefined;

/**
 * Opens the ENT's sign-in window (call it from a click: browsers block windows opened otherwise) and resolves
 * true once a token arrived from the ENT's origin, false if the window was closed first. Throws when the
 * browser refused to open the window.
 */
export function connectAcrossSites(client: ApiClient): Promise<boolean> {
  if (pending) return pending;
  const popup = window.open(connectUrl(client), 'preau-connect', 'popup,width=520,height=720');
  if (!popup) return Promise.reject(new Error('window.open'));
  pending = new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      window.removeEventListener('message', onMessage);
      clearInterval(watch);
      pending = undefined;
      resolve(ok);
    };
    const onMessage = (event: MessageEvent) => {
      // Only the window we opened, showing the ENT's own page, may hand a token over.
      if (event.origin !== client.origin || event.source !== popup) return;
      const data = event.data as { type?: unknown; accessToken?: unknown; expiresAt?: unknown } | null;
      if (!data || data.type !== MESSAGE_TYPE || typeof data.accessToken !== 'string') return;
      client.setAccessToken(data.accessToken);
      done(true);
    };
    window.addEventListener('message', onMessage);
    // Closed without a token (the user gave up): the element keeps its message and its buttons.
    const watch = setInterval(() => {
      if (popup.closed) done(false);
    }, 400);
  });
  return pending;
}
