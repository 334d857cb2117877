import type { SchoolCalendar } from '@preau/core';
import type { Db } from '../db/types.js';
import type { Rng } from './rng.js';
import type { SeededSchool, SeedUser } from './school-types.js';

/** How much demo data to generate. */
export type SeedScale = 'school' | 'academie';
export const SEED_SCALES: readonly SeedScale[] = ['school', 'academie'];

/** The people behind the demo logins (ids in `users`). */
export interface DemoPeople {
  /** `eleve.demo`: a 4e student of the demo collège with a sibling in another level. */
  studentId: string;
  /** The demo student's sibling (same guardians). */
  siblingId: string;
  /** `parent.demo`: a guardian of both. */
  guardianId: string;
  /** `prof.demo`: teaches the demo student's class and is its professeur principal. */
  teacherId: string;
  /** The demo student's class. */
  classId: string;
  cpeId: string;
  principalId: string;
  adjointId: string;
  /** Analysts and inspector, by login. */
  territorial: Record<string, string>;
}

/**
 * What each area's seed module receives. Everything in it is already inserted when the module runs; the module
 * adds its own rows through `db` (the seeding transaction: if any module throws, nothing is kept).
 *
 * Determinism: draw every random choice from `rng` (forked for the module by its name, so modules do not shift
 * each other's draws) and read time only from `today`/`calendar`, never from the clock.
 */
export interface SeedContext {
  /** The seeding transaction. Insert with `insert` (batched: thousands of rows per statement). */
  db: Db;
  /** Bulk insert into `db`: `insert('marks', ['id', 'mark'], rows)`. */
  insert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** This module's own generator. */
  rng: Rng;
  scale: SeedScale;
  seed: number;
  /** The day the data is generated for (YYYY-MM-DD): the past of the school year has happened, the rest not. */
  today: string;
  /** 2026 for 2026-2027. */
  schoolYear: number;
  calendar: SchoolCalendar;
  /** Every populated établissement, the demo collège first. */
  schools: SeededSchool[];
  /** Collège Robert Schuman (Reims), where the demo logins live. */
  demoSchool: SeededSchool;
  demo: DemoPeople;
  /** Every generated person, for lookups by id (`users.get(id)?.login`). */
  users: ReadonlyMap<string, SeedUser>;
  /** The server's data directory, for stores outside PostgreSQL (usage events); absent: such data is skipped. */
  dataDir?: string;
}

/** An area's demo data: `seed/<area>.ts` exports one and `seed/modules.ts` lists it. */
export interface SeedModule {
  /** Names the module in messages and forks its generator: keep it stable. */
  name: string;
  run(ctx: SeedContext): Promise<void>;
}
