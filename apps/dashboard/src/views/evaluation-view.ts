/**
 * Évaluation: a pilot group of établissements and its start date, compared with the other établissements of the
 * same kind in the territory and with before (difference-in-differences), per indicator, with the size of the
 * difference and its uncertainty; printable as a report.
 *
 * Method: for each établissement, the mean weekly value of an indicator before the start date and from it on
 * (weeks without activity count as 0); its change is after − before. The others are the établissements of the
 * same kind in the territory with an ENT project. The effect is the mean change of the pilot group minus the mean
 * change of the others, with Welch's 95 % interval (unequal variances) and a bootstrap
 * percentile interval (2,000 resamples of établissements, fixed seed).
 */
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../charts/chart-frame.js';
import type { Row } from '../data/db.js';
import type { Filters } from '../filters.js';
import { formatDate, formatNumber, numberCell } from '../format.js';
import { lang, t } from '../i18n.js';
import { bootstrapDiff, type Comparison, mean, welch } from '../stats.js';
import { ViewBase, viewStyles } from './view-base.js';

export const EVALUATION_INDICATORS = [
  { key: 'visits', label: ['Visites par semaine', 'Visits per week'], digits: 1 },
  { key: 'visitors', label: ['Visiteurs par semaine', 'Visitors per week'], digits: 1 },
  { key: 'hours', label: ['Heures de connexion par semaine', 'Hours online per week'], digits: 1 },
  {
    key: 'visits_per_student',
    label: ['Visites par élève et par semaine', 'Visits per student per week'],
    digits: 3,
  },
] as const;
type IndicatorKey = (typeof EVALUATION_INDICATORS)[number]['key'];

const UAI = /^[0-9]{7}[A-Z]$/;
/** A date literal; anything but an ISO day is refused (the text goes into SQL). */
const d = (iso: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`Date invalide : ${iso}`);
  return `DATE '${iso}'`;
};

/**
 * Per-établissement weekly means before and after `start`. The others are the établissements of the pilots' kind
 * in the territory that have an ENT project (status other than `none`): those without one are no comparison.
 */
export function beforeAfterSql(pilots: readonly string[], start: string, from: string, to: string): string {
  const list =
    pilots
      .filter((u) => UAI.test(u))
      .map((u) => `'${u}'`)
      .join(', ') || "''";
  return (
    `WITH weeks AS (SELECT DISTINCT week FROM usage_weekly__all WHERE week BETWEEN ${d(from)} AND ${d(to)}), ` +
    `n AS (SELECT count(*) FILTER (WHERE week < ${d(start)}) AS nb, count(*) FILTER (WHERE week >= ${d(start)}) AS na FROM weeks), ` +
    `w AS (SELECT uai, week, sum(visits) AS visits, sum(visitors) AS visitors, sum(duration_s) / 3600.0 AS hours ` +
    `FROM usage_weekly WHERE week BETWEEN ${d(from)} AND ${d(to)} GROUP BY uai, week), ` +
    `e AS (SELECT uai, name, commune, students FROM etablissements WHERE kind IN ` +
    `(SELECT kind FROM etablissements__all WHERE uai IN (${list})) AND (uai IN (${list}) OR ent_status <> 'none')) ` +
    `SELECT e.uai, e.name, e.commune, e.students, e.uai IN (${list}) AS pilot, n.nb AS weeks_before, n.na AS weeks_after, ` +
    ['visits', 'visitors', 'hours']
      .map(
        (k) =>
          `CAST(coalesce(sum(w.${k}) FILTER (WHERE w.week < ${d(start)}), 0) AS DOUBLE) / nullif(n.nb, 0) AS ${k}_before, ` +
          `CAST(coalesce(sum(w.${k}) FILTER (WHERE w.week >= ${d(start)}), 0) AS DOUBLE) / nullif(n.na, 0) AS ${k}_after`,
      )
      .join(', ') +
    ` FROM e CROSS JOIN n LEFT JOIN w ON w.uai = e.uai GROUP BY e.uai, e.name, e.commune, e.students, n.nb, n.na ` +
    `ORDER BY pilot DESC, e.name`
  );
}

