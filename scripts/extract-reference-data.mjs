#!/usr/bin/env node
// Extracts the reference data Préau ships (académies, départements, every collège and lycée of France) from the
// Ministry's open-data files into compact CSV files under apps/api/src/seed/reference/.
//
//   node scripts/extract-reference-data.mjs [path/to/shared/data]     (default: ../shared/data)
//
// Output is sorted and rounded so that re-running it on the same input gives the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data'));
const outDir = join(root, 'apps', 'api', 'src', 'seed', 'reference');
const src = (name) => join(dataDir, 'etablissements', name);

function readCsv(path, delimiter) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    console.error(`Cannot read ${path}: pass the folder holding etablissements/ as the first argument.`);
    process.exit(1);
  }
  const parsed = Papa.parse(text.replace(/^\uFEFF/, ''), { header: true, delimiter, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    throw new Error(`${path}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  }
  return parsed.data;
}

const CHECK = 'ABCDEFGHJKLMNPRSTUVWXYZ';
function checkUai(uai, file) {
  if (!/^[0-9]{7}[A-Z]$/.test(uai) || CHECK[Number(uai.slice(0, 7)) % 23] !== uai[7]) {
    throw new Error(`${file}: invalid UAI ${uai}`);
  }
}

/** Our CSV: `;`-separated, a field quoted only when it holds `;`, `"` or a line break. */
function toCsv(header, rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[;"\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${[header, ...rows].map((r) => r.map(cell).join(';')).join('\n')}\n`;
}

const round5 = (x) =>
  x === '' || x === undefined || x === null ? '' : String(Math.round(Number(x) * 1e5) / 1e5);
const intOrEmpty = (x) => (x === '' || x === undefined || x === null ? '' : String(Math.round(Number(x))));

// Words kept in lower case inside a title-cased name.
const SMALL = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'et',
  'en',
  'sur',
  'sous',
  'aux',
  'au',
  'a',
  'd',
  'l',
]);
// The source is upper case without accents: these common words get theirs back, in lower case.
const COMMON = new Map(
  Object.entries({
    lycee: 'lycée',
    general: 'général',
    generale: 'générale',
    professionnel: 'professionnel',
    polyvalent: 'polyvalent',
    technologique: 'technologique',
    agricole: 'agricole',
    prive: 'privé',
    privee: 'privée',
    metiers: 'métiers',
    energie: 'énergie',
    hotellerie: 'hôtellerie',
    batiment: 'bâtiment',
    electricite: 'électricité',
    electrotechnique: 'électrotechnique',
    industriel: 'industriel',
    industrielles: 'industrielles',
    restauration: 'restauration',
    commerce: 'commerce',
    regional: 'régional',
    enseignement: 'enseignement',
    europeen: 'européen',
    international: 'international',
  }),
);
/** "LYCEE POLYVALENT SAINT EXUPERY LYCEE DES METIERS DE L ENERGIE" → "Lycée polyvalent Saint Exupery lycée des
 * métiers de l'énergie": common words get their accents back; proper names keep the source's spelling. */
function titleCase(upper) {
  const words = upper.toLowerCase().split(/\s+/);
  const out = words.map((w, i) => {
    if (COMMON.has(w)) return COMMON.get(w);
    if (i > 0 && SMALL.has(w)) return w;
    return w.replace(/(^|-)([a-z])/g, (_, sep, c) => sep + c.toUpperCase());
  });
  const text = out.join(' ').replace(/\b([ld]) (?=\S)/gi, "$1'");
  return text[0].toUpperCase() + text.slice(1);
}

// Départements and académies.
const depRows = readCsv(src('departement-academie.csv'), ';');
const departements = depRows
  .map((r) => [
    r.code_departement,
    r.libelle_departement,
    r.code_academie,
    r.libelle_academie,
    r.code_region,
    r.libelle_region,
  ])
  .sort((a, b) => a[0].localeCompare(b[0]));
const depCodes = new Set(departements.map((d) => d[0]));

// Collèges with their student counts.
const counts = new Map();
for (const r of readCsv(src('colleges-effectifs-france.csv'), ',')) {
  counts.set(r.numero_college, r.nombre_eleves_total);
}
const colleges = readCsv(src('colleges-france.csv'), ';').filter(
  (r) => r.etat_etablissement_libe === 'OUVERT',
);
const etablissements = [];
const communeCoords = new Map(); // code commune → [lat, lon][] (collèges), to place lycées approximately
const communeNames = new Map();
for (const r of colleges) {
  checkUai(r.numero_uai, 'colleges-france.csv');
  if (!depCodes.has(r.code_departement)) throw new Error(`unknown département ${r.code_departement}`);
  etablissements.push([
    r.numero_uai,
    'college',
    r.secteur_public_prive_libe === 'Public' ? 'public' : 'prive',
    '',
    r.code_departement,
    r.libelle_commune,
    // A collège just opened may have no name yet: call it after its commune.
    r.appellation_officielle ||
      `Collège ${/^[AEIOUYÉÈÂ]/i.test(r.libelle_commune) ? "d'" : 'de '}${r.libelle_commune}`,
    round5(r.latitude),
    round5(r.longitude),
    intOrEmpty(counts.get(r.numero_uai)),
  ]);
  if (r.latitude && r.longitude) {
    const list = communeCoords.get(r.code_commune) ?? [];
    list.push([Number(r.latitude), Number(r.longitude)]);
    communeCoords.set(r.code_commune, list);
  }
  communeNames.set(r.code_commune, r.libelle_commune);
}

// Lycées: the source repeats some rows identically; keep each UAI once. It gives no coordinates, so a lycée is
// placed at the mean position of the collèges of its commune when there is one (approximate: commune level).
const seen = new Set();
for (const r of readCsv(src('lycees-france.csv'), ';')) {
  if (seen.has(r.uai)) continue;
  seen.add(r.uai);
  checkUai(r.uai, 'lycees-france.csv');
  if (!depCodes.has(r.code_du_departement)) throw new Error(`unknown département ${r.code_du_departement}`);
  const coords = communeCoords.get(r.code_insee_de_la_commune);
  const mean = (i) => (coords ? coords.reduce((s, c) => s + c[i], 0) / coords.length : '');
  etablissements.push([
    r.uai,
    'lycee',
    r.secteur === 'public' ? 'public' : 'prive',
    r.type_de_lycee,
    r.code_du_departement,
    communeNames.get(r.code_insee_de_la_commune) ?? titleCase(r.nom_de_la_commune),
    titleCase(r.nom_de_l_etablissment),
    round5(mean(0)),
    round5(mean(1)),
    intOrEmpty(r.effectifs_ensemble_gt_pro),
  ]);
}
etablissements.sort((a, b) => a[0].localeCompare(b[0]));
for (let i = 1; i < etablissements.length; i++) {
  if (etablissements[i][0] === etablissements[i - 1][0])
    throw new Error(`UAI twice: ${etablissements[i][0]}`);
}

writeFileSync(
  join(outDir, 'departements.csv'),
  toCsv(['code', 'name', 'academie_code', 'academie_name', 'region_code', 'region_name'], departements),
);
writeFileSync(
  join(outDir, 'etablissements.csv'),
  toCsv(
    ['uai', 'kind', 'sector', 'type', 'departement', 'commune', 'name', 'latitude', 'longitude', 'students'],
    etablissements,
  ),
);
const byKind = (k) => etablissements.filter((e) => e[1] === k).length;
console.log(
  `${departements.length} départements, ${new Set(departements.map((d) => d[2])).size} académies, ` +
    `${byKind('college')} collèges, ${byKind('lycee')} lycées → ${outDir}`,
);
