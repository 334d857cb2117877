import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, SCHOOL_SITE_ORIGIN, TEST_ORIGIN, type TestApp } from './support/app.js';
import { problemOf, type TestClient } from './support/client.js';
import { testEngine } from './support/db.js';
import type { SchoolFixture } from './support/fixture.js';

/** A request from the school site's page with the token: no cookie, no CSRF token, the site's Origin. */
function bearer(t: TestApp, token: string, origin: string | null = SCHOOL_SITE_ORIGIN) {
  return (method: string, path: string, json?: unknown) =>
    t.app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(origin ? { Origin: origin } : {}),
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
}

describe(`cross-site access tokens (${testEngine})`, () => {
  let t: TestApp;
  let a: SchoolFixture;
  let teacher: TestClient;
  const rollCall = () => `/api/v1/attendance/seances/${a.seances.maths4a}/roll-call`;
  const issue = async (client: TestClient, origin = SCHOOL_SITE_ORIGIN, from?: string) => {
    const res = await client.post('/api/v1/auth/access-tokens', { json: { origin }, origin: from });
    return {
      res,
      body: res.ok ? ((await res.clone().json()) as { accessToken: string; expiresAt: string }) : null,
    };
  };

  beforeAll(async () => {
    t = await buildTestApp();
    a = t.fixture.schools.a;
    teacher = await t.as(a.teachers.maths);
  });
  afterAll(() => t.close());

  it('is issued to the ENT’s own page only, for an allowed site only', async () => {
    const { res, body } = await issue(teacher);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(body!.accessToken).toMatch(/^preau_at_/);
    const fromSchool = await issue(teacher, SCHOOL_SITE_ORIGIN, SCHOOL_SITE_ORIGIN);
    expect(fromSchool.res.status).toBe(403);
    const unknownSite = await issue(teacher, 'https://evil.example');
    expect(unknownSite.res.status).toBe(400);
    expect((await problemOf(unknownSite.res)).errors?.[0]?.field).toBe('body.origin');
    const itself = await issue(teacher, TEST_ORIGIN);
    expect(itself.res.status).toBe(400);
    expect(
      await bearer(t, body!.accessToken)('POST', '/api/v1/auth/access-tokens', {
        origin: SCHOOL_SITE_ORIGIN,
      }),
    ).toHaveProperty('status', 403);
  });

  it('reads and writes from the site it was issued for, without cookie or CSRF token', async () => {
    const { body } = await issue(teacher);
    const call = bearer(t, body!.accessToken);
    const me = await call('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.headers.get('access-control-allow-origin')).toBe(SCHOOL_SITE_ORIGIN);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(a.teachers.maths.id);
    const saved = await call('PUT', rollCall(), {
      marks: [{ studentId: a.students.s1.id, status: 'absent' }],
    });
    expect(saved.status).toBe(200);
  });

  it('is refused from another site, without Origin, or together with a session cookie', async () => {
    const { body } = await issue(teacher);
    expect((await bearer(t, body!.accessToken, 'https://evil.example')('GET', '/api/v1/me')).status).toBe(
      401,
    );
    expect((await bearer(t, body!.accessToken, null)('GET', '/api/v1/me')).status).toBe(401);
    const withCookie = await teacher.get('/api/v1/me', {
      headers: { Authorization: `Bearer ${body!.accessToken}` },
    });
    // The cookie session answers; the token is not looked at when a session is there.
    expect(withCookie.status).toBe(200);
    expect(
      (await bearer(t, 'preau_at_unknownunknownunknownunknownunknown1234')('GET', '/api/v1/me')).status,
    ).toBe(401);
  });

  it('ends after 30 minutes without use, lives on while used, and ends with the ENT session', async () => {
    const { body } = await issue(teacher);
    const call = bearer(t, body!.accessToken);
    t.clock.advance(25 * 60_000);
    expect((await call('GET', '/api/v1/me')).status).toBe(200);
    t.clock.advance(25 * 60_000);
    expect((await call('GET', '/api/v1/me')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    const expired = await call('GET', '/api/v1/me');
    expect(expired.status).toBe(401);
    expect((await problemOf(expired)).detail).toMatch(/expiré/);

    const other = await t.as(a.cpe);
    const next = await issue(other);
    const callNext = bearer(t, next.body!.accessToken);
    expect((await callNext('GET', '/api/v1/me')).status).toBe(200);
    expect((await other.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await callNext('GET', '/api/v1/me')).status).toBe(401);
  });

  it('can be ended by the school site (sign-out there), leaving the ENT session open', async () => {
    const { body } = await issue(teacher);
    const call = bearer(t, body!.accessToken);
    expect((await call('DELETE', '/api/v1/auth/access-tokens/current')).status).toBe(204);
    expect((await call('GET', '/api/v1/me')).status).toBe(401);
    expect((await teacher.get('/api/v1/me')).status).toBe(200);
  });

  it('serves the ENT’s sign-in window with its own script, keeping its link to the opener', async () => {
    const page = await t.app.request('/api/connect?origin=https%3A%2F%2Fcollege.test');
    expect(page.status).toBe(200);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(await page.text()).toContain('<script type="module" src="/api/connect/connect.js">');
    const script = await t.app.request('/api/connect/connect.js');
    expect(await script.text()).toContain('postMessage(');
  });
});
