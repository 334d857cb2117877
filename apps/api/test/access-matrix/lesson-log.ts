import { createHash } from 'node:crypto';
import type { SchoolFixture } from '../support/fixture.js';
import { ACTORS, type Actor, type MatrixContext, type MatrixEntry, signedIn } from './types.js';

/**
 * The cahier de textes: own = class 4e A (maths, taught and led by the teacher actor), other = the same class of an
 * établissement of another académie, neighbour = class 3e B (French, not the teacher's, no child of the guardian).
 */
const schoolOf = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);

/** Statuses by actor: those not listed are refused by role (403), anonymous gets 401. */
function only(allowed: Partial<Record<Actor, number | readonly [number, number]>>): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? 401 : (allowed[a] ?? 403)]),
  ) as MatrixEntry['expect'];
}

/** Readers of a class's cahier: at home, and 404 elsewhere; analysts are refused by role. */
const readers = only({
  student: [200, 404],
  guardian: [200, 404],
  teacher: [200, 404],
  cpe: [200, 404],
  principal: [200, 404],
  inspector: [200, 404],
});
const readersNeighbour = {
  student: 403,
  guardian: 403,
  teacher: 403,
  cpe: 200,
  principal: 200,
  inspector: 200,
};

let serial = 0;

/** A published entry with one work item, written straight into the database (each call a new one). */
async function freshEntry(
  ctx: MatrixContext,
  school: SchoolFixture,
  which: 'c4a' | 'c3b' = 'c4a',
): Promise<{ entryId: string; workId: string }> {
  const n = ++serial;
  const entryId = `${school.key}_mx_entry_${n}`;
  const workId = `${school.key}_mx_work_${n}`;
  const classId = school.classes[which];
  const [subjectId, teacherId] =
    which === 'c4a'
      ? [school.subjects.maths, school.teachers.maths.id]
      : [school.subjects.francais, school.teachers.francais.id];
  await ctx.t.db.query(
    `INSERT INTO lesson_entries (id, uai, class_id, subject_id, teacher_id, date, title, publish_at)
     VALUES ($1, $2, $3, $4, $5, '2026-11-16', 'Entrée de la matrice', '2026-11-16T06:00:00Z')`,
    [entryId, school.uai, classId, subjectId, teacherId],
  );
  await ctx.t.db.query(
    `INSERT INTO lesson_work (id, entry_id, class_id, type, title, given_on, due_on, estimated_minutes)
     VALUES ($1, $2, $3, 'exercices', 'Exercices', '2026-11-16', '2026-11-18', 20)`,
    [workId, entryId, classId],
  );
  return { entryId, workId };
}

const sharedEntry = (ctx: MatrixContext, school: SchoolFixture, which: 'c4a' | 'c3b' = 'c4a') =>
  ctx.once(`lesson-entry-${school.key}-${which}`, () => freshEntry(ctx, school, which));

/** A group of the own school taught in maths by the teacher actor: somewhere to duplicate to. */
const duplicateTarget = (ctx: MatrixContext) =>
  ctx.once('lesson-group', async () => {
    const id = `${ctx.own.key}_mx_groupe`;
    await ctx.t.db.query(
      "INSERT INTO classes (id, uai, kind, name, level, school_year) VALUES ($1, $2, 'groupe', '4e soutien', '4e', 2026)",
      [id, ctx.own.uai],
    );
    await ctx.t.db.query("INSERT INTO teaching_assignments VALUES ('mx_ta_groupe', $1, $2, $3)", [
      ctx.own.teachers.maths.id,
      id,
      ctx.own.subjects.maths,
    ]);
    return id;
  });

/** A feed of a user with a known secret. */
async function freshFeed(
  ctx: MatrixContext,
  userId: string,
  revoked = false,
): Promise<{ id: string; token: string }> {
  const n = ++serial;
  const token = `mx-token-${n}-${'x'.repeat(30)}`;
  const id = `mx_feed_${n}`;
  await ctx.t.db.query(
    `INSERT INTO lesson_feeds (id, user_id, kind, token_hash, revoked_at) VALUES ($1, $2, 'student', $3, $4)`,
    [id, userId, createHash('sha256').update(token).digest('hex'), revoked ? '2026-11-01T00:00:00Z' : null],
  );
  return { id, token };
}

const entryBody = (school: SchoolFixture, which: 'c4a' | 'c3b' = 'c4a') => ({
  classId: school.classes[which],
  subjectId: which === 'c4a' ? school.subjects.maths : school.subjects.francais,
  date: '2026-11-16',
  title: 'Séance',
  work: [{ type: 'lecon', title: 'Leçon', dueOn: '2026-11-17', estimatedMinutes: 10 }],
});
const updateBody = { date: '2026-11-16', title: 'Séance modifiée' };

