import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionCache } from '../src/auth/session-cache.js';
import { hashToken } from '../src/auth/sessions.js';
import { type SessionRow, viewerById } from '../src/auth/store.js';
import { buildTestApp, SCHOOL_SITE_ORIGIN, type TestApp, variantOf } from './support/app.js';
import { problemOf } from './support/client.js';
import { testEngine } from './support/db.js';

const MINUTE = 60 * 1000;

function sessionCookie(res: Response): string {
  const line = res.headers.getSetCookie().find((l) => l.startsWith('preau_session='));
  if (!line) throw new Error('no session cookie set');
  return line;
}

// One app for the suites below (opening a database is the slow part); each test uses its own users or addresses.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe(`sign-in and sessions (${testEngine})`, () => {
  it('signs in with identifier and password and sets a HttpOnly, SameSite=Lax session cookie', async () => {
    const a = t.fixture.schools.a;
    const client = t.client();
    const res = await client.signIn(a.guardians.s1a.login, t.fixture.password);
    expect(res.status).toBe(200);
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=7200/);
    expect(cookie).not.toMatch(/Secure/);
    const body = await res.json();
    expect(body.user).toMatchObject({
      id: a.guardians.s1a.id,
      profile: 'guardian',
      mustChangePassword: false,
    });
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    // The table keeps only the token's hash.
    const rows = await t.db.query<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [
      a.guardians.s1a.id,
    ]);
    expect(rows.map((r) => r.id)).toContain(hashToken(client.sessionToken!));
    expect(rows.map((r) => r.id)).not.toContain(client.sessionToken);
  });

  it('matches identifiers without regard to case or surrounding spaces', async () => {
    const res = await t
      .client()
      .signIn(`  ${t.fixture.schools.a.cpe.login.toUpperCase()} `, t.fixture.password);
    expect(res.status).toBe(200);
  });

  it('answers an unknown identifier exactly like a wrong password', async () => {
    const wrong = await t
      .client({ address: '10.0.0.1' })
      .signIn(t.fixture.schools.a.cpe.login, 'not-the-password');
    const unknown = await t.client({ address: '10.0.0.2' }).signIn('personne.inconnue', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await problemOf(wrong)).toEqual(await problemOf(unknown));
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('describes the guardian with their children and classes in GET /me', async () => {
    const a = t.fixture.schools.a;
    const client = await t.as(a.guardians.s1a);
    const res = await client.get('/api/v1/me');
    expect(res.status).toBe(200);
    const me = await res.json();
    expect(me.user.etablissement).toEqual({ uai: a.uai, name: a.name });
    expect(me.children).toEqual([
      {
        id: a.students.s1.id,
        firstName: 'Camille',
        lastName: 'ÉlèveA1',
        uai: a.uai,
        class: { id: a.classes.c4a, name: '4e A' },
      },
    ]);
    expect(me.csrfToken).toBe(client.csrfToken);
  });

  it('describes the teacher with their classes and subjects in GET /me', async () => {
    const a = t.fixture.schools.a;
    const me = await (await (await t.as(a.teachers.maths)).get('/api/v1/me')).json();
    expect(me.user.functions).toEqual(['professeur_principal']);
    expect(me.classes).toEqual([
      {
        id: a.classes.c4a,
        name: '4e A',
        kind: 'classe',
        isHeadTeacher: true,
        subjects: [{ id: a.subjects.maths, code: 'MATHS', name: 'Mathématiques' }],
      },
    ]);
    expect(me.children).toBeUndefined();
  });

  it('answers GET /me with the body sign-in gave, lists included (serialized once, then reused)', async () => {
    for (const user of [
      t.fixture.schools.a.teachers.maths,
      t.fixture.schools.a.guardians.s1a,
      t.fixture.analysts.academie,
    ]) {
      const client = t.client();
      const signIn = await client.signIn(user.login, t.fixture.password);
      expect(signIn.status).toBe(200);
      const given = await signIn.json();
      for (let i = 0; i < 2; i++) {
        const res = await client.get('/api/v1/me');
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await res.json()).toEqual(given);
      }
    }
  });

  it("names an analyst's territory in GET /me", async () => {
    const me = await (await (await t.as(t.fixture.analysts.academie)).get('/api/v1/me')).json();
    expect(me.user.scope).toEqual({ kind: 'academie', code: '19', name: 'Reims' });
    expect(me.user.etablissement).toBeNull();
  });

  it('slides the expiry with use and ends an idle session', async () => {
    const client = await t.as(t.fixture.schools.b.cpe);
    // Used every 90 minutes (TTL 2 h): still alive after 6 hours, and the cookie is renewed.
    for (let i = 0; i < 4; i++) {
      t.clock.advance(90 * MINUTE);
      const res = await client.get('/api/v1/me');
      expect(res.status).toBe(200);
      expect(sessionCookie(res)).toMatch(/Max-Age=7200/);
    }
    // Idle longer than the TTL: gone, and the cookie is cleared.
    t.clock.advance(121 * MINUTE);
    const res = await client.get('/api/v1/me');
    expect(res.status).toBe(401);
    expect(sessionCookie(res)).toMatch(/Max-Age=0/);
    expect(
      await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [hashToken(client.sessionToken ?? 'x')]),
    ).toEqual([]);
  });

  it('ends even an active session after seven days', async () => {
    const client = await t.as(t.fixture.schools.b.principal);
    for (let hours = 0; hours < 7 * 24 - 1; hours += 1) {
      t.clock.advance(60 * MINUTE);
      if ((await client.get('/api/v1/me')).status !== 200)
        throw new Error(`session ended after ${hours + 1} h`);
    }
    t.clock.advance(61 * MINUTE);
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });

  it('purges abandoned sessions at sign-in', async () => {
    const user = t.fixture.schools.b.teachers.francais;
    const abandoned = await t.as(user);
    t.clock.advance(3 * 60 * MINUTE);
    expect(
      await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [hashToken(abandoned.sessionToken!)]),
    ).toHaveLength(1);
    expect((await t.client().signIn(user.login, t.fixture.password)).status).toBe(200);
    expect(
      await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [hashToken(abandoned.sessionToken!)]),
    ).toEqual([]);
  });

  it('signs out: deletes the session server-side and clears the cookie', async () => {
    const client = await t.as(t.fixture.schools.a.principal);
    const token = client.sessionToken!;
    // Sessions are cached for a few seconds: these lookups put this one in the cache before it ends.
    for (let i = 0; i < 2; i++) expect((await client.get('/api/v1/me')).status).toBe(200);
    const res = await client.post('/api/v1/auth/logout');
    expect(res.status).toBe(204);
    expect(sessionCookie(res)).toMatch(/Max-Age=0/);
    expect(await t.db.query('SELECT 1 FROM sessions WHERE id = $1', [hashToken(token)])).toEqual([]);
    // The old cookie opens nothing any more.
    client.useSession(token, client.csrfToken);
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });

  it('never keeps in the cache a session read before it ended', async () => {
    const client = await t.as(t.fixture.schools.a.cpe);
    const id = hashToken(client.sessionToken!);
    const [row] = await t.db.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id]);
    const viewer = (await viewerById(t.db, t.fixture.schools.a.cpe.id))!;
    const cache = new SessionCache(t.db);
    // A lookup starts, the session ends meanwhile (sign-out in another request), then the lookup finishes.
    const since = cache.mark();
    await cache.forgetSessions([id]);
    cache.keepSession(id, { row: row!, viewer }, since);
    expect(cache.session(id)).toBeUndefined();
    // Without an end in between, the same lookup is kept.
    cache.keepSession(id, { row: row!, viewer }, cache.mark());
    expect(cache.session(id)?.viewer.id).toBe(viewer.id);
    await cache.forgetUser(viewer.id);
    expect(cache.session(id)).toBeUndefined();
  });

  it('refuses a forged or malformed session cookie', async () => {
    const client = t.client();
    client.useSession('x'.repeat(43));
    expect((await client.get('/api/v1/me')).status).toBe(401);
    client.useSession("'; DROP TABLE users; --");
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });
});

