import { RegExpRouter } from 'hono/router/reg-exp-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import { testEngine } from './support/db.js';

/**
 * Hono matches every request with one regular expression (`RegExpRouter`) unless a route cannot be written in it,
 * and then walks a tree of the routes instead, several times slower on each request. A parameter where another
 * route has a fixed word (`/messages/{id}` beside `/messages/mailbox`) is such a route: give it its own segment
 * (`/messages/items/{id}`).
 */
describe(`the API's route table (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('fits the one-expression router, route by route', () => {
    const accepted: { method: string; path: string }[] = [];
    const refused: string[] = [];
    for (const route of t.app.routes) {
      const router = new RegExpRouter<number>();
      try {
        for (const [i, r] of [...accepted, route].entries()) router.add(r.method, r.path, i);
        router.match('GET', '/');
        accepted.push(route);
      } catch {
        refused.push(`${route.method} ${route.path}`);
      }
    }
    expect(accepted.length).toBeGreaterThan(100);
    expect([...new Set(refused)]).toEqual([]);
  });

  it('is the router the app settles on', async () => {
    expect((await t.client().get('/api/v1/health')).status).toBe(200);
    expect(t.app.router.name).toBe('SmartRouter + RegExpRouter');
  });
});
