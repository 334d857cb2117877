// `npm run seed -- --scale school|academie [--seed N] [--today YYYY-MM-DD] [--reset]`
// Loads the demo data into the configured database (PGlite under ./data, or DATABASE_URL).
import { parseArgs } from 'node:util';
import { fixedClock, isIsoDate, parisToday, systemClock } from '@preau/core';
import { loadConfig } from '../config.js';
import { migrate, openDb } from '../db/index.js';
import {
  DEFAULT_SEED,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  eraseAllData,
  SEED_SCALES,
  SeedRefusedError,
  type SeedScale,
  seedDemo,
} from './index.js';

const USAGE = 'usage: npm run seed -- --scale school|academie [--seed N] [--today YYYY-MM-DD] [--reset]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      scale: { type: 'string', default: 'school' },
      seed: { type: 'string' },
      today: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
}
try {
  args = parse();
} catch (err) {
  fail((err as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!SEED_SCALES.includes(args.scale as SeedScale)) fail(`--scale must be one of ${SEED_SCALES.join(', ')}`);
const seed = args.seed === undefined ? DEFAULT_SEED : Number(args.seed);
if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, got "${args.seed}"`);
const config = loadConfig();
// The school year is the one today falls in (before 1 September: the previous one). Today is the server's:
// PREAU_CLOCK when set, else the real date.
const today = args.today ?? parisToday(config.clockStart ? fixedClock(config.clockStart) : systemClock);
if (!isIsoDate(today)) fail(`--today must be a real date, YYYY-MM-DD`);

const db = await openDb(config);
try {
  await migrate(db);
  if (args.reset) {
    await eraseAllData(db);
    console.log('Existing data erased (--reset).');
  }
  const summary = await seedDemo(db, {
    scale: args.scale as SeedScale,
    seed,
    today,
    dataDir: config.dataDir,
  });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  console.log(
    `Demo data, scale ${summary.scale}, seed ${summary.seed}, school year ${summary.schoolYear}-${summary.schoolYear + 1}, into ${where}:`,
  );
  for (const [table, n] of Object.entries(summary.counts)) {
    if (n > 0) console.log(`  ${table.padEnd(28)} ${String(n).padStart(9)}`);
  }
  const t = summary.timings;
  const perModule = Object.entries(t.byModule)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ');
  console.log(
    `Time: ${t.total} ms (generate ${t.generate}, insert ${t.insert}, area modules ${t.modules}${perModule ? `: ${perModule}` : ''}).`,
  );
  console.log(`Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => a.login).join(', ')}`);
} catch (err) {
  if (err instanceof SeedRefusedError) {
    console.error(err.message);
    process.exitCode = 1;
  } else {
    throw err;
  }
} finally {
  await db.close();
}
