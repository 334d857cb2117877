// `npm test`: every check and every suite, in order, continuing after a failure so that one run shows
// everything that is wrong. Ends with one line "Tests: N passed, N failed".
// Every suite runs at today's real date; the suites that depend on the calendar run again at fixed dates.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';
import { ensureChdb } from './chdb.mjs';
import { findChromium, NO_CHROMIUM } from './chromium.mjs';
import { ensureInstall, ROOT } from './ensure-install.mjs';
import { startPostgres } from './postgres-server.mjs';

/**
 * The days the calendar-dependent suites also run at (`PREAU_TEST_CLOCK`; the servers they start get it as
 * `PREAU_CLOCK`). Chosen for what changes on them: the first day of classes (nothing marked yet), the Sunday after
 * a change of period (a period just begun, the weekend's quiet hours), the last day of a trimestre in the evening
 * (the quiet hours of a school day), the summer holidays (no period in course, no séance for weeks), 29 February.
 */
const FIXED_DATES = [
  { at: '2026-09-01T15:00:00Z', what: 'first day of the school year, 17:00' },
  { at: '2026-12-06T10:00:00Z', what: 'Sunday after trimestre 2 began on 1 December, 11:00' },
  { at: '2027-03-15T19:30:00Z', what: 'last day of trimestre 2, 20:30 (quiet hours)' },
  { at: '2027-07-20T08:00:00Z', what: 'summer holidays, 10:00' },
  { at: '2028-02-29T08:30:00Z', what: '29 February, back from the winter holidays, 09:30' },
];
/**
 * The suites that depend on the calendar: core rules, the dated demo data (marks, roll calls) read through the
 * services, and the pages that show dated data. (The base demo's suite, slow and hardly dated, runs on today only.)
 */
const CALENDAR_SUITES = {
  node: [
    'packages/core/src/calendar-today.test.ts',
    'apps/api/test/gradebook-seed.test.ts',
    'apps/api/test/attendance-seed.test.ts',
  ],
  pages: ['test/e2e/parent.test.ts', 'test/e2e/gradebook.test.ts', 'test/e2e/attendance.test.ts'],
};

ensureInstall();
const tmp = mkdtempSync(join(tmpdir(), 'preau-test-'));
const results = [];
let passed = 0;
let failed = 0;

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const s of [child.stdout, child.stderr]) {
      s.on('data', (d) => {
        out += d;
        process.stdout.write(d);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function step(name, fn) {
  console.log(`\n━━ ${name}`);
  const start = performance.now();
  let ok = false;
  try {
    ok = await fn();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
  }
  results.push({ name, ok, seconds: (performance.now() - start) / 1000 });
}

/** A check that is not a test suite counts as one test. */
async function check(name, cmd, args) {
  await step(name, async () => {
    const { code } = await run(cmd, args);
    code === 0 ? passed++ : failed++;
    return code === 0;
  });
}

async function vitest(name, projects, env = {}, files = []) {
  await step(name, async () => {
    const report = join(tmp, `${name.replace(/\W+/g, '-')}.json`);
    const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), ...files];
    const { code } = await run(
      'npx',
      [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
      env,
    );
    try {
      const r = JSON.parse(readFileSync(report, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0);
    } catch {
      failed++;
    }
    return code === 0;
  });
}

if (spawnSync('pdftotext', ['-v']).error) {
  console.log(
    '\n━━ Cahier de textes archive, text read back from the PDF: SKIPPED — no pdftotext (Debian: poppler-utils; .ci/run installs it).',
  );
}
await check('Types (tsc)', 'npx', ['tsc', '-p', 'tsconfig.json']);
await check('Lint and format (biome)', 'npx', ['biome', 'check', '.']);
// ClickHouse embedded for the ClickHouse event store's suites: installed once into .cache/chdb (~15 s, ~540 MB).
const chdb = ensureChdb();
if (!chdb) console.log('\n━━ chdb could not be installed: the ClickHouse event store suites are SKIPPED.');
const chdbEnv = chdb ? { PREAU_CHDB_DIR: chdb } : {};
await vitest('Node suites on PGlite (core, analytics, api)', ['unit', 'api'], chdbEnv);

const pg = await startPostgres().catch((err) => ({ skipped: `could not start it: ${err.message}` }));
if (pg.url) {
  await vitest('API suite on PostgreSQL', ['api'], { PREAU_TEST_DATABASE_URL: pg.url, ...chdbEnv });
  await pg.stop();
} else {
  console.log(
    `\n━━ API suite on PostgreSQL: SKIPPED — ${pg.skipped}. Install PostgreSQL (.ci/run does) to run it.`,
  );
  results.push({ name: 'API suite on PostgreSQL (skipped)', ok: true, seconds: 0 });
}

await step('Build (elements CDN bundle, dashboard)', async () => {
  buildIfStale({ force: true });
  passed++;
  return true;
});

const chromium = findChromium();
if (!chromium) {
  console.error(`\n${NO_CHROMIUM}`);
  failed++;
  results.push({ name: 'Browser suites (no Chromium)', ok: false, seconds: 0 });
} else {
  await step('Browser suites (web-test-runner, Chromium)', async () => {
    const { code, out } = await run('npx', ['web-test-runner'], { CHROME_PATH: chromium, CI: 'true' });
    const counts = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
    if (counts) {
      passed += Number(counts[1]);
      failed += Number(counts[2]);
    }
    if (code !== 0 && (!counts || counts[2] === '0')) failed++;
    return code === 0;
  });
  await vitest('End-to-end (real server, Chromium)', ['e2e'], { CHROME_PATH: chromium });
}
for (const { at, what } of FIXED_DATES) {
  const env = { PREAU_TEST_CLOCK: at };
  await vitest(`Calendar suites on ${at.slice(0, 10)} (${what})`, ['unit', 'api'], env, CALENDAR_SUITES.node);
  if (chromium) {
    await vitest(
      `Calendar pages on ${at.slice(0, 10)}`,
      ['e2e'],
      { ...env, CHROME_PATH: chromium },
      CALENDAR_SUITES.pages,
    );
  }
}
if (spawnSync('faketime', ['-f', '+0', 'true']).status === 0) {
  await vitest('One clock: the server under faketime in 2031', ['faketime']);
} else {
  console.log("\n━━ One clock under faketime: SKIPPED — install Debian's faketime to run it (.ci/run does).");
  results.push({ name: 'One clock under faketime (skipped: no faketime)', ok: true, seconds: 0 });
}
await check('Storybook static build', 'npm', ['run', 'build-storybook']);
await vitest('Element docs: Storybook pages in Chromium, generated reference and typings', ['docs'], {
  CHROME_PATH: chromium ?? '',
});

rmSync(tmp, { recursive: true, force: true });
console.log('\n━━ Summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}  (${r.seconds.toFixed(1)} s)`);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