export interface IndicatorResult {
  key: IndicatorKey;
  label: readonly [string, string];
  pilotBefore: number;
  pilotAfter: number;
  othersBefore: number;
  othersAfter: number;
  did: number;
  welch: Comparison | null;
  bootstrap: { low: number; high: number } | null;
}

/** Difference-in-differences per indicator from the per-établissement rows of `beforeAfterSql`. */
export function evaluate(rows: Row[]): IndicatorResult[] {
  const value = (r: Row, k: IndicatorKey, when: 'before' | 'after') => {
    if (k === 'visits_per_student') {
      const s = r.students as number | null;
      return s ? ((r[`visits_${when}`] as number) ?? 0) / s : Number.NaN;
    }
    return (r[`${k}_${when}`] as number) ?? Number.NaN;
  };
  const pilots = rows.filter((r) => r.pilot);
  const others = rows.filter((r) => !r.pilot);
  return EVALUATION_INDICATORS.map(({ key, label }) => {
    const change = (rs: Row[]) =>
      rs.map((r) => value(r, key, 'after') - value(r, key, 'before')).filter((x) => Number.isFinite(x));
    const side = (rs: Row[], when: 'before' | 'after') =>
      mean(rs.map((r) => value(r, key, when)).filter((x) => Number.isFinite(x)));
    const a = change(pilots);
    const b = change(others);
    return {
      key,
      label,
      pilotBefore: side(pilots, 'before'),
      pilotAfter: side(pilots, 'after'),
      othersBefore: side(others, 'before'),
      othersAfter: side(others, 'after'),
      did: mean(a) - mean(b),
      welch: welch(a, b),
      bootstrap: bootstrapDiff(a, b),
    };
  });
}

@customElement('dash-evaluation')
export class EvaluationView extends ViewBase {
  static override styles = [
    viewStyles,
    css`
      .picker { display: grid; grid-template-columns: 1fr auto; gap: 1em; align-items: start; margin-bottom: 1em; }
      .schools { max-height: 16em; overflow: auto; border: 1px solid #ccc; background: #fff; padding: 0.4em; columns: 2; }
      .schools label { display: block; break-inside: avoid; }
      .result { background: #fff; border: 1px solid #ccc; border-radius: 0.4em; padding: 0.75em; }
      table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
      th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.5em; text-align: right; }
      th:first-child, td:first-child, tbody th { text-align: left; }
      .method { font-size: 0.85em; }
      @media print { .picker, .no-print { display: none; } .result { border: none; } }
    `,
  ];
  protected readonly watches: (keyof Filters)[] = [
    'territory',
    'from',
    'to',
    'profile',
    'service',
    'pilot',
    'pilotStart',
  ];

  @state() private schools: Row[] = [];
  @state() private rows: Row[] = [];
  @state() private results: IndicatorResult[] = [];
  @state() private pilots: string[] = [];
  @state() private start = '';
  @state() private win = { from: '', to: '' };
  @state() private note = '';

  protected async refresh(): Promise<void> {
    // A pilot is judged over all the data there is, unless the filters say otherwise.
    const w = this.window();
    const from = this.filters.from ?? this.dataStart ?? w.from;
    const to = w.to;
    this.schools = await this.store.query(
      'SELECT uai, name, commune, kind, ent_status, ent_status_since FROM etablissements ORDER BY name',
      ['etablissements'],
    );
    // Without a chosen group, the établissements whose ENT project is a pilot form it.
    const pilots = this.filters.pilot.length
      ? this.filters.pilot
      : this.schools.filter((s) => s.ent_status === 'pilot').map((s) => s.uai as string);
    let start = this.filters.pilotStart;
    this.note = '';
    if (!start) {
      // The date their ENT project became a pilot, when that is what it still is.
      const since = this.schools
        .filter((s) => pilots.includes(s.uai as string) && s.ent_status === 'pilot')
        .map((s) => s.ent_status_since as string | null)
        .filter((x): x is string => !!x)
        .sort()[0];
      start = since && since > from && since <= to ? since : midpoint(from, to);
      if (since && start !== since)
        this.note = t(
          `Le pilote a commencé le ${formatDate(since)}, hors de la période de données : la comparaison avant/après utilise le ${formatDate(start)}.`,
          `The pilot began on ${formatDate(since)}, outside the data: before/after is split on ${formatDate(start)}.`,
        );
    }
    this.pilots = pilots;
    this.start = start;
    this.win = { from, to };
    if (!pilots.length) {
      this.rows = [];
      this.results = [];
      return;
    }
    this.rows = await this.store.query(beforeAfterSql(pilots, start, from, to), [
      'usage_weekly',
      'etablissements',
    ]);
    this.results = evaluate(this.rows);
  }

