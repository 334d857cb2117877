import { ACTORS, type Actor, type MatrixContext, type MatrixEntry } from './types.js';

/** Direction only: the principal of the établissement; others 403, anonymous 401, another académie's 404. */
export function directionOnly(ok: readonly [number, number]): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a: Actor) => [a, a === 'anonymous' ? 401 : a === 'principal' ? ok : 403]),
  ) as MatrixEntry['expect'];
}

export const schoolOf = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);

/** A file that is XML but no export the route knows: refused after the access check (400 = let in). */
export function notAnExport(): FormData {
  const form = new FormData();
  form.append('files', new Blob(['<a/>'], { type: 'application/xml' }), 'a.xml');
  return form;
}
