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

/** Middleware for one surface; the server entry uses it for `/` (site) and `/dashboard/` too. */
export function securityHeaders(
  kind: SurfaceKind | ((path: string) => SurfaceKind),
  options: { https?: boolean } = {},
): MiddlewareHandler {
  const byKind = new Map<SurfaceKind, Record<string, string>>();
  return async (c, next) => {
    await next();
    const k = typeof kind === 'function' ? kind(c.req.path) : kind;
    let headers = byKind.get(k);
    if (!headers) {
      headers = securityHeaderValues(k, options);
      byKind.set(k, headers);
    }
    for (const [name, value] of Object.entries(headers)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  };
}

/**
 * CORS with credentials, for the API's own origin and the school sites of the allow-list only: never a wildcard,
 * never a reflected unknown origin.
 */
export function apiCors(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Content-Type', CSRF_HEADER, 'Accept', 'Accept-Language'],
    exposeHeaders: ['Retry-After', 'Content-Disposition', 'Location'],
    maxAge: 600,
  });
}
