/**
 * The security probes as figures: what an attacker holding ordinary accounts tried, and how often it worked.
 * Runs the probe tests (apps/api/test/security/ and the access matrix, which reads raw JSON for private fields)
 * with PREAU_PROBE_REPORT set, and sets each finding's count beside the one the same probes measured before the
 * defences (commit 75fb523, recorded below). Not a timing: the "baseline" is the code before. Writes
 * bench/results/security-probes.json and .md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS, ROOT } from './support.js';

/** [finding, tried, failed] measured by these probes on the code before the defences (75fb523). */
const BEFORE: [string, number, number][] = [
  ['404 révélant l’existence (toutes routes × profils)', 301, 58],
  ['Identifiants séquentiels ou parlants', 366, 360],
  ['Mesure d’audience falsifiée (lot de 10 000 événements)', 10000, 10000],
  ['Événements d’un compte sans mot de passe choisi ou antérieurs au compte', 2, 2],
  ['Volume d’événements par session (8 000 en une minute)', 8000, 5000],
  ['Entrées invalides (doublons, DELETE avec corps, dates impossibles) : réponses hors 400', 17, 6],
  ['Journal du serveur : lignes contenant des données personnelles', 72, 2],
  ['Commentaires des familles lus par les enseignants', 5, 1],
  ['Évaluation non publiée (note, compétence) vue par l’élève et sa famille', 5, 2],
  ['Dépôts de fichiers par personne (30 en quelques secondes)', 30, 10],
  ['Quotas de fichiers (octets par personne, fichiers et octets par établissement)', 3, 3],
  ['Mots de passe faibles acceptés', 14, 12],
  // Not re-measured: the code before refused an identifier everywhere after 5 failures from any address.
  ['Compte bloqué par un tiers (90 échecs, puis connexion du propriétaire)', 2, 2],
];

const dir = mkdtempSync(join(tmpdir(), 'preau-probes-'));
const report = join(dir, 'probes.jsonl');
writeFileSync(report, '');
const run = spawnSync(
  join(ROOT, 'node_modules', '.bin', 'vitest'),
  ['run', '--project', 'api', 'apps/api/test/security/', 'apps/api/test/access-matrix.test.ts'],
  { cwd: ROOT, env: { ...process.env, PREAU_PROBE_REPORT: report }, stdio: ['ignore', 'inherit', 'inherit'] },
);
const after = new Map<string, { tried: number; failed: number; examples?: string[] }>();
for (const line of readFileSync(report, 'utf8').split('\n').filter(Boolean)) {
  const f = JSON.parse(line) as { finding: string; tried: number; failed: number; examples?: string[] };
  after.set(f.finding, f);
}
rmSync(dir, { recursive: true, force: true });

const rows = BEFORE.map(([finding, triedBefore, failedBefore]) => {
  const now = after.get(finding);
  return { finding, before: { tried: triedBefore, failed: failedBefore }, after: now ?? null };
});
const total = (side: 'before' | 'after') =>
  rows.reduce(
    (sum, r) => ({ tried: sum.tried + (r[side]?.tried ?? 0), failed: sum.failed + (r[side]?.failed ?? 0) }),
    { tried: 0, failed: 0 },
  );
const fr = (n: number) => n.toLocaleString('fr-FR');
mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, 'security-probes.json'),
  `${JSON.stringify({ benchmark: 'security-probes', date: new Date().toISOString(), rows }, null, 2)}\n`,
);
const md = `## Security probes (an attacker with ordinary accounts; PGlite)

| finding | tried before | worked before | tried now | worked now |
|---|---:|---:|---:|---:|
${rows
  .map(
    (r) =>
      `| ${r.finding} | ${fr(r.before.tried)} | ${fr(r.before.failed)} | ${r.after ? fr(r.after.tried) : '—'} | ${r.after ? fr(r.after.failed) : 'not run'} |`,
  )
  .join('\n')}
| **all** | ${fr(total('before').tried)} | ${fr(total('before').failed)} | ${fr(total('after').tried)} | ${fr(total('after').failed)} |

"Worked" counts what the attacker got: a 404 body that differs, a revealing id, a forged event kept (the DNMA
visits it added), a bad input answered otherwise than a 400 naming it, a log line with personal data, a private
field in a raw answer, an upload past the quota, a weak password accepted.
`;
writeFileSync(join(RESULTS, 'security-probes.md'), md);
console.log(md);
if (run.status !== 0) process.exitCode = 1;
