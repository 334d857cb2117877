/** Équipement: installed hardware per territory and établissement, students per computer, renewals, funding. */
import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../charts/chart-frame.js';
import { barAspect, drawBars, drawStacked } from '../charts/draw.js';
import type { Row } from '../data/db.js';
import type { Column } from '../export.js';
import type { Filters } from '../filters.js';
import { formatEuros, formatNumber, numberCell } from '../format.js';
import { t } from '../i18n.js';
import { fundingLabel, HARDWARE_CATEGORIES, hardwareLabel } from '../labels.js';
import { ViewBase, viewStyles } from './view-base.js';

/** Hardware per établissement, one column per category, with what it cost (établissements without any: zeros). */
export const HARDWARE_BY_SCHOOL_SQL =
  `WITH h AS (SELECT uai, ${HARDWARE_CATEGORIES.map(
    (c) => `sum(count) FILTER (WHERE category = '${c.key}') AS ${c.key}`,
  ).join(', ')}, sum(cost_eur) AS cost_eur FROM hardware GROUP BY uai) ` +
  `SELECT e.uai, e.name, e.commune, e.departement, e.students, ${HARDWARE_CATEGORIES.map(
    (c) => `CAST(coalesce(h.${c.key}, 0) AS INTEGER) AS ${c.key}`,
  ).join(', ')}, CAST(coalesce(h.cost_eur, 0) AS DOUBLE) AS cost_eur ` +
  `FROM etablissements e LEFT JOIN h ON h.uai = e.uai ORDER BY e.name, e.uai`;

@customElement('dash-equipment')
export class EquipmentView extends ViewBase {
  static override styles = [viewStyles];
  protected readonly watches: (keyof Filters)[] = ['territory', 'from', 'to'];

  @state() private totals: Row[] = [];
  @state() private funding: Row[] = [];
  @state() private perSchool: Row[] = [];
  @state() private perDep: Row[] = [];
  @state() private spc: Row[] = [];
  @state() private renewal: Row[] = [];

  protected async refresh(): Promise<void> {
    const asOf = this.filters.to ?? new Date().toISOString().slice(0, 10);
    const [totals, funding, perSchool, spc, renewal] = await Promise.all([
      this.store.query(
        'SELECT category, CAST(sum(count) AS INTEGER) AS units, CAST(sum(cost_eur) AS DOUBLE) AS cost_eur ' +
          'FROM hardware GROUP BY category',
        ['hardware'],
      ),
      this.store.query(
        'SELECT funding, CAST(sum(cost_eur) AS DOUBLE) AS cost_eur FROM hardware GROUP BY funding ORDER BY cost_eur DESC',
        ['hardware'],
      ),
      this.store.query(HARDWARE_BY_SCHOOL_SQL, ['hardware', 'etablissements']),
      this.store.indicator('students_per_computer', { by: 'departement', asOf }),
      this.store.indicator('hardware_renewal', {
        from: this.filters.from ?? '1990-01-01',
        to: this.filters.to ?? '2100-12-31',
        asOf,
      }),
    ]);
    // Per-département totals are the sums of the per-établissement rows.
    const deps = new Map<string, Row>();
    for (const r of perSchool) {
      const d = r.departement as string;
      const acc = deps.get(d) ?? {
        departement: d,
        students: 0,
        cost_eur: 0,
        ...Object.fromEntries(HARDWARE_CATEGORIES.map((c) => [c.key, 0])),
      };
      for (const k of ['students', 'cost_eur', ...HARDWARE_CATEGORIES.map((c) => c.key)])
        acc[k] = (acc[k] as number) + ((r[k] as number) ?? 0);
      deps.set(d, acc);
    }
    this.totals = totals;
    this.funding = funding;
    this.perSchool = perSchool;
    this.perDep = [...deps.values()];
    this.spc = spc;
    this.renewal = renewal;
  }