describe(`first sign-in with an issued access code (${testEngine})`, () => {
  it('forces a new password, checks its strength, then retires the code', async () => {
    const { newcomer, accessCode } = t.fixture;
    const client = t.client();
    const other = t.client();
    const res = await client.signIn(newcomer.login, accessCode);
    expect(res.status).toBe(200);
    expect((await res.json()).user.mustChangePassword).toBe(true);
    await other.signIn(newcomer.login, accessCode);
    expect((await other.get('/api/v1/me')).status).toBe(200); // cached from now on

    // Anything else than me / password / logout waits for the new password.
    const blocked = await client.get('/api/v1/files/abcdefghijklmnop');
    expect(blocked.status).toBe(403);
    expect((await problemOf(blocked)).type).toMatch(/password-change-required/);

    const wrongCurrent = await client.post('/api/v1/auth/password', {
      json: { currentPassword: 'nope', newPassword: 'Un-mot-de-passe-solide-42' },
    });
    expect(wrongCurrent.status).toBe(400);
    expect((await problemOf(wrongCurrent)).errors).toEqual([
      { field: 'body.currentPassword', message: 'Le mot de passe actuel est incorrect.' },
    ]);

    const weak = await client.post('/api/v1/auth/password', {
      json: { currentPassword: accessCode, newPassword: 'aaaaaaa' },
    });
    expect(weak.status).toBe(400);
    const weakProblem = await problemOf(weak);
    expect(weakProblem.errors!.every((e) => e.field === 'body.newPassword')).toBe(true);
    expect(weakProblem.errors!.map((e) => e.message)).toEqual(['Au moins 12 caractères (encore 5).']);
    const common = await client.post('/api/v1/auth/password', {
      json: { currentPassword: accessCode, newPassword: 'motdepasse2026' },
    });
    expect((await problemOf(common)).errors![0]!.message).toMatch(/^Trop facile à deviner/);
    const withLogin = await client.post('/api/v1/auth/password', {
      json: { currentPassword: accessCode, newPassword: `${newcomer.login}-2026` },
    });
    expect((await problemOf(withLogin)).errors![0]!.message).toMatch(/identifiant/);
    // Nothing was written by the refused attempts.
    const [before] = await t.db.query<{ password_hash: string | null }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [newcomer.id],
    );
    expect(before!.password_hash).toBeNull();

    const ok = await client.post('/api/v1/auth/password', {
      json: { currentPassword: accessCode, newPassword: 'Cerisier en fleur 2026' },
    });
    expect(ok.status).toBe(204);
    const me = await (await client.get('/api/v1/me')).json();
    expect(me.user.mustChangePassword).toBe(false);
    expect((await client.get('/api/v1/files/abcdefghijklmnop')).status).toBe(404);
    // The other session was closed; the code no longer opens the account; the new password does.
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect((await t.client().signIn(newcomer.login, accessCode)).status).toBe(401);
    expect((await t.client().signIn(newcomer.login, 'Cerisier en fleur 2026')).status).toBe(200);
  });
});

