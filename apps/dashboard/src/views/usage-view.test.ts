import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { Api } from '../data/api.js';
import { Store } from '../data/store.js';
import { DEFAULT_FILTERS } from '../filters.js';
import { TEST_ENGINE_BASE, usageWeekIpcs, usageWeeklyIpc } from '../test-support/fixtures.js';
import './usage-view.js';
import type { UsageView } from './usage-view.js';

const store = new Store(new Api('/nowhere'), TEST_ENGINE_BASE);
await store.loadBytes('usage_weekly', usageWeeklyIpc());
for (const [name, bytes] of Object.entries(usageWeekIpcs())) await store.loadBytes(name as never, bytes!);

describe('dash-usage', () => {
  it('shows visits, top services, peaks, devices and accounts, each with a text alternative', async () => {
    const el = await fixture<UsageView>(html`<dash-usage></dash-usage>`);
    const ready = oneEvent(el, 'view-ready');
    el.filters = { ...DEFAULT_FILTERS, view: 'usages', from: '2025-09-01', to: '2025-09-30' };
    el.store = store;
    await ready;
    await el.updateComplete;
    const root = el.shadowRoot!;
    const charts = [...root.querySelectorAll('dash-chart')];
    const byHeading = (h: string) => charts.find((c) => c.heading === h)!;
    expect(charts.length).to.equal(7);
    const services = byHeading('Visites par semaine des cinq services principaux');
    const top = byHeading('Services les plus utilisés');
    // One source for both charts: a service's weekly visits add up to its total among the top services.
    const weekly = new Map<string, number>();
    for (const r of services.rows)
      weekly.set(r.service as string, (weekly.get(r.service as string) ?? 0) + (r.visits as number));
    expect(weekly.size).to.be.above(0);
    for (const [service, visits] of weekly)
      expect(top.rows.find((r) => r.service === service)?.visits, service).to.equal(visits);

    expect(top.rows.map((r) => [r.service, r.visits])).to.deep.equal([
      ['notes', 150],
      ['cahier_textes', 100],
      ['absences', 50],
    ]);
    expect(top.summary).to.contain('Notes (150)');
    expect(byHeading('Visites par jour et par heure').summary).to.equal(
      'Pic d’activité le lundi à 18 h (40 visites).',
    );
    expect(byHeading('Visites par type d’appareil').summary).to.equal('smartphone 75 %, ordinateur 25 %');
    const kpi = (k: string) => root.querySelector(`[data-kpi=${k}] .v`)!.textContent!.replace(/\s/g, ' ');
    expect(kpi('opened')).to.equal('1 500');
    expect(kpi('activated')).to.equal('990');
    expect(kpi('activation')).to.equal('66 %');
    // Every chart is an image with a name and a description, and has a data table.
    for (const c of charts) {
      const svg = c.shadowRoot!.querySelector('svg')!;
      expect(svg.getAttribute('role')).to.equal('img');
      expect(svg.getAttribute('aria-describedby')).to.match(/-d$/);
      expect(c.shadowRoot!.querySelector('button[part=toggle]')).to.exist;
    }
    await expect(el).to.be.accessible();
  });

  it('follows the profile filter', async () => {
    await store.setFilters({ territory: null, profile: 'PARENT', service: null });
    const el = await fixture<UsageView>(html`<dash-usage></dash-usage>`);
    const ready = oneEvent(el, 'view-ready');
    el.filters = {
      ...DEFAULT_FILTERS,
      view: 'usages',
      from: '2025-09-01',
      to: '2025-09-30',
      profile: 'PARENT',
    };
    el.store = store;
    await ready;
    await el.updateComplete;
    const devices = [...el.shadowRoot!.querySelectorAll('dash-chart')].find(
      (c) => c.heading === 'Visites par type d’appareil',
    )!;
    expect(devices.rows.map((r) => r.key)).to.deep.equal(['ordinateur']);
    await store.setFilters({ territory: null, profile: null, service: null });
  });
});
