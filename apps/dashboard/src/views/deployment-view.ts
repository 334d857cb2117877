/** Déploiement: the Ministry's map of ENT deployment, by date, and the établissements of a chosen territory. */
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../charts/chart-frame.js';
import { drawMap } from '../charts/map.js';
import { DEPLOYMENT_STATES, stateInfo } from '../charts/palette.js';
import type { Row } from '../data/db.js';
import type { Column } from '../export.js';
import type { Filters } from '../filters.js';
import { formatDate, numberCell } from '../format.js';
import { GEO_ATTRIBUTION, MERGED_INTO, type TerritoryFeature } from '../geo/geo.js';
import { t } from '../i18n.js';
import { entStatusLabel } from '../labels.js';
import { ViewBase, viewStyles } from './view-base.js';

/** Département codes may come as "51" or "051": the map uses the Ministry's three characters. */
export function departementCode(code: string): string {
  return /^(\d{2}|2[AB])$/.test(code) ? `0${code}` : code;
}

@customElement('dash-deployment')
export class DeploymentView extends ViewBase {
  static override styles = [
    viewStyles,
    css`
      .controls { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: center; margin-bottom: 0.75em; }
      fieldset { border: none; padding: 0; margin: 0; display: flex; gap: 1em; }
      label.date { display: flex; gap: 0.5em; align-items: center; }
      .attribution { font-size: 0.8em; color: #333; margin: 0.25em 0 1em; }
    `,
  ];
  protected readonly watches: (keyof Filters)[] = ['level', 'asOf', 'territory'];

  @state() private dates: string[] = [];
  @state() private states = new Map<string, string>();
  @state() private territoryRows: Row[] = [];
  @state() private counts = new Map<string, number>();
  @state() private schools: Row[] = [];
  @state() private asOf = '';

  protected async refresh(): Promise<void> {
    const level = this.filters.level;
    const dates = await this.store.query(
      `SELECT DISTINCT valid_from AS d FROM deployment_states WHERE level = '${level}' ORDER BY d`,
      ['deployment_states'],
    );
    this.dates = dates.map((r) => r.d as string);
    const asOf = this.filters.asOf ?? this.dates.at(-1) ?? new Date().toISOString().slice(0, 10);
    const by = level === 'college' ? 'departement' : 'academie';
    const [rows, counts] = await Promise.all([
      this.store.indicator('deployment_by_territory', { by, level, asOf }),
      this.store.indicator('deployment_counts', { level, asOf }),
    ]);
    this.asOf = asOf;
    this.territoryRows = rows;
    this.states = new Map(
      rows.map((r) => [
        by === 'departement' ? departementCode(r.territory_code as string) : (r.territory_code as string),
        r.state as string,
      ]),
    );
    this.counts = new Map(counts.map((r) => [r.state as string, r.territories as number]));
    this.schools = [];
    const t = this.filters.territory;
    if (t && !t.startsWith('uai:')) {
      this.schools = await this.store.query(
        `SELECT uai, name, commune, departement, students, ent_status, ent_status_since FROM etablissements ` +
          `WHERE kind = '${level}' ORDER BY name`,
        ['etablissements'],
      );
    }
  }

  private get features(): TerritoryFeature[] {
    if (!this.france) return [];
    if (this.filters.level === 'college') return this.france.departements;
    // States given for académies since merged (Caen and Rouen before Normandie): draw those instead.
    const former = this.france.formerAcademies.filter((a) => this.states.has(a.properties.code));
    const replaced = new Set(former.map((a) => MERGED_INTO.get(a.properties.code)));
    return [...this.france.academies.filter((a) => !replaced.has(a.properties.code)), ...former];
  }

  private get selected(): string | null {
    const t = this.filters.territory;
    if (!t) return null;
    const [kind, code] = t.split(':') as [string, string];
    if (this.filters.level === 'college' && kind === 'departement') return code;
    if (this.filters.level === 'lycee' && kind === 'academie') return code;
    return null;
  }

  /** The territory last activated, focused again once the map is redrawn (keyboard users keep their place). */
  private focusCode: string | null = null;

  private activate(f: TerritoryFeature) {
    this.focusCode = f.properties.code;
    const territory = `${f.properties.kind}:${f.properties.code}`;
    this.change({ territory: this.filters.territory === territory ? null : territory });
  }

  protected override async updated(): Promise<void> {
    const code = this.focusCode;
    const chart = this.renderRoot.querySelector('dash-chart');
    if (!code || !chart) return;
    await chart.updateComplete;
    const path = chart.svg.querySelector<SVGPathElement>(`path[data-code="${code}"]`);
    if (path && chart.shadowRoot!.activeElement !== path) path.focus();
  }

  private onSlider(e: Event) {
    const i = Number((e.target as HTMLInputElement).value);
    const d = this.dates[i];
    if (d) this.change({ asOf: d === this.dates.at(-1) ? null : d });
  }

