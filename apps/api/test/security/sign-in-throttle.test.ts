import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, variantOf } from '../support/app.js';
import { problemOf } from '../support/client.js';
import { testEngine } from '../support/db.js';
import { recordProbe } from '../support/probe-report.js';

/**
 * Sign-in throttling slows guessing down per identifier × place, and cannot be turned against the account's
 * owner: failures from other addresses (or other browsers on the owner's network) never stop the owner where
 * they signed in before. The counters live in the database: another API process, or the same one restarted,
 * sees them.
 */
const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const statuses = (responses: Response[]) => responses.map((r) => r.status);

describe(`sign-in throttling (${testEngine})`, () => {
  it('slows one identifier from one address to 5 attempts a window, even with the right password', async () => {
    const login = t.fixture.schools.a.cpe.login;
    const from = t.client({ address: '198.51.100.1' });
    for (let i = 0; i < 5; i++) expect((await from.signIn(login, 'mauvais')).status).toBe(401);
    const refused = await from.signIn(login, t.fixture.password);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW / 1000);
    expect((await problemOf(refused)).detail).toMatch(/Réessayez dans \d+ minutes?\./);
    // Another address is another place: the owner signs in there.
    expect((await t.client({ address: '198.51.100.2' }).signIn(login, t.fixture.password)).status).toBe(200);
    // Once the window is over, the first address may try again.
    t.clock.advance(retryAfter * 1000);
    expect((await from.signIn(login, t.fixture.password)).status).toBe(200);
  });

  it('an attacker failing 50 times from their address, and from 40 others, does not lock the principal out', async () => {
    const login = t.fixture.schools.b.principal.login;
    const office = '203.0.113.10';
    const owner = t.client({ address: office });
    expect((await owner.signIn(login, t.fixture.password)).status).toBe(200);
    expect(owner.device).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const attacker = t.client({ address: '198.51.100.66' });
    const fromOne: Response[] = [];
    for (let i = 0; i < 50; i++) fromOne.push(await attacker.signIn(login, `devine-${i}`));
    // Five guesses, then slowed down: nothing counted while refused.
    expect(statuses(fromOne).filter((s) => s === 401)).toHaveLength(5);
    expect(statuses(fromOne).filter((s) => s === 429)).toHaveLength(45);
    const rotating: Response[] = [];
    for (let i = 0; i < 40; i++)
      rotating.push(await t.client({ address: `198.51.100.${100 + i}` }).signIn(login, `devine-x${i}`));
    // The identifier allows 20 attempts from places it does not know, the 5 above included.
    expect(statuses(rotating).filter((s) => s === 401)).toHaveLength(15);
    expect(statuses(rotating).filter((s) => s === 429)).toHaveLength(25);

    // The principal signs in from the office (the address), and from their own browser on the attacker's
    // network (the device cookie): neither is stopped by the 90 failures.
    const atOffice = await t.client({ address: office }).signIn(login, t.fixture.password);
    const ownBrowserElsewhere = t.client({ address: '198.51.100.66' });
    ownBrowserElsewhere.device = owner.device;
    const onSharedNetwork = await ownBrowserElsewhere.signIn(login, t.fixture.password);
    recordProbe({
      finding: 'Compte bloqué par un tiers (90 échecs, puis connexion du propriétaire)',
      tried: 2,
      failed: [atOffice, onSharedNetwork].filter((r) => r.status !== 200).length,
      examples: [
        `bureau ${atOffice.status}`,
        `son navigateur, réseau de l’attaquant ${onSharedNetwork.status}`,
      ],
    });
    expect(atOffice.status).toBe(200);
    expect(onSharedNetwork.status).toBe(200);
    // A place the identifier never signed in from is what stays slowed during the attack.
    expect((await t.client({ address: '192.0.2.200' }).signIn(login, t.fixture.password)).status).toBe(429);
  });

  it('shares the counts between API processes, and a restart keeps them', async () => {
    const login = t.fixture.schools.c.cpe.login;
    const address = '198.51.100.7';
    for (let i = 0; i < 5; i++)
      expect((await t.client({ address }).signIn(login, 'mauvais')).status).toBe(401);
    // Another process on the same database (or this one restarted): a new throttle, the same counts.
    const restarted = variantOf(t, {});
    expect((await restarted.client({ address }).signIn(login, t.fixture.password)).status).toBe(429);
    const rows = await t.db.query<{ count: string | number }>(
      "SELECT count FROM rate_counters WHERE key LIKE 'signin:place:%' AND count = 5",
    );
    expect(rows.length).toBeGreaterThan(0);
    // Keys carry digests, never a login or an address.
    const leaks = await t.db.query("SELECT key FROM rate_counters WHERE key LIKE $1 OR key LIKE '%198.51%'", [
      `%${login}%`,
    ]);
    expect(leaks).toEqual([]);
  });

  it('counts racing attempts on two processes exactly: 20 at once from one place, 5 checked', async () => {
    const login = t.fixture.schools.b.cpe.login;
    const other = variantOf(t, {});
    const racing = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? other : t).client({ address: '198.51.100.77' }).signIn(login, `devine-${i}`),
      ),
    );
    expect(statuses(racing).filter((s) => s === 401)).toHaveLength(5);
    expect(statuses(racing).filter((s) => s === 429)).toHaveLength(15);
  });

  it('refuses an address trying many identifiers on those that do not know it, not on those that do', async () => {
    const address = '192.0.2.7';
    const teacher = t.fixture.schools.c.teachers.maths.login;
    expect((await t.client({ address }).signIn(teacher, t.fixture.password)).status).toBe(200);
    for (let i = 0; i < 50; i++)
      expect((await t.client({ address }).signIn(`inconnu${i}`, 'mauvais')).status).toBe(401);
    const stranger = t.fixture.schools.c.teachers.francais.login;
    expect((await t.client({ address }).signIn(stranger, t.fixture.password)).status).toBe(429);
    // The teacher who signed in from this address before still does; the other one does from elsewhere.
    expect((await t.client({ address }).signIn(teacher, t.fixture.password)).status).toBe(200);
    expect((await t.client({ address: '192.0.2.8' }).signIn(stranger, t.fixture.password)).status).toBe(200);
  });

  it('a success gives its attempt back and forgets the place’s failures', async () => {
    const login = t.fixture.schools.a.teachers.francais.login;
    const address = '198.51.100.9';
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        expect((await t.client({ address }).signIn(login, 'mauvais')).status).toBe(401);
      expect((await t.client({ address }).signIn(login, t.fixture.password)).status).toBe(200);
    }
  });
});
