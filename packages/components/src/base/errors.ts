import { ProblemError } from './api-client.js';
import type { BaseMessageKey, MessageVars } from './i18n.js';
import type { StatusMessage } from './status.js';

interface Describer {
  baseMessage(key: BaseMessageKey, vars?: MessageVars): string;
}

/** Where the failing request went (the element's `src` for a load). */
export interface ErrorContext {
  url?: string;
}

/** Problem types the API gives to refusals a web team fixes in its configuration. */
const ORIGIN_REFUSED = /origin-not-allowed/;

/**
 * What a person (and the school's web team) reads for an error, in the element's language: each cause a web team
 * can act on has its own message — the device offline, the API refusing this site (CORS, or Origin on a write),
 * the API unreachable at the `src` given, an address with nothing behind it or not leading to the API, an expired
 * session — else the server's own French problem.
 */
export function describeProblem(host: Describer, error: unknown, context: ErrorContext = {}): StatusMessage {
  if (!(error instanceof ProblemError)) {
    return { tone: 'error', title: error instanceof Error && error.message ? error.message : String(error) };
  }
  const body = error.body;
  const site = typeof body.siteOrigin === 'string' ? body.siteOrigin : location.origin;
  const api = typeof body.apiOrigin === 'string' ? body.apiOrigin : site;
  const url = context.url ?? (typeof body.url === 'string' ? body.url : '');
  if (error.isNetworkError) {
    switch (error.networkReason) {
      case 'offline':
        return { tone: 'error', title: host.baseMessage('offline') };
      case 'cors':
        return { tone: 'error', title: host.baseMessage('corsRefused', { api, site }) };
      case 'unreachable':
        return { tone: 'error', title: host.baseMessage('unreachable', { api, url }) };
      default:
        return { tone: 'error', title: host.baseMessage('networkError') };
    }
  }
  if (error.status === 403 && ORIGIN_REFUSED.test(error.type)) {
    return { tone: 'error', title: host.baseMessage('originRefused', { api, site }), detail: error.detail };
  }
  if (error.type === 'preau:not-json') {
    return { tone: 'error', title: host.baseMessage('wrongSrc', { url }) };
  }
  if (error.status === 429) {
    const minutes =
      error.retryAfter !== undefined ? Math.max(1, Math.ceil(error.retryAfter / 60)) : undefined;
    return { tone: 'error', title: host.baseMessage('tooManyRequests', { minutes }), errors: error.errors };
  }
  // An empty title or a bare HTTP reason phrase ("Forbidden", "Too Many Requests") says nothing to a user.
  const generic = !error.title || /^[A-Z][a-z]+( [A-Z][a-z]+)*$/.test(error.title);
  // No session, or one that ended (a refused sign-in keeps the server's own words).
  if (error.status === 401 && (generic || /unauthenticated|session/.test(error.type))) {
    return { tone: 'error', title: host.baseMessage('signedOut') };
  }
  if (error.status === 404 && context.url) {
    return { tone: 'error', title: host.baseMessage('notFoundSrc', { url }), detail: error.detail };
  }
  const fallback =
    error.status === 403
      ? host.baseMessage('forbidden')
      : error.status === 404
        ? host.baseMessage('notFound')
        : error.status === 401
          ? host.baseMessage('signedOut')
          : host.baseMessage('unexpectedError', { status: String(error.status) });
  return {
    tone: 'error',
    title: generic ? fallback : error.title,
    detail: error.detail,
    errors: error.errors,
  };
}
