/**
 * The deployment choropleth: France by département or académie with the overseas départements as insets
 * (conic conformal France, d3-composite-projections), a legend with the count of territories in each state, and
 * territories that are focusable and activated by click, Enter or Space.
 */
import * as d3 from 'd3';
import geoConicConformalFrance from 'd3-composite-projections/src/conicConformalFrance.js';
import type { TerritoryFeature } from '../geo/geo.js';
import { t } from '../i18n.js';
import { DEPLOYMENT_STATES, NO_DATA_COLOUR, stateInfo } from './palette.js';

export interface MapOptions {
  features: TerritoryFeature[];
  /** Territory code → state. */
  states: Map<string, string>;
  /** State → number of territories, for the legend. */
  counts: Map<string, number>;
  selected?: string | null;
  onActivate?: (f: TerritoryFeature) => void;
}

/** Height of the legend band under the map. */
export const LEGEND_HEIGHT = 120;

export function drawMap(svg: SVGSVGElement, width: number, o: MapOptions): void {
  const height = svg.viewBox.baseVal.height;
  const s = d3.select(svg);
  const projection = geoConicConformalFrance();
  projection.fitExtent(
    [
      [10, 10],
      [width - 10, height - LEGEND_HEIGHT - 10],
    ],
    { type: 'FeatureCollection', features: o.features },
  );
  const path = d3.geoPath(projection);
  const label = (f: TerritoryFeature) => {
    const info = stateInfo(o.states.get(f.properties.code));
    return `${f.properties.name} : ${info ? t(info.fr, info.en) : t('pas de données', 'no data')}`;
  };
  s.append('g')
    .attr('part', 'territories')
    .selectAll('path')
    .data(o.features)
    .join('path')
    .attr('d', (f) => path(f) ?? '')
    .attr('fill', (f) => stateInfo(o.states.get(f.properties.code))?.colour ?? NO_DATA_COLOUR)
    .attr('stroke', (f) => (f.properties.code === o.selected ? '#000' : '#fff'))
    .attr('stroke-width', (f) => (f.properties.code === o.selected ? 2.5 : 0.6))
    .attr('data-code', (f) => f.properties.code)
    .attr('data-state', (f) => o.states.get(f.properties.code) ?? 'none')
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', label)
    .attr('aria-pressed', (f) => (f.properties.code === o.selected ? 'true' : 'false'))
    .style('cursor', 'pointer')
    .style('outline', 'none')
    .on('click', (_e, f) => o.onActivate?.(f))
    .on('keydown', (e: KeyboardEvent, f) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        o.onActivate?.(f);
      }
    })
    // Focus ring: the shape's outline copied on top of the map (moving the focused path itself would drop focus
    // and change the tab order).
    .on('focus', (e: FocusEvent) => {
      ring.attr('d', (e.target as SVGPathElement).getAttribute('d')).attr('visibility', 'visible');
    })
    .on('blur', () => ring.attr('visibility', 'hidden'))
    .append('title')
    .text(label);
  const ring = s
    .append('path')
    .attr('part', 'focus-ring')
    .attr('fill', 'none')
    .attr('stroke', '#D55E00')
    .attr('stroke-width', 3)
    .attr('pointer-events', 'none')
    .attr('visibility', 'hidden');
  const legend = s
    .append('g')
    .attr('part', 'legend')
    .attr('transform', `translate(20, ${height - LEGEND_HEIGHT + 4})`);
  const total = [...o.counts.values()].reduce((a, b) => a + b, 0);
  const items = [
    ...DEPLOYMENT_STATES.map((d) => ({
      state: d.state,
      colour: d.colour,
      text: t(d.fr, d.en),
      n: o.counts.get(d.state) ?? 0,
    })),
  ];
  items.forEach((it, i) => {
    const g = legend
      .append('g')
      .attr('transform', `translate(${(i % 3) * 290}, ${Math.floor(i / 3) * 30})`)
      .attr('data-state', it.state);
    g.append('rect')
      .attr('width', 22)
      .attr('height', 22)
      .attr('fill', it.colour)
      .attr('stroke', '#555')
      .attr('stroke-width', 0.6);
    g.append('text')
      .attr('x', 30)
      .attr('y', 11)
      .attr('dy', '0.35em')
      .attr('font-size', 13)
      .attr('fill', '#222')
      .call((t) => {
        t.append('tspan').attr('class', 'legend-label').text(`${it.text} : `);
        t.append('tspan').attr('class', 'legend-count').attr('font-weight', 700).text(String(it.n));
      });
  });
  legend
    .append('text')
    .attr('x', 580)
    .attr('y', 30 + 11)
    .attr('dy', '0.35em')
    .attr('font-size', 12)
    .attr('fill', '#333')
    .text(`Total : ${total} ${t('territoires', 'territories')}`);
  legend
    .append('g')
    .attr('transform', `translate(0, 68)`)
    .call((g) => {
      g.append('rect')
        .attr('width', 22)
        .attr('height', 14)
        .attr('fill', NO_DATA_COLOUR)
        .attr('stroke', '#555')
        .attr('stroke-width', 0.6);
      g.append('text')
        .attr('x', 30)
        .attr('y', 7)
        .attr('dy', '0.35em')
        .attr('font-size', 12)
        .attr('fill', '#333')
        .text(t('Pas de données', 'No data'));
    });
  s.append('text')
    .attr('x', width - 8)
    .attr('y', height - 6)
    .attr('text-anchor', 'end')
    .attr('font-size', 11)
    .attr('fill', '#444')
    .text(`${t('Fond de carte', 'Base map')} : IGN — ADMIN EXPRESS`);
}
