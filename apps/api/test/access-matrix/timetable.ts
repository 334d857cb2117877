import { directionOnly, notAnExport, schoolOf } from './direction.js';
import type { MatrixEntry } from './types.js';

export const entries: MatrixEntry[] = (['preview', 'import'] as const).map(
  (step): MatrixEntry => ({
    route: `POST /api/v1/etablissements/{uai}/timetable/${step}`,
    expect: directionOnly([400, 404]),
    request: (ctx, _actor, side) => ({
      path: `/api/v1/etablissements/${schoolOf(ctx, side).uai}/timetable/${step}`,
      body: notAnExport(),
    }),
  }),
);
