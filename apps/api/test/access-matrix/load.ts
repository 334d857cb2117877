import { AREAS } from '../../src/areas.js';
import type { TestApp } from '../support/app.js';
import { actorUser, type MatrixContext, type MatrixEntry } from './types.js';

/** Every area's entries, from access-matrix/<area name>.ts (the reference routes are the platform's). */
export async function loadMatrixEntries(): Promise<MatrixEntry[]> {
  const entries: MatrixEntry[] = [];
  for (const area of AREAS) {
    const module = (await import(`./${area.name}.ts`).catch(() => ({}))) as { entries?: MatrixEntry[] };
    if (!module.entries) {
      throw new Error(
        `The area "${area.name}" needs test/access-matrix/${area.name}.ts exporting \`entries\``,
      );
    }
    entries.push(...module.entries);
  }
  return entries;
}

/** The context the entries' requests are built in: `own` is établissement a, `other` is c (another académie). */
export function matrixContext(t: TestApp): MatrixContext {
  const memo = new Map<string, Promise<unknown>>();
  return {
    t,
    own: t.fixture.schools.a,
    other: t.fixture.schools.c,
    user: (actor) => actorUser(t, actor),
    once: <T>(key: string, make: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as Promise<T>;
    },
  };
}

/** Does a concrete path (query string allowed) match a route template such as `/api/v1/files/{id}`? */
export function matchesTemplate(template: string, path: string): boolean {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/?]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}(\\?.*)?$`).test(path);
}
