import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngine } from '../support/db.js';
import { recordProbe } from '../support/probe-report.js';

/**
 * Choosing a password: at least 12 characters, and not one an attacker guesses (common words and patterns in
 * French and English, the person's own names). The four were accepted; so were longer common ones.
 */
const WEAK = [
  'password123',
  'azerty123456',
  'motdepasse1',
  'college2026',
  'motdepasse2026',
  'Azertyuiop123',
  'soleil123456',
  'marseille2026',
  'Jetaime12345',
  'Bonjour2026!',
  'qwertyuiop12',
  '123456789abc',
  'Nouvelle2026!',
  'Zoé-Nouvelle-2026',
];
const STRONG = ['cour-des-Marne-2026', 'Lanterne verte sous la pluie', 'vK7#pQ2!xL9m'];

let t: TestApp;
let codeHash: string;
beforeAll(async () => {
  t = await buildTestApp();
  codeHash = (
    await t.db.query<{ h: string }>('SELECT access_code_hash AS h FROM users WHERE id = $1', [
      t.fixture.newcomer.id,
    ])
  )[0]!.h;
});
afterAll(() => t.close());

/** The newcomer chooses `password` with the access code; then the account is put back as it was. */
async function choose(password: string): Promise<number> {
  const client = await t.as(t.fixture.newcomer);
  const res = await client.post('/api/v1/auth/password', {
    json: { currentPassword: t.fixture.accessCode, newPassword: password },
  });
  await res.arrayBuffer();
  await t.db.query(
    'UPDATE users SET password_hash = NULL, access_code_hash = $2, must_change_password = true WHERE id = $1',
    [t.fixture.newcomer.id, codeHash],
  );
  return res.status;
}

describe(`weak passwords are refused (${testEngine})`, () => {
  it('refuses common and guessable passwords, and accepts long unusual ones', async () => {
    const accepted: string[] = [];
    for (const p of WEAK) if ((await choose(p)) === 204) accepted.push(p);
    recordProbe({
      finding: 'Mots de passe faibles acceptés',
      tried: WEAK.length,
      failed: accepted.length,
      examples: accepted,
    });
    expect(accepted).toEqual([]);
    for (const p of STRONG) expect(await choose(p), p).toBe(204);
  });
});
