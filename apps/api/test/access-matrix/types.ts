import type { TestApp } from '../support/app.js';
import type { FxUser, SchoolFixture } from '../support/fixture.js';

/**
 * The access matrix: every declared route × every actor × their own resource and another établissement's.
 * Each area lists its routes in `access-matrix/<area>.ts` (export `entries: MatrixEntry[]`); the matrix test
 * fails when a declared route has no entry, or an entry names no declared route.
 */
export const ACTORS = [
  'anonymous',
  'student',
  'guardian',
  'teacher',
  'cpe',
  'principal',
  'inspector',
  'analyst',
] as const;
export type Actor = (typeof ACTORS)[number];
/** `own`: a resource the actor is related to; `other`: one of another établissement (another académie). */
export type Side = 'own' | 'other';

export interface MatrixContext {
  t: TestApp;
  /** The actors' établissement (Terres Rouges, académie de Reims). */
  own: SchoolFixture;
  /** An établissement of another académie (Charlemagne, académie d'Amiens): nobody's own. */
  other: SchoolFixture;
  /** The user behind an actor (undefined for anonymous). See `actorUser` for who they are. */
  user(actor: Actor): FxUser | undefined;
  /** Runs `make` once per matrix run and key (setup shared by the cases of a route). */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
}

export interface MatrixRequest {
  /** The concrete path, query string included. */
  path: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export interface MatrixEntry {
  /** `METHOD /path/{param}`, exactly as declared (e.g. `GET /api/v1/files/{id}`). */
  route: string;
  /**
   * Expected status for each actor: one number for both sides, or `[own, other]`. Choose requests whose only
   * possible failure is access (valid bodies), or a body that fails validation *after* access (then 400 means
   * "let in"). Requests run with a fresh session each, in the order actors × sides.
   */
  expect: Record<Actor, number | readonly [number, number]>;
  /**
   * Optional third side, the neighbour: a resource of the actor's own établissement they have no relation to —
   * student s3 (3e B), class 3e B, séance français 3e B (not taught by the teacher actor, not the guardian's
   * child). Typically 403 (404 for files), 200 for the vie scolaire and direction. Actors left out of `expect`
   * are not tried.
   */
  neighbour?: {
    expect: Partial<Record<Actor, number>>;
    request: (ctx: MatrixContext, actor: Actor) => MatrixRequest | Promise<MatrixRequest>;
  };
  /** The request an actor sends for its own resource (`own`) or for another établissement's (`other`). */
  request: (ctx: MatrixContext, actor: Actor, side: Side) => MatrixRequest | Promise<MatrixRequest>;
}

/**
 * Who the actors are, all from établissement `own` (a) unless territorial:
 * student = s1 (4e A); guardian = s1's first guardian; teacher = the maths teacher (teaches and leads 4e A);
 * cpe; principal; inspector and analyst = académie de Reims (which contains `own`, not `other`).
 * "Own" resources are therefore: student s1, class 4e A, séance maths 4e A, établissement a.
 */
export function actorUser(t: TestApp, actor: Actor): FxUser | undefined {
  const a = t.fixture.schools.a;
  switch (actor) {
    case 'anonymous':
      return undefined;
    case 'student':
      return a.students.s1;
    case 'guardian':
      return a.guardians.s1a;
    case 'teacher':
      return a.teachers.maths;
    case 'cpe':
      return a.cpe;
    case 'principal':
      return a.principal;
    case 'inspector':
      return t.fixture.inspector;
    case 'analyst':
      return t.fixture.analysts.academie;
  }
}

/** The same status for every signed-in actor, and 401 for anonymous. */
export function signedIn(status: number | readonly [number, number]): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? 401 : status]),
  ) as MatrixEntry['expect'];
}

/** The same status for everyone (public routes). */
export function everyone(status: number): MatrixEntry['expect'] {
  return Object.fromEntries(ACTORS.map((a) => [a, status])) as MatrixEntry['expect'];
}

/** Analysts only: others 403, anonymous 401. */
export function analystOnly(ok: number | readonly [number, number]): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? 401 : a === 'analyst' ? ok : 403]),
  ) as MatrixEntry['expect'];
}
