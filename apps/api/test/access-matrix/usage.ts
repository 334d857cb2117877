import { analystOnly, type MatrixContext, type MatrixEntry } from './types.js';

const school = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);

export const entries: MatrixEntry[] = [
  {
    // The beacon opens visits: any session of an établissement's account (analysts and inspectors measure none).
    route: 'POST /api/v1/events/visits',
    expect: {
      anonymous: 401,
      student: 200,
      guardian: 200,
      teacher: 200,
      cpe: 200,
      principal: 200,
      inspector: 403,
      analyst: 403,
    },
    request: () => ({ path: '/api/v1/events/visits' }),
  },
  {
    // The beacon: any session is let in (401 without one); a visit the server did not issue to that very session
    // is then refused (400), as are accounts without an établissement. Kept events: test/events/ingest-route.
    route: 'POST /api/v1/events',
    expect: {
      anonymous: 401,
      student: 400,
      guardian: 400,
      teacher: 400,
      cpe: 400,
      principal: 400,
      inspector: 400,
      analyst: 400,
    },
    request: () => ({
      path: '/api/v1/events',
      json: [{ time: '2026-03-16T08:00:00Z', service: 'notes', action: 'view', visitId: 'visit-matrix-1' }],
    }),
  },
  {
    route: 'GET /api/v1/analytics/datasets/{file}',
    expect: analystOnly([200, 404]),
    request: (ctx, _a, side) => ({
      path: `/api/v1/analytics/datasets/hardware.arrow${side === 'own' ? '' : `?territory=uai:${ctx.other.uai}`}`,
    }),
  },
  {
    route: 'GET /api/v1/analytics/usage-summary',
    expect: analystOnly([200, 404]),
    request: (ctx, _a, side) => ({
      path: `/api/v1/analytics/usage-summary?from=2026-01-01&to=2026-01-31${side === 'own' ? '' : `&territory=uai:${ctx.other.uai}`}`,
    }),
  },
  {
    route: 'GET /api/v1/usage/dnma.csv',
    expect: analystOnly([200, 404]),
    request: (ctx, _a, side) => ({
      path: `/api/v1/usage/dnma.csv?from=2026-03-01&to=2026-03-31${side === 'own' ? '' : `&territory=uai:${ctx.other.uai}`}`,
    }),
  },
  {
    // Lines for another académie's établissement are refused (400, nothing written).
    route: 'POST /api/v1/usage/import',
    expect: analystOnly([200, 400]),
    request: (ctx, _a, side) => ({
      path: '/api/v1/usage/import',
      body: `uai;date;profil;module;acces\n${school(ctx, side).uai};2019-09-02;ELEVE;notes;12\n`,
      headers: { 'content-type': 'text/csv' },
    }),
  },
];
