import type { BaseMessageKey, Messages } from './i18n.js';

/** The shared messages in English (see `baseMessages`), loaded when an element speaks English. */
export const en: Messages<BaseMessageKey> = {
  loading: 'Loading…',
  saving: 'Saving…',
  saved: 'Saved.',
  networkError: 'The server does not answer. Check your connection and try again.',
  unexpectedError: 'An unexpected error occurred ({status}).',
  signedOut: 'Your session has expired: please sign in again.',
  forbidden: 'You do not have access to this information.',
  tooManyRequests: (v) =>
    typeof v.minutes === 'number' && v.minutes > 0
      ? `Too many attempts, try again in ${v.minutes}\u00a0min.`
      : 'Too many attempts, try again in a moment.',
  liveReconnecting: 'Connection lost: reconnecting…',
  errorsHeading: 'To fix:',
  dismiss: 'Dismiss message',
  loadFailed: 'Could not load:',
  notFound: 'This information cannot be found (wrong address, or deleted).',
  retry: 'Try again',
  offline: 'You are offline: check the Wi-Fi or the network, then try again.',
  corsRefused: (v) =>
    `The server ${v.api} refuses requests from this site (${v.site}): its administrator must add ${v.site} to PREAU_ALLOWED_ORIGINS.`,
  originRefused: (v) =>
    `This site (${v.site}) may not change data on ${v.api}: its administrator must add it to PREAU_ALLOWED_ORIGINS.`,
  unreachable: (v) =>
    `The server ${v.api} does not answer. Check the address given in src (${v.url}) and the connection.`,
  wrongSrc: (v) =>
    `The address ${v.url} does not lead to the ENT's API (the answer is not JSON): check the src attribute.`,
  notFoundSrc: (v) => `Nothing at ${v.url}, or nothing you may see: check the src attribute.`,
  signInToEnt: 'Sign in to the ENT',
  popupBlocked: 'The sign-in window could not open: allow pop-ups for this site, then try again.',
  boardMode: 'Board mode',
  undo: 'Undo',
  waiting: (v) =>
    Number(v.count) === 1 ? '1 change waiting to be sent.' : `${v.count} changes waiting to be sent.`,
};