  override render() {
    const level = this.filters.level;
    const levelText =
      level === 'college'
        ? t('collèges, par département', 'collèges, by département')
        : t('lycées, par académie', 'lycées, by académie');
    const idx = Math.max(0, this.dates.indexOf(this.asOf));
    const summary = this.asOf
      ? `${t('État du déploiement des ENT', 'ENT deployment')} (${levelText}) ${t('au', 'on')} ${formatDate(this.asOf)} : ` +
        DEPLOYMENT_STATES.map((s) => `${t(s.fr, s.en).toLowerCase()} ${this.counts.get(s.state) ?? 0}`).join(
          ', ',
        ) +
        '.'
      : '';
    const columns: Column[] = [
      { key: 'territory_code', label: 'Code' },
      { key: 'territory_name', label: t('Territoire', 'Territory') },
      {
        key: 'state',
        label: t('État', 'State'),
        format: (v) => {
          const i = stateInfo(v as string);
          return i ? t(i.fr, i.en) : '—';
        },
      },
      { key: 'valid_from', label: t('Depuis le', 'Since'), format: (v) => formatDate(v as string, 'short') },
    ];
    const features = this.features;
    return html`<h2>${t('Déploiement des ENT', 'ENT deployment')}</h2>
      <div class="controls">
        <fieldset>
          <legend class="sr-only">${t('Carte', 'Map')}</legend>
          <label><input type="radio" name="level" value="college" .checked=${level === 'college'}
            @change=${() => this.change({ level: 'college' })} /> ${t('Collèges par département', 'Collèges by département')}</label>
          <label><input type="radio" name="level" value="lycee" .checked=${level === 'lycee'}
            @change=${() => this.change({ level: 'lycee' })} /> ${t('Lycées par académie', 'Lycées by académie')}</label>
        </fieldset>
        ${
          this.dates.length > 1
            ? html`<label class="date">Date
                <input type="range" min="0" max=${this.dates.length - 1} step="1" .value=${String(idx)}
                  aria-valuetext=${formatDate(this.asOf)} @change=${this.onSlider} @input=${this.onSlider} />
                <output>${formatDate(this.asOf)}</output></label>`
            : this.asOf
              ? html`<span>${t('Au', 'On')} ${formatDate(this.asOf)}</span>`
              : nothing
        }
      </div>
      ${this.renderStatus()}
      <dash-chart
        heading="${t('État du déploiement', 'Deployment state')} — ${levelText}, ${t('au', 'on')} ${formatDate(this.asOf)}"
        filename="deploiement-${level}-${this.asOf}"
        .summary=${summary}
        interactive
        .aspect=${0.85}
        .columns=${columns}
        .rows=${this.territoryRows}
        .draw=${
          features.length && this.asOf
            ? (svg: SVGSVGElement, width: number) =>
                drawMap(svg, width, {
                  features,
                  states: this.states,
                  counts: this.counts,
                  selected: this.selected,
                  onActivate: (f) => this.activate(f),
                })
            : undefined
        }
      ></dash-chart>
      <p class="attribution">
        ${t('Fond de carte', 'Base map')} : ${GEO_ATTRIBUTION} (Licence Ouverte).
        ${t(
          'Cliquez sur un territoire, ou appuyez sur Entrée, pour voir ses établissements.',
          'Click a territory, or press Enter, to see its schools.',
        )}
      </p>
      ${this.renderSchools()}`;
  }

  private renderSchools() {
    const territory = this.filters.territory;
    if (!territory || territory.startsWith('uai:')) return nothing;
    const [kind, code] = territory.split(':') as [string, string];
    const name =
      (kind === 'departement'
        ? this.france?.departementName.get(code)
        : this.france?.academieName.get(code)) ?? code;
    const what = this.filters.level === 'college' ? t('Collèges', 'Collèges') : t('Lycées', 'Lycées');
    const columns: Column[] = [
      {
        key: 'uai',
        label: 'UAI',
        activate: (r) => this.change({ territory: `uai:${r.uai}` }),
        activateLabel: (r) => `${t('Filtrer sur', 'Filter on')} ${r.name}`,
      },
      { key: 'name', label: t('Établissement', 'School') },
      { key: 'commune', label: t('Commune', 'Town') },
      {
        key: 'students',
        label: t('Élèves', 'Students'),
        numeric: true,
        format: numberCell(0),
      },
      { key: 'ent_status', label: t('Projet ENT', 'ENT project'), format: entStatusLabel },
      {
        key: 'ent_status_since',
        label: t('Depuis le', 'Since'),
        format: (v) => formatDate(v as string, 'short'),
      },
    ];
    return html`<dash-chart table-only heading="${what} — ${name} (${this.schools.length})"
      filename="etablissements-${code}" .columns=${columns} .rows=${this.schools}></dash-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-deployment': DeploymentView;
  }
}
