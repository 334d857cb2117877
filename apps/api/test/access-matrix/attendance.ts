import type { SchoolFixture } from '../support/fixture.js';
import { ACTORS, type Actor, type MatrixContext, type MatrixEntry, signedIn } from './types.js';

const schoolOf = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);

/** Statuses by actor: those not listed are refused by role (403), anonymous gets 401. */
function only(allowed: Partial<Record<Actor, number | readonly [number, number]>>): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? 401 : (allowed[a] ?? 403)]),
  ) as MatrixEntry['expect'];
}

let serial = 0;

/** A fresh absence of s1 at a new séance of 4e A maths (each request gets its own, so none sees another's). */
async function freshAbsence(
  ctx: MatrixContext,
  school: SchoolFixture,
): Promise<{ seanceId: string; entryId: string }> {
  const n = ++serial;
  const seanceId = `${school.key}_mx_sea_${n}`;
  const entryId = `${school.key}_mx_ent_${n}`;
  const start = new Date(Date.parse('2026-11-02T08:00:00Z') + n * 3_600_000).toISOString();
  const end = new Date(Date.parse(start) + 3_600_000).toISOString();
  await ctx.t.db.query(
    `INSERT INTO seances (id, class_id, subject_id, teacher_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [seanceId, school.classes.c4a, school.subjects.maths, school.teachers.maths.id, start, end],
  );
  await ctx.t.db.query(
    `INSERT INTO attendance_entries (id, seance_id, student_id, uai, starts_at, status, recorded_by)
     VALUES ($1, $2, $3, $4, $5, 'absent', $6)`,
    [entryId, seanceId, school.students.s1.id, school.uai, start, school.teachers.maths.id],
  );
  return { seanceId, entryId };
}

/** A fresh pending justification of s1's fresh absence, sent by s1's first guardian. */
async function freshJustification(ctx: MatrixContext, school: SchoolFixture): Promise<string> {
  const { entryId } = await freshAbsence(ctx, school);
  const id = `${school.key}_mx_just_${serial}`;
  await ctx.t.db.query(
    `INSERT INTO absence_justifications (id, uai, student_id, submitted_by, motif) VALUES ($1, $2, $3, $4, 'maladie')`,
    [id, school.uai, school.students.s1.id, school.guardians.s1a.id],
  );
  await ctx.t.db.query('INSERT INTO absence_justification_entries VALUES ($1, $2)', [id, entryId]);
  return id;
}

/** The séance's teacher, the CPE and the direction: at home; another établissement's séance is not acknowledged. */
const rollCallers = (ok: number) => only({ teacher: [ok, 404], cpe: [ok, 404], principal: [ok, 404] });
const office = (ok: number | readonly [number, number]) => only({ cpe: ok, principal: ok });

export const entries: MatrixEntry[] = [
  {
    // a teacher's own séances of the day: nothing of anyone else's to ask for
    route: 'GET /api/v1/attendance/seances',
    expect: only({ teacher: 200 }),
    request: () => ({ path: '/api/v1/attendance/seances?date=2026-11-16' }),
  },
  {
    route: 'GET /api/v1/attendance/seances/{id}/roll-call',
    expect: rollCallers(200),
    request: (ctx, _a, side) => ({
      path: `/api/v1/attendance/seances/${schoolOf(ctx, side).seances.maths4a}/roll-call`,
    }),
  },
  {
    route: 'GET /api/v1/attendance/classes/{id}/roll-call',
    expect: rollCallers(200),
    request: (ctx, _a, side) => ({
      path: `/api/v1/attendance/classes/${schoolOf(ctx, side).classes.c4a}/roll-call?date=2026-11-16`,
    }),
  },
  {
    route: 'PUT /api/v1/attendance/seances/{id}/roll-call',
    expect: rollCallers(200),
    request: (ctx, _a, side) => {
      const school = schoolOf(ctx, side);
      return {
        path: `/api/v1/attendance/seances/${school.seances.maths4a}/roll-call`,
        json: { marks: [{ studentId: school.students.s2.id, status: 'present' }], close: false },
      };
    },
  },
  {
    route: 'POST /api/v1/attendance/entries/{id}/erroneous',
    expect: rollCallers(200),
    request: async (ctx, _a, side) => {
      const { entryId } = await freshAbsence(ctx, schoolOf(ctx, side));
      return {
        path: `/api/v1/attendance/entries/${entryId}/erroneous`,
        json: { reason: 'erreur de saisie' },
      };
    },
  },
  {
    route: 'GET /api/v1/attendance/entries/{id}/history',
    expect: rollCallers(200),
    request: async (ctx, _a, side) => {
      const { entryId } = await ctx.once(`mx-history-${side}`, () => freshAbsence(ctx, schoolOf(ctx, side)));
      return { path: `/api/v1/attendance/entries/${entryId}/history` };
    },
  },
  {
    route: 'GET /api/v1/attendance/students/{id}',
    // s1 is the student, the guardian's child, in the teacher's class; analysts never see one student
    expect: only({
      student: [200, 404],
      guardian: [200, 404],
      teacher: [200, 404],
      cpe: [200, 404],
      principal: [200, 404],
    }),
    request: (ctx, _a, side) => ({
      path: `/api/v1/attendance/students/${schoolOf(ctx, side).students.s1.id}?from=2026-11-01&to=2026-11-30`,
    }),
  },
  {
    route: 'POST /api/v1/attendance/justifications',
    expect: only({ guardian: [201, 404], cpe: [201, 404] }),
    request: async (ctx, _a, side) => {
      const school = schoolOf(ctx, side);
      const { entryId } = await freshAbsence(ctx, school);
      return {
        path: '/api/v1/attendance/justifications',
        json: { studentId: school.students.s1.id, entryIds: [entryId], motif: 'maladie', comment: 'Fièvre.' },
      };
    },
  },
  {
    route: 'GET /api/v1/attendance/justifications',
    // always the viewer's own établissement's queue
    expect: office(200),
    request: () => ({ path: '/api/v1/attendance/justifications?state=en_attente' }),
  },
  {
    route: 'POST /api/v1/attendance/justifications/{id}/decision',
    expect: office([200, 404]),
    request: async (ctx, _a, side) => {
      const id = await freshJustification(ctx, schoolOf(ctx, side));
      return { path: `/api/v1/attendance/justifications/${id}/decision`, json: { decision: 'validee' } };
    },
  },
  {
    route: 'GET /api/v1/attendance/week',
    expect: rollCallers(200),
    request: (ctx, _a, side) => ({
      path: `/api/v1/attendance/week?week=2026-11-16&classId=${schoolOf(ctx, side).classes.c4a}`,
    }),
  },
  {
    route: 'GET /api/v1/attendance/tallies',
    expect: rollCallers(200),
    request: (ctx, _a, side) => ({
      path: `/api/v1/attendance/tallies?scope=class&id=${schoolOf(ctx, side).classes.c4a}&from=2026-11-01&to=2026-11-30`,
    }),
  },
  {
    route: 'GET /api/v1/attendance/stream',
    // one's own notices only: there is no "other" resource to ask for
    expect: signedIn(200),
    request: () => ({ path: '/api/v1/attendance/stream?follow=false&after=0' }),
  },
];
