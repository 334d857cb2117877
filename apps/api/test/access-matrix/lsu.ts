import { directionOnly, schoolOf } from './direction.js';
import type { MatrixEntry } from './types.js';

export const entries: MatrixEntry[] = [
  {
    // The fixture's classes have no general appréciation: the direction gets 409 (let in, nothing to export).
    route: 'GET /api/v1/classes/{id}/lsu',
    expect: directionOnly([409, 404]),
    request: (ctx, _actor, side) => ({
      path: `/api/v1/classes/${schoolOf(ctx, side).classes.c4a}/lsu?period=1`,
    }),
  },
];
