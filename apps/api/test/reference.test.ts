import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes } from '../src/app.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { testEngine } from './support/db.js';

describe(`OpenAPI document and reference page (${testEngine})`, () => {
  let t: TestApp;
  let doc: {
    openapi: string;
    paths: Record<string, Record<string, { security?: unknown[]; description?: string; responses: object }>>;
    components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
    'x-problem-types': { type: string; title: string }[];
  };
  beforeAll(async () => {
    t = await buildTestApp();
    const res = await t.client().get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    doc = await res.json();
  });
  afterAll(() => t.close());

  it('is OpenAPI 3.1 with the session cookie and CSRF header as security schemes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'preau_session',
    });
    expect(doc.components.securitySchemes.csrf).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
    });
  });

  it('describes every declared route but the page assets, with its access policy', () => {
    for (const route of declaredRoutes(t.app)) {
      // Pages (the reference, the sign-in window for school sites) and their assets are not API operations.
      if (route.path.startsWith('/api/docs') || route.path.startsWith('/api/connect')) continue;
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op!.description).toMatch(/\*\*Accès\*\* :/);
      const scheme = route.method === 'GET' ? { session: [] } : { session: [], csrf: [] };
      expect(op!.security).toEqual(route.access.who === 'public' ? [] : [scheme]);
    }
  });

  it('documents the problem responses and their types', () => {
    const login = doc.paths['/api/v1/auth/login']!.post!;
    expect(Object.keys(login.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '413', '415', '429']),
    );
    expect(doc['x-problem-types']).toContainEqual({
      type: '/api/docs#probleme-validation',
      title: 'Données invalides',
    });
  });

  it('serves the reference page, its script and its style, and 404 for other assets', async () => {
    const page = await t.client().get('/api/docs');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/api/docs/docs.js"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*src=)[^>]*>/);
    const js = await t.client().get('/api/docs/docs.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toContain("fetch('/api/v1/openapi.json'");
    expect((await t.client().get('/api/docs/docs.css')).status).toBe(200);
    expect((await t.client().get('/api/docs/..%2Fapp.ts')).status).toBe(404);
  });
});