  private toggle(uai: string, on: boolean) {
    const set = new Set(this.pilots);
    if (on) set.add(uai);
    else set.delete(uai);
    this.change({ pilot: [...set] });
  }

  override render() {
    if (!this.loaded)
      return html`<h2>${t('Évaluation d’un pilote', 'Evaluating a pilot')}</h2>${this.renderStatus()}`;
    const nPilots = this.rows.filter((r) => r.pilot).length;
    const nOthers = this.rows.length - nPilots;
    const n = this.pilots.length;
    return html`<h2>${t('Évaluation d’un pilote', 'Evaluating a pilot')}</h2>
      ${this.renderStatus()}
      <div class="picker">
        <fieldset>
          <legend>${t(`Groupe pilote (${n} établissement${n > 1 ? 's' : ''})`, `Pilot group (${n} school${n > 1 ? 's' : ''})`)}</legend>
          <div class="schools">
            ${this.schools.map(
              (s) => html`<label><input type="checkbox" .checked=${this.pilots.includes(s.uai as string)}
                @change=${(e: Event) => this.toggle(s.uai as string, (e.target as HTMLInputElement).checked)} />
                ${s.name} (${s.commune})</label>`,
            )}
          </div>
        </fieldset>
        <div>
          <label>${t('Début du pilote', 'Pilot start')}<br /><input type="date" .value=${this.start}
            @change=${(e: Event) => this.change({ pilotStart: (e.target as HTMLInputElement).value || null })} /></label>
          <p><button type="button" class="no-print" @click=${() => window.print()}>${t('Imprimer le rapport', 'Print the report')}</button></p>
        </div>
      </div>
      ${this.note ? html`<p role="note">${this.note}</p>` : nothing}
      ${this.pilots.length ? this.renderReport(nPilots, nOthers) : html`<p>${t('Choisissez les établissements du groupe pilote.', 'Choose the schools of the pilot group.')}</p>`}`;
  }

