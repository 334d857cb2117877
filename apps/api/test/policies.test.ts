import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProblem } from '../src/http/problem.js';
import {
  type PolicyContext,
  requireClass,
  requireEtablissement,
  requireSeance,
  requireStudent,
  requireTerritory,
  type Viewer,
} from '../src/policies/index.js';
import { buildTestApp, type TestApp } from './support/app.js';
import { testEngine } from './support/db.js';
import type { FxUser } from './support/fixture.js';
import { viewerOf } from './support/seed.js';

/** The platform guards of policies/platform.ts, called directly: who passes (ok), who learns nothing (404), who is refused (403). */
describe(`access rules (${testEngine})`, () => {
  let t: TestApp;
  const viewers = new Map<string, Viewer>();
  beforeAll(async () => {
    t = await buildTestApp();
    const ids = await t.db.query<{ id: string }>('SELECT id FROM users');
    for (const { id } of ids) viewers.set(id, await viewerOf(t.db, id));
  });
  afterAll(() => t.close());

  const ctxOf = (user: FxUser): PolicyContext => ({ db: t.db, viewer: viewers.get(user.id)! });
  async function outcome(run: () => Promise<unknown>): Promise<'ok' | number> {
    try {
      await run();
      return 'ok';
    } catch (err) {
      if (err instanceof HttpProblem) return err.problem.status;
      throw err;
    }
  }

  it('a student: the student, their guardians and teachers, the school office; 404 beyond the établissement', async () => {
    const { a, b, c } = t.fixture.schools;
    const s1 = a.students.s1.id;
    const cases: [FxUser, 'ok' | number][] = [
      [a.students.s1, 'ok'],
      [a.students.s2, 403],
      [a.guardians.s1a, 'ok'],
      [a.guardians.s1b, 'ok'],
      [a.guardians.s2a, 403],
      [a.teachers.maths, 'ok'],
      [a.teachers.francais, 403],
      [a.cpe, 'ok'],
      [a.principal, 'ok'],
      [b.principal, 404],
      [c.guardians.s1a, 404],
      [t.fixture.analysts.national, 404],
      [t.fixture.inspector, 404],
    ];
    for (const [user, expected] of cases) {
      expect(await outcome(() => requireStudent(ctxOf(user), s1)), user.login).toBe(expected);
    }
    expect(await outcome(() => requireStudent(ctxOf(a.principal), 'nobody'))).toBe(404);
    // A teacher id is not a student.
    expect(await outcome(() => requireStudent(ctxOf(a.principal), a.teachers.maths.id))).toBe(404);
  });

  it('a class: its teachers, students and their guardians, the office, inspectors of its académie', async () => {
    const { a, c } = t.fixture.schools;
    const cls = a.classes.c4a;
    const cases: [FxUser, 'ok' | number][] = [
      [a.teachers.maths, 'ok'],
      [a.teachers.francais, 403],
      [a.students.s1, 'ok'],
      [a.students.s3, 403],
      [a.guardians.s2b, 'ok'],
      [a.guardians.s3a, 403],
      [a.cpe, 'ok'],
      [a.principal, 'ok'],
      [t.fixture.inspector, 'ok'],
      [t.fixture.analysts.academie, 404],
      [c.teachers.maths, 404],
    ];
    for (const [user, expected] of cases) {
      expect(await outcome(() => requireClass(ctxOf(user), cls)), user.login).toBe(expected);
    }
    expect(await outcome(() => requireClass(ctxOf(t.fixture.inspector), c.classes.c4a))).toBe(404);
  });

  it('recording a séance: its own teacher, the CPE and direction; reading it: whoever sees the class', async () => {
    const { a, b } = t.fixture.schools;
    const seance = a.seances.maths4a;
    const record: [FxUser, 'ok' | number][] = [
      [a.teachers.maths, 'ok'],
      [a.teachers.francais, 403],
      [a.cpe, 'ok'],
      [a.principal, 'ok'],
      [a.students.s1, 403],
      [b.cpe, 404],
      [t.fixture.inspector, 404],
    ];
    for (const [user, expected] of record) {
      expect(await outcome(() => requireSeance(ctxOf(user), seance, 'record')), user.login).toBe(expected);
    }
    expect(await outcome(() => requireSeance(ctxOf(a.students.s1), seance, 'read'))).toBe('ok');
    expect(await outcome(() => requireSeance(ctxOf(a.students.s3), seance, 'read'))).toBe(403);
    expect(await outcome(() => requireSeance(ctxOf(a.cpe), 'no-such-seance', 'read'))).toBe(404);
  });

  it('an établissement: its people and its children’s guardians, analysts of its territory; roles narrow it', async () => {
    const { a, b, c } = t.fixture.schools;
    const { analysts, inspector } = t.fixture;
    const cases: [FxUser, string, 'ok' | number][] = [
      [a.teachers.maths, a.uai, 'ok'],
      [a.guardians.s1a, a.uai, 'ok'],
      [a.principal, b.uai, 404],
      [analysts.national, c.uai, 'ok'],
      [analysts.academie, b.uai, 'ok'],
      [analysts.academie, c.uai, 404],
      [analysts.departement, a.uai, 'ok'], // Marne
      [analysts.departement, b.uai, 404], // Ardennes
      [inspector, a.uai, 'ok'],
    ];
    for (const [user, uai, expected] of cases) {
      expect(await outcome(() => requireEtablissement(ctxOf(user), uai)), `${user.login} → ${uai}`).toBe(
        expected,
      );
    }
    expect(await outcome(() => requireEtablissement(ctxOf(a.teachers.maths), a.uai, ['direction']))).toBe(
      403,
    );
    expect(
      await outcome(() => requireEtablissement(ctxOf(a.principal), a.uai, ['direction:principal'])),
    ).toBe('ok');
    expect(await outcome(() => requireEtablissement(ctxOf(a.cpe), a.uai, ['vie_scolaire:cpe']))).toBe('ok');
  });

  it('a territory: national ⊃ académie ⊃ département', async () => {
    const { analysts } = t.fixture;
    const cases: [FxUser, Parameters<typeof requireTerritory>[1], 'ok' | number][] = [
      [analysts.national, { kind: 'national' }, 'ok'],
      [analysts.national, { kind: 'academie', code: '20' }, 'ok'],
      [analysts.academie, { kind: 'academie', code: '19' }, 'ok'],
      [analysts.academie, { kind: 'departement', code: '008' }, 'ok'],
      [analysts.academie, { kind: 'departement', code: '002' }, 404],
      [analysts.academie, { kind: 'academie', code: '20' }, 404],
      [analysts.academie, { kind: 'national' }, 404],
      [analysts.departement, { kind: 'departement', code: '051' }, 'ok'],
      [analysts.departement, { kind: 'academie', code: '19' }, 404],
    ];
    for (const [user, territory, expected] of cases) {
      expect(
        await outcome(() => requireTerritory(ctxOf(user), territory)),
        `${user.login} → ${JSON.stringify(territory)}`,
      ).toBe(expected);
    }
  });
});
