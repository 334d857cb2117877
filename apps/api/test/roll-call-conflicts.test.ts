import type { RollCallConflict, RollCallView } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import type { SchoolFixture } from './support/fixture.js';

/** An offline roll call sent late must not overwrite a later change made by someone else. */
describe(`roll-call conflicts (${testEngine})`, () => {
  let t: TestApp;
  let a: SchoolFixture;
  let teacher: TestClient;
  let cpe: TestClient;
  const rollCall = () => `/api/v1/attendance/seances/${a.seances.maths4a}/roll-call`;
  const entryOf = async (studentId: string) =>
    ((await (await teacher.get(rollCall())).json()) as RollCallView).entries.find(
      (e) => e.studentId === studentId,
    );

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    [teacher, cpe] = await Promise.all([t.as(a.teachers.maths), t.as(a.cpe)]);
  });
  afterAll(() => t.close());

  it('refuses a mark whose entry changed since it was seen, names who changed it, and writes nothing', async () => {
    const s1 = a.students.s1.id;
    const s2 = a.students.s2.id;
    // 09:35 the teacher marks s1 absent (version 1); the classroom's Wi-Fi then drops.
    expect(
      (await teacher.put(rollCall(), { json: { marks: [{ studentId: s1, status: 'absent' }] } })).status,
    ).toBe(200);
    // 09:40 s1 arrives at the vie scolaire: the CPE records a lateness (version 2).
    const late = { studentId: s1, status: 'retard', lateMinutes: 10 };
    expect((await cpe.put(rollCall(), { json: { marks: [late] } })).status).toBe(200);
    // 09:50 the network returns; the teacher's queue sends what was typed offline, from version 1.
    const offline = {
      marks: [
        { studentId: s1, status: 'present', expectedVersion: 1 },
        { studentId: s2, status: 'absent', expectedVersion: 0 },
      ],
    };
    const res = await teacher.put(rollCall(), { json: offline });
    expect(res.status).toBe(409);
    const problem = (await problemOf(res)) as Awaited<ReturnType<typeof problemOf>> & {
      conflicts: RollCallConflict[];
    };
    expect(problem.type).toBe('/api/docs#probleme-roll-call-conflict');
    expect(problem.conflicts).toEqual([
      {
        studentId: s1,
        yours: { status: 'present', lateMinutes: null },
        theirs: expect.objectContaining({ status: 'retard', lateMinutes: 10, version: 2 }),
        changedBy: `${a.cpe.firstName} ${a.cpe.lastName.toUpperCase()}`,
      },
    ]);
    expect(await entryOf(s2)).toBeUndefined();
    expect((await entryOf(s1))?.status).toBe('retard');

    // The teacher keeps the CPE's lateness for s1 and sends the rest again.
    const resolved = { marks: [{ studentId: s2, status: 'absent', expectedVersion: 0 }] };
    expect((await teacher.put(rollCall(), { json: resolved })).status).toBe(200);
    expect((await entryOf(s2))?.status).toBe('absent');
  });

  it('overwrites knowingly: the teacher’s choice sent with the version now on record', async () => {
    const s1 = a.students.s1.id;
    const now = await entryOf(s1);
    const keep = { marks: [{ studentId: s1, status: 'present', expectedVersion: now!.version }] };
    expect((await teacher.put(rollCall(), { json: keep })).status).toBe(200);
    expect((await entryOf(s1))?.status).toBe('present');
  });

  it('sees no conflict in the same mark sent twice (an answer lost, the queue sending again)', async () => {
    const s2 = a.students.s2.id;
    const again = { marks: [{ studentId: s2, status: 'absent', expectedVersion: 0 }] };
    expect((await teacher.put(rollCall(), { json: again })).status).toBe(200);
    expect((await entryOf(s2))?.version).toBe(1);
  });

  it('writes saves of one roll call sent at the same moment one after the other, none lost', async () => {
    const s2 = a.students.s2.id;
    const before = await entryOf(s2); // absent, version 1
    // The teacher and the CPE save at once, each a different value for s2; then the teacher a third.
    const marks = (status: string, extra = {}) => ({
      json: { marks: [{ studentId: s2, status, ...extra }] },
    });
    const answers = await Promise.all([
      teacher.put(rollCall(), marks('dispense')),
      cpe.put(rollCall(), marks('retard', { lateMinutes: 5 })),
      teacher.put(rollCall(), marks('present')),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    // Each save found the one before it: three more versions, every earlier one kept in the history in order.
    const entry = await entryOf(s2);
    expect(entry?.version).toBe(before!.version + 3);
    const history = (await (await cpe.get(`/api/v1/attendance/entries/${entry!.id}/history`)).json()) as {
      version: number;
      status: string;
    }[];
    expect(history.map((h) => h.version)).toEqual([1, 2, 3, 4].map((v) => v + before!.version - 1));
    expect(history.at(-1)?.status).toBe(entry?.status);
    expect(new Set(history.slice(1).map((h) => h.status))).toEqual(
      new Set(['dispense', 'retard', 'present']),
    );
  });
});