export const entries: MatrixEntry[] = [
  {
    route: 'GET /api/v1/lesson-log/me',
    expect: signedIn(200),
    request: () => ({ path: '/api/v1/lesson-log/me' }),
  },
  {
    route: 'GET /api/v1/lesson-log/classes/{id}/entries',
    expect: readers,
    neighbour: {
      expect: readersNeighbour,
      request: (ctx) => ({ path: `/api/v1/lesson-log/classes/${ctx.own.classes.c3b}/entries` }),
    },
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/classes/${schoolOf(ctx, side).classes.c4a}/entries?from=2026-11-16&to=2026-11-22`,
    }),
  },
  {
    route: 'POST /api/v1/lesson-log/entries',
    expect: only({ teacher: [201, 404] }),
    neighbour: {
      expect: { teacher: 403 },
      request: (ctx) => ({ path: '/api/v1/lesson-log/entries', json: entryBody(ctx.own, 'c3b') }),
    },
    request: (ctx, _a, side) => ({
      path: '/api/v1/lesson-log/entries',
      json: entryBody(schoolOf(ctx, side)),
    }),
  },
  {
    route: 'GET /api/v1/lesson-log/entries/{id}',
    expect: readers,
    neighbour: {
      expect: readersNeighbour,
      request: async (ctx) => ({
        path: `/api/v1/lesson-log/entries/${(await sharedEntry(ctx, ctx.own, 'c3b')).entryId}`,
      }),
    },
    request: async (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/entries/${(await sharedEntry(ctx, schoolOf(ctx, side))).entryId}`,
    }),
  },
  {
    route: 'PUT /api/v1/lesson-log/entries/{id}',
    expect: only({ teacher: [200, 404] }),
    neighbour: {
      expect: { teacher: 403 },
      request: async (ctx) => ({
        path: `/api/v1/lesson-log/entries/${(await sharedEntry(ctx, ctx.own, 'c3b')).entryId}`,
        json: updateBody,
      }),
    },
    request: async (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/entries/${(await freshEntry(ctx, schoolOf(ctx, side))).entryId}`,
      json: updateBody,
    }),
  },
  {
    route: 'DELETE /api/v1/lesson-log/entries/{id}',
    expect: only({ teacher: [204, 404] }),
    neighbour: {
      expect: { teacher: 403 },
      request: async (ctx) => ({
        path: `/api/v1/lesson-log/entries/${(await freshEntry(ctx, ctx.own, 'c3b')).entryId}`,
      }),
    },
    request: async (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/entries/${(await freshEntry(ctx, schoolOf(ctx, side))).entryId}`,
    }),
  },
  {
    route: 'POST /api/v1/lesson-log/entries/{id}/duplicate',
    expect: only({ teacher: [201, 404] }),
    neighbour: {
      expect: { teacher: 403 },
      request: async (ctx) => ({
        path: `/api/v1/lesson-log/entries/${(await sharedEntry(ctx, ctx.own, 'c3b')).entryId}/duplicate`,
        json: { classId: await duplicateTarget(ctx) },
      }),
    },
    request: async (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/entries/${(await freshEntry(ctx, schoolOf(ctx, side))).entryId}/duplicate`,
      json: { classId: await duplicateTarget(ctx) },
    }),
  },
  {
    route: 'GET /api/v1/lesson-log/classes/{id}/workload',
    expect: readers,
    neighbour: {
      expect: readersNeighbour,
      request: (ctx) => ({
        path: `/api/v1/lesson-log/classes/${ctx.own.classes.c3b}/workload?date=2026-11-18`,
      }),
    },
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/classes/${schoolOf(ctx, side).classes.c4a}/workload?date=2026-11-18`,
    }),
  },
  {
    route: 'GET /api/v1/lesson-log/students/{id}/work',
    // inspectors read cahiers, not a student's agenda
    expect: only({
      student: [200, 404],
      guardian: [200, 404],
      teacher: [200, 404],
      cpe: [200, 404],
      principal: [200, 404],
    }),
    neighbour: {
      expect: { student: 403, guardian: 403, teacher: 403, cpe: 200, principal: 200 },
      request: (ctx) => ({ path: `/api/v1/lesson-log/students/${ctx.own.students.s3.id}/work` }),
    },
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/students/${schoolOf(ctx, side).students.s1.id}/work`,
    }),
  },
  {
    route: 'PUT /api/v1/lesson-log/work/{id}/done',
    expect: only({ student: [200, 404] }),
    neighbour: {
      expect: { student: 403 },
      request: async (ctx) => ({
        path: `/api/v1/lesson-log/work/${(await sharedEntry(ctx, ctx.own, 'c3b')).workId}/done`,
        json: { done: true },
      }),
    },
    request: async (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/work/${(await sharedEntry(ctx, schoolOf(ctx, side))).workId}/done`,
      json: { done: true },
    }),
  },
  {
    route: 'GET /api/v1/lesson-log/classes/{id}/visas',
    expect: readers,
    neighbour: {
      expect: readersNeighbour,
      request: (ctx) => ({ path: `/api/v1/lesson-log/classes/${ctx.own.classes.c3b}/visas` }),
    },
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/classes/${schoolOf(ctx, side).classes.c4a}/visas`,
    }),
  },
  {
    route: 'POST /api/v1/lesson-log/classes/{id}/visas',
    // a visa early in the year: the entries the other routes write (16 November) stay unlocked
    expect: only({ principal: [201, 404] }),
    neighbour: {
      expect: { principal: 201 },
      request: (ctx) => ({
        path: `/api/v1/lesson-log/classes/${ctx.own.classes.c3b}/visas`,
        json: { upTo: '2026-09-05' },
      }),
    },
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/classes/${schoolOf(ctx, side).classes.c4a}/visas`,
      json: { upTo: '2026-09-05' },
    }),
  },
  {
    route: 'GET /api/v1/lesson-log/etablissements/{uai}/classes',
    expect: only({ principal: [200, 404], inspector: [200, 404] }),
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/etablissements/${schoolOf(ctx, side).uai}/classes`,
    }),
  },
  {
    route: 'GET /api/v1/lesson-log/classes/{id}/archive',
    expect: only({ principal: [200, 404] }),
    neighbour: {
      expect: { principal: 200 },
      request: (ctx) => ({ path: `/api/v1/lesson-log/classes/${ctx.own.classes.c3b}/archive` }),
    },
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/classes/${schoolOf(ctx, side).classes.c4a}/archive`,
    }),
  },
  {
    route: 'GET /api/v1/lesson-log/etablissements/{uai}/settings',
    expect: signedIn([200, 404]),
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/etablissements/${schoolOf(ctx, side).uai}/settings`,
    }),
  },
  {
    route: 'PUT /api/v1/lesson-log/etablissements/{uai}/settings',
    expect: only({ principal: [200, 404] }),
    request: (ctx, _a, side) => ({
      path: `/api/v1/lesson-log/etablissements/${schoolOf(ctx, side).uai}/settings`,
      json: { dailyWorkloadLimitMinutes: 90, weeklyWorkloadLimitMinutes: 360 },
    }),
  },
  {
    route: 'GET /api/v1/lesson-log/feeds',
    // one's own feeds only: there is no "other" resource to ask for
    expect: only({ student: 200, guardian: 200, teacher: 200 }),
    request: () => ({ path: '/api/v1/lesson-log/feeds' }),
  },
  {
    route: 'POST /api/v1/lesson-log/feeds',
    // a parent names a child: their own, or another family's elsewhere
    expect: only({ student: 201, guardian: [201, 404], teacher: 201 }),
    request: (ctx, actor, side) => ({
      path: '/api/v1/lesson-log/feeds',
      json: actor === 'guardian' ? { studentId: schoolOf(ctx, side).students.s1.id } : {},
    }),
  },
  {
    route: 'DELETE /api/v1/lesson-log/feeds/{id}',
    // one's own feed, or someone else's (of another établissement): never acknowledged
    expect: only({ student: [204, 404], guardian: [204, 404], teacher: [204, 404] }),
    request: async (ctx, actor, side) => {
      const owner =
        side === 'own' ? (ctx.user(actor)?.id ?? ctx.own.students.s1.id) : ctx.other.students.s1.id;
      return { path: `/api/v1/lesson-log/feeds/${(await freshFeed(ctx, owner)).id}` };
    },
  },
  {
    route: 'GET /api/v1/lesson-log/ical/{token}',
    // public: the secret is the key; a revoked one opens nothing, whoever asks
    expect: Object.fromEntries(ACTORS.map((a) => [a, [200, 404] as const])) as MatrixEntry['expect'],
    request: async (ctx, _a, side) => {
      const feed = await freshFeed(ctx, ctx.own.students.s1.id, side === 'other');
      return { path: `/api/v1/lesson-log/ical/${feed.token}.ics` };
    },
  },
];
