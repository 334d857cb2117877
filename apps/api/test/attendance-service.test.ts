import { seancesOfDaySchema } from '@preau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AttendanceContext,
  attendanceTallies,
  decideJustification,
  entryHistory,
  getRollCall,
  justificationQueue,
  markErroneous,
  saveRollCall,
  seancesOfDay,
  studentAttendance,
  submitJustification,
  weekGrid,
} from '../src/attendance/service.js';
import type { Db } from '../src/db/index.js';
import { HttpProblem } from '../src/http/problem.js';
import { LiveService } from '../src/live/service.js';
import { latestSeq, noticesAfter as noticesSince } from '../src/live/store.js';
import type { Viewer } from '../src/policies/index.js';
import { freshDb, testEngine } from './support/db.js';

/** A small établissement (and a second one) written straight into the tables the attendance area reads. */
async function seedSchool(db: Db) {
  await db.exec(`
    INSERT INTO academies VALUES ('19', 'Reims');
    INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est');
    INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code, settings) VALUES
      ('0510001A', 'Collège Jean Moulin', 'college', 'public', 'Reims', '051', '{}'),
      ('0510002B', 'Collège Colbert', 'college', 'public', 'Reims', '051', '{"attendance":{"alertThreshold":2}}');
    INSERT INTO users (id, login, first_name, last_name, profile, functions, uai) VALUES
      ('t1', 't1', 'Claire', 'Dubois', 'teacher', '{}', '0510001A'),
      ('t2', 't2', 'Marc', 'Lefèvre', 'teacher', '{}', '0510001A'),
      ('cpe', 'cpe', 'Nadia', 'Benali', 'vie_scolaire', '{cpe}', '0510001A'),
      ('cpe2', 'cpe2', 'Paul', 'Roux', 'vie_scolaire', '{cpe}', '0510002B'),
      ('s1', 's1', 'Léa', 'Martin', 'student', '{}', '0510001A'),
      ('s2', 's2', 'Hugo', 'Bernard', 'student', '{}', '0510001A'),
      ('s3', 's3', 'Inès', 'Petit', 'student', '{}', '0510001A'),
      ('g1', 'g1', 'Sophie', 'Martin', 'guardian', '{}', '0510001A'),
      ('g2', 'g2', 'Karim', 'Bernard', 'guardian', '{}', '0510001A');
    INSERT INTO guardianships VALUES ('s1', 'g1', 'mere'), ('s2', 'g2', 'pere');
    INSERT INTO classes (id, uai, kind, name, level, school_year) VALUES
      ('c4b', '0510001A', 'classe', '4e B', '4e', 2025);
    INSERT INTO enrolments VALUES ('c4b', 's1'), ('c4b', 's2'), ('c4b', 's3');
    INSERT INTO subjects (id, uai, code, name) VALUES ('maths', '0510001A', 'MATHS', 'Mathématiques');
    INSERT INTO teaching_assignments VALUES ('ta1', 't1', 'c4b', 'maths');
    INSERT INTO seances (id, class_id, subject_id, teacher_id, starts_at, ends_at, room) VALUES
      ('se1', 'c4b', 'maths', 't1', '2026-01-12T07:00:00Z', '2026-01-12T08:00:00Z', 'B12'),
      ('se2', 'c4b', 'maths', 't1', '2026-01-12T13:00:00Z', '2026-01-12T14:00:00Z', 'B12'),
      ('se3', 'c4b', 'maths', 't1', '2026-01-13T07:00:00Z', '2026-01-13T08:00:00Z', 'B12'),
      -- a Saturday-morning class, and one on Wednesday 21 January, 08:00 in Paris
      ('se4', 'c4b', 'maths', 't1', '2026-01-17T08:00:00Z', '2026-01-17T09:00:00Z', 'B12'),
      ('se5', 'c4b', 'maths', 't1', '2026-01-21T07:00:00Z', '2026-01-21T08:00:00Z', 'B12'),
      ('se6', 'c4b', 'maths', 't2', '2026-01-21T09:00:00Z', '2026-01-21T10:00:00Z', 'B14');
  `);
}