  private renderReport(nPilots: number, nOthers: number) {
    const f = (v: number, digits: number) => formatNumber(v, digits);
    const weeksBefore = (this.rows[0]?.weeks_before as number) ?? 0;
    const weeksAfter = (this.rows[0]?.weeks_after as number) ?? 0;
    return html`<section class="result" aria-labelledby="report-title">
      <h3 id="report-title">${t('Rapport d’évaluation', 'Evaluation report')}</h3>
      ${
        lang() === 'fr'
          ? html`<p data-testid="groups">Groupe pilote : <strong data-n="pilots">${nPilots}</strong>
              établissement${nPilots > 1 ? 's' : ''}, comparé${nPilots > 1 ? 's' : ''} aux
              <strong data-n="others">${nOthers}</strong> autres, avant et après le ${formatDate(this.start)}
              (${weeksBefore} semaines avant, ${weeksAfter} après ; période du ${formatDate(this.win.from)}
              au ${formatDate(this.win.to)}).</p>`
          : html`<p data-testid="groups">Pilot group: <strong data-n="pilots">${nPilots}</strong>
              school${nPilots > 1 ? 's' : ''}, compared with the <strong data-n="others">${nOthers}</strong> others,
              before and after ${formatDate(this.start)} (${weeksBefore} weeks before, ${weeksAfter} after; period
              ${formatDate(this.win.from)} to ${formatDate(this.win.to)}).</p>`
      }
      <table>
        <caption class="sr-only">${t('Différence de différences par indicateur', 'Difference in differences by indicator')}</caption>
        <thead><tr><th scope="col">${t('Indicateur', 'Indicator')}</th><th scope="col">${t('Pilote avant', 'Pilot before')}</th>
          <th scope="col">${t('Pilote après', 'Pilot after')}</th>
          <th scope="col">${t('Autres avant', 'Others before')}</th><th scope="col">${t('Autres après', 'Others after')}</th>
          <th scope="col">${t('Effet estimé (différence de différences)', 'Estimated effect (difference in differences)')}</th>
          <th scope="col">${t('IC 95 % (Welch)', '95 % CI (Welch)')}</th>
          <th scope="col">${t('IC 95 % (bootstrap)', '95 % CI (bootstrap)')}</th><th scope="col">p</th>
          <th scope="col">${t('Taille d’effet (d)', 'Effect size (d)')}</th></tr></thead>
        <tbody>${this.results.map((r) => {
          const dg = EVALUATION_INDICATORS.find((i) => i.key === r.key)!.digits;
          return html`<tr data-indicator=${r.key}>
            <th scope="row">${t(...r.label)}</th>
            <td>${f(r.pilotBefore, dg)}</td><td>${f(r.pilotAfter, dg)}</td>
            <td>${f(r.othersBefore, dg)}</td><td>${f(r.othersAfter, dg)}</td>
            <td><strong>${r.did >= 0 ? '+' : ''}${f(r.did, dg)}</strong></td>
            <td>${r.welch ? `[${f(r.welch.low, dg)} ; ${f(r.welch.high, dg)}]` : t('groupes trop petits', 'groups too small')}</td>
            <td>${r.bootstrap ? `[${f(r.bootstrap.low, dg)} ; ${f(r.bootstrap.high, dg)}]` : '—'}</td>
            <td>${r.welch ? (r.welch.p < 0.001 ? `< ${f(0.001, 3)}` : f(r.welch.p, 3)) : '—'}</td>
            <td>${r.welch ? f(r.welch.effect, 2) : '—'}</td>
          </tr>`;
        })}</tbody>
      </table>
      <p class="method">${t(
        'Méthode : pour chaque établissement, moyenne hebdomadaire avant et après la date de début (semaines sans ' +
          'activité comptées à zéro) ; effet = évolution moyenne du groupe pilote − évolution moyenne des autres ' +
          'établissements du même type ayant un projet ENT. Intervalle de Welch (variances inégales) et intervalle ' +
          'bootstrap percentile (2 000 tirages d’établissements). Un intervalle qui contient 0 ne permet pas de conclure.',
        'Method: for each school, the weekly mean before and after the start date (weeks without activity count as ' +
          'zero); effect = mean change of the pilot group − mean change of the other schools of the same kind with ' +
          'an ENT project. Welch interval (unequal variances) and bootstrap percentile interval (2,000 resamples of ' +
          'schools). An interval that contains 0 does not allow a conclusion.',
      )}</p>
      <dash-chart table-only heading="${t('Établissements comparés', 'Schools compared')} (${this.rows.length})" filename="evaluation-etablissements"
        .columns=${[
          { key: 'uai', label: 'UAI' },
          { key: 'name', label: t('Établissement', 'School') },
          {
            key: 'pilot',
            label: t('Groupe', 'Group'),
            format: (v: unknown) => (v ? t('pilote', 'pilot') : t('autres', 'others')),
          },
          {
            key: 'visits_before',
            label: t('Visites/sem. avant', 'Visits/week before'),
            numeric: true,
            format: numberCell(1),
          },
          {
            key: 'visits_after',
            label: t('Visites/sem. après', 'Visits/week after'),
            numeric: true,
            format: numberCell(1),
          },
          {
            key: 'hours_before',
            label: t('Heures/sem. avant', 'Hours/week before'),
            numeric: true,
            format: numberCell(1),
          },
          {
            key: 'hours_after',
            label: t('Heures/sem. après', 'Hours/week after'),
            numeric: true,
            format: numberCell(1),
          },
        ]}
        .rows=${this.rows}></dash-chart>
    </section>`;
  }
}

function midpoint(from: string, to: string): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.round((b - a) / 2 / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

export { mean };
