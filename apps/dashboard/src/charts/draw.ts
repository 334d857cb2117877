/**
 * Chart drawings with d3 into a given <svg> (viewBox coordinates). Styles are written as attributes so that an
 * exported SVG looks the same as on screen. Numbers and dates are shown in French.
 */
import * as d3 from 'd3';
import { formatNumber, isoToDate } from '../format.js';
import { lang } from '../i18n.js';
import { CATEGORY_COLOURS, intensity } from './palette.js';

const FONT = 13;
const frDate = d3.timeFormatLocale({
  dateTime: '%A %e %B %Y à %X',
  date: '%d/%m/%Y',
  time: '%H:%M:%S',
  periods: ['AM', 'PM'],
  days: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  shortDays: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
  months: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  shortMonths: [
    'janv.',
    'févr.',
    'mars',
    'avr.',
    'mai',
    'juin',
    'juil.',
    'août',
    'sept.',
    'oct.',
    'nov.',
    'déc.',
  ],
});
const frTick = frDate.utcFormat('%e %b %Y');
const enTick = d3.utcFormat('%e %b %Y');
const utcTick = (d: Date) => (lang() === 'fr' ? frTick(d) : enTick(d));

function axisStyle(g: d3.Selection<SVGGElement, unknown, null, undefined>) {
  g.attr('font-size', FONT).attr('font-family', 'system-ui, sans-serif');
  g.selectAll('text').attr('fill', '#222');
  g.selectAll('line,path').attr('stroke', '#777');
}

export interface BarDatum {
  label: string;
  value: number;
}

