import { attendanceSeed } from './attendance.js';
import type { SeedModule } from './context.js';
import { gradebookSeed } from './gradebook.js';
import { messagesSeed } from './messages.js';
import { usageSeed } from './usage.js';

/**
 * Each area's demo data, run in this order after the people, classes and timetable are in place.
 * To add an area: write `seed/<area>.ts` exporting a `SeedModule`, import it here and append it.
 */
export const SEED_MODULES: SeedModule[] = [gradebookSeed, attendanceSeed, messagesSeed, usageSeed];
