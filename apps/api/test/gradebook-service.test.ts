import type { Profile } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { saveAppreciations } from '../src/gradebook/appreciations.js';
import { saveCompetences } from '../src/gradebook/competences.js';
import type { GradebookContext } from '../src/gradebook/context.js';
import { createEvaluation, patchEvaluation, removeEvaluation } from '../src/gradebook/evaluations.js';
import { saveMarks } from '../src/gradebook/marks.js';
import { studentResults } from '../src/gradebook/results.js';
import { getSheet } from '../src/gradebook/sheet.js';
import { applyImport, exportSheetCsv, previewImport } from '../src/gradebook/sheet-csv.js';
import { saveGradebookSettings } from '../src/gradebook/store.js';
import { HttpProblem } from '../src/http/problem.js';
import type { Viewer } from '../src/policies/index.js';
import { freshDb, testEngine } from './support/db.js';

/** Two établissements, one class with three students, maths taught by t1, French by t2 (head teacher). */
async function seedSchool(db: Db) {
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code) VALUES
      ('0510001A', 'Collège Jean Moulin', 'college', 'public', 'Reims', '051'),
      ('0510002B', 'Collège Colbert', 'college', 'public', 'Reims', '051');
    INSERT INTO users (id, login, first_name, last_name, profile, functions, uai) VALUES
      ('t1', 't1', 'Claire', 'Dubois', 'teacher', '{}', '0510001A'),
      ('t2', 't2', 'Marc', 'Lefèvre', 'teacher', '{}', '0510001A'),
      ('t3', 't3', 'Anne', 'Roy', 'teacher', '{}', '0510002B'),
      ('dir', 'dir', 'Paul', 'Mercier', 'direction', '{principal}', '0510001A'),
      ('s1', 's1', 'Léa', 'Martin', 'student', '{}', '0510001A'),
      ('s2', 's2', 'Hugo', 'Bernard', 'student', '{}', '0510001A'),
      ('s3', 's3', 'Inès', 'Petit', 'student', '{}', '0510001A'),
      ('g1', 'g1', 'Sophie', 'Martin', 'guardian', '{}', '0510001A'),
      ('g2', 'g2', 'Karim', 'Bernard', 'guardian', '{}', '0510001A');
    INSERT INTO guardianships VALUES ('s1', 'g1', 'mere'), ('s2', 'g2', 'pere');
    INSERT INTO classes (id, uai, kind, name, level, school_year, head_teacher_id) VALUES
      ('c4b', '0510001A', 'classe', '4e B', '4e', 2026, 't2'),
      ('other', '0510002B', 'classe', '4e A', '4e', 2026, NULL);
    INSERT INTO enrolments VALUES ('c4b', 's1'), ('c4b', 's2'), ('c4b', 's3');
    INSERT INTO subjects (id, uai, code, name, coefficient) VALUES
      ('maths', '0510001A', 'MATHS', 'Mathématiques', 3),
      ('fr', '0510001A', 'FRANC', 'Français', 2),
      ('maths2', '0510002B', 'MATHS', 'Mathématiques', 1);
    INSERT INTO teaching_assignments VALUES ('ta1', 't1', 'c4b', 'maths'), ('ta2', 't2', 'c4b', 'fr'),
      ('ta3', 't3', 'other', 'maths2');
    INSERT INTO periods (id, uai, school_year, scheme, number, name, starts_on, ends_on, grades_deadline) VALUES
      ('t1-2026', '0510001A', 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25'),
      ('p-other', '0510002B', 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25');
  `);
}

const viewer = (id: string, profile: Profile, uai = '0510001A', functions: string[] = []): Viewer => ({
  id,
  login: id,
  firstName: id,
  lastName: id,
  profile,
  functions,
  uai,
  scopeKind: null,
  scopeCode: null,
  mustChangePassword: false,
});

async function status(
  p: Promise<unknown>,
): Promise<{ status: number; errors: { field: string; message: string }[] }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpProblem);
  const problem = (err as HttpProblem).problem;
  return { status: problem.status, errors: problem.errors ?? [] };
}

describe(`grade book services on ${testEngine}`, () => {
  let db: Db;
  const ctx = (v: Viewer, today = '2026-10-20'): GradebookContext => ({
    db,
    viewer: v,
    now: new Date(`${today}T10:00:00Z`),
    today,
  });
  const t1 = () => ctx(viewer('t1', 'teacher'));
  const t2 = () => ctx(viewer('t2', 'teacher'));
  const base = { classId: 'c4b', subjectId: 'maths', periodId: 't1-2026', date: '2026-10-01' };
  let ev1: string;
  let ev2: string;
  let evFuture: string;

  beforeAll(async () => {
    db = await freshDb();
    await seedSchool(db);
  });
  afterAll(() => db.close());

  it('creates évaluations for the teacher’s own class and subject only', async () => {
    ev1 = (
      await createEvaluation(t1(), {
        ...base,
        title: 'Fractions',
        coefficient: 2,
        outOf: 20,
        rescaleTo20: true,
        publishOn: '2026-10-02',
        type: 'devoir_surveille',
        kind: 'normal',
      })
    ).id;
    ev2 = (
      await createEvaluation(t1(), {
        ...base,
        title: 'Calcul mental',
        coefficient: 1,
        outOf: 10,
        rescaleTo20: true,
        publishOn: '2026-10-05',
        type: 'interrogation',
        kind: 'normal',
      })
    ).id;
    evFuture = (
      await createEvaluation(t1(), {
        ...base,
        title: 'Géométrie',
        coefficient: 1,
        outOf: 20,
        rescaleTo20: true,
        publishOn: '2026-11-15',
        type: 'devoir_surveille',
        kind: 'normal',
      })
    ).id;
    const input = {
      ...base,
      title: 'X',
      coefficient: 1,
      outOf: 20,
      rescaleTo20: true,
      publishOn: '2026-10-02',
      type: 'autre' as const,
      kind: 'normal' as const,
    };
    expect((await status(createEvaluation(t2(), input))).status).toBe(403); // t2 teaches French, not maths
    expect((await status(createEvaluation(ctx(viewer('t3', 'teacher', '0510002B')), input))).status).toBe(
      404,
    );
    const bad = await status(createEvaluation(t1(), { ...input, periodId: 'p-other' }));
    expect(bad.status).toBe(400);
    expect(bad.errors.map((e) => e.field)).toEqual(['body.periodId']);
  });

  it('saves a batch of marks all or nothing, naming each bad cell', async () => {
    const bad = await status(
      saveMarks(t1(), 'c4b', [
        { evaluationId: ev1, studentId: 's1', value: 15 },
        { evaluationId: ev2, studentId: 's1', value: 12 }, // /10
        { evaluationId: ev1, studentId: 'nobody', value: 3 },
        { evaluationId: 'nope', studentId: 's2', value: 3 },
        { evaluationId: ev1, studentId: 's2', value: 'abs' },
        { evaluationId: ev1, studentId: 's3', value: 12.345 },
      ]),
    );
    expect(bad.status).toBe(400);
    expect(bad.errors).toEqual([
      {
        field: 'body.marks[1].value',
        message: 'Léa Martin, « Calcul mental » : La note 12 dépasse le barème (10).',
      },
      { field: 'body.marks[2].studentId', message: 'Élève inconnu dans cette classe : nobody.' },
      { field: 'body.marks[3].evaluationId', message: 'Évaluation inconnue dans cette classe : nope.' },
      {
        field: 'body.marks[4].value',
        message: 'Hugo Bernard, « Fractions » : Une note est un nombre ou Abs, Disp, NN.',
      },
      {
        field: 'body.marks[5].value',
        message: 'Inès Petit, « Fractions » : La note 12,345 a plus de 2 décimales.',
      },
    ]);
    expect(await db.query('SELECT * FROM marks')).toEqual([]);

    const ok = await saveMarks(t1(), 'c4b', [
      { evaluationId: ev1, studentId: 's1', value: 15 },
      { evaluationId: ev1, studentId: 's2', value: 'Abs' },
      { evaluationId: ev1, studentId: 's3', value: 8.5 },
      { evaluationId: ev2, studentId: 's1', value: 7 },
      { evaluationId: ev2, studentId: 's2', value: 9 },
      { evaluationId: ev2, studentId: 's3', value: 'Disp' },
      { evaluationId: evFuture, studentId: 's1', value: 2 },
    ]);
    expect(ok.saved).toBe(7);
    // t2 (French) may not write maths marks
    expect(
      (await status(saveMarks(t2(), 'c4b', [{ evaluationId: ev1, studentId: 's1', value: 1 }]))).status,
    ).toBe(403);
    // clearing a cell
    await saveMarks(t1(), 'c4b', [{ evaluationId: ev1, studentId: 's1', value: 16 }]);
  });

  it('answers 409 when an évaluation disappears between the checks and the write', async () => {
    const gone = (
      await createEvaluation(t1(), {
        ...base,
        title: 'Éphémère',
        coefficient: 1,
        outOf: 20,
        rescaleTo20: true,
        publishOn: '2026-10-02',
        type: 'autre',
        kind: 'normal',
      })
    ).id;
    // The deletion happens inside the saving transaction, after the checks: the write then fails as a whole.
    const racing: Db = {
      ...db,
      transaction: (fn) =>
        db.transaction(async (tx) => {
          await tx.query('DELETE FROM evaluations WHERE id = $1', [gone]);
          return fn(tx);
        }),
    };
    const r = await status(
      saveMarks({ ...ctx(viewer('t1', 'teacher')), db: racing }, 'c4b', [
        { evaluationId: gone, studentId: 's1', value: 3 },
      ]),
    );
    expect(r.status).toBe(409);
    await removeEvaluation(t1(), gone);
  });

  it('builds the teacher’s sheet with averages and stats', async () => {
    const sheet = await getSheet(t1(), 'c4b', { subjectId: 'maths', periodId: 't1-2026' });
    expect(sheet.students.map((s) => s.lastName)).toEqual(['Bernard', 'Martin', 'Petit']);
    expect(sheet.evaluations.map((e) => e.title)).toEqual(['Fractions', 'Calcul mental', 'Géométrie']);
    expect(sheet.canEdit).toBe(true);
    // Léa: (2×16 + 1×14 + 1×2) / 4 = 12 ; Hugo: Abs left out → 9/10 = 18 ; Inès: 8.5 (Disp left out)
    expect(Object.fromEntries(sheet.averages.map((a) => [a.studentId, a.average]))).toEqual({
      s1: 12,
      s2: 18,
      s3: 8.5,
    });
    expect(sheet.evaluationStats[0]?.stats).toEqual({ count: 2, average: 12.25, min: 8.5, max: 16 });
    expect(sheet.classStats).toEqual({ count: 3, average: 12.83, min: 8.5, max: 18 });
    // The head teacher (French) reads the maths sheet without writing; a stranger is refused.
    expect((await getSheet(t2(), 'c4b', { subjectId: 'maths', periodId: 't1-2026' })).canEdit).toBe(false);
    expect(
      (
        await status(
          getSheet(ctx(viewer('t3', 'teacher', '0510002B')), 'c4b', {
            subjectId: 'maths',
            periodId: 't1-2026',
          }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await status(
          getSheet(ctx(viewer('s1', 'student')), 'c4b', { subjectId: 'maths', periodId: 't1-2026' }),
        )
      ).status,
    ).toBe(403);
  });

  it('counts Abs as 0 when the établissement says so', async () => {
    await saveGradebookSettings(db, '0510001A', {
      unjustifiedAbsenceCountsZero: true,
      visibility: { subjectAverages: true, generalAverage: true, classStats: true, rank: true },
    });
    const sheet = await getSheet(t1(), 'c4b', { subjectId: 'maths', periodId: 't1-2026' });
    // Hugo: (2×0 + 18) / 3 = 6
    expect(sheet.averages.find((a) => a.studentId === 's2')?.average).toBe(6);
    await saveGradebookSettings(db, '0510001A', {
      unjustifiedAbsenceCountsZero: false,
      visibility: { subjectAverages: true, generalAverage: true, classStats: true, rank: true },
    });
  });

  it('refuses a smaller barème that existing marks exceed', async () => {
    const r = await status(patchEvaluation(t1(), ev1, { outOf: 10 }));
    expect(r.errors[0]?.field).toBe('body.outOf');
    expect((await patchEvaluation(t1(), ev1, { title: 'Fractions (DS)' })).title).toBe('Fractions (DS)');
  });

  it('shows a parent only published évaluations, and nothing the établissement hides', async () => {
    await saveAppreciations(t1(), 'c4b', {
      periodId: 't1-2026',
      subjectId: 'maths',
      items: [{ studentId: 's1', text: 'Bon trimestre.' }],
    });
    await saveAppreciations(t2(), 'c4b', {
      periodId: 't1-2026',
      subjectId: null,
      items: [{ studentId: 's1', text: 'Élève sérieuse.' }],
    });
    expect(
      (await status(saveAppreciations(t1(), 'c4b', { periodId: 't1-2026', subjectId: null, items: [] })))
        .status,
    ).toBe(403);
    await saveCompetences(t1(), 'c4b', {
      subjectId: 'maths',
      periodId: 't1-2026',
      assessments: [
        { studentId: 's1', domain: 'CPD_SCI', level: 3, evaluationId: ev1 },
        { studentId: 's1', domain: 'CPD_SCI', level: 4, evaluationId: null },
      ],
    });

    const parent = await studentResults(ctx(viewer('g1', 'guardian')), 's1', 't1-2026');
    const maths = parent.subjects[0]!;
    expect(maths.evaluations.map((e) => e.title)).toEqual(['Fractions (DS)', 'Calcul mental']);
    expect(JSON.stringify(parent)).not.toContain('Géométrie');
    // Published only: (2×16 + 14) / 3 = 15.33
    expect(maths.average).toBe(15.33);
    expect(parent.generalAverage).toBe(15.33);
    expect(parent.rank).toEqual({ position: 2, of: 3 });
    expect(maths.appreciation).toBe('Bon trimestre.');
    expect(parent.appreciation).toBe('Élève sérieuse.');
    expect(parent.competences).toEqual([{ domain: 'CPD_SCI', level: 4 }]);

    await saveGradebookSettings(db, '0510001A', {
      unjustifiedAbsenceCountsZero: false,
      visibility: { subjectAverages: false, generalAverage: false, classStats: false, rank: false },
    });
    const hidden = await studentResults(ctx(viewer('g1', 'guardian')), 's1', 't1-2026');
    const json = JSON.stringify(hidden);
    for (const key of ['"average"', 'generalAverage', 'classStats', '"rank"'])
      expect(json).not.toContain(key);
    expect(hidden.subjects[0]?.evaluations[0]?.mark).toBe(16);
    // Staff still see everything, unpublished included.
    const direction = await studentResults(
      ctx(viewer('dir', 'direction', '0510001A', ['principal'])),
      's1',
      't1-2026',
    );
    expect(direction.subjects[0]?.evaluations).toHaveLength(3);
    expect(direction.generalAverage).toBe(12);
    // Another family's child, another établissement: refused.
    expect((await status(studentResults(ctx(viewer('g2', 'guardian')), 's1', 't1-2026'))).status).toBe(403);
    expect(
      (await status(studentResults(ctx(viewer('t3', 'teacher', '0510002B')), 's1', 't1-2026'))).status,
    ).toBe(404);
  });

  it('imports marks from CSV: preview, then all or nothing', async () => {
    const scope = { subjectId: 'maths', periodId: 't1-2026' };
    const { csv, filename } = await exportSheetCsv(t1(), 'c4b', scope);
    expect(filename).toBe('notes-4e-b-mathematiques-trimestre-1.csv');
    const edited = csv.replace('Petit;Inès;8,5;', 'Petit;Inès;9,5;');
    const preview = await previewImport(t1(), 'c4b', { ...scope, text: edited });
    expect(preview.errors).toEqual([]);
    expect(preview.changes.filter((c) => c.status === 'changed')).toMatchObject([
      { studentId: 's3', evaluationId: ev1, before: 8.5, after: 9.5 },
    ]);
    const broken = `${edited.trimEnd()}\r\nInconnu;Élève;10;5;1\r\n`;
    const refused = await status(applyImport(t1(), 'c4b', { ...scope, text: broken }));
    expect(refused.status).toBe(400);
    expect(refused.errors[0]?.message).toMatch(/^Ligne \d+ : Élève introuvable/);
    const before = await db.query('SELECT value FROM marks WHERE evaluation_id = $1 AND student_id = $2', [
      ev1,
      's3',
    ]);
    expect(before).toEqual([{ value: 8.5 }]);
    expect(await applyImport(t1(), 'c4b', { ...scope, text: edited })).toMatchObject({ saved: 1 });
    const after = await db.query('SELECT value FROM marks WHERE evaluation_id = $1 AND student_id = $2', [
      ev1,
      's3',
    ]);
    expect(after).toEqual([{ value: 9.5 }]);
    expect((await status(previewImport(t2(), 'c4b', { ...scope, text: edited }))).status).toBe(403);
  });

  it('deletes an évaluation with its marks', async () => {
    await removeEvaluation(t1(), evFuture);
    const rows = await db.query('SELECT 1 FROM marks WHERE evaluation_id = $1', [evFuture]);
    expect(rows).toEqual([]);
    expect((await status(removeEvaluation(t2(), ev1))).status).toBe(403);
  });
});
