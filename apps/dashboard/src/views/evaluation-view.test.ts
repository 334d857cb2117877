import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { Api } from '../data/api.js';
import { Store } from '../data/store.js';
import { DEFAULT_FILTERS, type Filters } from '../filters.js';
import {
  emptyIpc,
  entStatusIpc,
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
await store.loadBytes('ent_status', entStatusIpc());
await store.loadBytes('accounts', emptyIpc('accounts'));
await store.loadBytes('usage_imported', emptyIpc('usage_imported'));

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
  it('preselects the pilots of the ENT history and compares them with the later waves at the same age', async () => {
    const el = await render<EvaluationView>('dash-evaluation', { territory: 'departement:051' });
    const root = el.shadowRoot!;
    const checked = [...root.querySelectorAll<HTMLInputElement>('.schools input:checked')];
    expect(checked).to.have.length(3);
    expect(root.querySelector('[data-testid=groups]')!.textContent).to.contain(
      'Groupe pilote : 3 établissements',
    );
    // At 6 months: pilots from their weeks of September 2025, the others (opened 1 July) from January 2026.
    const conclusion = root.querySelector('[data-testid=conclusion]')!.textContent!;
    expect(conclusion).to.match(/^Après 6 mois, les collèges pilotes comptaient en moyenne /);
    expect(conclusion).to.contain('au même âge de leur ENT');
    expect(root.querySelector('[data-testid=refused]')!.textContent).to.contain('zéro par construction');
    expect(root.querySelector('tr[data-indicator=perStudent][data-months="6"]')!.textContent).to.contain(
      'n = 3',
    );
    await expect(el).to.be.accessible();
  });

  it('searches the établissements without accents and takes the pilot group from the filters', async () => {
    const el = await render<EvaluationView>('dash-evaluation', {
      territory: 'academie:19',
      pilot: ['0511327R'],
    });
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('.schools input:checked')).to.have.length(1);
    const search = root.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'epernay';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const labels = [...root.querySelectorAll('.schools label')].map((l) => l.textContent!.trim());
    expect(labels).to.have.length(1);
    expect(labels[0]).to.contain('Collège Terres Rouges (Épernay)');
    const change = oneEvent(el, 'filters-change');
    search.value = '';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
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