const actor = (
  id: string,
  profile: Viewer['profile'],
  uai: string | null = '0510001A',
  functions: string[] = [],
): Viewer => ({
  id,
  login: id,
  firstName: id,
  lastName: id,
  profile,
  uai,
  functions,
  scopeKind: null,
  scopeCode: null,
  mustChangePassword: false,
});
const teacher = actor('t1', 'teacher');
const otherTeacher = actor('t2', 'teacher');
const cpe = actor('cpe', 'vie_scolaire', '0510001A', ['cpe']);
const otherCpe = actor('cpe2', 'vie_scolaire', '0510002B', ['cpe']);
const parent1 = actor('g1', 'guardian');
const parent2 = actor('g2', 'guardian');

async function rejects(p: Promise<unknown>, status: number): Promise<HttpProblem> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpProblem);
  expect((err as HttpProblem).problem.status).toBe(status);
  return err as HttpProblem;
}

/** A recipient's notices after `seq`, of every area. */
const noticesAfter = (db: Db, userId: string, seq: number) => noticesSince(db, userId, seq, []);
const latestNoticeId = latestSeq;

describe(`attendance services on ${testEngine}`, () => {
  let db: Db;
  let live: LiveService;
  const woken: string[] = [];
  // Tuesday 20 January 2026, 13:00 in Paris: after every séance of the fixture, outside quiet hours.
  const TUESDAY_AFTERNOON = new Date('2026-01-20T12:00:00Z');
  let now = TUESDAY_AFTERNOON;
  const ctx = (a: Viewer): AttendanceContext => ({ db, viewer: a, live, now });

  beforeAll(async () => {
    db = await freshDb();
    await seedSchool(db);
    live = new LiveService({ db, clock: () => now });
    const wake = live.hub.wake.bind(live.hub);
    live.hub.wake = (ids) => {
      if (ids !== 'all') woken.push(...ids);
      wake(ids);
    };
  });
  afterAll(() => db.close());

  it('starts a roll call to do, with the class in alphabetical order', async () => {
    const rc = await getRollCall(ctx(teacher), 'se1');
    expect(rc.state).toBe('a_faire');
    expect(rc.students.map((s) => s.lastName)).toEqual(['Bernard', 'Martin', 'Petit']);
    expect(rc.seance).toMatchObject({
      subject: 'Mathématiques',
      className: '4e B',
      teacherName: 'Claire DUBOIS',
    });
  });

  it('lets only the séance teacher and the vie scolaire take the roll', async () => {
    await rejects(getRollCall(ctx(otherTeacher), 'se1'), 403);
    await rejects(getRollCall(ctx(otherCpe), 'se1'), 404);
    await rejects(getRollCall(ctx(parent1), 'se1'), 403);
    await rejects(getRollCall(ctx(teacher), 'nope'), 404);
    expect((await getRollCall(ctx(cpe), 'se1')).state).toBe('a_faire');
  });

  it('writes nothing when one line is bad, and names it', async () => {
    const err = await rejects(
      saveRollCall(ctx(teacher), 'se1', {
        marks: [
          { studentId: 's1', status: 'absent' },
          { studentId: 'intrus', status: 'present' },
        ],
        close: true,
      }),
      400,
    );
    expect(err.problem.errors).toEqual([expect.objectContaining({ field: 'body.marks.1.studentId' })]);
    const rc = await getRollCall(ctx(teacher), 'se1');
    expect(rc.entries).toHaveLength(0);
    expect(rc.state).toBe('a_faire');
  });

  it('saves a batch, closes it, and tells only the absent child’s guardians', async () => {
    const g1Before = await latestNoticeId(db, 'g1');
    const rc = await saveRollCall(ctx(teacher), 'se1', {
      marks: [
        { studentId: 's1', status: 'absent' },
        { studentId: 's2', status: 'present' },
        { studentId: 's3', status: 'present' },
      ],
      close: true,
    });
    expect(rc.state).toBe('faite');
    expect(rc.entries).toHaveLength(3);
    const notices = await noticesAfter(db, 'g1', g1Before);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: 'attendance.entry',
      payload: { studentId: 's1', status: 'absent', subject: 'Mathématiques', studentName: 'Léa MARTIN' },
    });
    expect(await noticesAfter(db, 'g2', 0)).toHaveLength(0);
    expect(woken).toEqual(['g1']);
  });

  it('keeps the previous value of a late correction in the history', async () => {
    woken.length = 0;
    const rc = await saveRollCall(ctx(teacher), 'se1', {
      marks: [
        { studentId: 's1', status: 'retard', lateMinutes: 12 },
        { studentId: 's2', status: 'present' }, // unchanged: no new version
      ],
      reason: 'arrivée après l’appel',
      close: false,
    });
    expect(rc.state).toBe('faite');
    const e1 = rc.entries.find((e) => e.studentId === 's1')!;
    expect(e1).toMatchObject({ status: 'retard', lateMinutes: 12, version: 2 });
    expect(rc.entries.find((e) => e.studentId === 's2')!.version).toBe(1);
    const history = await entryHistory(ctx(cpe), e1.id);
    expect(history.map((h) => [h.version, h.status, h.reason])).toEqual([
      [1, 'absent', 'arrivée après l’appel'],
      [2, 'retard', null],
    ]);
    expect(woken).toEqual(['g1']);
  });

  it('marks an entry erroneous instead of deleting it', async () => {
    const rc = await saveRollCall(ctx(teacher), 'se2', {
      marks: [{ studentId: 's2', status: 'absent' }],
      close: true,
    });
    const entry = rc.entries[0]!;
    await rejects(markErroneous(ctx(otherTeacher), entry.id, 'erreur de saisie'), 403);
    const marked = await markErroneous(ctx(teacher), entry.id, 'erreur de saisie');
    expect(marked).toMatchObject({ erroneous: true, version: 2, status: 'absent' });
    await rejects(markErroneous(ctx(teacher), entry.id, 'encore'), 409);
    const [count] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM attendance_entries WHERE id = $1',
      [entry.id],
    );
    expect(count!.n).toBe(1);
    const notices = await noticesAfter(db, 'g2', 0);
    expect(notices.map((n) => n.kind)).toEqual(['attendance.entry', 'attendance.correction']);
    const view = await studentAttendance(ctx(parent2), 's2', { from: '2026-01-01', to: '2026-01-31' });
    expect(view.entries).toHaveLength(0);
  });

  it('reads a record over the current school year by default, which in August is the one ending', async () => {
    now = new Date('2026-08-20T10:00:00Z');
    try {
      expect(await studentAttendance(ctx(parent1), 's1')).toMatchObject({
        from: '2025-09-01',
        to: '2026-08-31',
      });
      now = new Date('2026-09-01T10:00:00Z');
      expect(await studentAttendance(ctx(parent1), 's1')).toMatchObject({
        from: '2026-09-01',
        to: '2027-08-31',
      });
    } finally {
      now = TUESDAY_AFTERNOON;
    }
  });

  it('shows a parent only their own child', async () => {
    const view = await studentAttendance(ctx(parent1), 's1', { from: '2026-01-01', to: '2026-01-31' });
    expect(view.entries.map((e) => [e.status, e.lateMinutes])).toEqual([['retard', 12]]);
    expect(view.tally).toMatchObject({ lateCount: 1, lateMinutes: 12 });
    // another family of the same collège: within reach, no relation
    await rejects(studentAttendance(ctx(parent2), 's1', { from: '2026-01-01', to: '2026-01-31' }), 403);
    await rejects(studentAttendance(ctx(otherCpe), 's1', { from: '2026-01-01', to: '2026-01-31' }), 404);
  });

  it('takes a justification from a parent and lets the CPE decide it once', async () => {
    const rc = await saveRollCall(ctx(teacher), 'se3', {
      marks: [{ studentId: 's1', status: 'absent' }],
      close: true,
    });
    const absence = rc.entries[0]!;
    const present = (await getRollCall(ctx(teacher), 'se1')).entries.find((e) => e.studentId === 's2')!;
    const bad = await rejects(
      submitJustification(ctx(parent1), {
        studentId: 's1',
        entryIds: [absence.id, present.id],
        motif: 'vacances',
        comment: '',
      }),
      400,
    );
    expect(bad.problem.errors!.map((e) => e.field).sort()).toEqual(['body.entryIds.1', 'body.motif']);
    await rejects(
      submitJustification(ctx(parent2), {
        studentId: 's1',
        entryIds: [absence.id],
        motif: 'maladie',
        comment: '',
      }),
      403,
    );
    // a file the parent did not upload, and one of the wrong type
    await db.exec(`INSERT INTO files (id, uai, owner_id, media_type, size_bytes, sha256, original_name, record_type) VALUES
      ('f-other', '0510001A', 'g2', 'application/pdf', 10, 'x', 'a.pdf', 'absence_justification'),
      ('f-svg', '0510001A', 'g1', 'image/svg+xml', 10, 'x', 'a.svg', 'absence_justification'),
      ('f-ok', '0510001A', 'g1', 'application/pdf', 10, 'x', 'certificat.pdf', 'absence_justification')`);
    for (const fileId of ['f-other', 'f-svg']) {
      const e = await rejects(
        submitJustification(ctx(parent1), {
          studentId: 's1',
          entryIds: [absence.id],
          motif: 'maladie',
          comment: '',
          fileId,
        }),
        400,
      );
      expect(e.problem.errors![0]!.field).toBe('body.fileId');
    }
    const cpeBefore = await latestNoticeId(db, 'cpe');
    const j = await submitJustification(ctx(parent1), {
      studentId: 's1',
      entryIds: [absence.id],
      motif: 'maladie',
      comment: 'Fièvre, certificat joint.',
      fileId: 'f-ok',
    });
    expect(j).toMatchObject({ state: 'en_attente', motifLabel: 'Maladie', fileMediaType: 'application/pdf' });
    expect((await noticesAfter(db, 'cpe', cpeBefore)).map((n) => n.kind)).toEqual([
      'attendance.justification-submitted',
    ]);
    // the same absence cannot be justified twice while pending
    await rejects(
      submitJustification(ctx(parent1), {
        studentId: 's1',
        entryIds: [absence.id],
        motif: 'maladie',
        comment: '',
      }),
      400,
    );
    expect((await justificationQueue(ctx(cpe), { state: 'en_attente' })).map((q) => q.id)).toEqual([j.id]);
    await rejects(justificationQueue(ctx(parent1), {}), 403);
    await rejects(decideJustification(ctx(teacher), j.id, { decision: 'validee', comment: '' }), 403);
    await rejects(decideJustification(ctx(otherCpe), j.id, { decision: 'validee', comment: '' }), 404);
    const decided = await decideJustification(ctx(cpe), j.id, { decision: 'validee', comment: 'Reçu.' });
    expect(decided).toMatchObject({ state: 'validee', regularisee: true });
    await rejects(decideJustification(ctx(cpe), j.id, { decision: 'refusee', comment: '' }), 409);
    const view = await studentAttendance(ctx(parent1), 's1', { from: '2026-01-01', to: '2026-01-31' });
    expect(view.entries.find((e) => e.id === absence.id)).toMatchObject({
      justificationState: 'validee',
      regularisee: true,
    });
    expect(view.tally).toMatchObject({ absentHalfDays: 1, unjustifiedHalfDays: 0 });
  });

  it('tallies a class and fills the week grid', async () => {
    const t = await attendanceTallies(ctx(cpe), {
      scope: 'class',
      id: 'c4b',
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(t.students.map((s) => [s.lastName, s.absentHalfDays, s.lateMinutes])).toEqual([
      ['Bernard', 0, 0],
      ['Martin', 1, 12],
      ['Petit', 0, 0],
    ]);
    expect(t.total).toMatchObject({
      students: 3,
      absentHalfDays: 1,
      unjustifiedHalfDays: 0,
      lateMinutes: 12,
    });
    await rejects(
      attendanceTallies(ctx(otherTeacher), {
        scope: 'class',
        id: 'c4b',
        from: '2026-01-01',
        to: '2026-01-31',
      }),
      403,
    );
    expect(
      (
        await attendanceTallies(ctx(teacher), {
          scope: 'class',
          id: 'c4b',
          from: '2026-01-01',
          to: '2026-01-31',
        })
      ).total.students,
    ).toBe(3);
    await rejects(
      attendanceTallies(ctx(cpe), {
        scope: 'etablissement',
        id: '0510002B',
        from: '2026-01-01',
        to: '2026-01-31',
      }),
      404,
    );

    const grid = await weekGrid(ctx(cpe), { week: '2026-01-14' });
    expect(grid.weekStart).toBe('2026-01-12');
    expect(grid.students).toHaveLength(3);
    const martin = grid.students.findIndex((s) => s.id === 's1');
    expect(grid.cells.filter((c) => c[0] === martin).map((c) => c.slice(1, 6))).toEqual(
      expect.arrayContaining([
        [0, 0, 'retard', 12, 0],
        [1, 0, 'absent', null, 1],
      ]),
    );
  });

  it('refuses a roll call before the séance starts, and tells no family', async () => {
    const before = await latestNoticeId(db, 'g2');
    const err = await rejects(
      saveRollCall(ctx(teacher), 'se5', { marks: [{ studentId: 's2', status: 'absent' }], close: true }),
      409,
    );
    expect(err.problem.type).toBe('/api/docs#probleme-seance-not-started');
    expect(err.problem.detail).toMatch(/mercredi 21 janvier à 08:00/);
    expect((await getRollCall(ctx(teacher), 'se5')).state).toBe('a_faire');
    expect(await noticesAfter(db, 'g2', before)).toHaveLength(0);
    // from its first minute on, it is taken
    now = new Date('2026-01-21T07:00:00Z');
    try {
      const rc = await saveRollCall(ctx(teacher), 'se5', {
        marks: [{ studentId: 's2', status: 'present' }],
        close: false,
      });
      expect(rc.entries).toHaveLength(1);
    } finally {
      now = TUESDAY_AFTERNOON;
    }
  });

  it("lists a teacher's séances of a day with each roll call's progress", async () => {
    now = new Date('2026-01-21T08:30:00Z'); // Wednesday 09:30 in Paris
    try {
      const day = await seancesOfDay(ctx(teacher));
      expect(day.date).toBe('2026-01-21');
      expect(day.seances).toEqual([
        {
          id: 'se5',
          start: '2026-01-21T07:00:00.000Z',
          end: '2026-01-21T08:00:00.000Z',
          label: '4e B — Mathématiques',
          classId: 'c4b',
          subject: 'Mathématiques',
          rollCall: 'in_progress',
          started: true,
        },
      ]);
      expect(seancesOfDaySchema.safeParse(day).success).toBe(true);
      // another teacher's day holds their own séance only, not started yet
      expect(
        (await seancesOfDay(ctx(otherTeacher))).seances.map((s) => [s.id, s.started, s.rollCall]),
      ).toEqual([['se6', false, 'todo']]);
      const monday = await seancesOfDay(ctx(teacher), '2026-01-12');
      expect(monday.seances.map((s) => [s.id, s.rollCall])).toEqual([
        ['se1', 'done'],
        ['se2', 'done'],
      ]);
    } finally {
      now = TUESDAY_AFTERNOON;
    }
  });

  it('tells a family at once of an absence on the day, even on a Saturday, and holds a later one until 07:00', async () => {
    // Saturday 17 January, 09:30 in Paris: a weekend (quiet all day), but the séance is today.
    now = new Date('2026-01-17T08:30:00Z');
    try {
      const before = await latestNoticeId(db, 'g2');
      await saveRollCall(ctx(teacher), 'se4', {
        marks: [{ studentId: 's2', status: 'absent' }],
        close: true,
      });
      expect((await noticesAfter(db, 'g2', before)).map((n) => n.kind)).toEqual(['attendance.entry']);

      // Tuesday 20 January, 21:00: a correction of Saturday's roll call can wait for Wednesday 07:00.
      now = new Date('2026-01-20T20:00:00Z');
      const seen = await latestNoticeId(db, 'g2');
      woken.length = 0;
      await saveRollCall(ctx(teacher), 'se4', {
        marks: [{ studentId: 's2', status: 'retard', lateMinutes: 5 }],
        reason: 'arrivé en retard',
        close: false,
      });
      expect(await noticesAfter(db, 'g2', seen)).toHaveLength(0);
      expect(woken).toEqual([]);
      const [waiting] = await db.query<{ deliver_at: Date }>(
        "SELECT deliver_at FROM live_notices WHERE recipient_id = 'g2' AND seq IS NULL",
      );
      expect(new Date(waiting!.deliver_at).toISOString()).toBe('2026-01-21T06:00:00.000Z');
      now = new Date('2026-01-21T05:59:00Z');
      expect(await live.deliverDue()).toBe(0);
      now = new Date('2026-01-21T06:00:00Z');
      expect(await live.deliverDue()).toBe(1);
      expect((await noticesAfter(db, 'g2', seen)).map((n) => [n.kind, n.payload.status])).toEqual([
        ['attendance.entry', 'retard'],
      ]);
      expect(woken).toEqual(['g2']);
    } finally {
      now = TUESDAY_AFTERNOON;
    }
  });
});
