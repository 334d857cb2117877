import { AREAS } from '../areas.js';
import type { SeedModule } from './context.js';

/**
 * Each area's demo data, run in the order of `AREAS` after the people, classes and timetable are in place.
 * An area names its module in its `Area` object (`seed: …`); nothing to list here.
 */
export const SEED_MODULES: SeedModule[] = AREAS.flatMap((area) => (area.seed ? [area.seed] : []));