describe(`client address behind a proxy (${testEngine})`, () => {
  let proxied: TestApp;
  beforeAll(() => {
    proxied = variantOf(t, { trustProxy: true });
  });

  it('counts failures per forwarded client address, not per proxy', async () => {
    const viaProxy = (client: string) => ({ address: '10.0.0.1', client });
    const signIn = (
      { address, client }: { address: string; client: string },
      login: string,
      password: string,
    ) =>
      proxied.client({ address }).request('POST', '/api/v1/auth/login', {
        json: { login, password },
        // The client may send its own X-Forwarded-For: only the proxy's last entry counts.
        headers: { 'X-Forwarded-For': `203.0.113.9, ${client}` },
      });
    for (let i = 0; i < 50; i++)
      expect((await signIn(viaProxy('198.51.100.1'), `x${i}`, 'mauvais')).status).toBe(401);
    const { c } = proxied.fixture.schools;
    expect((await signIn(viaProxy('198.51.100.1'), c.cpe.login, proxied.fixture.password)).status).toBe(429);
    expect((await signIn(viaProxy('198.51.100.2'), c.cpe.login, proxied.fixture.password)).status).toBe(200);
  });
});

describe(`CSRF, Origin and CORS (${testEngine})`, () => {
  it('refuses an unsafe request without the session CSRF token, or with a wrong one', async () => {
    const client = await t.as(t.fixture.schools.a.teachers.maths);
    const missing = await client.post('/api/v1/auth/logout', { withoutCsrf: true });
    expect(missing.status).toBe(403);
    expect((await problemOf(missing)).detail).toMatch(/X-CSRF-Token/);
    const wrong = await client.post('/api/v1/auth/logout', {
      withoutCsrf: true,
      // the token with its last character changed (to another one, whatever it was)
      headers: {
        'X-CSRF-Token': `${client.csrfToken!.slice(0, -1)}${client.csrfToken!.endsWith('A') ? 'B' : 'A'}`,
      },
    });
    expect(wrong.status).toBe(403);
    expect((await client.get('/api/v1/me')).status).toBe(200);
  });

  it('refuses an unsafe request without Origin or from a site that is not allowed, sign-in included', async () => {
    const client = await t.as(t.fixture.schools.a.teachers.francais);
    expect((await client.post('/api/v1/auth/logout', { origin: null })).status).toBe(403);
    const foreign = await client.post('/api/v1/auth/logout', { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await problemOf(foreign)).detail).toMatch(/evil\.example/);
    const login = await t
      .client({ origin: 'https://evil.example' })
      .signIn(t.fixture.schools.a.cpe.login, t.fixture.password);
    expect(login.status).toBe(403);
    expect(login.headers.getSetCookie()).toEqual([]);
    expect((await client.get('/api/v1/me')).status).toBe(200);
  });

  it('accepts an allowed school site with the token', async () => {
    const client = await t.as(t.fixture.schools.a.teachers.francais, { origin: SCHOOL_SITE_ORIGIN });
    const res = await client.post('/api/v1/auth/logout');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SCHOOL_SITE_ORIGIN);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('answers CORS preflights for allowed origins only, with credentials and never a wildcard', async () => {
    const preflight = (origin: string) =>
      t.app.request('/api/v1/auth/logout', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-csrf-token',
        },
      });
    const allowed = await preflight(SCHOOL_SITE_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SCHOOL_SITE_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/X-CSRF-Token/i);
    expect(allowed.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const get = await t.app.request('/api/v1/health', { headers: { Origin: 'https://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('vary')).toMatch(/Origin/);
  });
});

describe(`security headers (${testEngine})`, () => {
  let https: TestApp;
  beforeAll(() => {
    https = variantOf(t, { publicOrigin: 'https://ent.preau.test', secureCookies: true });
  });

  it('puts a strict policy on API answers, errors included', async () => {
    for (const path of ['/api/v1/health', '/api/v1/nowhere']) {
      const res = await https.app.request(path);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    }
  });

  it('lets the reference page load its own script and style only', async () => {
    const res = await https.app.request('/api/docs');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('marks the session cookie Secure behind HTTPS', async () => {
    const res = await https
      .client({ origin: 'https://ent.preau.test' })
      .signIn(https.fixture.schools.a.cpe.login, https.fixture.password);
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).toMatch(/; Secure/);
  });
});
