/**
 * The map of France the deployment view draws: départements (collèges) and académies (lycées, merged from their
 * départements at run time), from the committed asset built by scripts/build-geo.mjs (IGN — ADMIN EXPRESS).
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature, merge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

export const GEO_ATTRIBUTION = 'IGN — ADMIN EXPRESS';

export interface TerritoryProps {
  /** Ministry code: département `051`, académie `19`. */
  code: string;
  name: string;
  kind: 'departement' | 'academie';
  /** The académie the territory belongs to. */
  academie: string;
}
export type TerritoryFeature = Feature<Polygon | MultiPolygon, TerritoryProps>;

export interface FranceMap {
  departements: TerritoryFeature[];
  academies: TerritoryFeature[];
  departementName: Map<string, string>;
  academieName: Map<string, string>;
  /** Département code → académie code. */
  academieOf: Map<string, string>;
  /** The académies of Caen and Rouen as they were until 2020 (now Normandie, 70), for maps of earlier dates. */
  formerAcademies: TerritoryFeature[];
}

/** Académies merged since: code → name and départements. */
const FORMER_ACADEMIES = [
  { code: '05', name: 'Caen', replacedBy: '70', departements: ['014', '050', '061'] },
  { code: '21', name: 'Rouen', replacedBy: '70', departements: ['027', '076'] },
];
/** The code of the académie a former one was merged into. */
export const MERGED_INTO = new Map(FORMER_ACADEMIES.map((a) => [a.code, a.replacedBy]));

interface DepProps {
  nom: string;
  academie: string;
  academieNom: string;
}

export function defaultGeoUrl(): string {
  return new URL('./geo/france.topojson', import.meta.url).href;
}

let cached: Promise<FranceMap> | undefined;

/** Loads (once) and prepares the map. */
export function loadFrance(url = defaultGeoUrl()): Promise<FranceMap> {
  cached ??= fetch(url).then(async (res) => {
    if (!res.ok) throw new Error(`Le fond de carte n’a pas pu être chargé (${res.status}).`);
    return buildFrance((await res.json()) as Topology);
  });
  return cached;
}

export function buildFrance(topo: Topology): FranceMap {
  const object = topo.objects.departements as GeometryCollection<DepProps>;
  const departementName = new Map<string, string>();
  const academieName = new Map<string, string>();
  const academieOf = new Map<string, string>();
  const byAcademie = new Map<string, GeometryCollection<DepProps>['geometries']>();
  const departements: TerritoryFeature[] = object.geometries.map((g) => {
    const code = String(g.id);
    const p = g.properties as DepProps;
    departementName.set(code, p.nom);
    academieName.set(p.academie, p.academieNom);
    academieOf.set(code, p.academie);
    if (!byAcademie.has(p.academie)) byAcademie.set(p.academie, []);
    byAcademie.get(p.academie)!.push(g);
    const f = feature(topo, g) as unknown as Feature<Polygon | MultiPolygon>;
    return { ...f, id: code, properties: { code, name: p.nom, kind: 'departement', academie: p.academie } };
  });
  const academies: TerritoryFeature[] = [...byAcademie].map(([code, geometries]) => ({
    type: 'Feature',
    id: code,
    geometry: merge(topo, geometries as never) as MultiPolygon,
    properties: { code, name: academieName.get(code)!, kind: 'academie', academie: code },
  }));
  academies.sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'fr'));
  const formerAcademies: TerritoryFeature[] = FORMER_ACADEMIES.map((a) => ({
    type: 'Feature',
    id: a.code,
    geometry: merge(
      topo,
      object.geometries.filter((g) => a.departements.includes(String(g.id))) as never,
    ) as MultiPolygon,
    properties: { code: a.code, name: a.name, kind: 'academie', academie: a.code },
  }));
  departements.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  return { departements, academies, departementName, academieName, academieOf, formerAcademies };
}
