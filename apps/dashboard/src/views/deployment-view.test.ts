import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { Api } from '../data/api.js';
import { Store } from '../data/store.js';
import { DEFAULT_FILTERS, type Filters } from '../filters.js';
import { loadFrance } from '../geo/geo.js';
import {
  COLLEGES_2010,
  deploymentIpc,
  etablissementsIpc,
  LYCEES_2010,
  TEST_ENGINE_BASE,
  TEST_GEO_URL,
} from '../test-support/fixtures.js';
import './deployment-view.js';
import type { DeploymentView } from './deployment-view.js';
import type { FiltersChangeEvent } from './view-base.js';

const france = await loadFrance(TEST_GEO_URL);
const store = new Store(new Api('/nowhere'), TEST_ENGINE_BASE);
await store.loadBytes('deployment_states', deploymentIpc(france));
await store.loadBytes('etablissements', etablissementsIpc());

async function render(filters: Partial<Filters>): Promise<DeploymentView> {
  const el = await fixture<DeploymentView>(html`<dash-deployment></dash-deployment>`);
  const ready = oneEvent(el, 'view-ready');
  el.france = france;
  el.filters = { ...DEFAULT_FILTERS, ...filters };
  el.store = store;
  await ready;
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(r));
  return el;
}

function chartSvg(el: DeploymentView): SVGSVGElement {
  return el.shadowRoot!.querySelector('dash-chart')!.shadowRoot!.querySelector('svg')!;
}

function legendCounts(el: DeploymentView): number[] {
  return [...chartSvg(el).querySelectorAll('[part=legend] g[data-state] .legend-count')].map((t) =>
    Number(t.textContent),
  );
}

describe('dash-deployment', () => {
  it('colours the 101 départements and counts September 2010 collèges as the Ministry did', async () => {
    const el = await render({ level: 'college', asOf: '2010-09-15' });
    const paths = chartSvg(el).querySelectorAll('[part=territories] path');
    expect(paths.length).to.equal(101);
    expect(legendCounts(el)).to.deep.equal(COLLEGES_2010);
    // The overseas départements are drawn (insets) and Mayotte has no 2010 state.
    expect(chartSvg(el).querySelector('path[data-code="974"]')!.getAttribute('d')).to.match(/^M/);
    expect(chartSvg(el).querySelector('path[data-code="976"]')!.getAttribute('data-state')).to.equal('none');
    expect(chartSvg(el).querySelectorAll('path[data-state="generalisation_50_plus"]').length).to.equal(27);
    expect(chartSvg(el).textContent).to.contain('IGN — ADMIN EXPRESS');
  });

  it('maps lycées by académie: 30 territories, 7 / 11 / 7 / 4 / 1', async () => {
    const el = await render({ level: 'lycee', asOf: '2010-09-15' });
    expect(chartSvg(el).querySelectorAll('[part=territories] path').length).to.equal(30);
    expect(legendCounts(el)).to.deep.equal(LYCEES_2010);
  });

  it('shows the earlier state when the date goes back', async () => {
    const el = await render({ level: 'college', asOf: '2009-01-01' });
    expect(legendCounts(el)).to.deep.equal([0, 0, 0, 0, 100]);
    const slider = el.shadowRoot!.querySelector('input[type=range]') as HTMLInputElement;
    expect(slider.max).to.equal('1');
  });

  it('selects a territory from the keyboard and lists its établissements', async () => {
    const el = await render({ level: 'college', asOf: '2010-09-15' });
    const marne = chartSvg(el).querySelector('path[data-code="051"]') as SVGPathElement;
    expect(marne.getAttribute('tabindex')).to.equal('0');
    expect(marne.getAttribute('aria-label')).to.match(/^Marne : /);
    marne.focus();
    const change = oneEvent(el, 'filters-change') as Promise<FiltersChangeEvent>;
    marne.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect((await change).changes).to.deep.equal({ territory: 'departement:051' });

    // Once the page applies the change, the map is redrawn and the territory keeps the focus.
    el.filters = { ...el.filters, territory: 'departement:051' };
    await oneEvent(el, 'view-ready');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    const chart = el.shadowRoot!.querySelector('dash-chart')!;
    expect(chart.shadowRoot!.activeElement?.getAttribute('data-code')).to.equal('051');
    expect(chart.svg.querySelector('path[data-code="051"]')!.getAttribute('aria-pressed')).to.equal('true');

    await store.setFilters({ territory: 'departement:051', profile: null, service: null });
    const listed = await render({ level: 'college', asOf: '2010-09-15', territory: 'departement:051' });
    const table = listed.shadowRoot!.querySelectorAll('dash-chart')[1]!;
    const rows = table.shadowRoot!.querySelectorAll('tbody tr');
    expect(rows.length).to.equal(7);
    expect(table.shadowRoot!.querySelector('h3')!.textContent).to.contain('Marne (7)');
    // A UAI narrows every view to that établissement.
    const pick = oneEvent(listed, 'filters-change') as Promise<FiltersChangeEvent>;
    const uai = table.shadowRoot!.querySelector('tbody button.link') as HTMLButtonElement;
    expect(uai.getAttribute('aria-label')).to.match(/^051\d{4}[A-Z] — Filtrer sur Collège/);
    uai.click();
    expect((await pick).changes.territory).to.match(/^uai:051\d{4}[A-Z]$/);
    await store.setFilters({ territory: null, profile: null, service: null });
  });

  it('is accessible (axe), with a text alternative and a data table', async () => {
    const el = await render({ level: 'college', asOf: '2010-09-15' });
    const chart = el.shadowRoot!.querySelector('dash-chart')!;
    expect(chart.shadowRoot!.querySelector('.summary')!.textContent).to.contain(
      'généralisation à 50 % ou plus 27',
    );
    await expect(el).to.be.accessible();
    (chart.shadowRoot!.querySelector('button[part=toggle]') as HTMLButtonElement).click();
    await chart.updateComplete;
    expect(chart.shadowRoot!.querySelectorAll('tbody tr').length).to.equal(100);
    await expect(el).to.be.accessible();
  });
});
