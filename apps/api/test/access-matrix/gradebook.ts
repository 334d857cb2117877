import type { SchoolFixture } from '../support/fixture.js';
import { ACTORS, type Actor, type MatrixContext, type MatrixEntry } from './types.js';

/** Trimester 1 of 2026-2027 and one maths évaluation of 4e A, in a school of the fixture. */
export function gradebookSetup(ctx: MatrixContext, school: SchoolFixture) {
  return ctx.once(`gradebook-${school.key}`, async () => {
    const periodId = `${school.key}_per_t1`;
    await ctx.t.db.query(
      `INSERT INTO periods (id, uai, school_year, scheme, number, name, starts_on, ends_on, grades_deadline)
       VALUES ($1, $2, 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25')`,
      [periodId, school.uai],
    );
    const evaluationId = await newEvaluation(ctx, school, periodId, 'Fractions');
    return { periodId, evaluationId, classId: school.classes.c4a, subjectId: school.subjects.maths };
  });
}

let serial = 0;
async function newEvaluation(ctx: MatrixContext, school: SchoolFixture, periodId: string, title: string) {
  const id = `${school.key}_ev_${++serial}`;
  await ctx.t.db.query(
    `INSERT INTO evaluations (id, uai, class_id, subject_id, period_id, title, date, publish_on)
     VALUES ($1, $2, $3, $4, $5, $6, '2026-10-01', '2026-10-02')`,
    [id, school.uai, school.classes.c4a, school.subjects.maths, periodId, title],
  );
  return id;
}

const schoolOf = (ctx: MatrixContext, side: 'own' | 'other') => (side === 'own' ? ctx.own : ctx.other);

/** Statuses by actor: those not listed are refused by role (403), anonymous gets 401. */
function only(allowed: Partial<Record<Actor, number | readonly [number, number]>>): MatrixEntry['expect'] {
  return Object.fromEntries(
    ACTORS.map((a) => [a, a === 'anonymous' ? 401 : (allowed[a] ?? 403)]),
  ) as MatrixEntry['expect'];
}

/** The teacher of the class in the subject and the direction: allowed at home, 404 elsewhere. */
const teacherAndDirection = (ok: number) => only({ teacher: [ok, 404], principal: [ok, 404] });

