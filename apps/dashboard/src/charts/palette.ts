/** Colour-blind-safe colours (Okabe–Ito for categories, ColorBrewer YlGnBu for ordered states and intensities). */
import { interpolateYlGnBu } from 'd3';

export const CATEGORY_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#000000',
  '#F0E442',
];

/** The Ministry's five deployment states, most advanced first (darkest), with their French and English names. */
export const DEPLOYMENT_STATES = [
  {
    state: 'generalisation_50_plus',
    colour: '#253494',
    fr: 'Généralisation à 50 % ou plus',
    en: 'Rolled out to 50 % or more',
  },
  {
    state: 'generalisation_moins_50',
    colour: '#2c7fb8',
    fr: 'Généralisation à moins de 50 %',
    en: 'Rolled out to less than 50 %',
  },
  { state: 'experimentation', colour: '#41b6c4', fr: 'Expérimentation', en: 'Pilot' },
  { state: 'etude_prealable', colour: '#a1dab4', fr: 'Étude préalable', en: 'Preliminary study' },
  {
    state: 'reflexion',
    colour: '#ffffcc',
    fr: 'En réflexion ou pas de projet',
    en: 'Considering, or no project',
  },
] as const;
export const NO_DATA_COLOUR = '#d9d9d9';

export function stateInfo(state: string | null | undefined) {
  return DEPLOYMENT_STATES.find((s) => s.state === state);
}

/** Intensity 0…1 → colour, never quite white so empty cells stay visible against the page. */
export const intensity = (t: number) => interpolateYlGnBu(0.05 + 0.95 * Math.max(0, Math.min(1, t)));
