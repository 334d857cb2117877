import { ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { cors } from 'hono/cors';
import { CSRF_HEADER, WRITE_METHODS } from './csrf.js';

/**
 * What each part of the server may load. No part allows inline script or eval: the elements, the reference
 * page and the dashboard all run under these policies. The dashboard alone compiles WebAssembly (DuckDB-wasm),
 * hence 'wasm-unsafe-eval' and blob workers.
 */
export type SurfaceKind = 'api' | 'docs' | 'site' | 'dashboard' | 'cdn';

const CSP: Record<SurfaceKind, string> = {
  api: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  // The elements' bundle, loaded by school sites of other origins as module scripts.
  cdn: "default-src 'none'; frame-ancestors 'none'",
  docs: [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '),
  site: [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // blob: the whiteboard viewer shows a document's pictures from its own archive.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; '),
  dashboard: [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self' blob:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; '),
};

export function contentSecurityPolicy(kind: SurfaceKind): string {
  return CSP[kind];
}

/** The headers every response of a surface carries (set after the handler, so error responses get them too). */
export function securityHeaderValues(
  kind: SurfaceKind,
  options: { https?: boolean } = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': CSP[kind],
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': kind === 'site' ? 'strict-origin-when-cross-origin' : 'no-referrer',
    'X-Frame-Options': kind === 'site' ? 'SAMEORIGIN' : 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
  if (kind === 'cdn') {
    // Public code, no credentials: any school site may load it (module scripts are fetched in CORS mode).
    headers['Access-Control-Allow-Origin'] = '*';
    headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
  }
  if (options.https) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

/**
 * Puts `headers` on the answer to come; a header the handler sets itself wins (Vary included: no handler sets
 * one today). On the Node server they go on its response object, which Node merges into the answer: Hono's own
 * prepared headers live in a Fetch `Headers`, and copying those out on every answer cost more than most handlers
 * (it takes the Node adapter off its fast path). Elsewhere (`app.request` in tests, another runtime) they are
 * prepared on the context, and added afterwards to a response the handler built by itself.
 */
async function withHeaders(c: Context, next: Next, headers: readonly [string, string][]): Promise<void> {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  if (outgoing instanceof ServerResponse) {
    for (const [name, value] of headers) outgoing.setHeader(name, value);
    return next();
  }
  for (const [name, value] of headers) c.header(name, value);
  await next();
  const res = c.res.headers;
  for (const [name, value] of headers) if (!res.has(name)) res.set(name, value);
}

/**
 * The headers of every answer, as one layer: its surface's security policy and, on the API (`/api/…`), CORS for
 * the `corsOrigins`. Every API answer varies by Origin; only an allowed site's request gets the CORS headers (a
 * browser reads them on cross-origin requests only, and those always say their Origin). Preflights are answered
 * by `corsPreflight`. CORS here: with credentials, for the API's own origin and the school sites of the allow-list
 * only, never a wildcard, never a reflected unknown origin.
 */
export function securityHeaders(
  kind: SurfaceKind | ((path: string) => SurfaceKind),
  options: { https?: boolean; corsOrigins?: readonly string[] } = {},
): MiddlewareHandler {
  // Every list is made once: [surface][origin allowed or not] → headers.
  const lists = new Map<string, [string, string][]>();
  const listOf = (k: SurfaceKind, api: boolean, origin: string | undefined) => {
    const allowed = api && origin !== undefined && options.corsOrigins?.includes(origin) ? origin : '';
    const key = `${k} ${api ? 'api' : ''} ${allowed}`;
    let list = lists.get(key);
    if (!list) {
      list = Object.entries(securityHeaderValues(k, options));
      if (allowed) {
        list.push(
          ['Access-Control-Allow-Origin', allowed],
          ['Access-Control-Allow-Credentials', 'true'],
          ['Access-Control-Expose-Headers', CORS_EXPOSED],
        );
      }
      if (api && options.corsOrigins) list.push(['Vary', 'Origin']);
      lists.set(key, list);
    }
    return list;
  };
  return (c, next) => {
    const path = c.req.path;
    const api = path.startsWith('/api/');
    return withHeaders(
      c,
      next,
      listOf(typeof kind === 'function' ? kind(path) : kind, api, api ? c.req.header('origin') : undefined),
    );
  };
}

const CORS_METHODS = ['GET', 'HEAD', ...WRITE_METHODS];
const CORS_EXPOSED = ['Retry-After', 'Content-Disposition', 'Location', 'Idempotent-Replayed'].join(',');

/** Answers the CORS preflights of the API (`OPTIONS /api/…`), for the allowed origins only. */
export function corsPreflight(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: CORS_METHODS,
    // Authorization: the access tokens of cross-site connected mode; Idempotency-Key: writes sent again safely.
    allowHeaders: [
      'Content-Type',
      CSRF_HEADER,
      'Accept',
      'Accept-Language',
      'Authorization',
      'Idempotency-Key',
      'Last-Event-ID',
    ],
    exposeHeaders: CORS_EXPOSED.split(','),
    maxAge: 600,
  });
}
