import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes } from '../src/app.js';
import { AREAS } from '../src/areas.js';
import {
  ACTORS,
  type Actor,
  actorUser,
  type MatrixContext,
  type MatrixEntry,
  type MatrixRequest,
} from './access-matrix/types.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { testEngine } from './support/db.js';

// Every area's entries, from access-matrix/<area name>.ts (the reference routes are the platform's).
const entries: MatrixEntry[] = [];
for (const area of AREAS) {
  const module = (await import(`./access-matrix/${area.name}.ts`).catch(() => ({}))) as {
    entries?: MatrixEntry[];
  };
  if (!module.entries) {
    throw new Error(`The area "${area.name}" needs test/access-matrix/${area.name}.ts exporting \`entries\``);
  }
  entries.push(...module.entries);
}

describe(`access matrix: every route × every profile × own/other (${testEngine})`, () => {
  let t: TestApp;
  let ctx: MatrixContext;
  beforeAll(async () => {
    t = await buildTestApp();
    const memo = new Map<string, Promise<unknown>>();
    ctx = {
      t,
      own: t.fixture.schools.a,
      other: t.fixture.schools.c,
      user: (actor) => actorUser(t, actor),
      once: <T>(key: string, make: () => Promise<T>) => {
        if (!memo.has(key)) memo.set(key, make());
        return memo.get(key) as Promise<T>;
      },
    };
  });
  afterAll(() => t.close());

  it('has an entry for every declared route, and no entry for a route that does not exist', () => {
    const declared = declaredRoutes(t.app).map((r) => `${r.method} ${r.path}`);
    const listed = entries.map((e) => e.route);
    const missing = declared.filter((r) => !listed.includes(r));
    const stale = listed.filter((r) => !declared.includes(r));
    const twice = listed.filter((r, i) => listed.indexOf(r) !== i);
    expect(
      { missing, stale, twice },
      'Add each missing route to apps/api/test/access-matrix/<area>.ts (see apps/api/README.md)',
    ).toEqual({ missing: [], stale: [], twice: [] });
  });

  it('declares an access policy on every route', () => {
    for (const route of declaredRoutes(t.app)) {
      expect(route.access.summary, `${route.method} ${route.path}`).toBeTruthy();
      expect(route.access.who, `${route.method} ${route.path}`).toBeDefined();
    }
  });

  for (const entry of entries) {
    it(entry.route, async () => {
      const [method, template] = entry.route.split(' ') as [string, string];
      const results: string[] = [];
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        type Case = { side: string; expected: number; request: () => MatrixRequest | Promise<MatrixRequest> };
        const cases: Case[] = (['own', 'other'] as const).map((side, i) => {
          const want = entry.expect[actor];
          return {
            side,
            expected: typeof want === 'number' ? want : want[i]!,
            request: () => entry.request(ctx, actor, side),
          };
        });
        const neighbour = entry.neighbour;
        const expectedNeighbour = neighbour?.expect[actor];
        if (neighbour && expectedNeighbour !== undefined) {
          cases.push({
            side: 'neighbour',
            expected: expectedNeighbour,
            request: () => neighbour.request(ctx, actor),
          });
        }
        for (const { side, expected, request: make } of cases) {
          const request = await make();
          expect(matches(template, request.path), `${entry.route}: request path ${request.path}`).toBe(true);
          const user = actorUser(t, actor as Actor);
          const client = user ? await t.as(user) : t.client();
          const res = await client.request(method, request.path, {
            json: request.json,
            body: request.body,
            headers: request.headers,
          });
          await res.arrayBuffer();
          results.push(`${actor}/${side}: ${res.status}`);
          if (res.status !== expected)
            mismatches.push(`${actor}/${side}: expected ${expected}, got ${res.status}`);
        }
      }
      expect(mismatches, results.join(', ')).toEqual([]);
    });
  }
});

function matches(template: string, path: string): boolean {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}(\\?.*)?$`).test(path);
}
