// Builds the dashboard's map asset from the full-resolution IGN ADMIN EXPRESS boundaries kept beside the repository
// (../shared/data/geo/departements.geojson, 3.7 MB): simplified TopoJSON of the 101 départements, each tagged with
// its académie so that académie outlines can be merged at run time (topojson-client `merge`).
// The output (src/geo/france.topojson) is committed: a fresh clone builds without ../shared.
// Usage: node apps/dashboard/scripts/build-geo.mjs [path/to/departements.geojson] [path/to/departement-academie.csv]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { filter, filterWeight, presimplify, quantile, simplify } from 'topojson-simplify';

/** Share of points kept. */
const KEEP = 0.05;
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const geoPath = process.argv[2] ?? resolve(repo, '../shared/data/geo/departements.geojson');
const mappingPath =
  process.argv[3] ??
  [
    resolve(repo, 'apps/api/src/seed/reference/departements.csv'),
    resolve(repo, '../shared/data/etablissements/departement-academie.csv'),
  ].find((p) => {
    try {
      readFileSync(p);
      return true;
    } catch {
      return false;
    }
  });
if (!mappingPath)
  throw new Error('départements → académies introuvables (apps/api/src/seed/reference ou ../shared)');

/** INSEE département code as drawn on maps: "02", "51", "2A", "971" (the Ministry's files write "002", "02A"). */
const inseeCode = (code) => (code.length === 3 && code.startsWith('0') ? code.slice(1) : code);

const academieOf = new Map();
const lines = readFileSync(mappingPath, 'utf8')
  .replace(/^\uFEFF/, '')
  .trim()
  .split(/\r?\n/);
const header = lines[0].split(';');
// Both layouts are read: the seed's reference file (code, academie_code…) and the Ministry's (code_departement…).
const col = (...names) => header.findIndex((h) => names.includes(h));
for (const line of lines.slice(1)) {
  const cells = line.split(';');
  academieOf.set(inseeCode(cells[col('code', 'code_departement')]), {
    departement: cells[col('code', 'code_departement')],
    academie: cells[col('academie_code', 'code_academie')],
    academieNom: cells[col('academie_name', 'libelle_academie')],
  });
}

const geo = JSON.parse(readFileSync(geoPath, 'utf8'));
for (const feature of geo.features) {
  const code = feature.properties.code;
  const aca = academieOf.get(code);
  if (!aca) throw new Error(`département ${code} absent de ${mappingPath}`);
  // Identified by the Ministry's three-character code, as in the analytics datasets ("051", "02A", "971").
  feature.id = aca.departement;
  feature.properties = { nom: feature.properties.nom, academie: aca.academie, academieNom: aca.academieNom };
}

// Keep the most significant points (Visvalingam weights), drop the weights, then quantize on a 10^5 grid with
// delta encoding: outlines stay recognisable at 1,000 px wide and the asset stays small.
let topo = presimplify(topology({ departements: geo }));
topo = simplify(topo, quantile(topo, KEEP));
topo = filter(topo, filterWeight(topo, 0));
topo.arcs = topo.arcs.map((arc) => arc.map(([x, y]) => [x, y]));
topo = quantize(topo, 1e5);
const out = resolve(here, '../src/geo/france.topojson');
writeFileSync(out, JSON.stringify(topo));
console.log(
  `${out}: ${(JSON.stringify(topo).length / 1024).toFixed(0)} KiB, ${geo.features.length} départements`,
);