  override render() {
    if (!this.loaded)
      return html`<h2>${t('Équipement des établissements', 'School equipment')}</h2>${this.renderStatus()}`;
    const unit = (k: string) => (this.totals.find((r) => r.category === k)?.units as number) ?? 0;
    const invest = this.funding.reduce((a, r) => a + ((r.cost_eur as number) ?? 0), 0);
    const feder = (this.funding.find((r) => r.funding === 'feder')?.cost_eur as number) ?? 0;
    const catCols: Column[] = HARDWARE_CATEGORIES.map((c) => ({
      key: c.key,
      label: t(c.fr, c.en),
      numeric: true,
      format: numberCell(0),
    }));
    const money = (v: unknown) => formatEuros(v as number);
    const depName = (v: unknown) =>
      `${String(v).replace(/^0/, '')} — ${this.france?.departementName.get(v as string) ?? v}`;
    return html`<h2>${t('Équipement des établissements', 'School equipment')}</h2>
      ${this.renderStatus()}
      <ul class="kpis" aria-label=${t('Matériel installé', 'Installed hardware')}>
        ${HARDWARE_CATEGORIES.map(
          (c) =>
            html`<li data-category=${c.key}><span class="v">${formatNumber(unit(c.key), 0)}</span>
              <span class="l">${t(c.fr, c.en)}</span></li>`,
        )}
        <li data-kpi="investment"><span class="v">${formatEuros(invest)}</span><span class="l">${t('Investissement TTC', 'Investment incl. VAT')}</span></li>
        <li data-kpi="feder"><span class="v">${formatEuros(feder)}</span><span class="l">${t('dont fonds européens (FEDER)', 'of which European funds (ERDF)')}</span></li>
      </ul>
      <div class="grid">
        <dash-chart heading=${t('Financement de l’investissement', 'Funding of the investment')} .aspect=${barAspect(this.funding.length)}
          .summary=${`${t('Investissement total', 'Total investment')} ${formatEuros(invest)}, ${t('dont', 'of which')} ${this.funding.map((r) => `${fundingLabel(r.funding)} ${formatEuros(r.cost_eur as number)}`).join(', ')}.`}
          .columns=${[
            {
              key: 'funding',
              label: t('Financeur', 'Funder'),
              format: fundingLabel,
            },
            {
              key: 'cost_eur',
              label: t('Montant TTC (€)', 'Amount incl. VAT (€)'),
              numeric: true,
              format: money,
            },
          ]}
          .rows=${this.funding}
          .draw=${(svg: SVGSVGElement, w: number) =>
            drawBars(
              svg,
              w,
              this.funding.map((r) => ({
                label: fundingLabel(r.funding),
                value: r.cost_eur as number,
              })),
              ' €',
            )}></dash-chart>
        <dash-chart heading=${t('Renouvellement des ordinateurs par année (cycle de 5 ans)', 'Computers due for renewal per year (5-year cycle)')} .aspect=${0.45}
          .summary=${`${this.renewal.length} ${t('lignes ; coût total', 'rows; total cost')} ${formatEuros(this.renewal.reduce((a, r) => a + (r.cost_eur as number), 0))}.`}
          .columns=${[
            { key: 'year', label: t('Année', 'Year'), format: (v: unknown) => String(v) },
            { key: 'category', label: t('Matériel', 'Hardware'), format: hardwareLabel },
            {
              key: 'units',
              label: t('Unités', 'Units'),
              numeric: true,
              format: numberCell(0),
            },
            { key: 'cost_eur', label: t('Coût TTC (€)', 'Cost incl. VAT (€)'), numeric: true, format: money },
          ]}
          .rows=${this.renewal}
          .draw=${(svg: SVGSVGElement, w: number) =>
            drawStacked(
              svg,
              w,
              this.renewal.map((r) => ({
                x: String(r.year),
                key: r.category as string,
                value: r.cost_eur as number,
              })),
              HARDWARE_CATEGORIES.slice(0, 2).map((c) => ({ key: c.key, label: t(c.fr, c.en) })),
              (v) => formatEuros(v),
            )}></dash-chart>
        <dash-chart class="wide" heading=${t('Élèves par ordinateur, par département', 'Students per computer, by département')} .aspect=${barAspect(this.spc.length)}
          .summary=${this.spc
            .map((r) =>
              r.students_per_computer === null
                ? `${depName(r.key)} : ${t('aucun ordinateur de moins de 5 ans (tous à renouveler)', 'no computer under 5 years old (all due for renewal)')}`
                : `${depName(r.key)} : ${formatNumber(r.students_per_computer as number, 1)}`,
            )
            .join(' ; ')}
          .columns=${[
            { key: 'key', label: 'Département', format: depName },
            {
              key: 'students',
              label: t('Élèves', 'Students'),
              numeric: true,
              format: numberCell(0),
            },
            {
              key: 'computers',
              label: t('Ordinateurs', 'Computers'),
              numeric: true,
              format: numberCell(0),
            },
            {
              key: 'students_per_computer',
              label: t('Élèves par ordinateur', 'Students per computer'),
              numeric: true,
              format: numberCell(1),
            },
          ]}
          .rows=${this.spc}
          .draw=${(svg: SVGSVGElement, w: number) =>
            drawBars(
              svg,
              w,
              // A département without a computer in its renewal cycle has no ratio: no bar, said in the summary.
              this.spc
                .filter((r) => r.students_per_computer !== null)
                .map((r) => ({ label: depName(r.key), value: r.students_per_computer as number })),
            )}></dash-chart>
        <dash-chart class="wide" table-only heading=${t('Matériel par département', 'Hardware by département')}
          .columns=${[{ key: 'departement', label: 'Département', format: depName }, { key: 'students', label: t('Élèves', 'Students'), numeric: true, format: numberCell(0) }, ...catCols, { key: 'cost_eur', label: t('Investissement TTC (€)', 'Investment incl. VAT (€)'), numeric: true, format: money }]}
          .rows=${this.perDep}></dash-chart>
        <dash-chart class="wide" table-only heading="${t('Matériel par établissement', 'Hardware by school')} (${this.perSchool.length})"
          .columns=${[
            {
              key: 'uai',
              label: 'UAI',
              activate: (r: Record<string, unknown>) => this.change({ territory: `uai:${r.uai}` }),
              activateLabel: (r: Record<string, unknown>) => `${t('Filtrer sur', 'Filter on')} ${r.name}`,
            },
            { key: 'name', label: t('Établissement', 'School') },
            { key: 'commune', label: t('Commune', 'Town') },
            {
              key: 'students',
              label: t('Élèves', 'Students'),
              numeric: true,
              format: numberCell(0),
            },
            ...catCols,
            {
              key: 'spc',
              label: t('Élèves par ordinateur', 'Students per computer'),
              numeric: true,
              format: (_v: unknown, r: Record<string, unknown>) => {
                const pcs = (r.fixed_pc as number) + (r.laptop as number);
                return pcs ? formatNumber((r.students as number) / pcs, 1) : '—';
              },
            },
            {
              key: 'cost_eur',
              label: t('Investissement TTC (€)', 'Investment incl. VAT (€)'),
              numeric: true,
              format: money,
            },
          ]}
          .rows=${this.perSchool}></dash-chart>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-equipment': EquipmentView;
  }
}
