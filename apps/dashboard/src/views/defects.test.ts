/** What analysts found wrong, each checked in real Chromium. */

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { datasetTable, encodeIpc, isoToEpochDay } from '@preau/analytics';
import { drawBars, drawStacked } from '../charts/draw.js';
import '../charts/chart-frame.js';
import { DashChart } from '../charts/chart-frame.js';
import { Api } from '../data/api.js';
import { Store } from '../data/store.js';
import { DEFAULT_FILTERS, type Filters } from '../filters.js';
import { formatEuros, parseDate } from '../format.js';
import { loadFrance } from '../geo/geo.js';
import { academieLabel } from '../labels.js';
import { TEST_ENGINE_BASE, TEST_GEO_URL, usageWeekIpcs } from '../test-support/fixtures.js';
import './deployment-view.js';
import type { DeploymentView } from './deployment-view.js';
import './usage-view.js';
import type { UsageView } from './usage-view.js';

function svg(width = 800, height = 300): SVGSVGElement {
  const s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  s.setAttribute('viewBox', `0 0 ${width} ${height}`);
  s.style.width = `${width}px`;
  document.body.append(s);
  return s;
}

describe('fixed defects', function () {
  // Two tests start an engine of their own: on a busy machine that takes more than mocha's 2 s.
  this.timeout(60_000);

  it('elides « de » before a vowel: Académie d’Amiens, Académie de Reims', () => {
    expect(academieLabel('Amiens')).to.equal('Académie d’Amiens');
    expect(academieLabel('Orléans-Tours')).to.equal('Académie d’Orléans-Tours');
    expect(academieLabel('Reims')).to.equal('Académie de Reims');
  });

  it('reads dates typed in French, and refuses impossible ones', () => {
    expect(parseDate('15/09/2025')).to.equal('2025-09-15');
    expect(parseDate('1/9/2025')).to.equal('2025-09-01');
    expect(parseDate('2025-09-15')).to.equal('2025-09-15');
    expect(parseDate('31/02/2025')).to.equal(undefined);
    expect(parseDate('')).to.equal(null);
  });

  it('never cuts the value of the longest bar (« 14 507 620 € »)', () => {
    const s = svg();
    drawBars(
      s,
      800,
      [
        { label: 'Département', value: 14_507_620 },
        { label: 'FEDER', value: 444_000 },
      ],
      ' €',
    );
    const texts = [...s.querySelectorAll('text')].filter((t) => t.textContent!.includes('€'));
    for (const t of texts) {
      const box = t.getBBox();
      expect(box.x + box.width, t.textContent!).to.be.at.most(800);
    }
    expect(formatEuros(14_507_620).replace(/\s/g, ' ')).to.equal('14 507 620 €');
    s.remove();
  });

  it('draws every year of the renewal axis, even those with nothing to renew', () => {
    const s = svg();
    drawStacked(
      s,
      800,
      [
        { x: '2016', key: 'fixed_pc', value: 10 },
        { x: '2024', key: 'fixed_pc', value: 20 },
      ],
      [{ key: 'fixed_pc', label: 'PC' }],
    );
    const ticks = [...s.querySelectorAll('.tick text')]
      .map((t) => t.textContent)
      .filter((t) => /^\d{4}$/.test(t!));
    expect(ticks).to.deep.equal(['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024']);
    s.remove();
  });

  it('draws charts at their width on screen, so that text keeps its size', async () => {
    const el = await fixture<DashChart>(html`<div style="width: 400px"><dash-chart heading="T"
      .draw=${(s: SVGSVGElement, w: number) => drawBars(s, w, [{ label: 'a', value: 1 }])}></dash-chart></div>`);
    const chart = el.querySelector('dash-chart')!;
    await new Promise((r) => setTimeout(r, 100));
    await chart.updateComplete;
    const box = chart.svg.viewBox.baseVal;
    expect(box.width).to.be.within(320, 400);
    const rendered = chart.svg.getBoundingClientRect().width;
    // one unit of the drawing is one pixel on screen (±10 %)
    expect(rendered / box.width).to.be.within(0.9, 1.1);
  });

  it('prints every row of a table, not the first screenful', () => {
    const css = (DashChart.styles as { cssText: string }).cssText;
    expect(css).to.match(/@media print[^@]*\.table-wrap\s*\{\s*max-height:\s*none;\s*overflow:\s*visible;/);
  });

  it('draws Caen and Rouen on a map of a date when they were académies (no grey Normandy)', async () => {
    const france = await loadFrance(TEST_GEO_URL);
    const rows = [
      ['05', 'Caen', 'generalisation_50_plus'],
      ['21', 'Rouen', 'generalisation_50_plus'],
      ['19', 'Reims', 'experimentation'],
    ];
    const store = new Store(new Api('/nowhere'), TEST_ENGINE_BASE);
    await store.loadBytes(
      'deployment_states',
      encodeIpc(
        datasetTable('deployment_states', {
          level: rows.map(() => 'lycee'),
          territory_kind: rows.map(() => 'academie'),
          territory_code: rows.map((r) => r[0]!),
          territory_name: rows.map((r) => r[1]!),
          academie: rows.map((r) => r[0]!),
          state: rows.map((r) => r[2]!),
          valid_from: Int32Array.from(rows, () => isoToEpochDay('2010-09-01')),
        }),
      ),
    );
    const el = await fixture<DeploymentView>(html`<dash-deployment></dash-deployment>`);
    const ready = oneEvent(el, 'view-ready');
    el.france = france;
    el.filters = { ...DEFAULT_FILTERS, level: 'lycee' } as Filters;
    el.store = store;
    await ready;
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    const map = el.shadowRoot!.querySelector('dash-chart')!.shadowRoot!.querySelector('svg')!;
    const state = (code: string) =>
      map.querySelector(`path[data-code="${code}"]`)?.getAttribute('data-state');
    expect(state('05')).to.equal('generalisation_50_plus');
    expect(state('21')).to.equal('generalisation_50_plus');
    expect(map.querySelector('path[data-code="70"]')).to.equal(null);
    await store.close();
  });

  it('says in French that the dates are reversed, with a retry, instead of blank charts', async () => {
    const store = new Store(new Api('/nowhere'), TEST_ENGINE_BASE);
    for (const [name, bytes] of Object.entries(usageWeekIpcs())) await store.loadBytes(name as never, bytes!);
    const el = await fixture<UsageView>(html`<dash-usage></dash-usage>`);
    const ready = oneEvent(el, 'view-ready');
    el.filters = { ...DEFAULT_FILTERS, view: 'usages', from: '2025-10-01', to: '2025-09-01' };
    el.store = store;
    await ready;
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    expect(alert.textContent).to.contain('La date de fin précède la date de début');
    expect(alert.querySelector('button')!.textContent).to.equal('Réessayer');
    expect(el.shadowRoot!.querySelectorAll('dash-chart')).to.have.length(0);
    // A period without data: one plain sentence.
    const again = oneEvent(el, 'view-ready');
    el.filters = { ...DEFAULT_FILTERS, view: 'usages', from: '2030-01-01', to: '2030-01-31' };
    await again;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[data-testid=no-data]')!.textContent).to.contain(
      'Aucune donnée pour cette période',
    );
    await store.close();
  });
});
