import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newest } from './build-if-stale.mjs';

describe('newest (what npm start compares to decide a rebuild)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preau-newest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = (path: string, seconds: number) => {
    writeFileSync(path, 'x');
    utimesSync(path, seconds, seconds);
  };
  mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'src', 'dist'));
  mkdirSync(join(dir, 'src', 'node_modules'));
  at(join(dir, 'build.mjs'), 1000);
  at(join(dir, 'src', 'a.ts'), 2000);
  at(join(dir, 'src', 'deep', 'b.ts'), 3000);
  at(join(dir, 'src', 'dist', 'out.js'), 9000);
  at(join(dir, 'src', 'node_modules', 'dep.js'), 9000);

  it('reads a single file', () => {
    expect(newest(join(dir, 'build.mjs'))).toBe(1_000_000);
  });
  it('finds the latest file of a folder, nested, leaving outputs and dependencies out', () => {
    expect(newest(join(dir, 'src'))).toBe(3_000_000);
  });
  it('gives 0 for what does not exist', () => {
    expect(newest(join(dir, 'absent'))).toBe(0);
  });
});
