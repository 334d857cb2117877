/** Colour-blind-safe colours (Okabe–Ito for categories, ColorBrewer YlGnBu for ordered states and intensities). */
import { DEPLOYMENT_STATE_LABELS, DEPLOYMENT_STATES as STATES } from '@preau/core';
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

/** Darkest for the most advanced, in the order of core's `DEPLOYMENT_STATES`. */
const STATE_COLOURS = ['#253494', '#2c7fb8', '#41b6c4', '#a1dab4', '#ffffcc'] as const;

/** The Ministry's five deployment states, most advanced first (darkest), with their French and English names. */
export const DEPLOYMENT_STATES = STATES.map((state, i) => ({
  state,
  colour: STATE_COLOURS[i]!,
  ...DEPLOYMENT_STATE_LABELS[state],
}));
export const NO_DATA_COLOUR = '#d9d9d9';

export function stateInfo(state: string | null | undefined) {
  return DEPLOYMENT_STATES.find((s) => s.state === state);
}

/** Intensity 0…1 → colour, never quite white so empty cells stay visible against the page. */
export const intensity = (t: number) => interpolateYlGnBu(0.05 + 0.95 * Math.max(0, Math.min(1, t)));
