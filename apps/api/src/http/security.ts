import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { CSRF_HEADER } from './csrf.js';

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
 * Middleware for one surface; the server entry uses it for `/` (site) and `/dashboard/` too. The headers are
 * prepared before the handler runs, so the response is built with them in one go (adding them to a finished
 * response costs more than most handlers); a response the handler built by itself gets them afterwards.
 * A header the handler set itself is kept.
 */
export function securityHeaders(
  kind: SurfaceKind | ((path: string) => SurfaceKind),
  options: { https?: boolean } = {},
): MiddlewareHandler {
  const byKind = new Map<SurfaceKind, [string, string][]>();
  const headersOf = (k: SurfaceKind) => {
    let headers = byKind.get(k);
    if (!headers) {
      headers = Object.entries(securityHeaderValues(k, options));
      byKind.set(k, headers);
    }
    return headers;
  };
  return async (c, next) => {
    const headers = headersOf(typeof kind === 'function' ? kind(c.req.path) : kind);
    for (const [name, value] of headers) c.header(name, value);
    await next();
    const res = c.res.headers;
    if (res.has('X-Content-Type-Options')) return;
    for (const [name, value] of headers) if (!res.has(name)) res.set(name, value);
  };
}

const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const CORS_EXPOSED = ['Retry-After', 'Content-Disposition', 'Location', 'Idempotent-Replayed'].join(',');

/**
 * CORS with credentials, for the API's own origin and the school sites of the allow-list only: never a wildcard,
 * never a reflected unknown origin. Preflights are answered by Hono's middleware; other requests get their
 * headers prepared before the handler (as `securityHeaders` does).
 */
export function apiCors(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  const preflight = cors({
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
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('origin');
    const allowOrigin = origin && allowed.has(origin) ? origin : null;
    if (allowOrigin) c.header('Access-Control-Allow-Origin', allowOrigin);
    c.header('Access-Control-Allow-Credentials', 'true');
    c.header('Access-Control-Expose-Headers', CORS_EXPOSED);
    c.header('Vary', 'Origin');
    await next();
    const res = c.res.headers;
    if (res.has('Access-Control-Allow-Credentials')) return;
    if (allowOrigin) res.set('Access-Control-Allow-Origin', allowOrigin);
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Access-Control-Expose-Headers', CORS_EXPOSED);
    res.append('Vary', 'Origin');
  };
}
