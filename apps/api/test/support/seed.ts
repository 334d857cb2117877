import { schoolCalendar } from '@preau/core';
import { viewerById } from '../../src/auth/store.js';
import type { Db } from '../../src/db/index.js';
import type { Viewer } from '../../src/policies/index.js';
import { generateDemo, type SeedContext, type SeedModule, seedDemo } from '../../src/seed/index.js';
import { Rng } from '../../src/seed/rng.js';
import { freshDb } from './db.js';

/** A user as the API sees them once signed in (for calling services directly). */
export async function viewerOf(db: Db, id: string): Promise<Viewer> {
  const viewer = await viewerById(db, id);
  if (!viewer) throw new Error(`no user ${id}`);
  return viewer;
}

/**
 * Runs an area's seed module on the in-memory demo population and returns, as JSON, every row it would insert —
 * without a database (statements other than inserts, such as ANALYZE, are ignored).
 */
export async function rowsOfModule(module: SeedModule, seed: number, today: string): Promise<string> {
  const g = generateDemo({ scale: 'school', seed, today });
  const inserted: unknown[] = [];
  const ctx = {
    db: { exec: async () => {} } as never,
    insert: async (table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]) => {
      inserted.push([table, columns, rows]);
    },
    rng: new Rng(seed).fork(`module/${module.name}`),
    scale: 'school',
    seed,
    today,
    schoolYear: g.schoolYear,
    calendar: schoolCalendar(g.schoolYear),
    schools: g.schools,
    demoSchool: g.schools[0]!,
    demo: g.demo,
    users: new Map(),
  } satisfies SeedContext;
  await module.run(ctx);
  return JSON.stringify(inserted);
}

/** A fresh database with the demo population and one area's module, and the ids behind the demo logins. */
export async function seedWithModule(
  module: SeedModule,
  today: string,
): Promise<{ db: Db; demo: SeedContext['demo'] }> {
  const db = await freshDb();
  let demo: SeedContext['demo'] | undefined;
  await seedDemo(db, {
    scale: 'school',
    today,
    hashSecret: async (s) => `plain$${s}`,
    modules: [
      module,
      {
        name: 'probe',
        async run(ctx) {
          demo = ctx.demo;
        },
      },
    ],
  });
  return { db, demo: demo! };
}
