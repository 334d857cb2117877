import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { logError, loggable, redact } from '../src/log.js';
import { freshDb, testEngine } from './support/db.js';
import { captureLog } from './support/log-capture.js';

/** What reaches the log of an error: where and what kind, never the values it quotes. */
const PERSONAL = 'Obsèques de sa grand-mère';
let db: Db;
beforeAll(async () => {
  db = await freshDb();
  await db.exec('CREATE TABLE note_test (student text PRIMARY KEY, text text NOT NULL)');
});
afterAll(() => db.close());

describe(`the server log (${testEngine})`, () => {
  it('keeps a database error’s code and constraint, not its message, detail or parameters', async () => {
    await db.query('INSERT INTO note_test VALUES ($1, $2)', ['a_eleve1', PERSONAL]);
    const err = await db
      .query('INSERT INTO note_test VALUES ($1, $2)', ['a_eleve1', PERSONAL])
      .catch((e) => e);
    expect(String(err?.message ?? '') + JSON.stringify(err)).toContain('a_eleve1'); // the raw error does quote it
    const log = captureLog();
    const ref = await log.during(async () =>
      logError('request failed', err, { method: 'PUT', route: '/api/v1/x/:id' }),
    );
    const text = log.lines().join('\n');
    expect(text).not.toContain('a_eleve1');
    expect(text).not.toContain(PERSONAL);
    const line = JSON.parse(log.lines()[0]!);
    expect(line).toMatchObject({ level: 'error', ref, route: '/api/v1/x/:id', error: { code: '23505' } });
    expect(JSON.stringify(line.error)).toMatch(/note_test_pkey/);
  });

  it('removes what other messages quote, and keeps where it happened', () => {
    expect(redact('Unexpected token \'O\', "Obsèques…" is not valid JSON')).toBe(
      'Unexpected token …, … is not valid JSON',
    );
    expect(redact('Key (student_id, text)=(a_eleve1, Obsèques) already exists')).toBe(
      'Key (…)=(…) already exists',
    );
    const out = loggable(new TypeError(`Cannot read properties of undefined (reading 'name')`));
    expect(out).toMatchObject({
      name: 'TypeError',
      message: 'Cannot read properties of undefined (reading …)',
    });
    expect((out.at as string[])[0]).toMatch(/apps\/api\/test\/log\.test\.ts:\d+$/);
  });
});
