import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, SCHOOL_SITE_ORIGIN, type TestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import type { SchoolFixture } from './support/fixture.js';

const PERIOD = 'a_per_t1';

describe(`Idempotency-Key (${testEngine})`, () => {
  let t: TestApp;
  let a: SchoolFixture;
  let teacher: TestClient;
  let other: TestClient;
  const evaluations = () => `/api/v1/gradebook/classes/${a.classes.c4a}/evaluations`;
  const create = (client: TestClient, key: string | null, title = 'Fractions', extra = {}) =>
    client.post(evaluations(), {
      json: {
        title,
        date: '2026-10-01',
        subjectId: a.subjects.maths,
        periodId: PERIOD,
        publishOn: '2026-10-02',
      },
      headers: key ? { 'Idempotency-Key': key } : {},
      ...extra,
    });
  const count = async (title: string) =>
    (
      await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM evaluations WHERE title = $1', [title])
    )[0]!.n;

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    await t.db.query(
      `INSERT INTO periods (id, uai, school_year, scheme, number, name, starts_on, ends_on, grades_deadline)
       VALUES ($1, $2, 2026, 'trimestre', 1, 'Trimestre 1', '2026-09-01', '2026-11-30', '2026-11-25')`,
      [PERIOD, a.uai],
    );
    teacher = await t.as(a.teachers.maths);
    other = await t.as(a.principal);
  });
  afterAll(() => t.close());

  it('the same key gives the same answer again, and the write happens once', async () => {
    const first = await create(teacher, 'key-fractions-0001', 'Une fois');
    expect(first.status).toBe(201);
    const again = await create(teacher, 'key-fractions-0001', 'Une fois');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(await count('Une fois')).toBe(1);
  });

  it('without the header, each request is its own write', async () => {
    await create(teacher, null, 'Deux fois');
    await create(teacher, null, 'Deux fois');
    expect(await count('Deux fois')).toBe(2);
  });

  it('refuses a key used for another request, and writes nothing', async () => {
    await create(teacher, 'key-reused-00001', 'Premier');
    const res = await create(teacher, 'key-reused-00001', 'Second');
    expect(res.status).toBe(422);
    expect((await problemOf(res)).type).toBe('/api/docs#probleme-idempotency-key-reused');
    expect(await count('Second')).toBe(0);
  });

  it('keeps keys per user: another user’s same key is another request', async () => {
    await create(teacher, 'key-per-user-0001', 'Par personne');
    const res = await create(other, 'key-per-user-0001', 'Par personne');
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(await count('Par personne')).toBe(2);
  });

  it('does not keep an answer that may change: a CSRF refusal, then the same key succeeds', async () => {
    const refused = await create(teacher, 'key-csrf-000001', 'Après refus', { withoutCsrf: true });
    expect(refused.status).toBe(403);
    const ok = await create(teacher, 'key-csrf-000001', 'Après refus');
    expect(ok.status).toBe(201);
    expect(ok.headers.get('idempotent-replayed')).toBeNull();
    expect(await count('Après refus')).toBe(1);
  });

  it('keeps a validation refusal: the same bad request gets the same 400', async () => {
    const bad = { json: { title: '', date: 'hier' }, headers: { 'Idempotency-Key': 'key-invalid-0001' } };
    const first = await teacher.post(evaluations(), bad);
    const again = await teacher.post(evaluations(), bad);
    expect([first.status, again.status]).toEqual([400, 400]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('makes a second request wait while the first is under way, and takes over a claim left by a crash', async () => {
    const teacherId = a.teachers.maths.id;
    // A first request whose process died before its answer was kept: its claim stays, without an answer.
    await create(teacher, 'key-crashed-00001', 'Pendant la panne');
    await t.db.query(
      `UPDATE idempotency_keys SET status = NULL, body = NULL, created_at = $3 WHERE user_id = $1 AND key = $2`,
      [teacherId, 'key-crashed-00001', t.clock.now()],
    );
    const waiting = await create(teacher, 'key-crashed-00001', 'Pendant la panne');
    expect(waiting.status).toBe(409);
    expect(waiting.headers.get('retry-after')).toBe('1');
    t.clock.advance(61_000);
    const taken = await create(teacher, 'key-crashed-00001', 'Pendant la panne');
    expect(taken.status).toBe(201);
    // The crashed request had written its évaluation; running it again writes a second one: the window the
    // documentation names (an answer lost between commit and record), closed for roll calls by their versions.
    expect(await count('Pendant la panne')).toBe(2);
  });

  it('refuses a malformed key, naming the header', async () => {
    const res = await create(teacher, 'court', 'Clé courte');
    expect(res.status).toBe(400);
    expect((await problemOf(res)).errors?.[0]?.field).toBe('headers.Idempotency-Key');
  });

  it('is allowed by CORS for school sites, with Authorization, and its replay header is readable', async () => {
    const res = await t.app.request(evaluations(), {
      method: 'OPTIONS',
      headers: {
        Origin: SCHOOL_SITE_ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,idempotency-key,authorization',
      },
    });
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/i);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    const get = await t.app.request('/api/v1/health', { headers: { Origin: SCHOOL_SITE_ORIGIN } });
    expect(get.headers.get('access-control-expose-headers')).toMatch(/Idempotent-Replayed/i);
  });
});
