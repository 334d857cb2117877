// One clock: the time is read in `packages/core/src/clock.ts` only. Everything else receives a clock (the
// server's `deps.clock`, an element's `this.clock`, a suite's `suiteClock()`), so that a server, a suite or a demo
// runs at any date. This guard fails when a new wall-clock read appears anywhere else in the code or the tests.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const THE_CLOCK = 'packages/core/src/clock.ts';
const SELF = 'scripts/wall-clock.test.ts';
/**
 * Stand-ins for a real server, whose clock is the wall clock: the element tests against them assert the offset
 * between the browser's clock and the server's, never a date.
 */
const SERVER_STAND_INS = new Set(['packages/components/test-support/fake-api.mjs']);
/** Where code and tests live (`bench/` measures durations with the wall clock on purpose). */
const SCANNED = /^(apps|packages|scripts|test|examples|stories)\//;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/** Reads of the current time, in JavaScript and in SQL (a database's `now()` is a clock too). */
const READS: { what: string; pattern: RegExp }[] = [
  { what: 'new Date()', pattern: /\bnew\s+Date\(\s*\)/ },
  { what: 'Date.now()', pattern: /\bDate\.now\s*\(/ },
  { what: 'Date() as a function', pattern: /(?<![\w.$]|new\s)Date\(\s*\)/ },
  {
    what: 'SQL clock function',
    // `x.now()` is a method (performance.now, a clock object); `DEFAULT now()` in DDL is a column default.
    pattern:
      /(?<![.\w])(now\(\)|current_date\b|current_timestamp\b|localtimestamp\b|clock_timestamp\(\)|statement_timestamp\(\)|transaction_timestamp\(\))(?<!DEFAULT now\(\))(?!\s*[:{])/i,
  },
];

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter(
      (f) => SCANNED.test(f) && SOURCE.test(f) && f !== THE_CLOCK && f !== SELF && !SERVER_STAND_INS.has(f),
    )
    .filter((f) => !f.includes('/dist/') && !f.includes('/node_modules/'));
}

/** Every wall-clock read outside the clock module, as `file:line: code`. */
function wallClockReads(files = sourceFiles()): string[] {
  const found: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(ROOT, file), 'utf8');
    } catch {
      continue; // listed but deleted in the work tree
    }
    text.split('\n').forEach((line, i) => {
      const code = line.replace(/^\s*(\/\/|\*|\/\*).*$/, ''); // comments may speak of the clock
      for (const { what, pattern } of READS) {
        if (pattern.test(code)) found.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
      }
    });
  }
  return found;
}

describe('one clock', () => {
  it('reads the time in packages/core/src/clock.ts only', () => {
    expect(wallClockReads()).toEqual([]);
  });

  it('recognises the reads it guards against, and lets clocks and durations be', () => {
    const probe = (line: string) => READS.filter(({ pattern }) => pattern.test(line)).map(({ what }) => what);
    expect(probe('const t = new Date();')).toEqual(['new Date()']);
    expect(probe('const t = Date.now() + 5;')).toEqual(['Date.now()']);
    expect(probe('const s = Date();')).toEqual(['Date() as a function']);
    expect(probe('`UPDATE x SET at = now() WHERE id = $1`')).toEqual(['SQL clock function']);
    expect(probe('WHERE day < CURRENT_DATE')).toEqual(['SQL clock function']);
    for (const fine of [
      'const t = clock();',
      'const started = performance.now();',
      'const now = t.clock.now();',
      "const d = new Date('2026-11-19T08:30:00Z');",
      'new Date(Date.UTC(2026, 0, 1))',
      'created_at timestamptz NOT NULL DEFAULT now(),',
    ]) {
      expect(probe(fine), fine).toEqual([]);
    }
  });
});