/** Horizontal bars, largest first as given. */
export function drawBars(svg: SVGSVGElement, width: number, data: BarDatum[], unit = ''): void {
  const height = svg.viewBox.baseVal.height;
  // Room on the right for the longest value (« 14 507 620 € » is never cut), on the left for the labels.
  const longest = d3.max(data, (d) => `${formatNumber(d.value, 1)}${unit}`.length) ?? 4;
  const margin = {
    top: 8,
    right: Math.max(40, 12 + 8 * longest),
    bottom: 8,
    left: Math.min(230, width * 0.35),
  };
  const s = d3.select(svg);
  const y = d3
    .scaleBand()
    .domain(data.map((d) => d.label))
    .range([margin.top, height - margin.bottom])
    .padding(0.2);
  const x = d3
    .scaleLinear()
    .domain([0, d3.max(data, (d) => d.value) || 1])
    .range([margin.left, width - margin.right]);
  s.append('g')
    .selectAll('rect')
    .data(data)
    .join('rect')
    .attr('x', x(0))
    .attr('y', (d) => y(d.label)!)
    .attr('width', (d) => Math.max(0, x(d.value) - x(0)))
    .attr('height', y.bandwidth())
    .attr('fill', CATEGORY_COLOURS[0]);
  s.append('g')
    .selectAll('text')
    .data(data)
    .join('text')
    .attr('x', (d) => x(d.value) + 4)
    .attr('y', (d) => y(d.label)! + y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('font-size', FONT)
    .attr('fill', '#222')
    .text((d) => `${formatNumber(d.value, 1)}${unit}`);
  s.append('g')
    .attr('transform', `translate(${margin.left},0)`)
    .call(
      d3
        .axisLeft(y)
        .tickSizeOuter(0)
        .tickFormat((l) => short(l, 34)),
    )
    .call(axisStyle)
    .call((g) =>
      g
        .selectAll<SVGTextElement, string>('.tick text')
        .append('title')
        .text((l) => l),
    );
}

/** A label cut to `n` characters with an ellipsis (the full text stays in a tooltip). */
function short(label: string, n: number): string {
  return label.length > n ? `${label.slice(0, n - 1)}…` : label;
}

export interface Series {
  name: string;
  points: { date: string; value: number }[];
}

/** Lines over time (ISO dates), one per series, with a legend. */
export function drawLines(svg: SVGSVGElement, width: number, series: Series[]): void {
  const height = svg.viewBox.baseVal.height;
  // Legend entries flow left to right and wrap (about 7 units per character at this font size).
  const legendAt: { lx: number; ly: number }[] = [];
  let lx = 60;
  let ly = 12;
  for (const ser of series) {
    const w = 40 + ser.name.length * 7;
    if (lx + w > width && lx > 60) {
      lx = 60;
      ly += 18;
    }
    legendAt.push({ lx, ly });
    lx += w;
  }
  const margin = { top: ly + 16, right: 20, bottom: 28, left: 60 };
  const s = d3.select(svg);
  const all = series.flatMap((x) => x.points);
  if (!all.length) return;
  const x = d3
    .scaleUtc()
    .domain(d3.extent(all, (p) => isoToDate(p.date)) as [Date, Date])
    .range([margin.left, width - margin.right]);
  const y = d3
    .scaleLinear()
    .domain([0, d3.max(all, (p) => p.value) || 1])
    .nice()
    .range([height - margin.bottom, margin.top]);
  s.append('g')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(
      d3
        .axisBottom(x)
        .ticks(Math.max(2, Math.floor(width / 140)))
        .tickFormat((d) => utcTick(d as Date)),
    )
    .call(axisStyle);
  s.append('g')
    .attr('transform', `translate(${margin.left},0)`)
    .call(
      d3
        .axisLeft(y)
        .ticks(6)
        .tickFormat((d) => formatNumber(d as number, 0)),
    )
    .call(axisStyle);
  const line = d3
    .line<{ date: string; value: number }>()
    .x((p) => x(isoToDate(p.date)))
    .y((p) => y(p.value));
  series.forEach((ser, i) => {
    const colour = CATEGORY_COLOURS[i % CATEGORY_COLOURS.length];
    s.append('path')
      .attr('d', line(ser.points))
      .attr('fill', 'none')
      .attr('stroke', colour)
      .attr('stroke-width', 2)
      // Dashes tell series apart without colour.
      .attr('stroke-dasharray', ['', '6 3', '2 2', '8 3 2 3'][i % 4]);
    const { lx, ly } = legendAt[i]!;
    s.append('line')
      .attr('x1', lx)
      .attr('x2', lx + 24)
      .attr('y1', ly)
      .attr('y2', ly)
      .attr('stroke', colour)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', ['', '6 3', '2 2', '8 3 2 3'][i % 4]);
    s.append('text')
      .attr('x', lx + 30)
      .attr('y', ly)
      .attr('dy', '0.35em')
      .attr('font-size', FONT)
      .attr('fill', '#222')
      .text(ser.name);
  });
}

/** A grid of cells coloured by value (e.g. weekday × hour). */
export function drawHeatmap(
  svg: SVGSVGElement,
  width: number,
  cells: { row: string; col: string; value: number }[],
  rows: string[],
  cols: string[],
): void {
  const height = svg.viewBox.baseVal.height;
  const margin = { top: 24, right: 10, bottom: 10, left: 90 };
  const s = d3.select(svg);
  const x = d3
    .scaleBand()
    .domain(cols)
    .range([margin.left, width - margin.right])
    .padding(0.05);
  const y = d3
    .scaleBand()
    .domain(rows)
    .range([margin.top, height - margin.bottom])
    .padding(0.05);
  const max = d3.max(cells, (c) => c.value) || 1;
  s.append('g')
    .selectAll('rect')
    .data(cells)
    .join('rect')
    .attr('x', (c) => x(c.col)!)
    .attr('y', (c) => y(c.row)!)
    .attr('width', x.bandwidth())
    .attr('height', y.bandwidth())
    .attr('fill', (c) => intensity(c.value / max))
    .append('title')
    .text((c) => `${c.row} ${c.col} : ${formatNumber(c.value, 0)}`);
  s.append('g')
    .attr('transform', `translate(0,${margin.top})`)
    .call(d3.axisTop(x).tickSize(0))
    .call(axisStyle)
    .call((g) => g.select('.domain').remove());
  s.append('g')
    .attr('transform', `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).tickSize(0))
    .call(axisStyle)
    .call((g) => g.select('.domain').remove());
}

/** Vertical bars grouped by year with one colour per category (stacked). */
export function drawStacked(
  svg: SVGSVGElement,
  width: number,
  data: { x: string; key: string; value: number }[],
  keys: { key: string; label: string }[],
  tickFormat: (v: number) => string = (v) => formatNumber(v, 0),
): void {
  const height = svg.viewBox.baseVal.height;
  const margin = { top: 28, right: 10, bottom: 28, left: 80 };
  const s = d3.select(svg);
  // Years run without gaps: a year with nothing to renew is an empty column, not a jump in the axis.
  let xs = [...new Set(data.map((d) => d.x))];
  if (xs.length && xs.every((x) => /^\d{4}$/.test(x))) {
    const years = xs.map(Number);
    xs = d3.range(Math.min(...years), Math.max(...years) + 1).map(String);
  }
  const wide = xs.map((x) => {
    const o: Record<string, number | string> = { x };
    for (const k of keys) o[k.key] = data.find((d) => d.x === x && d.key === k.key)?.value ?? 0;
    return o;
  });
  const stack = d3.stack<Record<string, number | string>>().keys(keys.map((k) => k.key))(wide);
  const x = d3
    .scaleBand()
    .domain(xs)
    .range([margin.left, width - margin.right])
    .padding(0.2);
  const y = d3
    .scaleLinear()
    .domain([0, d3.max(stack.at(-1) ?? [], (d) => d[1]) || 1])
    .nice()
    .range([height - margin.bottom, margin.top]);
  stack.forEach((layer, i) => {
    s.append('g')
      .attr('fill', CATEGORY_COLOURS[i % CATEGORY_COLOURS.length])
      .selectAll('rect')
      .data(layer)
      .join('rect')
      .attr('x', (d) => x(String(d.data.x))!)
      .attr('y', (d) => y(d[1]))
      .attr('height', (d) => y(d[0]) - y(d[1]))
      .attr('width', x.bandwidth());
    s.append('rect')
      .attr('x', margin.left + i * 170)
      .attr('y', 4)
      .attr('width', 14)
      .attr('height', 14)
      .attr('fill', CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]);
    s.append('text')
      .attr('x', margin.left + i * 170 + 20)
      .attr('y', 11)
      .attr('dy', '0.35em')
      .attr('font-size', FONT)
      .attr('fill', '#222')
      .text(keys[i]!.label);
  });
  s.append('g')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x))
    .call(axisStyle);
  s.append('g')
    .attr('transform', `translate(${margin.left},0)`)
    .call(
      d3
        .axisLeft(y)
        .ticks(6)
        .tickFormat((d) => tickFormat(d as number)),
    )
    .call(axisStyle);
}

/** Height / width of a horizontal bar chart with `n` bars (about 28 px a bar on an 800-wide drawing). */
export function barAspect(n: number): number {
  return Math.max(0.12, Math.min(0.8, (16 + 30 * Math.max(1, n)) / 800));
}
