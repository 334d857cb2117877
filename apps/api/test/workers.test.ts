import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { workersOption, workersRefusal } from '../src/workers.js';

describe('npm start -- --workers N', () => {
  it('reads N from 1 to 64, in either spelling, and names a wrong value in French', () => {
    expect(workersOption([])).toBe(1);
    expect(workersOption(['--workers', '4'])).toBe(4);
    expect(workersOption(['--dev', '--workers=2'])).toBe(2);
    for (const bad of [
      ['--workers'],
      ['--workers', '0'],
      ['--workers=1.5'],
      ['--workers', '65'],
      ['--workers=x'],
    ])
      expect(() => workersOption(bad)).toThrow(/--workers attend un nombre entier de 1 à 64/);
  });

  it('refuses several processes on the embedded database, which belongs to one', () => {
    expect(workersRefusal(loadConfig({}))).toMatch(/PostgreSQL \(DATABASE_URL\)/);
    expect(workersRefusal(loadConfig({ DATABASE_URL: 'postgres://app@127.0.0.1/preau' }))).toBeNull();
  });
});
