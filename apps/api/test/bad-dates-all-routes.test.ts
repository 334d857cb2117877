import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';

/**
 * Every date and week parameter of every route, found in the OpenAPI document (`format: date`, or named `week`),
 * sent impossible dates: each is a 400 naming the parameter, for whoever may call the route — never a 500, never
 * a date silently read as another (`2026-02-30` as 2 March).
 */
const IMPOSSIBLE = ['2026-13-01', '2026-12-32', '9999-99-99', '2026-02-30', '2025-02-29'];

const t = await buildTestApp();
afterAll(() => t.close());

interface Parameter {
  name: string;
  in: string;
  schema?: { format?: string };
}
const doc = (await (await t.client().get('/api/v1/openapi.json')).json()) as {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
};
const dated = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).flatMap(([method, op]) =>
    (op.parameters ?? [])
      .filter((p) => p.in === 'query' && (p.schema?.format === 'date' || p.name === 'week'))
      .map((p) => ({ method: method.toUpperCase(), path, name: p.name })),
  ),
);

describe(`impossible dates on every date parameter (${testEngine})`, () => {
  it('finds the date parameters', () => {
    expect(dated.map((d) => `${d.path}?${d.name}`)).toEqual(
      expect.arrayContaining([
        '/api/v1/attendance/week?week',
        '/api/v1/attendance/seances?date',
        '/api/v1/attendance/tallies?from',
        '/api/v1/analytics/datasets/{file}?to',
        '/api/v1/usage/dnma.csv?from',
        '/api/v1/deployment?asOf',
      ]),
    );
  });

  for (const { method, path, name } of dated) {
    it(`${method} ${path} ?${name}=…: a 400 naming query.${name}`, async () => {
      const a = t.fixture.schools.a;
      const clients: TestClient[] = await Promise.all([
        t.as(a.principal),
        t.as(a.cpe),
        t.as(a.teachers.maths),
        t.as(a.guardians.s1a),
        t.as(t.fixture.analysts.national),
      ]);
      const concrete = path
        .replace('{uai}', a.uai)
        .replace('{file}', 'usage_weekly.arrow')
        .replace(/\{[^}]+\}/g, a.students.s1.id);
      const failures: string[] = [];
      let checked = 0;
      for (const client of clients) {
        for (const day of IMPOSSIBLE) {
          const res = await client.request(method, `${concrete}?${name}=${day}`);
          if (res.status === 401 || res.status === 403) break; // not this profile's route
          checked++;
          const fields = res.status === 400 ? ((await problemOf(res)).errors ?? []).map((e) => e.field) : [];
          if (!fields.includes(`query.${name}`)) failures.push(`${day}: ${res.status} ${fields.join(', ')}`);
        }
      }
      expect(checked, 'no profile may call this route').toBeGreaterThan(0);
      expect(failures).toEqual([]);
    });
  }
});
