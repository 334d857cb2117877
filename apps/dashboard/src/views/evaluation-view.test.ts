import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { Api } from '../data/api.js';
import { Store } from '../data/store.js';
import { DEFAULT_FILTERS, type Filters } from '../filters.js';
import {
  etablissementsIpc,
  hardwareIpc,
  TEST_ENGINE_BASE,
  usageWeeklyIpc,
} from '../test-support/fixtures.js';
import './equipment-view.js';
import './evaluation-view.js';
import type { EquipmentView } from './equipment-view.js';
import type { EvaluationView } from './evaluation-view.js';

const store = new Store(new Api('/nowhere'), TEST_ENGINE_BASE);
await store.loadBytes('etablissements', etablissementsIpc());
await store.loadBytes('usage_weekly', usageWeeklyIpc());
await store.loadBytes('hardware', hardwareIpc());

async function render<T extends EvaluationView | EquipmentView>(
  tag: string,
  filters: Partial<Filters>,
): Promise<T> {
  await store.setFilters({ territory: filters.territory ?? null, profile: null, service: null });
  const el = (await fixture(
    tag === 'dash-evaluation'
      ? html`<dash-evaluation></dash-evaluation>`
      : html`<dash-equipment></dash-equipment>`,
  )) as T;
  const ready = oneEvent(el, 'view-ready');
  el.filters = { ...DEFAULT_FILTERS, ...filters };
  el.dataEnd = '2026-01-18';
  el.store = store;
  await ready;
  await el.updateComplete;
  return el;
}

describe('dash-evaluation', () => {
  it('compares the Marne pilots with the other collèges of the territory, before and after', async () => {
    const el = await render<EvaluationView>('dash-evaluation', {
      territory: 'departement:051',
      from: '2025-09-01',
      to: '2026-01-18',
    });
    const root = el.shadowRoot!;
    // The pilot group defaults to the établissements whose ENT project is a pilot, from its start date; the
    // collège without an ENT project is no comparison.
    expect(root.querySelector('[data-n=pilots]')!.textContent).to.equal('3');
    expect(root.querySelector('[data-n=others]')!.textContent).to.equal('3');
    expect(root.querySelector('dash-chart')!.shadowRoot!.textContent).not.to.contain('Collège privé E');
    expect(root.querySelector('[data-testid=groups]')!.textContent).to.contain('3 novembre 2025');
    // Pilots gained 30 visits a week from the start, the others nothing: the estimate is +30 exactly.
    const visits = root.querySelector('tr[data-indicator=visits]')!;
    expect(visits.querySelectorAll('td')[4]!.textContent).to.equal('+30');
    expect(visits.querySelectorAll('td')[5]!.textContent).to.match(/^\[.+ ; .+\]$/);
    await expect(el).to.be.accessible();
  });

  it('takes the pilot group and start date from the filters', async () => {
    const el = await render<EvaluationView>('dash-evaluation', {
      territory: 'academie:19',
      from: '2025-09-01',
      to: '2026-01-18',
      pilot: ['0511327R'],
      pilotStart: '2025-11-03',
    });
    const root = el.shadowRoot!;
    expect(root.querySelector('[data-n=pilots]')!.textContent).to.equal('1');
    expect(root.querySelector('[data-n=others]')!.textContent).to.equal('6');
    const change = oneEvent(el, 'filters-change');
    const box = [...root.querySelectorAll<HTMLInputElement>('.schools input')].find((i) => !i.checked)!;
    box.click();
    const { changes } = (await change) as unknown as { changes: Partial<Filters> };
    expect(changes.pilot).to.have.length(2);
  });
});

describe('dash-equipment', () => {
  it('totals hardware, investment and FEDER funding of the territory', async () => {
    const el = await render<EquipmentView>('dash-equipment', { territory: 'departement:051' });
    const root = el.shadowRoot!;
    const kpi = (sel: string) => root.querySelector(`${sel} .v`)!.textContent!.replace(/\s/g, ' ');
    expect(kpi('[data-category=fixed_pc]')).to.equal('100');
    expect(kpi('[data-category=laptop]')).to.equal('10');
    expect(kpi('[data-category=video_projector]')).to.equal('12');
    expect(kpi('[data-kpi=investment]')).to.equal('95 001 €');
    expect(kpi('[data-kpi=feder]')).to.equal('9 000 €');
    const perSchool = [...root.querySelectorAll('dash-chart')].at(-1)!;
    expect(perSchool.shadowRoot!.querySelectorAll('tbody tr').length).to.equal(7);
    await expect(el).to.be.accessible();
  });
});