export const entries: MatrixEntry[] = [
  {
    route: 'GET /api/v1/gradebook/classes/{classId}/sheet',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const g = await gradebookSetup(ctx, schoolOf(ctx, side));
      return {
        path: `/api/v1/gradebook/classes/${g.classId}/sheet?subjectId=${g.subjectId}&periodId=${g.periodId}`,
      };
    },
  },
  {
    route: 'GET /api/v1/gradebook/classes/{classId}/sheet.csv',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const g = await gradebookSetup(ctx, schoolOf(ctx, side));
      return {
        path: `/api/v1/gradebook/classes/${g.classId}/sheet.csv?subjectId=${g.subjectId}&periodId=${g.periodId}`,
      };
    },
  },
  {
    route: 'POST /api/v1/gradebook/classes/{classId}/marks',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const school = schoolOf(ctx, side);
      const g = await gradebookSetup(ctx, school);
      return {
        path: `/api/v1/gradebook/classes/${g.classId}/marks`,
        json: { marks: [{ evaluationId: g.evaluationId, studentId: school.students.s1.id, value: 12.5 }] },
      };
    },
  },
  {
    route: 'POST /api/v1/gradebook/classes/{classId}/evaluations',
    expect: teacherAndDirection(201),
    request: async (ctx, _actor, side) => {
      const g = await gradebookSetup(ctx, schoolOf(ctx, side));
      return {
        path: `/api/v1/gradebook/classes/${g.classId}/evaluations`,
        json: {
          title: 'Puissances',
          date: '2026-10-09',
          subjectId: g.subjectId,
          periodId: g.periodId,
          coefficient: 2,
          outOf: 20,
          publishOn: '2026-10-16',
        },
      };
    },
  },
  {
    route: 'GET /api/v1/gradebook/evaluations/{id}',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const g = await gradebookSetup(ctx, schoolOf(ctx, side));
      return { path: `/api/v1/gradebook/evaluations/${g.evaluationId}` };
    },
  },
  {
    route: 'PATCH /api/v1/gradebook/evaluations/{id}',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const g = await gradebookSetup(ctx, schoolOf(ctx, side));
      return { path: `/api/v1/gradebook/evaluations/${g.evaluationId}`, json: { title: 'Fractions (DS)' } };
    },
  },
  {
    route: 'DELETE /api/v1/gradebook/evaluations/{id}',
    expect: teacherAndDirection(204),
    request: async (ctx, _actor, side) => {
      const school = schoolOf(ctx, side);
      const g = await gradebookSetup(ctx, school);
      return {
        path: `/api/v1/gradebook/evaluations/${await newEvaluation(ctx, school, g.periodId, 'À supprimer')}`,
      };
    },
  },
  {
    route: 'POST /api/v1/gradebook/classes/{classId}/marks/import/preview',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const school = schoolOf(ctx, side);
      const g = await gradebookSetup(ctx, school);
      return {
        path: `/api/v1/gradebook/classes/${g.classId}/marks/import/preview`,
        json: { subjectId: g.subjectId, periodId: g.periodId, text: 'Nom;Prénom;Fractions\n' },
      };
    },
  },
  {
    route: 'POST /api/v1/gradebook/classes/{classId}/marks/import',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const school = schoolOf(ctx, side);
      const g = await gradebookSetup(ctx, school);
      return {
        path: `/api/v1/gradebook/classes/${g.classId}/marks/import`,
        json: { subjectId: g.subjectId, periodId: g.periodId, text: 'Nom;Prénom\n' },
      };
    },
  },
  {
    // Without subjectId: the general appréciations, for the head teacher (the fixture's maths teacher) and direction.
    route: 'GET /api/v1/gradebook/classes/{classId}/appreciations',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const g = await gradebookSetup(ctx, schoolOf(ctx, side));
      return { path: `/api/v1/gradebook/classes/${g.classId}/appreciations?periodId=${g.periodId}` };
    },
  },
  {
    route: 'PUT /api/v1/gradebook/classes/{classId}/appreciations',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const school = schoolOf(ctx, side);
      const g = await gradebookSetup(ctx, school);
      return {
        path: `/api/v1/gradebook/classes/${g.classId}/appreciations`,
        json: {
          periodId: g.periodId,
          subjectId: g.subjectId,
          items: [{ studentId: school.students.s1.id, text: 'Bon trimestre.' }],
        },
      };
    },
  },
  {
    route: 'PUT /api/v1/gradebook/classes/{classId}/competences',
    expect: teacherAndDirection(200),
    request: async (ctx, _actor, side) => {
      const school = schoolOf(ctx, side);
      const g = await gradebookSetup(ctx, school);
      return {
        path: `/api/v1/gradebook/classes/${g.classId}/competences`,
        json: {
          periodId: g.periodId,
          subjectId: g.subjectId,
          assessments: [{ studentId: school.students.s1.id, domain: 'CPD_SCI', level: 3 }],
        },
      };
    },
  },
  {
    // The student, their guardians and teachers, the vie scolaire and direction; nobody beyond the établissement.
    route: 'GET /api/v1/gradebook/students/{studentId}/results',
    expect: only({
      student: [200, 404],
      guardian: [200, 404],
      teacher: [200, 404],
      cpe: [200, 404],
      principal: [200, 404],
    }),
    request: async (ctx, _actor, side) => {
      const school = schoolOf(ctx, side);
      const g = await gradebookSetup(ctx, school);
      return { path: `/api/v1/gradebook/students/${school.students.s1.id}/results?periodId=${g.periodId}` };
    },
    // Before its publication day an évaluation is absent for the family: its title, its mark, the compétences
    // recorded against it, and what it would change in averages and statistics.
    secrets: {
      finding: 'Évaluation non publiée (note, compétence) vue par l’élève et sa famille',
      readers: ['teacher', 'cpe', 'principal'],
      setup: async (ctx) => {
        const school = ctx.own;
        const g = await gradebookSetup(ctx, school);
        const id = `${school.key}_ev_unpublished`;
        await ctx.t.db.query(
          `INSERT INTO evaluations (id, uai, class_id, subject_id, period_id, title, date, publish_on)
           VALUES ($1, $2, $3, $4, $5, 'Contrôle surprise', '2026-11-13', '2026-12-20')`,
          [id, school.uai, school.classes.c4a, school.subjects.maths, g.periodId],
        );
        await ctx.t.db.query(`INSERT INTO marks (evaluation_id, student_id, value) VALUES ($1, $2, 3)`, [
          id,
          school.students.s1.id,
        ]);
        await ctx.t.db.query(
          `INSERT INTO competence_assessments (student_id, class_id, subject_id, period_id, domain, level, evaluation_id)
           VALUES ($1, $2, $3, $4, 'FRM_CIT', 1, $5)`,
          [school.students.s1.id, school.classes.c4a, school.subjects.maths, g.periodId, id],
        );
        return [id, 'Contrôle surprise', 'FRM_CIT'];
      },
    },
  },
  {
    // Settings are not personal: every member of the établissement, and its territory's analysts, may read them.
    route: 'GET /api/v1/gradebook/etablissements/{uai}/settings',
    expect: only({
      student: [200, 404],
      guardian: [200, 404],
      teacher: [200, 404],
      cpe: [200, 404],
      principal: [200, 404],
      inspector: [200, 404],
      analyst: [200, 404],
    }),
    request: (ctx, _actor, side) => ({
      path: `/api/v1/gradebook/etablissements/${schoolOf(ctx, side).uai}/settings`,
    }),
  },
  {
    route: 'PUT /api/v1/gradebook/etablissements/{uai}/settings',
    expect: only({ principal: [200, 404] }),
    request: (ctx, _actor, side) => ({
      path: `/api/v1/gradebook/etablissements/${schoolOf(ctx, side).uai}/settings`,
      json: {
        unjustifiedAbsenceCountsZero: false,
        visibility: { subjectAverages: true, generalAverage: true, classStats: true, rank: false },
      },
    }),
  },
];
