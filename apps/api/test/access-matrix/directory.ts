import { ACTORS, type Actor, type MatrixContext, type MatrixEntry } from './types.js';

/** Direction only: the principal of the établissement; others 403, anonymous 401. */
function directionOnly(ok: readonly [number, number]): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a: Actor) => [a, a === 'anonymous' ? 401 : a === 'principal' ? ok : 403]),
  ) as MatrixEntry['expect'];
}

const school = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);

/** A file that is XML but no directory export: refused after the access check (400 = let in). */
const notAnExport = () => {
  const form = new FormData();
  form.append('files', new Blob(['<a/>'], { type: 'application/xml' }), 'a.xml');
  return form;
};

export const entries: MatrixEntry[] = [
  ...(['directory/preview', 'directory/import', 'timetable/preview', 'timetable/import'] as const).map(
    (step): MatrixEntry => ({
      route: `POST /api/v1/etablissements/{uai}/${step}`,
      expect: directionOnly([400, 404]),
      request: (ctx, _actor, side) => ({
        path: `/api/v1/etablissements/${school(ctx, side).uai}/${step}`,
        body: notAnExport(),
      }),
    }),
  ),
  {
    route: 'POST /api/v1/classes/{id}/credentials',
    expect: directionOnly([200, 404]),
    request: (ctx, _actor, side) => ({
      path: `/api/v1/classes/${school(ctx, side).classes.c4a}/credentials`,
    }),
  },
];

entries.push({
  // The fixture's classes have no general appréciation: the direction gets 409 (let in, nothing to export).
  route: 'GET /api/v1/classes/{id}/lsu',
  expect: directionOnly([409, 404]),
  request: (ctx, _actor, side) => ({ path: `/api/v1/classes/${school(ctx, side).classes.c4a}/lsu?period=1` }),
});
