import { readFileSync } from 'node:fs';
import type { Academie, Departement, EtablissementKind, EtablissementSector } from '@preau/core';
import Papa from 'papaparse';

/**
 * The reference data shipped in `./reference/` (Ministry open data, see its README): académies, départements and
 * every open collège and lycée of France.
 */
export interface ReferenceEtablissement {
  uai: string;
  kind: EtablissementKind;
  sector: EtablissementSector;
  /** Lycées: LEGT, LPO or LP; empty for collèges. */
  type: string;
  departementCode: string;
  commune: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  studentCount: number | null;
}

export interface ReferenceData {
  academies: Academie[];
  departements: Departement[];
  etablissements: ReferenceEtablissement[];
}

const DIR = new URL('./reference/', import.meta.url);

function readCsv(name: string): Record<string, string>[] {
  const text = readFileSync(new URL(name, DIR), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter: ';',
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) throw new Error(`reference/${name}: ${parsed.errors[0]!.message}`);
  return parsed.data;
}

const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));

let cached: ReferenceData | undefined;

/** Reads the reference files once per process. */
export function loadReferenceData(): ReferenceData {
  if (cached) return cached;
  const depRows = readCsv('departements.csv');
  const academies = new Map<string, Academie>();
  const departements: Departement[] = depRows.map((r) => {
    academies.set(r.academie_code!, { code: r.academie_code!, name: r.academie_name! });
    return {
      code: r.code!,
      name: r.name!,
      academieCode: r.academie_code!,
      regionCode: r.region_code!,
      regionName: r.region_name!,
    };
  });
  const etablissements = readCsv('etablissements.csv').map(
    (r): ReferenceEtablissement => ({
      uai: r.uai!,
      kind: r.kind as EtablissementKind,
      sector: r.sector as EtablissementSector,
      type: r.type ?? '',
      departementCode: r.departement!,
      commune: r.commune!,
      name: r.name!,
      latitude: num(r.latitude),
      longitude: num(r.longitude),
      studentCount: num(r.students),
    }),
  );
  cached = {
    academies: [...academies.values()].sort((a, b) => a.code.localeCompare(b.code)),
    departements,
    etablissements,
  };
  return cached;
}
