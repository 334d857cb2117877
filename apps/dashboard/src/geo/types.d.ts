declare module 'd3-composite-projections/src/conicConformalFrance.js' {
  import type { GeoProjection } from 'd3';
  /** Conic conformal France with the overseas départements as insets (d3-composite-projections). */
  export default function geoConicConformalFrance(): GeoProjection & { getCompositionBorders(): string };
}
