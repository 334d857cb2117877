import { randomUUID } from 'node:crypto';
import type { SchoolFixture } from '../support/fixture.js';
import { ACTORS, type Actor, analystOnly, type MatrixContext, type MatrixEntry } from './types.js';

/** `who` statuses for routes open to the direction and analysts only: others 403, anonymous 401. */
function directionAndAnalyst(
  ok: number | readonly [number, number],
  analyst: number | readonly [number, number] = ok,
): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a: Actor) => [
      a,
      a === 'anonymous' ? 401 : a === 'principal' ? ok : a === 'analyst' ? analyst : 403,
    ]),
  ) as MatrixEntry['expect'];
}
const school = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);

/** A fresh hardware lot of a school (each DELETE needs its own). */
async function lot(ctx: MatrixContext, s: SchoolFixture): Promise<string> {
  const id = `hw_${randomUUID()}`;
  await ctx.t.db.query(
    `INSERT INTO hardware_assets (id, uai, category, count, acquired_on, cost_cents, funding)
     VALUES ($1, $2, 'fixed_pc', 24, '2024-09-01', 1920000, 'departement')`,
    [id, s.uai],
  );
  return id;
}

const LOT = {
  category: 'laptop',
  count: 2,
  acquiredOn: '2025-01-10',
  warrantyEnd: null,
  costCents: 160_000,
  funding: 'region',
};

export const entries: MatrixEntry[] = [
  {
    route: 'GET /api/v1/etablissements/{uai}/hardware',
    expect: directionAndAnalyst([200, 404]),
    request: (ctx, _a, side) => ({ path: `/api/v1/etablissements/${school(ctx, side).uai}/hardware` }),
  },
  {
    route: 'POST /api/v1/etablissements/{uai}/hardware',
    expect: directionAndAnalyst([201, 404]),
    request: (ctx, _a, side) => ({
      path: `/api/v1/etablissements/${school(ctx, side).uai}/hardware`,
      json: LOT,
    }),
  },
  {
    route: 'PUT /api/v1/hardware/{id}',
    expect: directionAndAnalyst([200, 404]),
    request: async (ctx, _a, side) => ({
      path: `/api/v1/hardware/${await lot(ctx, school(ctx, side))}`,
      json: LOT,
    }),
  },
  {
    route: 'DELETE /api/v1/hardware/{id}',
    expect: directionAndAnalyst([204, 404]),
    request: async (ctx, _a, side) => ({ path: `/api/v1/hardware/${await lot(ctx, school(ctx, side))}` }),
  },
  {
    // All or nothing: a line for an établissement outside one's reach refuses the whole file (400).
    route: 'POST /api/v1/hardware/import',
    expect: directionAndAnalyst([200, 400]),
    request: (ctx, _a, side) => ({
      path: '/api/v1/hardware/import?mode=apply',
      body: `uai;categorie;nombre;date_acquisition;fin_garantie;cout_ttc;financement\n${school(ctx, side).uai};serveur;1;2024-01-10;;2000;département\n`,
      headers: { 'content-type': 'text/csv' },
    }),
  },
  {
    route: 'GET /api/v1/etablissements/{uai}/ent',
    expect: directionAndAnalyst([200, 404]),
    request: (ctx, _a, side) => ({ path: `/api/v1/etablissements/${school(ctx, side).uai}/ent` }),
  },
  {
    route: 'POST /api/v1/etablissements/{uai}/ent/status',
    expect: directionAndAnalyst([201, 404]),
    request: (ctx, _a, side) => ({
      path: `/api/v1/etablissements/${school(ctx, side).uai}/ent/status`,
      json: { validFrom: '2012-09-03', status: 'generalised' },
    }),
  },
  {
    route: 'PUT /api/v1/etablissements/{uai}/ent/accounts',
    expect: directionAndAnalyst([200, 404]),
    request: (ctx, _a, side) => ({
      path: `/api/v1/etablissements/${school(ctx, side).uai}/ent/accounts`,
      json: [{ profile: 'ELEVE', asOf: '2026-11-01', opened: 100, activated: 80 }],
    }),
  },
  {
    route: 'GET /api/v1/deployment',
    expect: analystOnly(200),
    request: () => ({ path: '/api/v1/deployment?asOf=2010-09-30' }),
  },
  {
    // The analyst of the académie de Reims may date the Marne's state, not the Aisne's (académie d'Amiens).
    route: 'POST /api/v1/deployment',
    expect: analystOnly([201, 404]),
    request: (_ctx, _a, side) => ({
      path: '/api/v1/deployment',
      json: {
        level: 'college',
        territoryKind: 'departement',
        territoryCode: side === 'own' ? '051' : '002',
        state: 'experimentation',
        validFrom: '2011-09-30',
      },
    }),
  },
];
