import { insertTrace } from '../../src/whiteboard/store.js';
import type { SchoolFixture } from '../support/fixture.js';
import { attachedDocument, sampleAnnotations, sampleUbz } from '../support/whiteboard.js';
import { ACTORS, type Actor, type MatrixContext, type MatrixEntry } from './types.js';

const schoolOf = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);

function only(allowed: Partial<Record<Actor, number | readonly [number, number]>>): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? 401 : (allowed[a] ?? 403)]),
  ) as MatrixEntry['expect'];
}

/** Whoever sees class 4e A of their own établissement; nobody sees another académie's. */
const classReaders = (ok: number) =>
  only({
    student: [ok, 404],
    guardian: [ok, 404],
    teacher: [ok, 404],
    cpe: [ok, 404],
    principal: [ok, 404],
    inspector: [ok, 404],
    analyst: 404,
  });
/** Those who record the séance: its teacher, the CPE, the direction. */
const recorders = (ok: number) => only({ teacher: [ok, 404], cpe: [ok, 404], principal: [ok, 404] });

const documentOf = (
  ctx: MatrixContext,
  school: SchoolFixture,
  seance: 'maths4a' | 'francais3b' = 'maths4a',
) => ctx.once(`whiteboard-doc-${school.key}-${seance}`, () => attachedDocument(ctx.t, school, seance));

const traceOf = (ctx: MatrixContext, school: SchoolFixture, seance: 'maths4a' | 'francais3b' = 'maths4a') =>
  ctx.once(`whiteboard-trace-${school.key}-${seance}`, async () => {
    const fileId = await documentOf(ctx, school, seance);
    const id = `wbt_mx_${school.key}_${seance}`;
    await insertTrace(ctx.t.db, {
      id,
      seanceId: school.seances[seance],
      fileId,
      authorId: school.teachers[seance === 'maths4a' ? 'maths' : 'francais'].id,
      title: 'Trace',
      annotations: sampleAnnotations(),
      strokeCount: 1,
      createdAt: ctx.t.clock.now(),
    });
    return id;
  });

const upload = () => {
  const form = new FormData();
  form.set('file', new File([sampleUbz() as Uint8Array<ArrayBuffer>], 'fractions.ubz'));
  return form;
};

export const entries: MatrixEntry[] = [
  {
    route: 'POST /api/v1/whiteboard/seances/{id}/documents',
    expect: recorders(201),
    neighbour: {
      expect: { teacher: 403, cpe: 201, principal: 201 },
      request: (ctx) => ({
        path: `/api/v1/whiteboard/seances/${ctx.own.seances.francais3b}/documents`,
        body: upload(),
      }),
    },
    request: (ctx, _a, side) => ({
      path: `/api/v1/whiteboard/seances/${schoolOf(ctx, side).seances.maths4a}/documents`,
      body: upload(),
    }),
  },
  {
    route: 'GET /api/v1/whiteboard/seances/{id}/documents',
    expect: classReaders(200),
    neighbour: {
      expect: { student: 403, guardian: 403, teacher: 403, cpe: 200, principal: 200 },
      request: (ctx) => ({ path: `/api/v1/whiteboard/seances/${ctx.own.seances.francais3b}/documents` }),
    },
    request: (ctx, _a, side) => ({
      path: `/api/v1/whiteboard/seances/${schoolOf(ctx, side).seances.maths4a}/documents`,
    }),
  },
  {
    route: 'GET /api/v1/whiteboard/documents/{id}/annotations',
    expect: classReaders(200),
    neighbour: {
      expect: { student: 404, guardian: 404, teacher: 404, cpe: 200, principal: 200 },
      request: async (ctx) => ({
        path: `/api/v1/whiteboard/documents/${await documentOf(ctx, ctx.own, 'francais3b')}/annotations`,
      }),
    },
    request: async (ctx, _a, side) => ({
      path: `/api/v1/whiteboard/documents/${await documentOf(ctx, schoolOf(ctx, side))}/annotations`,
    }),
  },
  {
    route: 'PUT /api/v1/whiteboard/documents/{id}/annotations',
    expect: classReaders(200),
    neighbour: {
      expect: { student: 404, teacher: 404, cpe: 200 },
      request: async (ctx) => ({
        path: `/api/v1/whiteboard/documents/${await documentOf(ctx, ctx.own, 'francais3b')}/annotations`,
        json: { annotations: sampleAnnotations() },
      }),
    },
    request: async (ctx, _a, side) => ({
      path: `/api/v1/whiteboard/documents/${await documentOf(ctx, schoolOf(ctx, side))}/annotations`,
      json: { annotations: sampleAnnotations() },
    }),
  },
  {
    route: 'POST /api/v1/whiteboard/seances/{id}/documents/{fileId}/traces',
    expect: recorders(201),
    neighbour: {
      expect: { teacher: 403, cpe: 201 },
      request: async (ctx) => ({
        path: `/api/v1/whiteboard/seances/${ctx.own.seances.francais3b}/documents/${await documentOf(ctx, ctx.own, 'francais3b')}/traces`,
        json: { title: 'Trace du cours', annotations: sampleAnnotations() },
      }),
    },
    request: async (ctx, _a, side) => {
      const school = schoolOf(ctx, side);
      return {
        path: `/api/v1/whiteboard/seances/${school.seances.maths4a}/documents/${await documentOf(ctx, school)}/traces`,
        json: { title: 'Trace du cours', annotations: sampleAnnotations() },
      };
    },
  },
  {
    route: 'GET /api/v1/whiteboard/traces/{id}',
    expect: classReaders(200),
    neighbour: {
      expect: { student: 403, teacher: 403, cpe: 200 },
      request: async (ctx) => ({
        path: `/api/v1/whiteboard/traces/${await traceOf(ctx, ctx.own, 'francais3b')}`,
      }),
    },
    request: async (ctx, _a, side) => ({
      path: `/api/v1/whiteboard/traces/${await traceOf(ctx, schoolOf(ctx, side))}`,
    }),
  },
];
