/**
 * Sign-in cost and its uniformity: POST /api/v1/auth/login in process (app.request, no network) with the right
 * password, a wrong password, and an unknown identifier, interleaved. The ratios to the right-password case
 * show that a caller cannot tell an unknown identifier from a wrong password by timing (both ≈ 1), and the
 * absolute median gives the scrypt cost a sign-in pays. PGlite in memory. Writes bench/results/api-sign-in.json
 * and .md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../apps/api/src/app.js';
import { hashPassword } from '../apps/api/src/auth/password.js';
import type { Config } from '../apps/api/src/config.js';
import { insertRows, migrate, openPglite } from '../apps/api/src/db/index.js';
import { LocalDiskStore } from '../apps/api/src/files/store.js';
import { median } from './support.js';

const ROUNDS = Number(process.env.SIGN_IN_BENCH_ROUNDS ?? 40);
const PASSWORD = 'Banc-d-essai-2026';
const ORIGIN = 'http://127.0.0.1:8802';
const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'bench', 'results');

const db = await openPglite();
await migrate(db);
await db.query("INSERT INTO academies VALUES ('19', 'Reims')");
await db.query("INSERT INTO departements VALUES ('051', 'Marne', '19', '44', 'Grand Est')");
await db.query(
  "INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code) VALUES ('0511327R', 'Collège Terres Rouges', 'college', 'public', 'Épernay', '051')",
);
const hash = await hashPassword(PASSWORD);
// One account per attempt: the throttle (5 failures per identifier) must not interfere.
const logins = Array.from({ length: ROUNDS * 2 }, (_, i) => `banc.${i}`);
await insertRows(
  db,
  'users',
  ['id', 'login', 'first_name', 'last_name', 'profile', 'uai', 'password_hash', 'must_change_password'],
  logins.map((login, i) => [`u${i}`, login, 'Banc', `Essai${i}`, 'teacher', '0511327R', hash, false]),
);

const dataDir = mkdtempSync(join(tmpdir(), 'preau-bench-sign-in-'));
const config: Config = {
  port: 8802,
  host: '127.0.0.1',
  dataDir,
  allowedOrigins: [],
  publicOrigin: ORIGIN,
  sessionTtlSeconds: 3600,
  maxUploadBytes: 1024 * 1024,
  secureCookies: false,
};
const app = createApp({ db, config, files: new LocalDiskStore(join(dataDir, 'files')) });

let address = 0;
async function attempt(login: string, password: string, expected: number): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await app.request(
    '/api/v1/auth/login',
    {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password }),
    },
    // A new address each time: the per-address throttle (20 failures) must not interfere either.
    { incoming: { socket: { remoteAddress: `10.9.${address >> 8}.${address++ & 255}` } } },
  );
  await res.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== expected) throw new Error(`${login}: expected ${expected}, got ${res.status}`);
  return ms;
}

const times = { right: [] as number[], wrong: [] as number[], unknown: [] as number[] };
await attempt(logins[0]!, PASSWORD, 200); // warm-up
for (let i = 0; i < ROUNDS; i++) {
  times.right.push(await attempt(logins[2 * i]!, PASSWORD, 200));
  times.wrong.push(await attempt(logins[2 * i + 1]!, 'pas-le-bon', 401));
  times.unknown.push(await attempt(`inconnu.${i}`, 'pas-le-bon', 401));
}

const base = median(times.right);
const rows = (['right', 'wrong', 'unknown'] as const).map((k) => ({
  case: k,
  medianMs: Number(median(times[k]).toFixed(1)),
  ratioToRight: Number((median(times[k]) / base).toFixed(2)),
}));
const labels = { right: 'right password', wrong: 'wrong password', unknown: 'unknown identifier' };
mkdirSync(results, { recursive: true });
writeFileSync(
  join(results, 'api-sign-in.json'),
  `${JSON.stringify({ rounds: ROUNDS, engine: 'pglite', rows }, null, 2)}\n`,
);
writeFileSync(
  join(results, 'api-sign-in.md'),
  [
    `## Sign-in (POST /api/v1/auth/login, in process, ${ROUNDS} attempts each, PGlite)`,
    '',
    '| case | median ms | ratio to right password |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${labels[r.case]} | ${r.medianMs} | ${r.ratioToRight} |`),
    '',
  ].join('\n'),
);
console.table(rows);
await db.close();
rmSync(dataDir, { recursive: true, force: true });
