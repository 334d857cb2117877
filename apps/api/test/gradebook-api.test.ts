import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import type { SchoolFixture } from './support/fixture.js';

const PERIOD = 'a_per_t1';

describe(`grade book API (${testEngine})`, () => {
  let t: TestApp;
  let a: SchoolFixture;
  let teacher: TestClient;
  let principal: TestClient;
  let guardian: TestClient;
  let ev1: string;
  let ev2: string;
  let evLater: string;
  const classPath = () => `/api/v1/gradebook/classes/${a.classes.c4a}`;
  const sheetPath = () => `${classPath()}/sheet?subjectId=${a.subjects.maths}&periodId=${PERIOD}`;

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    // The test clock is 16 November 2026: trimester 1 is in course.
    await t.db.query(
      `INSERT INTO periods (id, uai, school_year, scheme, number, name, starts_on, ends_on, grades_deadline) VALUES
         ($1, $2, 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25'),
         ('a_per_t2', $2, 2026, 'trimestre', 2, 'Trimestre 2', '2026-12-01', '2027-03-05', '2027-03-01')`,
      [PERIOD, a.uai],
    );
    teacher = await t.as(a.teachers.maths);
    principal = await t.as(a.principal);
    guardian = await t.as(a.guardians.s1a);
  });
  afterAll(() => t.close());

  const newEvaluation = async (over: Record<string, unknown>) => {
    const res = await teacher.post(`${classPath()}/evaluations`, {
      json: {
        title: 'Fractions',
        date: '2026-10-01',
        subjectId: a.subjects.maths,
        periodId: PERIOD,
        publishOn: '2026-10-02',
        ...over,
      },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  it('creates évaluations, refusing bad ones field by field', async () => {
    ev1 = await newEvaluation({ coefficient: 2 });
    ev2 = await newEvaluation({ title: 'Calcul mental', outOf: 10, type: 'interrogation' });
    evLater = await newEvaluation({ title: 'Géométrie', date: '2026-11-12', publishOn: '2026-11-20' });

    const malformed = await teacher.post(`${classPath()}/evaluations`, {
      body: '{"title": "x",',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect((await problemOf(malformed)).type).toBe('/api/docs#probleme-malformed-json');

    const bad = await teacher.post(`${classPath()}/evaluations`, {
      json: {
        title: '',
        date: '01/10/2026',
        subjectId: a.subjects.maths,
        periodId: PERIOD,
        publishOn: '2026-10-02',
        coefficient: 'deux',
        outOf: -20,
        kind: 'facultative',
        extra: true,
      },
    });
    expect(bad.status).toBe(400);
    const fields = (await problemOf(bad)).errors!.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.title',
        'body.date',
        'body.coefficient',
        'body.outOf',
        'body.kind',
        'body',
      ]),
    );

    const unknownPeriod = await teacher.post(`${classPath()}/evaluations`, {
      json: {
        title: 'X',
        date: '2026-10-01',
        subjectId: a.subjects.maths,
        periodId: 'c_per_t1',
        publishOn: '2026-10-01',
      },
    });
    expect((await problemOf(unknownPeriod)).errors).toEqual([
      { field: 'body.periodId', message: 'Période inconnue pour cette classe : c_per_t1.' },
    ]);
    const french = await teacher.post(`${classPath()}/evaluations`, {
      json: {
        title: 'X',
        date: '2026-10-01',
        subjectId: a.subjects.francais,
        periodId: PERIOD,
        publishOn: '2026-10-01',
      },
    });
    expect(french.status).toBe(403);
  });

  it('saves marks all or nothing, each bad cell named with its student and évaluation', async () => {
    const s1 = a.students.s1.id;
    const s2 = a.students.s2.id;
    const res = await teacher.post(`${classPath()}/marks`, {
      json: {
        marks: [
          { evaluationId: ev1, studentId: s1, value: 15 },
          { evaluationId: ev2, studentId: s1, value: 10.5 },
          { evaluationId: ev1, studentId: a.students.s3.id, value: 3 },
          { evaluationId: 'nope', studentId: s2, value: 3 },
          { evaluationId: ev1, studentId: s2, value: '12' },
        ],
      },
    });
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem.detail).toBe("4 cases à corriger : rien n'a été enregistré.");
    expect(problem.errors).toEqual([
      {
        field: 'body.marks[1].value',
        message: 'Camille ÉlèveA1, « Calcul mental » : La note 10,5 dépasse le barème (10).',
      },
      { field: 'body.marks[2].studentId', message: `Élève inconnu dans cette classe : ${a.students.s3.id}.` },
      { field: 'body.marks[3].evaluationId', message: 'Évaluation inconnue dans cette classe : nope.' },
      {
        field: 'body.marks[4].value',
        message: 'Lucas ÉlèveA2, « Fractions » : Une note est un nombre ou Abs, Disp, NN.',
      },
    ]);
    expect(await t.db.query('SELECT 1 FROM marks')).toEqual([]);

    const empty = await teacher.post(`${classPath()}/marks`, { json: { marks: [] } });
    expect((await problemOf(empty)).errors?.[0]?.field).toBe('body.marks');

    const ok = await teacher.post(`${classPath()}/marks`, {
      json: {
        marks: [
          { evaluationId: ev1, studentId: s1, value: 15 },
          { evaluationId: ev2, studentId: s1, value: 7.5 },
          { evaluationId: ev1, studentId: s2, value: 'Abs' },
          { evaluationId: ev2, studentId: s2, value: 9 },
          { evaluationId: evLater, studentId: s1, value: 4 },
          { evaluationId: evLater, studentId: s2, value: 18 },
        ],
      },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ saved: 6 });
  });

  it('sends the teacher’s sheet, finding the subject and the period in course by itself', async () => {
    const res = await teacher.get(`${classPath()}/sheet`);
    expect(res.status).toBe(200);
    const sheet = (await res.json()) as Record<string, unknown> & {
      averages: { studentId: string; average: number | null }[];
      evaluations: { id: string }[];
      evaluationStats: { evaluationId: string; stats: unknown }[];
    };
    expect(sheet).toMatchObject({
      class: { id: a.classes.c4a, name: '4e A' },
      subject: { id: a.subjects.maths, code: 'MATHS', coefficient: 3 },
      period: { id: PERIOD, label: 'Trimestre 1' },
      canEdit: true,
      links: { marks: `${classPath()}/marks`, evaluations: `${classPath()}/evaluations` },
    });
    expect(sheet.evaluations.map((e) => e.id)).toEqual([ev1, ev2, evLater]);
    // Camille: (2×15 + 15 + 4) / 4 = 12.25 ; Lucas: (18 + 18) / 2 = 18
    expect(sheet.averages).toEqual([
      { studentId: a.students.s1.id, average: 12.25, counted: [ev1, ev2, evLater] },
      { studentId: a.students.s2.id, average: 18, counted: [ev2, evLater] },
    ]);
    expect(sheet.evaluationStats[0]).toEqual({
      evaluationId: ev1,
      stats: { count: 1, average: 15, min: 15, max: 15 },
    });
    expect(sheet.classStats).toEqual({ count: 2, average: 15.13, min: 12.25, max: 18 });

    // The head teacher reads any subject of the class; an unknown one is named.
    const unknownSubject = await teacher.get(`${classPath()}/sheet?subjectId=zzz&periodId=${PERIOD}`);
    expect((await problemOf(unknownSubject)).errors).toEqual([
      { field: 'query.subjectId', message: 'Matière inconnue dans cet établissement : zzz.' },
    ]);
    const badPeriod = await principal.get(
      `${classPath()}/sheet?subjectId=${a.subjects.maths}&periodId=c_per_t1`,
    );
    expect((await problemOf(badPeriod)).errors?.[0]?.field).toBe('query.periodId');
    const badId = await principal.get(`${classPath()}/sheet?subjectId=a%20b`);
    expect((await problemOf(badId)).errors?.[0]?.field).toBe('query.subjectId');
    const otherSchool = await (await t.as(t.fixture.schools.c.teachers.maths)).get(sheetPath());
    expect(otherSchool.status).toBe(404);
  });

  it('exports a CSV that French spreadsheets open right', async () => {
    const res = await teacher.get(
      `${classPath()}/sheet.csv?subjectId=${a.subjects.maths}&periodId=${PERIOD}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="notes-4e-a-mathematiques-trimestre-1.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'Nom;Prénom;Fractions — 01/10/2026 — /20 — coef. 2;Calcul mental — 01/10/2026 — /10 — coef. 1;Géométrie — 12/11/2026 — /20 — coef. 1;Moyenne',
    );
    expect(lines[1]).toBe('ÉlèveA1;Camille;15;7,5;4;12,25');
    expect(lines[2]).toBe('ÉlèveA2;Lucas;Abs;9;18;18,00');
  });

  it('imports marks: a preview of what changes, then all or nothing', async () => {
    const text = 'Élève\tCalcul mental\tFractions\nCamille ÉlèveA1\t8\t15\nÉlèveA2 Lucas\tdisp\t\n';
    const body = { subjectId: a.subjects.maths, periodId: PERIOD, text };
    const preview = await teacher.post(`${classPath()}/marks/import/preview`, { json: body });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({
      delimiter: '\t',
      summary: { new: 0, changed: 2, unchanged: 1, errors: 0 },
    });
    const broken = await teacher.post(`${classPath()}/marks/import`, {
      json: { ...body, text: `${text}Inconnu Élève\t25\t\nCamille ÉlèveA1\t1\t\n` },
    });
    expect(broken.status).toBe(400);
    expect((await problemOf(broken)).errors).toEqual([
      { field: 'body.text[4]', message: 'Ligne 4 : Élève introuvable dans la classe : « Inconnu Élève ».' },
      { field: 'body.text[5]', message: 'Ligne 5 : Camille ÉlèveA1 figure déjà ligne 2.' },
    ]);
    const applied = await teacher.post(`${classPath()}/marks/import`, { json: body });
    expect(await applied.json()).toEqual({
      saved: 2,
      summary: { new: 0, changed: 2, unchanged: 1, errors: 0 },
    });
    const [row] = await t.db.query<{ value: number }>(
      'SELECT value FROM marks WHERE evaluation_id = $1 AND student_id = $2',
      [ev2, a.students.s1.id],
    );
    expect(row?.value).toBe(8);
    const tooBig = await teacher.post(`${classPath()}/marks/import/preview`, {
      json: { ...body, text: 'x'.repeat(600 * 1024) },
    });
    expect(tooBig.status).toBe(400);
    expect((await problemOf(tooBig)).errors?.[0]?.field).toBe('body.text');
  });

  it('saves appréciations and compétences, refusing bad ones', async () => {
    const long = await teacher.put(`${classPath()}/appreciations`, {
      json: {
        periodId: PERIOD,
        subjectId: a.subjects.maths,
        items: [{ studentId: a.students.s1.id, text: 'x'.repeat(501) }],
      },
    });
    expect((await problemOf(long)).errors).toEqual([
      { field: 'body.items.0.text', message: 'Au plus 500 caractères.' },
    ]);
    const ok = await teacher.put(`${classPath()}/appreciations`, {
      json: {
        periodId: PERIOD,
        subjectId: null,
        items: [{ studentId: a.students.s1.id, text: 'Trimestre sérieux, à poursuivre.' }],
      },
    });
    expect(ok.status).toBe(200); // the maths teacher is 4e A's professeur principal
    await teacher.put(`${classPath()}/appreciations`, {
      json: {
        periodId: PERIOD,
        subjectId: a.subjects.maths,
        items: [{ studentId: a.students.s1.id, text: 'Bien.' }],
      },
    });
    const general = await teacher.get(`${classPath()}/appreciations?periodId=${PERIOD}`);
    expect(await general.json()).toMatchObject({
      subjectId: null,
      appreciations: [
        { studentId: a.students.s1.id, subjectId: null, text: 'Trimestre sérieux, à poursuivre.' },
      ],
    });
    const french = await (await t.as(a.teachers.francais)).get(
      `${classPath()}/appreciations?periodId=${PERIOD}`,
    );
    expect(french.status).toBe(403); // not 4e A's head teacher
    const level5 = await teacher.put(`${classPath()}/competences`, {
      json: {
        subjectId: a.subjects.maths,
        periodId: PERIOD,
        assessments: [{ studentId: a.students.s1.id, domain: 'CPD_MAT', level: 5 }],
      },
    });
    expect((await problemOf(level5)).errors?.map((e) => e.field)).toEqual([
      'body.assessments.0.domain',
      'body.assessments.0.level',
    ]);
    const comp = await teacher.put(`${classPath()}/competences`, {
      json: {
        subjectId: a.subjects.maths,
        periodId: PERIOD,
        assessments: [{ studentId: a.students.s1.id, domain: 'CPD_SCI', level: 3 }],
      },
    });
    expect(comp.status).toBe(200);
  });

  it('never sends a parent unpublished évaluations, nor what the établissement hides', async () => {
    const url = `/api/v1/gradebook/students/${a.students.s1.id}/results`;
    const shown = (await (await guardian.get(url)).json()) as {
      subjects: { evaluations: { id: string }[]; average?: number; appreciation: string | null }[];
      generalAverage?: number;
      appreciation: string | null;
      competences: unknown[];
    };
    expect(shown.subjects[0]?.evaluations.map((e) => e.id)).toEqual([ev1, ev2]);
    expect(JSON.stringify(shown)).not.toContain('Géométrie');
    // Published only: (2×15 + 16) / 3 = 15.33 (the unpublished 4/20 is not in it)
    expect(shown.subjects[0]?.average).toBe(15.33);
    expect(shown.generalAverage).toBe(15.33);
    expect(shown).not.toHaveProperty('rank');
    expect(shown.subjects[0]?.appreciation).toBe('Bien.');
    expect(shown.appreciation).toBe('Trimestre sérieux, à poursuivre.');
    expect(shown.competences).toEqual([{ domain: 'CPD_SCI', level: 3 }]);

    const hide = await principal.put(`/api/v1/gradebook/etablissements/${a.uai}/settings`, {
      json: {
        unjustifiedAbsenceCountsZero: false,
        visibility: { subjectAverages: false, generalAverage: false, classStats: false, rank: false },
      },
    });
    expect(hide.status).toBe(200);
    const raw = await (await guardian.get(url)).text();
    for (const key of ['"average"', '"generalAverage"', '"classStats"', '"rank"'])
      expect(raw).not.toContain(key);
    expect(raw).toContain('"mark":15');

    const teacherView = (await (await teacher.get(url)).json()) as {
      subjects: { evaluations: unknown[] }[];
      rank: unknown;
    };
    expect(teacherView.subjects[0]?.evaluations).toHaveLength(3);
    expect(teacherView.rank).toEqual({ position: 2, of: 2 });

    expect((await (await t.as(a.guardians.s2a)).get(url)).status).toBe(403);
    expect((await (await t.as(t.fixture.schools.c.guardians.s1a)).get(url)).status).toBe(404);
    const badPeriod = await guardian.get(`${url}?periodId=c_per_t1`);
    expect((await problemOf(badPeriod)).errors?.[0]?.field).toBe('query.periodId');
  });

  it('counts Abs as 0 once the établissement chooses so, and refuses bad settings', async () => {
    const bad = await principal.put(`/api/v1/gradebook/etablissements/${a.uai}/settings`, {
      json: { unjustifiedAbsenceCountsZero: 'oui', visibility: { rank: 1 } },
    });
    expect((await problemOf(bad)).errors?.map((e) => e.field)).toEqual([
      'body.unjustifiedAbsenceCountsZero',
      'body.visibility.rank',
    ]);
    // A UAI whose check letter is wrong is a bad request (as for hardware), not an unknown établissement.
    const wrongLetter = `${a.uai.slice(0, 7)}${a.uai[7] === 'Z' ? 'Y' : 'Z'}`;
    for (const res of [
      await teacher.get(`/api/v1/gradebook/etablissements/${wrongLetter}/settings`),
      await principal.put(`/api/v1/gradebook/etablissements/${wrongLetter}/settings`, { json: {} }),
    ]) {
      expect(res.status).toBe(400);
      const p = await problemOf(res);
      expect(p.errors).toEqual([
        { field: 'params.uai', message: expect.stringMatching(/lettre de contrôle/) },
      ]);
    }
    await principal.put(`/api/v1/gradebook/etablissements/${a.uai}/settings`, {
      json: { unjustifiedAbsenceCountsZero: true },
    });
    const settings = await (await teacher.get(`/api/v1/gradebook/etablissements/${a.uai}/settings`)).json();
    expect(settings).toEqual({
      unjustifiedAbsenceCountsZero: true,
      visibility: { subjectAverages: true, generalAverage: true, classStats: true, rank: false },
    });
    const sheet = (await (await teacher.get(sheetPath())).json()) as {
      averages: { studentId: string; average: number }[];
    };
    // Lucas: Abs on Fractions (coef 2) now counts 0, Disp (imported) left out, 18 on Géométrie: 18 / 3 = 6
    expect(sheet.averages.find((x) => x.studentId === a.students.s2.id)?.average).toBe(6);
  });

  it('names bad input on every other route, and writes nothing', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM marks');
    const cases: [Promise<Response>, string][] = [
      [teacher.get(`${classPath()}/sheet.csv?subjectId=${a.subjects.maths}&periodId=nope`), 'query.periodId'],
      [
        teacher.post(`${classPath()}/marks`, {
          body: '{"marks": [',
          headers: { 'Content-Type': 'application/json' },
        }),
        'body',
      ],
      [
        teacher.post(`${classPath()}/marks`, { json: { marks: [{ evaluationId: ev1, value: 3 }] } }),
        'body.marks.0.studentId',
      ],
      [
        teacher.post(`${classPath()}/marks/import/preview`, {
          json: { subjectId: a.subjects.maths, periodId: PERIOD, text: 42 },
        }),
        'body.text',
      ],
      [
        teacher.post(`${classPath()}/marks/import`, {
          json: { subjectId: a.subjects.maths, periodId: 'nope', text: 'Nom;Prénom' },
        }),
        'body.periodId',
      ],
      [
        teacher.put(`${classPath()}/appreciations`, {
          json: {
            periodId: PERIOD,
            subjectId: a.subjects.maths,
            items: [{ studentId: 'nobody', text: 'Bien.' }],
          },
        }),
        'body.items[0].studentId',
      ],
      [
        teacher.put(`${classPath()}/competences`, {
          json: {
            subjectId: a.subjects.maths,
            periodId: PERIOD,
            assessments: [{ studentId: a.students.s1.id, domain: 'CPD_SCI', level: 2, evaluationId: 'nope' }],
          },
        }),
        'body.assessments[0].evaluationId',
      ],
      [
        teacher.patch(`/api/v1/gradebook/evaluations/${ev1}`, { json: { publishOn: 'demain' } }),
        'body.publishOn',
      ],
      [teacher.patch(`/api/v1/gradebook/evaluations/${ev1}`, { json: { title: 'DS\u0000' } }), 'body.title'],
      [
        principal.put(`/api/v1/gradebook/etablissements/${a.uai}/settings`, { json: { visibility: 'all' } }),
        'body.visibility',
      ],
    ];
    for (const [request, field] of cases) {
      const res = await request;
      expect(res.status, field).toBe(400);
      expect((await problemOf(res)).errors?.map((e) => e.field)).toContain(field);
    }
    expect(await t.db.query('SELECT count(*)::int AS n FROM marks')).toEqual(before);
    expect((await teacher.delete('/api/v1/gradebook/evaluations/nope')).status).toBe(404);
    expect((await teacher.get(`/api/v1/gradebook/classes/nope/sheet`)).status).toBe(404);
  });

  it('edits and deletes évaluations; unknown ones answer 404', async () => {
    const shrink = await teacher.patch(`/api/v1/gradebook/evaluations/${ev1}`, { json: { outOf: 10 } });
    expect((await problemOf(shrink)).errors).toEqual([
      { field: 'body.outOf', message: "1 note dépasse le nouveau barème (10) : corrigez-les d'abord." },
    ]);
    const renamed = await teacher.patch(`/api/v1/gradebook/evaluations/${ev1}`, {
      json: { title: 'Fractions (DS)' },
    });
    expect(((await renamed.json()) as { title: string }).title).toBe('Fractions (DS)');
    expect(
      (await teacher.patch(`/api/v1/gradebook/evaluations/${ev1}`, { json: { coefficient: 0 } })).status,
    ).toBe(400);
    expect((await teacher.get('/api/v1/gradebook/evaluations/nope')).status).toBe(404);
    expect((await teacher.delete(`/api/v1/gradebook/evaluations/${evLater}`)).status).toBe(204);
    expect((await teacher.get(`/api/v1/gradebook/evaluations/${evLater}`)).status).toBe(404);
  });
});
