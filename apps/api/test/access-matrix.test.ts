import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes } from '../src/app.js';
import { loadMatrixEntries, matchesTemplate, matrixContext } from './access-matrix/load.js';
import {
  ACTORS,
  type Actor,
  actorUser,
  type MatrixContext,
  type MatrixRequest,
} from './access-matrix/types.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { testEngine } from './support/db.js';
import { recordProbe } from './support/probe-report.js';

const entries = await loadMatrixEntries();

describe(`access matrix: every route × every profile × own/other (${testEngine})`, () => {
  let t: TestApp;
  let ctx: MatrixContext;
  beforeAll(async () => {
    t = await buildTestApp();
    ctx = matrixContext(t);
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
      const privacy = { tried: 0, failed: [] as string[] };
      const secrets = entry.secrets ? await entry.secrets.setup(ctx) : [];
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
          expect(
            matchesTemplate(template, request.path),
            `${entry.route}: request path ${request.path}`,
          ).toBe(true);
          const user = actorUser(t, actor as Actor);
          const client = user ? await t.as(user) : t.client();
          const res = await client.request(method, request.path, {
            json: request.json,
            body: request.body,
            headers: request.headers,
          });
          const text = await res.text();
          results.push(`${actor}/${side}: ${res.status}`);
          if (res.status !== expected)
            mismatches.push(`${actor}/${side}: expected ${expected}, got ${res.status}`);
          if (entry.secrets && side === 'own' && res.status === 200) {
            const reader = entry.secrets.readers.includes(actor);
            const wrong = secrets.filter((s) => text.includes(s) !== reader);
            privacy.tried++;
            if (wrong.length) {
              privacy.failed.push(`${actor}: ${wrong.join(', ')}`);
              mismatches.push(`${actor}/own ${reader ? 'misses' : 'receives'} ${wrong.join(', ')}`);
            }
          }
        }
      }
      if (entry.secrets) {
        recordProbe({
          finding: entry.secrets.finding,
          tried: privacy.tried,
          failed: privacy.failed.length,
          examples: privacy.failed,
        });
      }
      expect(mismatches, results.join(', ')).toEqual([]);
    });
  }
});
