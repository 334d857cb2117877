/**
 * Demo data loading on PGlite (in memory): the `school` scale that `npm start` loads, as a whole and per phase, and
 * the bulk insert it uses (`insertRows`: one JSON document per 20,000 rows) against a plain many-valued INSERT
 * (one parameter per value) on the same rows, in the same run. `SEED_BENCH_ACADEMIE=1` adds the `academie` scale (minutes).
 * Writes bench/results/seed.json and .md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Db, insertRows, migrate, openPglite } from '../apps/api/src/db/index.js';
import { generateDemo, type SeedScale, type SeedSummary, seedDemo } from '../apps/api/src/seed/index.js';
import { median } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'bench', 'results');
const TODAY = '2026-11-22';
const RUNS = 3;
const fastHash = async (s: string) => `bench$${s}`;

async function seedOnce(scale: SeedScale) {
  const db = await openPglite();
  await migrate(db);
  const summary = await seedDemo(db, { scale, today: TODAY, hashSecret: fastHash });
  await db.close();
  return summary;
}

// Whole seeding (scrypt replaced by a fast stand-in: the two real hashes cost ~0.1 s and overlap generation).
const school: SeedSummary[] = [];
for (let i = 0; i < RUNS; i++) school.push(await seedOnce('school'));
const schoolTimes = {
  total: median(school.map((s) => s.timings.total)),
  generate: median(school.map((s) => s.timings.generate)),
  insert: median(school.map((s) => s.timings.insert)),
  modules: median(school.map((s) => s.timings.modules)),
};

// The séances of the demo collège: JSON document vs many-valued INSERT, same rows, same table.
const generated = generateDemo({ scale: 'school', today: TODAY });
const seances = generated.schools[0]!.seances.map((s) => [
  s.id,
  s.classId,
  s.subjectId,
  s.teacherId,
  s.startsAt,
  s.endsAt,
  s.room,
]);
const columns = ['id', 'class_id', 'subject_id', 'teacher_id', 'starts_at', 'ends_at', 'room'];
const ddl = `CREATE TABLE bench_seances (id text PRIMARY KEY, class_id text NOT NULL, subject_id text NOT NULL,
  teacher_id text NOT NULL, starts_at timestamptz NOT NULL, ends_at timestamptz NOT NULL, room text)`;
/** The baseline: INSERT … VALUES ($1,$2…),(…) with as many parameters as PostgreSQL's protocol allows. */
async function insertValues(db: Db, table: string, cols: string[], rows: readonly (readonly unknown[])[]) {
  const chunk = Math.floor(30_000 / cols.length);
  for (let start = 0; start < rows.length; start += chunk) {
    const params: unknown[] = [];
    const tuples = rows.slice(start, start + chunk).map(
      (row) =>
        `(${row
          .map((v) => {
            params.push(v);
            return `$${params.length}`;
          })
          .join(',')})`,
    );
    await db.query(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${tuples.join(',')}`, params);
  }
}

const timeInsert = async (how: 'json' | 'values') => {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const db = await openPglite();
    await db.exec(ddl);
    const t = performance.now();
    if (how === 'json') await insertRows(db, 'bench_seances', columns, seances);
    else await insertValues(db, 'bench_seances', columns, seances);
    times.push(performance.now() - t);
    await db.close();
  }
  return median(times);
};
const values = await timeInsert('values');
const json = await timeInsert('json');

const academie = process.env.SEED_BENCH_ACADEMIE ? await seedOnce('academie') : undefined;

const out = {
  engine: 'pglite (in memory)',
  today: TODAY,
  school: { counts: school[0]!.counts, ms: schoolTimes },
  seancesInsert: {
    rows: seances.length,
    valuesMs: Math.round(values),
    jsonMs: Math.round(json),
    ratio: json / values,
  },
  academie: academie && { counts: academie.counts, ms: academie.timings },
};
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'seed.json'), `${JSON.stringify(out, null, 2)}\n`);
const c = school[0]!.counts;
let md = `## Demo data on PGlite (scale school: ${c.users} users, ${c.seances} séances, ${c.etablissements} établissements)

| measure | time | baseline | ratio | aim |
|---|---|---|---|---|
| seed, scale school (median of ${RUNS}) | ${schoolTimes.total} ms | — | — | a few seconds |
| … generate in memory | ${schoolTimes.generate} ms | | | |
| … insert | ${schoolTimes.insert} ms | | | |
| … area modules | ${schoolTimes.modules} ms | | | |
${Object.keys(school[0]!.timings.byModule)
  .map((name) => `| … … ${name} | ${median(school.map((s) => s.timings.byModule[name] ?? 0))} ms | | | |`)
  .join('\n')}
| insert ${seances.length} séances: JSON document vs many-valued INSERT (median of ${RUNS}) | ${Math.round(json)} ms | ${Math.round(values)} ms | ${(json / values).toFixed(2)}× | < 1× |
`;
if (academie) {
  md += `| seed, scale academie (${academie.counts.users} users, ${academie.counts.seances} séances) | ${academie.timings.total} ms | — | — | |\n`;
}
writeFileSync(join(results, 'seed.md'), md);
console.log(md);
