import { expect } from '@open-wc/testing';
import { ApiClient, apiBaseFrom, isAbortError, ProblemError, problemFromResponse } from './api-client.js';

/** Each test talks to its own namespace of the test server's fake API (see test-support/fake-api.mjs). */
const fresh = () => new ApiClient(`/__test/client-${crypto.randomUUID().slice(0, 8)}/api/v1`);

async function problemOf(promise: Promise<unknown>): Promise<ProblemError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ProblemError);
    return error as ProblemError;
  }
  throw new Error('expected a ProblemError');
}

describe('ApiClient', () => {
  it('turns a problem+json answer into a ProblemError naming each bad field', async () => {
    const problem = await problemOf(fresh().get('problem/validation'));
    expect(problem.status).to.equal(400);
    expect(problem.title).to.equal('Requête invalide');
    expect(problem.detail).to.equal('Corrigez les champs signalés puis réessayez.');
    expect(problem.errors).to.deep.equal([
      { field: 'body.value', detail: 'La note doit être comprise entre 0 et 20.' },
      { field: 'body.coefficient', detail: 'Le coefficient doit être positif.' },
    ]);
  });

  it('still gives a problem with the status for an HTML error page', async () => {
    const problem = await problemOf(fresh().get('problem/html'));
    expect(problem.status).to.equal(502);
    expect(problem.errors).to.deep.equal([]);
  });

  it('reports an unreachable server as a network problem (status 0)', async () => {
    // Nothing listens on this port of the test range.
    const problem = await problemOf(new ApiClient('http://127.0.0.1:8829/api/v1').get('me'));
    expect(problem.isNetworkError).to.equal(true);
  });

  it('reads Retry-After on 429', async () => {
    const client = fresh();
    for (let i = 0; i < 5; i++) await problemOf(client.post('auth/login', { login: 'x', password: 'y' }));
    const problem = await problemOf(client.post('auth/login', { login: 'x', password: 'y' }));
    expect(problem.status).to.equal(429);
    expect(problem.retryAfter).to.equal(300);
  });

  it('sends the session cookie and the CSRF token, and retries once when the token was renewed', async () => {
    const client = fresh();
    expect((await problemOf(client.get('me'))).status).to.equal(401);
    const me = await client.post<{ user: { login: string } }>('auth/login', {
      login: 'parent.martin',
      password: 'Reims-2026-Marne',
    });
    expect(me.user.login).to.equal('parent.martin');
    // The token came with the sign-in answer: the protected route accepts the request.
    expect(await client.post('notes', { value: 12.5 })).to.deep.equal({ saved: { value: 12.5 } });
    await client.post('rotate-csrf');
    // The page still holds the old token: 403 csrf, then GET /me, then the same request succeeds.
    expect(await client.post('notes', { value: 9 })).to.deep.equal({ saved: { value: 9 } });
    // Any stale token is replaced the same way.
    client.setCsrfToken('wrong');
    expect(await client.post('notes', { value: 1 })).to.deep.equal({ saved: { value: 1 } });
  });

  it('recognises the server’s csrf refusal', async () => {
    const client = fresh();
    await client.post('auth/login', { login: 'parent.martin', password: 'Reims-2026-Marne' });
    const raw = await fetch(client.url('notes'), { method: 'POST', credentials: 'include', body: '{}' });
    expect(raw.status).to.equal(403);
    const problem = await problemFromResponse(raw);
    expect(problem.isCsrfError).to.equal(true);
    expect(problem.title).to.equal('Requête refusée par la protection CSRF');
  });

  it('can be aborted', async () => {
    const abort = new AbortController();
    const pending = fresh().get('slow', { signal: abort.signal });
    abort.abort();
    try {
      await pending;
      expect.fail('should have been aborted');
    } catch (error) {
      expect(isAbortError(error)).to.equal(true);
    }
  });

  it('follows server-sent events across reconnections without losing or repeating any', async () => {
    const client = fresh();
    const seen: number[] = [];
    const named: number[] = [];
    const statuses = new Set<string>();
    const connection = client.live('live', {
      onMessage: (data) => seen.push((data as { n: number }).n),
      events: { 'mark-change': (data) => named.push((data as { n: number }).n) },
      onStatus: (s) => statuses.add(s),
    });
    // The fake server closes after two events; the browser reconnects with Last-Event-ID each time.
    for (let i = 0; i < 100 && seen.length + named.length < 6; i++)
      await new Promise((r) => setTimeout(r, 50));
    connection.close();
    expect(named.slice(0, 3)).to.deep.equal([1, 3, 5]);
    expect(seen.slice(0, 3)).to.deep.equal([2, 4, 6]);
    expect(statuses.has('open')).to.equal(true);
    expect(statuses.has('reconnecting')).to.equal(true);
  });

  it('resolves paths against its base and finds the API root of an element src', () => {
    const client = new ApiClient('https://ent.example.fr/api/v1/');
    expect(client.url('me')).to.equal('https://ent.example.fr/api/v1/me');
    expect(client.url('/api/v1/classes/c1')).to.equal('https://ent.example.fr/api/v1/classes/c1');
    expect(new ApiClient('/api/v1').url('/api/v1/me')).to.equal('/api/v1/me');
    expect(apiBaseFrom('https://ent.example.fr/api/v1/classes/4B/gradebook')).to.equal(
      'https://ent.example.fr/api/v1',
    );
    expect(apiBaseFrom('/api/v1/me?x=1')).to.equal('/api/v1');
    expect(apiBaseFrom(null)).to.equal('/api/v1');
  });
});
