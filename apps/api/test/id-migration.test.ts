import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, loadSession } from '../src/auth/sessions.js';
import { type Db, migrate } from '../src/db/index.js';
import { MIGRATIONS_DIR } from '../src/db/migrate.js';
import { ID_PATTERN } from '../src/ids.js';
import { emptyDb, testEngine } from './support/db.js';
import { type Fixture, loadFixture } from './support/fixture.js';

/**
 * Migration 008 on a database that holds records with readable ids (the fixture's `a_eleve1`, `a_cls_4a`… stand
 * for the old `0511085C-e0001`): every student, class, séance, évaluation, entry, justification and hardware lot
 * gets a random id, every reference follows (foreign keys, a file's record, the notices' payloads), logins and
 * sessions keep working, and the foreign keys are all back.
 */
const MIGRATION = '008_opaque_ids.sql';
let db: Db;
let fx: Fixture;
let dir: string;

const one = async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params))[0]!;
const foreignKeys = async () =>
  (
    await db.query<{ def: string }>(
      `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE contype = 'f' ORDER BY 1`,
    )
  ).map((r) => r.def);

beforeAll(async () => {
  // Every migration but the one under test, then records made the old way.
  dir = await mkdtemp(join(tmpdir(), 'preau-migrations-'));
  for (const f of await readdir(MIGRATIONS_DIR))
    if (f !== MIGRATION) await cp(join(MIGRATIONS_DIR, f), join(dir, f));
  db = await emptyDb();
  await migrate(db, dir);
  fx = await loadFixture(db);
  const a = fx.schools.a;
  await db.query(
    `INSERT INTO periods (id, uai, school_year, scheme, number, name, starts_on, ends_on, grades_deadline)
     VALUES ('a_per_t1', $1, 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25')`,
    [a.uai],
  );
  await db.query(
    `INSERT INTO evaluations (id, uai, class_id, subject_id, period_id, title, date, publish_on)
     VALUES ('0511327R-ev1', $1, $2, $3, 'a_per_t1', 'Fractions', '2026-10-01', '2026-10-02')`,
    [a.uai, a.classes.c4a, a.subjects.maths],
  );
  await db.query(
    `INSERT INTO marks (evaluation_id, student_id, value, updated_by) VALUES ('0511327R-ev1', $1, 14, $2)`,
    [a.students.s1.id, a.teachers.maths.id],
  );
  await db.query(
    `INSERT INTO attendance_entries (id, seance_id, student_id, uai, starts_at, status, recorded_by)
     VALUES ('att_1', $1, $2, $3, '2026-11-16T07:00:00Z', 'absent', $4)`,
    [a.seances.maths4a, a.students.s1.id, a.uai, a.teachers.maths.id],
  );
  await db.query(
    `INSERT INTO absence_justifications (id, uai, student_id, submitted_by, motif) VALUES ('just_1', $1, $2, $3, 'maladie')`,
    [a.uai, a.students.s1.id, a.guardians.s1a.id],
  );
  await db.query(`INSERT INTO absence_justification_entries VALUES ('just_1', 'att_1')`);
  await db.query(
    `INSERT INTO files (id, uai, owner_id, media_type, size_bytes, sha256, original_name, record_type, record_id)
     VALUES ('5SvnlrpigdKFay9xOQulGg', $1, $2, 'application/pdf', 10, '00', 'mot.pdf', 'absence_justification', 'just_1')`,
    [a.uai, a.guardians.s1a.id],
  );
  await db.query(
    `INSERT INTO live_notices (seq, recipient_id, kind, payload, deliver_at)
     VALUES (1, $1, 'attendance.entry', $2::text::jsonb, '2026-11-16T09:00:00Z')`,
    [
      a.guardians.s1a.id,
      JSON.stringify({
        entryId: 'att_1',
        studentId: a.students.s1.id,
        seanceId: a.seances.maths4a,
        n: 3,
        list: [a.students.s1.id],
      }),
    ],
  );
  await db.query(
    `INSERT INTO hardware_assets (id, uai, category, count, acquired_on, cost_cents, funding)
     VALUES ('hw-0511327R-pilot-tbi', $1, 'interactive_whiteboard', 1, '2011-09-30', 250000, 'departement')`,
    [a.uai],
  );
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe(`migration ${MIGRATION} (${testEngine})`, () => {
  it('gives every readable id a random one, and every reference follows', async () => {
    const a = fx.schools.a;
    const keysBefore = await foreignKeys();
    const session = await createSession(db, a.guardians.s1a.id, new Date('2026-11-16T08:00:00Z'), 3600);

    expect(await migrate(db)).toEqual([MIGRATION]);

    for (const table of [
      'users',
      'classes',
      'seances',
      'teaching_assignments',
      'evaluations',
      'attendance_entries',
      'absence_justifications',
      'hardware_assets',
    ]) {
      const ids = (await db.query<{ id: string }>(`SELECT id FROM ${table}`)).map((r) => r.id);
      expect(ids.length, table).toBeGreaterThan(0);
      expect(
        ids.filter((id) => !ID_PATTERN.test(id)),
        table,
      ).toEqual([]);
    }
    // Logins, UAIs, subjects and periods stay as they were.
    expect((await db.query('SELECT 1 FROM users WHERE login = $1', [a.students.s1.login])).length).toBe(1);
    expect((await db.query("SELECT 1 FROM periods WHERE id = 'a_per_t1'")).length).toBe(1);
    expect((await db.query('SELECT 1 FROM subjects WHERE id = $1', [a.subjects.maths])).length).toBe(1);

    // Relations survive: the guardian's child, the mark, the absence and its justification and file, the class.
    const child = await one<{ login: string }>(
      `SELECT s.login FROM guardianships g JOIN users s ON s.id = g.student_id JOIN users p ON p.id = g.guardian_id
        WHERE p.login = $1 ORDER BY s.login LIMIT 1`,
      [a.guardians.s1a.login],
    );
    expect(child.login).toBe(a.students.s1.login);
    const mark = await one<{ login: string; title: string; class: string }>(
      `SELECT u.login, e.title, c.name AS class FROM marks m JOIN users u ON u.id = m.student_id
         JOIN evaluations e ON e.id = m.evaluation_id JOIN classes c ON c.id = e.class_id`,
    );
    expect(mark).toEqual({ login: a.students.s1.login, title: 'Fractions', class: '4e A' });
    const just = await one<{ id: string; login: string; file_record: string }>(
      `SELECT j.id, u.login, f.record_id AS file_record FROM absence_justifications j
         JOIN absence_justification_entries je ON je.justification_id = j.id
         JOIN attendance_entries e ON e.id = je.entry_id JOIN users u ON u.id = e.student_id
         JOIN files f ON f.record_id = j.id`,
    );
    expect(just.login).toBe(a.students.s1.login);
    expect(just.file_record).toBe(just.id);
    expect((await db.query("SELECT 1 FROM files WHERE id = '5SvnlrpigdKFay9xOQulGg'")).length).toBe(1);

    // The notice's payload names the same student, entry and séance by their new ids.
    const notice = await one<{
      payload: { entryId: string; studentId: string; seanceId: string; n: number; list: string[] };
    }>('SELECT payload FROM live_notices');
    const student = await one<{ id: string }>('SELECT id FROM users WHERE login = $1', [a.students.s1.login]);
    const entry = await one<{ id: string; seance_id: string }>(
      'SELECT id, seance_id FROM attendance_entries',
    );
    expect(notice.payload).toEqual({
      entryId: entry.id,
      studentId: student.id,
      seanceId: entry.seance_id,
      n: 3,
      list: [student.id],
    });

    // A session opened before still signs its user in; every foreign key is back, unchanged.
    expect((await loadSession(db, session.token, new Date('2026-11-16T08:10:00Z'), 3600))?.viewer.login).toBe(
      a.guardians.s1a.login,
    );
    expect(await foreignKeys()).toEqual(keysBefore);
  });

  it('leaves random ids alone when run on data that already has them', async () => {
    const before = (await db.query<{ id: string }>('SELECT id FROM users ORDER BY id')).map((r) => r.id);
    await db.query('DELETE FROM schema_migrations WHERE name = $1', [MIGRATION]);
    await migrate(db);
    expect((await db.query<{ id: string }>('SELECT id FROM users ORDER BY id')).map((r) => r.id)).toEqual(
      before,
    );
  });
});
