import { ACTORS, type MatrixContext, type MatrixEntry, signedIn } from './types.js';

const school = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);
const QUIET_HOURS = { enabled: true, from: '20:00', until: '07:00', weekends: true, holidays: true };

export const entries: MatrixEntry[] = [
  {
    // one's own notices only: there is no "other" resource to ask for
    route: 'GET /api/v1/live/stream',
    expect: signedIn(200),
    request: () => ({ path: '/api/v1/live/stream?follow=false&after=0' }),
  },
  {
    // members and families of the établissement, analysts and inspectors of its territory
    route: 'GET /api/v1/etablissements/{uai}/quiet-hours',
    expect: signedIn([200, 404]),
    request: (ctx, _a, side) => ({ path: `/api/v1/etablissements/${school(ctx, side).uai}/quiet-hours` }),
  },
  {
    route: 'PUT /api/v1/etablissements/{uai}/quiet-hours',
    expect: Object.fromEntries(
      ACTORS.map((a) => [a, a === 'anonymous' ? 401 : a === 'principal' ? [200, 404] : 403]),
    ) as MatrixEntry['expect'],
    request: (ctx, _a, side) => ({
      path: `/api/v1/etablissements/${school(ctx, side).uai}/quiet-hours`,
      json: QUIET_HOURS,
    }),
  },
];
