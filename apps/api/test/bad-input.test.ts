import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_ORIGIN, type TestApp } from './support/app.js';
import { problemOf } from './support/client.js';
import { testEngine } from './support/db.js';

/** The platform's routes with bad input: every answer is a problem+json 4xx naming what is wrong. */
describe(`bad input on the platform routes (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const login = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    t.client().post('/api/v1/auth/login', { body, headers });

  it('answers an unknown route with a problem 404', async () => {
    const res = await t.client().get('/api/v1/nothing/here');
    expect(res.status).toBe(404);
    expect(await problemOf(res)).toMatchObject({
      type: '/api/docs#probleme-not-found',
      title: 'Ressource introuvable',
      status: 404,
      detail: "Aucune route GET /api/v1/nothing/here dans l'API.",
    });
    expect((await t.client().get('/nothing')).status).toBe(404);
  });

  it('answers a known path with another method by 405 and Allow', async () => {
    const res = await t.client().delete('/api/v1/auth/login');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await problemOf(res)).detail).toMatch(/méthodes possibles : POST/);
    const me = await t.client().put('/api/v1/me');
    expect(me.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await t.client().request('HEAD', '/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.text()).toBe('');
  });

  it('names malformed JSON', async () => {
    const res = await login('{"login": "a.cpe", "password": ');
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({
      type: '/api/docs#probleme-malformed-json',
      errors: [{ field: 'body', message: expect.stringMatching(/JSON mal formé/) }],
    });
  });

  it('names each missing field and each field of the wrong type', async () => {
    const missing = await login('{}');
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).errors).toEqual([
      { field: 'body.login', message: 'Ce champ est obligatoire.' },
      { field: 'body.password', message: 'Ce champ est obligatoire.' },
    ]);
    const wrongType = await login('{"login": 42, "password": ["x"]}');
    expect((await problemOf(wrongType)).errors).toEqual([
      { field: 'body.login', message: 'Type attendu : texte (reçu : nombre).' },
      { field: 'body.password', message: 'Type attendu : texte (reçu : liste).' },
    ]);
    const notAnObject = await login('[1, 2]');
    expect((await problemOf(notAnObject)).errors).toEqual([
      { field: 'body', message: 'Type attendu : objet (reçu : liste).' },
    ]);
    const empty = await login('{"login": "", "password": "x"}');
    expect((await problemOf(empty)).errors).toEqual([
      { field: 'body.login', message: 'Ce champ ne peut pas être vide.' },
    ]);
  });

  it('refuses a body that is not JSON where JSON is expected', async () => {
    const res = await login('login=a&password=b', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect((await problemOf(res)).type).toBe('/api/docs#probleme-unsupported-media-type');
  });

  it('refuses an oversized body before reading it all', async () => {
    const password = 'x'.repeat(300 * 1024);
    const res = await login(JSON.stringify({ login: 'a.cpe', password }));
    expect(res.status).toBe(413);
    expect((await problemOf(res)).detail).toMatch(/256 Ko/);
  });

  it('over HTTP, judges a body of declared length by its header and counts a chunked one as it comes', async () => {
    const server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/auth/login`;
      const post = (body: string | ReadableStream<Uint8Array>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
          body,
          duplex: 'half',
        } as RequestInit);
      const oversized = JSON.stringify({ login: 'a.cpe', password: 'x'.repeat(300 * 1024) });
      const chunked = (text: string) =>
        new ReadableStream<Uint8Array>({
          start(c) {
            const bytes = new TextEncoder().encode(text);
            for (let i = 0; i < bytes.length; i += 16 * 1024) c.enqueue(bytes.subarray(i, i + 16 * 1024));
            c.close();
          },
        });
      for (const res of [await post(oversized), await post(chunked(oversized))]) {
        expect(res.status).toBe(413);
        expect((await problemOf(res)).detail).toMatch(/256 Ko/);
      }
      // Under the limit, either way the body is read and checked.
      for (const res of [
        await post('{"login": "", "password": "x"}'),
        await post(chunked('{"login": ""}')),
      ]) {
        expect(res.status).toBe(400);
        expect((await problemOf(res)).errors?.[0]?.field).toBe('body.login');
      }
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('names a malformed identifier in the path, and answers an unknown one by 404', async () => {
    const client = await t.as(t.fixture.schools.a.cpe);
    const bad = await client.get(`/api/v1/files/${encodeURIComponent("x' OR 1=1 --")}`);
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors).toEqual([{ field: 'params.id', message: 'Identifiant invalide.' }]);
    const unknown = await client.get('/api/v1/files/AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).type).toBe('/api/docs#probleme-not-found');
  });

  it('writes nothing when a password change is refused', async () => {
    const a = t.fixture.schools.a;
    const client = await t.as(a.teachers.maths);
    const [before] = await t.db.query('SELECT password_hash FROM users WHERE id = $1', [a.teachers.maths.id]);
    for (const json of [
      {},
      { currentPassword: t.fixture.password },
      { currentPassword: t.fixture.password, newPassword: 12 },
      { currentPassword: t.fixture.password, newPassword: 'court1' },
    ]) {
      const res = await client.post('/api/v1/auth/password', { json });
      expect(res.status).toBe(400);
      expect((await problemOf(res)).errors!.length).toBeGreaterThan(0);
    }
    const [after] = await t.db.query('SELECT password_hash FROM users WHERE id = $1', [a.teachers.maths.id]);
    expect(after).toEqual(before);
    expect(
      (await t.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [a.teachers.maths.id])).length,
    ).toBe(1);
  });

  it('keeps problem answers readable cross-origin only for allowed sites', async () => {
    const res = await t.app.request('/api/v1/me', { headers: { Origin: TEST_ORIGIN } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
