import { uaiCheckLetter } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredRoutes } from '../../src/app.js';
import { loadMatrixEntries, matrixContext } from '../access-matrix/load.js';
import { ACTORS, actorUser, type MatrixContext, type MatrixRequest } from '../access-matrix/types.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngine } from '../support/db.js';
import { recordProbe } from '../support/probe-report.js';

/**
 * Outside a viewer's reach is one answer, byte for byte: every declared route is asked, by every profile, for a
 * resource of another établissement (the access matrix's `other` request) and for an identifier that does not
 * exist (the same request with every identifier replaced). Where one is a 404 the other must be too, with the
 * same body; a refusal by profile (403) must not depend on the identifier either. And every 404 of the API is
 * the same document.
 */
const entries = await loadMatrixEntries();

/** An identifier of the right shape that nothing has. */
const UNKNOWN_ID = 'zz_QmFkSWRlbnRpZmllcjAwMDA';
/** A well-formed UAI (check letter right) of no établissement. */
const UNKNOWN_UAI = `0599998${uaiCheckLetter('0599998')}`;

/** The identifiers of the fixture's other établissement: its UAI, classes, subjects, séances and people. */
function idsOf(school: MatrixContext['other']): Set<string> {
  const people = [
    school.students,
    school.guardians,
    school.teachers,
    { cpe: school.cpe, p: school.principal },
  ];
  return new Set([
    school.uai,
    ...Object.values(school.classes),
    ...Object.values(school.subjects),
    ...Object.values(school.seances),
    ...people.flatMap((group) => Object.values(group).map((u) => u.id)),
  ]);
}

/** Path parameters that name a file of a fixed list (a dataset, a page asset), not a record. */
const NOT_IDS = new Set(['{file}', '{asset}']);

/** The same request with each path parameter, and each of the other établissement's ids in query and body, unknown. */
function unknownVariant(
  template: string,
  request: MatrixRequest,
  others: Set<string>,
  uai: string,
): MatrixRequest {
  const unknownFor = (value: string) => (value === uai ? UNKNOWN_UAI : UNKNOWN_ID);
  const [pathPart, query] = request.path.split('?') as [string, string | undefined];
  const templateParts = template.split('/');
  const path = pathPart
    .split('/')
    .map((segment, i) =>
      templateParts[i]?.startsWith('{') && !NOT_IDS.has(templateParts[i]!)
        ? unknownFor(decodeURIComponent(segment))
        : segment,
    )
    .join('/');
  const params = new URLSearchParams(query ?? '');
  for (const [key, value] of [...params]) if (others.has(value)) params.set(key, unknownFor(value));
  const replace = (v: unknown): unknown =>
    typeof v === 'string' && others.has(v)
      ? unknownFor(v)
      : Array.isArray(v)
        ? v.map(replace)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replace(x)]))
          : v;
  const qs = params.toString();
  return { ...request, path: qs ? `${path}?${qs}` : path, json: replace(request.json) };
}

async function send(t: TestApp, method: string, actor: (typeof ACTORS)[number], request: MatrixRequest) {
  const user = actorUser(t, actor);
  const client = user ? await t.as(user) : t.client();
  const res = await client.request(method, request.path, {
    json: request.json,
    body: request.body,
    headers: request.headers,
  });
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, body: '' };
  }
  return { status: res.status, body: await res.text() };
}

describe(`one 404, whatever the reason (${testEngine})`, () => {
  let t: TestApp;
  let ctx: MatrixContext;
  beforeAll(async () => {
    t = await buildTestApp();
    ctx = matrixContext(t);
  });
  afterAll(() => t.close());

  const bodies404 = new Map<string, string>();
  const differences: string[] = [];
  let compared = 0;

  for (const entry of entries) {
    const [method, template] = entry.route.split(' ') as [string, string];
    it(`${entry.route}: another établissement's resource and an unknown one get the same answer`, async () => {
      const others = idsOf(ctx.other);
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        if (actor === 'anonymous') continue;
        const other = await entry.request(ctx, actor, 'other');
        const unknown = unknownVariant(template, other, others, ctx.other.uai);
        if (unknown.path === other.path && JSON.stringify(unknown.json) === JSON.stringify(other.json))
          continue;
        const a = await send(t, method, actor, other);
        if (a.status !== 404 && a.status !== 403) continue;
        const b = await send(t, method, actor, unknown);
        compared++;
        for (const r of [a, b]) if (r.status === 404) bodies404.set(`${entry.route} (${actor})`, r.body);
        if (a.status !== b.status || a.body !== b.body) {
          mismatches.push(`${actor}: ${a.status} ${a.body} ≠ ${b.status} ${b.body}`);
        }
      }
      differences.push(...mismatches.map((m) => `${entry.route} ${m}`));
      expect(mismatches).toEqual([]);
    });
  }

  it('answers every 404 of every route with one and the same document', () => {
    const distinct = [...new Set(bodies404.values())];
    recordProbe({
      finding: '404 révélant l’existence (toutes routes × profils)',
      tried: compared,
      failed: differences.length,
      examples: differences,
    });
    expect(declaredRoutes(t.app).length).toBeGreaterThan(40);
    expect(bodies404.size).toBeGreaterThan(30);
    expect(distinct).toHaveLength(1);
  });
});
