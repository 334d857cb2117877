/**
 * The one set of filters shared by every view, and its round trip through the page URL (so that a view can be
 * shared by copying the address). Parameter names are French, as users see them in the address bar.
 */
import { USAGE_PROFILES, USAGE_SERVICES, type UsageProfile, type UsageService } from '@preau/core';

export const VIEWS = ['deploiement', 'equipement', 'usages', 'evaluation'] as const;
export type View = (typeof VIEWS)[number];

export type Level = 'college' | 'lycee';

export interface Filters {
  view: View;
  /** `academie:19`, `departement:051`, `uai:0511085C`, or null for everything the analyst may see. */
  territory: string | null;
  /** Inclusive ISO dates. */
  from: string | null;
  to: string | null;
  profile: UsageProfile | null;
  service: UsageService | null;
  /** Deployment map: which map (collèges by département, lycées by académie) and at which date. */
  level: Level;
  asOf: string | null;
  /** Evaluation: the pilot établissements (UAIs) and the date the pilot began. */
  pilot: string[];
  pilotStart: string | null;
}

export const DEFAULT_FILTERS: Filters = {
  view: 'deploiement',
  territory: null,
  from: null,
  to: null,
  profile: null,
  service: null,
  level: 'college',
  asOf: null,
  pilot: [],
  pilotStart: null,
};

const PARAMS = {
  view: 'vue',
  territory: 'territoire',
  from: 'du',
  to: 'au',
  profile: 'profil',
  service: 'service',
  level: 'niveau',
  asOf: 'etat_au',
  pilot: 'pilote',
  pilotStart: 'debut_pilote',
} as const satisfies Record<keyof Filters, string>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TERRITORY = /^(academie:[0-9A-Z]{2}|departement:[0-9]{2}[0-9AB]|uai:[0-9]{7}[A-Z])$/;
const UAI = /^[0-9]{7}[A-Z]$/;

function validDate(value: string | null): string | null {
  if (!value || !ISO_DATE.test(value)) return null;
  return Number.isNaN(Date.parse(value)) ? null : value;
}

/** Reads filters from a query string; anything malformed is ignored (the default applies). */
export function filtersFromSearch(search: string): Filters {
  const p = new URLSearchParams(search);
  const view = p.get(PARAMS.view);
  const territory = p.get(PARAMS.territory);
  const profile = p.get(PARAMS.profile);
  const service = p.get(PARAMS.service);
  const level = p.get(PARAMS.level);
  const pilot = (p.get(PARAMS.pilot) ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => UAI.test(s));
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as View) : DEFAULT_FILTERS.view,
    territory: territory && TERRITORY.test(territory) ? territory : null,
    from: validDate(p.get(PARAMS.from)),
    to: validDate(p.get(PARAMS.to)),
    profile: (USAGE_PROFILES as readonly string[]).includes(profile ?? '') ? (profile as UsageProfile) : null,
    service: (USAGE_SERVICES as readonly string[]).includes(service ?? '') ? (service as UsageService) : null,
    level: level === 'lycee' ? 'lycee' : 'college',
    asOf: validDate(p.get(PARAMS.asOf)),
    pilot: [...new Set(pilot)],
    pilotStart: validDate(p.get(PARAMS.pilotStart)),
  };
}

/** Writes filters as a query string, leaving defaults out so shared addresses stay short. */
export function filtersToSearch(filters: Filters): string {
  const p = new URLSearchParams();
  for (const key of Object.keys(PARAMS) as (keyof Filters)[]) {
    const value = filters[key];
    if (key === 'pilot') {
      if (filters.pilot.length) p.set(PARAMS.pilot, filters.pilot.join(','));
    } else if (value !== null && value !== DEFAULT_FILTERS[key]) {
      p.set(PARAMS[key], String(value));
    }
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The `territory` query parameter of an analytics endpoint, e.g. `academie:19`. */
export function parseTerritory(
  territory: string | null,
): { kind: 'academie' | 'departement' | 'uai'; code: string } | null {
  if (!territory) return null;
  const [kind, code] = territory.split(':') as ['academie' | 'departement' | 'uai', string];
  return { kind, code };
}
