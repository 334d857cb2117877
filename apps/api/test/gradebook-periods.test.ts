import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import type { TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import type { SchoolFixture } from './support/fixture.js';

type Periodic = { period: { id: string }; periods: { id: string; label: string }[] };

describe(`grade book periods (${testEngine})`, () => {
  let t: TestApp;
  let a: SchoolFixture;
  let teacher: TestClient;
  let colleague: TestClient;
  let guardian: TestClient;
  const classPath = () => `/api/v1/gradebook/classes/${a.classes.c4a}`;
  const resultsPath = () => `/api/v1/gradebook/students/${a.students.s1.id}/results`;

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    await t.db.query(
      `INSERT INTO periods (id, uai, school_year, scheme, number, name, starts_on, ends_on, grades_deadline) VALUES
         ('a_per_t1', $1, 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25'),
         ('a_per_t2', $1, 2026, 'trimestre', 2, 'Trimestre 2', '2026-12-01', '2027-03-05', '2027-03-01'),
         ('a_per_t3', $1, 2026, 'trimestre', 3, 'Trimestre 3', '2027-03-06', '2027-07-04', '2027-06-10')`,
      [a.uai],
    );
    teacher = await t.as(a.teachers.maths);
    colleague = await t.as(a.teachers.francais);
    guardian = await t.as(a.guardians.s1a);
  });
  afterAll(() => t.close());

  const sheet = async (client = teacher, query = `?subjectId=${a.subjects.maths}`) => {
    const res = await client.get(`${classPath()}/sheet${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Periodic & { generalAppreciations?: unknown[] };
  };
  const results = async () => {
    const res = await guardian.get(resultsPath());
    expect(res.status).toBe(200);
    return (await res.json()) as Periodic;
  };
  const markIn = async (periodId: string, date: string) => {
    const created = await teacher.post(`${classPath()}/evaluations`, {
      json: { title: `Contrôle ${periodId}`, date, subjectId: a.subjects.maths, periodId, publishOn: date },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const saved = await teacher.post(`${classPath()}/marks`, {
      json: { marks: [{ evaluationId: id, studentId: a.students.s1.id, value: 14 }] },
    });
    expect(saved.status).toBe(200);
  };

  it('lists the class’s periods in the sheet and in the results, in order', async () => {
    const s = await sheet();
    expect(s.periods.map((p) => `${p.id}:${p.label}`)).toEqual([
      'a_per_t1:Trimestre 1',
      'a_per_t2:Trimestre 2',
      'a_per_t3:Trimestre 3',
    ]);
    expect((await results()).periods.map((p) => p.id)).toEqual(['a_per_t1', 'a_per_t2', 'a_per_t3']);
  });

  it('opens the period in course when it has marks, else the latest that has, by the injected clock', async () => {
    // 16 November: Trimestre 1 in course, no mark anywhere yet.
    expect((await sheet()).period.id).toBe('a_per_t1');
    await markIn('a_per_t1', '2026-11-10');
    // Sunday 6 December, after the change of period: Trimestre 2 has no mark yet, Trimestre 1 has.
    t.clock.current = new Date('2026-12-06T10:00:00Z');
    // Sessions of three weeks ago have expired: sign in again.
    teacher = await t.as(a.teachers.maths);
    colleague = await t.as(a.teachers.francais);
    guardian = await t.as(a.guardians.s1a);
    expect((await sheet()).period.id).toBe('a_per_t1');
    expect((await results()).period.id).toBe('a_per_t1');
    // The first mark of Trimestre 2: both open on it.
    await markIn('a_per_t2', '2026-12-04');
    expect((await sheet()).period.id).toBe('a_per_t2');
    expect((await results()).period.id).toBe('a_per_t2');
    // Asked for, a period is given as it is.
    expect((await sheet(teacher, `?subjectId=${a.subjects.maths}&periodId=a_per_t3`)).period.id).toBe(
      'a_per_t3',
    );
  });

  it('sends the general appréciations only to the head teacher and direction', async () => {
    expect((await sheet()).generalAppreciations).toEqual([]);
    const principal = await t.as(a.principal);
    expect((await sheet(principal)).generalAppreciations).toEqual([]);
    // 3e B has no head teacher: its French teacher reads the sheet without them.
    const res = await colleague.get(
      `/api/v1/gradebook/classes/${a.classes.c3b}/sheet?subjectId=${a.subjects.francais}`,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as Record<string, unknown>).generalAppreciations).toBeUndefined();
  });
});
