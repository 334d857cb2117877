import { afterAll, describe, expect, it } from 'vitest';
import { declaredRoutes } from '../src/app.js';
import { buildTestApp } from './support/app.js';
import type { TestClient } from './support/client.js';
import { testEngine } from './support/db.js';

/**
 * Every declared route, whatever its area, with hostile input: identifiers that are not identifiers, malformed
 * or ill-typed bodies, nonsense query strings, from several profiles. The answer is a success (the junk was
 * ignored) or a 4xx problem+json — never a 500, never anything else. Each area's own tests check that the
 * problem names the right field.
 */
const JUNK_IDS = ['%00', 'x%27%20OR%201%3D1--', 'a'.repeat(300), '%F0%9F%92%A5'];
const JUNK_BODIES: { body: string; type: string }[] = [
  { body: '{"unterminated": ', type: 'application/json' },
  { body: '[]', type: 'application/json' },
  {
    body: '{"id": {"$ne": null}, "value": [1e999], "text": "\\u0000", "date": "2026-02-30"}',
    type: 'application/json',
  },
  { body: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
];
const JUNK_QUERY = '?from=hier&to=2026-13-45&limit=-1&offset=abc&uai=%00&period=%27&since=-1';

const t = await buildTestApp();
afterAll(() => t.close());

/** Fresh sessions for each route: a route may end its caller's session (sign-out). */
async function clients(): Promise<[string, TestClient][]> {
  const a = t.fixture.schools.a;
  return [
    ['anonymous', t.client()],
    ['principal', await t.as(a.principal)],
    ['cpe', await t.as(a.cpe)],
    ['teacher', await t.as(a.teachers.maths)],
    ['guardian', await t.as(a.guardians.s1a)],
    ['analyst', await t.as(t.fixture.analysts.national)],
  ];
}

/** The body, except for event streams, which never end: their headers are the answer. */
async function drain(res: Response): Promise<string> {
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    await res.body?.cancel();
    return '';
  }
  return res.text();
}

describe(`hostile input on every route (${testEngine})`, () => {
  for (const route of declaredRoutes(t.app)) {
    it(`${route.method} ${route.path}: a 4xx problem, never a 500`, async () => {
      const failures: string[] = [];
      const paths = route.path.includes('{')
        ? JUNK_IDS.map((junk) => route.path.replace(/\{[^}]+\}/g, junk))
        : [route.path];
      for (const [who, client] of await clients()) {
        for (const path of paths) {
          const requests: { path: string; body?: string; headers?: Record<string, string> }[] =
            route.method === 'GET'
              ? [{ path: `${path}${JUNK_QUERY}` }]
              : JUNK_BODIES.map((b) => ({ path, body: b.body, headers: { 'Content-Type': b.type } }));
          for (const r of requests) {
            const res = await client.request(route.method, r.path, { body: r.body, headers: r.headers });
            const type = res.headers.get('content-type') ?? '';
            const text = await drain(res);
            const ok = res.status < 300 || (res.status < 500 && type.startsWith('application/problem+json'));
            if (!ok)
              failures.push(`${r.path.slice(0, 60)} as ${who}: ${res.status} ${type} ${text.slice(0, 150)}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
