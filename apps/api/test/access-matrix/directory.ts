import { directionOnly, notAnExport, schoolOf } from './direction.js';
import type { MatrixEntry } from './types.js';

export const entries: MatrixEntry[] = [
  ...(['preview', 'import'] as const).map(
    (step): MatrixEntry => ({
      route: `POST /api/v1/etablissements/{uai}/directory/${step}`,
      expect: directionOnly([400, 404]),
      request: (ctx, _actor, side) => ({
        path: `/api/v1/etablissements/${schoolOf(ctx, side).uai}/directory/${step}`,
        body: notAnExport(),
      }),
    }),
  ),
  {
    route: 'POST /api/v1/classes/{id}/credentials',
    expect: directionOnly([200, 404]),
    request: (ctx, _actor, side) => ({
      path: `/api/v1/classes/${schoolOf(ctx, side).classes.c4a}/credentials`,
    }),
  },
];
