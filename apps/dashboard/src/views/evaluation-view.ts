/**
 * Évaluation: the pilot group (preselected from the ENT project history: the établissements that were pilots) against
 * the later waves at the same age of their ENT, per adoption indicator, with intervals and a conclusion in words.
 * Adoption figures are weekly visits of Préau's own measurement and, before it, the figures imported from the
 * previous ENT (usage_imported).
 */
import { foldAccents } from '@preau/core';
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../charts/chart-frame.js';
import {
  AFTER,
  BEFORE,
  compareDelays,
  type DelayComparison,
  delayConclusion,
  type GroupChange,
} from '../before-after.js';
import type { Row } from '../data/db.js';
import {
  ADOPTION_INDICATORS,
  type AdoptionWeek,
  type AgeComparison,
  beforeAfterRefusal,
  compareAtAge,
  conclusion,
  type EvaluatedSchool,
  valuesAtAge,
} from '../evaluation.js';
import type { Filters } from '../filters.js';
import { formatDate, formatNumber } from '../format.js';
import { lang, t } from '../i18n.js';
import { ViewBase, viewStyles } from './view-base.js';

/** Each établissement's weekly adoption: Préau's weekly rollup, and before it the imported figures. */
export const ADOPTION_WEEKS_SQL = `WITH w AS (
  SELECT uai, week, sum(visits) FILTER (WHERE profile = 'ELEVE') AS s, sum(visits) FILTER (WHERE profile = 'PARENT') AS p,
    count(DISTINCT service) AS n FROM usage_weekly__all GROUP BY uai, week
  UNION ALL
  SELECT uai, CAST(date_trunc('week', day) AS DATE) AS week, sum(accesses) FILTER (WHERE profile = 'ELEVE'),
    sum(accesses) FILTER (WHERE profile = 'PARENT'), count(DISTINCT service) FROM usage_imported__all GROUP BY ALL)
SELECT uai, week, CAST(coalesce(sum(s), 0) AS DOUBLE) AS s, CAST(coalesce(sum(p), 0) AS DOUBLE) AS p,
  CAST(max(n) AS INTEGER) AS n FROM w GROUP BY uai, week`;

/** The établissements with an ENT: when it opened (first pilot or generalised status) and whether a pilot. */
export const EVALUATED_SCHOOLS_SQL = `SELECT e.uai, e.name, e.commune, e.kind, e.students,
  (SELECT CAST(sum(opened) AS INTEGER) FROM accounts a WHERE a.uai = e.uai AND a.profile = 'PARENT') AS parents,
  strftime(min(s.valid_from) FILTER (WHERE s.status IN ('pilot', 'generalised')), '%Y-%m-%d') AS starts_on,
  bool_or(s.status = 'pilot') AS pilot
FROM etablissements e LEFT JOIN ent_status__all s ON s.uai = e.uai
GROUP BY e.uai, e.name, e.commune, e.kind, e.students ORDER BY e.name`;

/** Each établissement's justified absences and their summed delay, per month (before/after an ENT). */
export const DELAY_MONTHS_SQL = `SELECT uai, strftime(month, '%Y-%m-%d') AS month, CAST(justified AS DOUBLE) AS justified,
  delay_days FROM justification_delays__all WHERE justified > 0`;

const MONTHS = [6, 12];

@customElement('dash-evaluation')
export class EvaluationView extends ViewBase {
  static override styles = [
    viewStyles,
    css`
      .picker { display: grid; grid-template-columns: 1fr auto; gap: 1em; align-items: start; margin-bottom: 1em; }
      .schools { max-height: 16em; overflow: auto; border: 1px solid #ccc; background: #fff; padding: 0.4em; columns: 2; }
      .schools label { display: block; break-inside: avoid; }
      .result { background: #fff; border: 1px solid #ccc; border-radius: 0.4em; padding: 0.75em; }
      .conclusion { font-size: 1.05em; border-left: 4px solid #0072B2; padding-left: 0.6em; }
      table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
      th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.5em; text-align: right; }
      th:first-child, td:first-child, tbody th { text-align: left; }
      .method, .refused { font-size: 0.85em; }
      @media print { .picker, .no-print { display: none; } .result { border: none; } }
    `,
  ];
  protected readonly watches: (keyof Filters)[] = ['territory', 'pilot'];

  @state() private schools: (Row & { starts_on: string | null; pilot: boolean })[] = [];
  @state() private pilots: string[] = [];
  @state() private results: AgeComparison[] = [];
  /** Each compared établissement's figures at the first age (the report's table and CSV). */
  @state() private compared: Row[] = [];
  @state() private search = '';
  @state() private delays: DelayComparison | null = null;

  protected async refresh(): Promise<void> {
    const [schools, weeks, delayMonths] = await Promise.all([
      this.store.query(EVALUATED_SCHOOLS_SQL, ['etablissements', 'ent_status', 'accounts']),
      this.store.query(ADOPTION_WEEKS_SQL, ['usage_weekly', 'usage_imported']),
      this.store.query(DELAY_MONTHS_SQL, ['justification_delays']),
    ]);
    this.schools = schools as typeof this.schools;
    // Without a chosen group, the établissements that were pilots in the ENT project history form it.
    const pilots = this.filters.pilot.length
      ? this.filters.pilot
      : this.schools.filter((s) => s.pilot).map((s) => s.uai as string);
    this.pilots = pilots;
    const pilotKinds = new Set(
      this.schools.filter((s) => pilots.includes(s.uai as string)).map((s) => s.kind),
    );
    const evaluated: EvaluatedSchool[] = this.schools
      .filter((s) => s.starts_on && pilotKinds.has(s.kind))
      .map((s) => ({
        uai: s.uai as string,
        name: s.name as string,
        startsOn: s.starts_on!,
        pilot: pilots.includes(s.uai as string),
        students: s.students as number | null,
        parents: s.parents as number | null,
      }));
    const adoption: AdoptionWeek[] = weeks.map((w) => ({
      uai: w.uai as string,
      week: w.week as string,
      visitsStudents: w.s as number,
      visitsParents: w.p as number,
      services: w.n as number,
    }));
    this.results = pilots.length
      ? MONTHS.flatMap((m) => ADOPTION_INDICATORS.map((i) => compareAtAge(adoption, evaluated, i.key, m)))
      : [];
    this.delays = pilots.length
      ? compareDelays(
          delayMonths.map((r) => ({
            uai: r.uai as string,
            month: r.month as string,
            justified: r.justified as number,
            delayDays: r.delay_days as number,
          })),
          evaluated,
        )
      : null;
    const at = Object.fromEntries(
      ADOPTION_INDICATORS.map((i) => [i.key, valuesAtAge(adoption, evaluated, i.key, MONTHS[0]!)]),
    );
    this.compared = evaluated.map((s) => ({
      uai: s.uai,
      name: s.name,
      pilot: s.pilot,
      starts_on: s.startsOn,
      ...Object.fromEntries(ADOPTION_INDICATORS.map((i) => [i.key, at[i.key]!.get(s.uai) ?? null])),
    }));
    this.compared.sort(
      (a, b) => Number(b.pilot) - Number(a.pilot) || String(a.name).localeCompare(String(b.name), 'fr'),
    );
  }

  private toggle(uai: string, on: boolean) {
    const set = new Set(this.pilots);
    if (on) set.add(uai);
    else set.delete(uai);
    this.change({ pilot: [...set] });
  }

  override render() {
    const title = html`<h2>${t('Évaluation d’un pilote', 'Evaluating a pilot')}</h2>`;
    if (!this.loaded) return html`${title}${this.renderStatus()}`;
    const n = this.pilots.length;
    // Accents, case, hyphens and apostrophes do not matter: « sainte menehould » finds Sainte-Menehould.
    const words = (text: string) =>
      foldAccents(text.toLowerCase())
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
    const needle = words(this.search);
    const shown = this.schools.filter(
      (s) => !needle || words(`${s.name} ${s.commune} ${s.uai}`).includes(needle),
    );
    return html`${title}
      ${this.renderStatus()}
      <div class="picker">
        <fieldset>
          <legend>${t(`Groupe pilote (${n} établissement${n > 1 ? 's' : ''})`, `Pilot group (${n} school${n > 1 ? 's' : ''})`)}</legend>
          <label>${t('Rechercher', 'Search')} <input type="search" name="recherche" .value=${this.search}
            @input=${(e: Event) => {
              this.search = (e.target as HTMLInputElement).value;
            }} /></label>
          <div class="schools" role="group" aria-label=${t('Établissements', 'Schools')}>
            ${shown.map(
              (s) => html`<label><input type="checkbox" .checked=${this.pilots.includes(s.uai as string)}
                @change=${(e: Event) => this.toggle(s.uai as string, (e.target as HTMLInputElement).checked)} />
                ${s.name} (${s.commune})${s.starts_on ? html` — ${t('ENT depuis le', 'ENT since')} ${formatDate(s.starts_on, 'short')}` : nothing}</label>`,
            )}
            ${shown.length ? nothing : html`<p>${t('Aucun établissement ne correspond.', 'No school matches.')}</p>`}
          </div>
        </fieldset>
        <p><button type="button" class="no-print" @click=${() => window.print()}>${t('Imprimer le rapport', 'Print the report')}</button></p>
      </div>
      ${n ? this.renderReport() : html`<p>${t('Choisissez les établissements du groupe pilote.', 'Choose the schools of the pilot group.')}</p>`}`;
  }

  /** Before and after an ENT: the delay to justify an absence (an indicator that exists without an ENT). */
  private renderDelays(c: DelayComparison, l: 'fr' | 'en') {
    const f = (v: number) => formatNumber(v, 1);
    const gap = (w: { diff: number; low: number; high: number; effect: number } | null) =>
      w
        ? html`<td><strong>${w.diff >= 0 ? '+' : ''}${f(w.diff)}</strong></td><td>[${f(w.low)} ; ${f(w.high)}]</td>
            <td>${formatNumber(w.effect, 2)}</td>`
        : html`<td>—</td><td>${t('groupes trop petits', 'groups too small')}</td><td>—</td>`;
    return html`<h4 id="delay-title">${t('Délai de justification des absences, avant et après l’ENT', 'Delay to justify an absence, before and after the ENT')}</h4>
      <p class="conclusion" data-testid="delay-conclusion">${delayConclusion(c, l)}</p>
      <table aria-labelledby="delay-title">
        <thead><tr><th scope="col">${t('Groupe', 'Group')}</th><th scope="col">${t('Établissements', 'Schools')}</th>
          <th scope="col">${t(`Avant (${-BEFORE[0]} mois), jours`, `Before (${-BEFORE[0]} months), days`)}</th>
          <th scope="col">${t(`Après (${AFTER[0]} à ${AFTER[1] + 1} mois), jours`, `After (${AFTER[0]} to ${AFTER[1] + 1} months), days`)}</th>
          <th scope="col">${t('Écart', 'Difference')}</th><th scope="col">${t('IC 95 %', '95 % CI')}</th>
          <th scope="col">${t('Taille d’effet (d)', 'Effect size (d)')}</th></tr></thead>
        <tbody>
          ${delayRow('pilots', t('Pilotes', 'Pilots'), c.pilots)}
          ${delayRow('others', t('Vagues suivantes (à leur propre ouverture)', 'Later waves (at their own opening)'), c.others)}
          ${delayRow('control', t('Collèges encore sans ENT, mêmes mois que les pilotes', 'Collèges without an ENT yet, same months as the pilots'), c.control)}
          <tr data-group="did"><th scope="row" colspan="4">${t('Pilotes − collèges encore sans ENT (différence des différences)', 'Pilots − collèges without an ENT yet (difference in differences)')}</th>${gap(c.did)}</tr>
          <tr data-group="waves"><th scope="row" colspan="4">${t('Pilotes − vagues suivantes', 'Pilots − later waves')}</th>${gap(c.groups)}</tr>
        </tbody>
      </table>
      <p class="method">${t(
        'Méthode : pour chaque établissement, délai moyen des absences justifiées (jours entre la séance manquée et ' +
          'la première justification envoyée), sur les 12 mois qui précèdent le mois d’ouverture de son ENT et sur ' +
          'les mois 6 à 17 qui le suivent ; intervalle de Student apparié, d = écart moyen ÷ écart-type des écarts. ' +
          'Les collèges encore sans ENT, mesurés sur les mêmes mois que les pilotes, donnent l’évolution générale.',
        'Method: for each school, the mean delay of justified absences (days from the missed séance to the first ' +
          'justification sent), over the 12 months before the month its ENT opened and months 6 to 17 after it; ' +
          'paired Student interval, d = mean change ÷ standard deviation of the changes. Collèges without an ENT yet, ' +
          'measured over the pilots’ months, give the general trend.',
      )}</p>`;
  }

  private renderReport() {
    const l = lang() === 'fr' ? 'fr' : 'en';
    const first = this.results.find((r) => r.key === 'perStudent' && r.months === MONTHS[0]);
    const nP = first?.pilots.length ?? 0;
    const nO = first?.others.length ?? 0;
    return html`<section class="result" aria-labelledby="report-title">
      <h3 id="report-title">${t('Rapport d’évaluation', 'Evaluation report')}</h3>
      <p data-testid="groups">${t(
        `Groupe pilote : ${nP} établissement${nP > 1 ? 's' : ''} ; vagues suivantes : ${nO}, comparés au même âge de leur ENT.`,
        `Pilot group: ${nP} school${nP > 1 ? 's' : ''}; later waves: ${nO}, compared at the same age of their ENT.`,
      )}</p>
      ${first ? html`<p class="conclusion" data-testid="conclusion">${conclusion(first, l)}</p>` : nothing}
      <table>
        <caption class="sr-only">${t('Pilotes et vagues suivantes au même âge de leur ENT', 'Pilots and later waves at the same age of their ENT')}</caption>
        <thead><tr><th scope="col">${t('Indicateur', 'Indicator')}</th><th scope="col">${t('Âge de l’ENT', 'ENT age')}</th>
          <th scope="col">${t('Pilotes', 'Pilots')}</th><th scope="col">${t('Vagues suivantes', 'Later waves')}</th>
          <th scope="col">${t('Écart', 'Difference')}</th><th scope="col">${t('IC 95 % (Welch)', '95 % CI (Welch)')}</th>
          <th scope="col">${t('IC 95 % (bootstrap)', '95 % CI (bootstrap)')}</th>
          <th scope="col">${t('Taille d’effet (d)', 'Effect size (d)')}</th></tr></thead>
        <tbody>${this.results.map((r) => {
          const def = ADOPTION_INDICATORS.find((i) => i.key === r.key)!;
          const f = (v: number) => formatNumber(v, def.digits);
          return html`<tr data-indicator=${r.key} data-months=${r.months}>
            <th scope="row">${t(def.label[0], def.label[1])}</th><td>${r.months} ${t('mois', 'months')}</td>
            <td>${f(r.pilotMean)} (n = ${r.pilots.length})</td><td>${f(r.othersMean)} (n = ${r.others.length})</td>
            <td><strong>${r.diff >= 0 ? '+' : ''}${f(r.diff)}</strong></td>
            <td>${r.welch ? `[${f(r.welch.low)} ; ${f(r.welch.high)}]` : t('groupes trop petits', 'groups too small')}</td>
            <td>${r.bootstrap ? `[${f(r.bootstrap.low)} ; ${f(r.bootstrap.high)}]` : '—'}</td>
            <td>${r.welch ? formatNumber(r.welch.effect, 2) : '—'}</td></tr>`;
        })}</tbody>
      </table>
      <p class="refused" data-testid="refused">${beforeAfterRefusal(ADOPTION_INDICATORS[0], l)}</p>
      ${this.delays ? this.renderDelays(this.delays, l) : nothing}
      <dash-chart table-only heading="${t('Établissements comparés, à 6 mois de leur ENT', 'Schools compared, 6 months into their ENT')} (${this.compared.length})"
        filename="evaluation-etablissements"
        .columns=${[
          { key: 'uai', label: 'UAI' },
          { key: 'name', label: t('Établissement', 'School') },
          {
            key: 'pilot',
            label: t('Groupe', 'Group'),
            format: (v: unknown) => (v ? t('pilote', 'pilot') : t('vague suivante', 'later wave')),
          },
          {
            key: 'starts_on',
            label: t('ENT depuis le', 'ENT since'),
            format: (v: unknown) => formatDate(v as string, 'short'),
          },
          ...ADOPTION_INDICATORS.map((i) => ({
            key: i.key,
            label: t(i.label[0], i.label[1]),
            numeric: true,
            format: (v: unknown) => formatNumber(v as number | null, i.digits),
          })),
        ]}
        .rows=${this.compared}></dash-chart>
      <p class="method">${t(
        'Méthode : pour chaque établissement, moyenne hebdomadaire des quatre semaines qui suivent le 6e (ou le 12e) ' +
          'mois de son ENT ; écart = moyenne des pilotes − moyenne des vagues suivantes du même type. Intervalle de ' +
          'Welch (variances inégales), intervalle bootstrap percentile (2 000 tirages d’établissements), d de Cohen. ' +
          'Un intervalle qui contient 0 ne permet pas de conclure.',
        'Method: for each school, the weekly mean of the four weeks after the 6th (or 12th) month of its ENT; ' +
          'difference = pilots’ mean − later waves’ mean, same kind of school. Welch interval (unequal variances), ' +
          'bootstrap percentile interval (2,000 resamples of schools), Cohen’s d. An interval containing 0 does not ' +
          'allow a conclusion.',
      )}</p>
    </section>`;
  }
}

/** A group's row of the before/after table. */
function delayRow(id: string, label: string, g: GroupChange) {
  const f = (v: number) => formatNumber(v, 1);
  return html`<tr data-group=${id}><th scope="row">${label}</th><td>${g.changes.length}</td>
    <td>${f(g.before)}</td><td>${f(g.after)}</td><td><strong>${g.change >= 0 ? '+' : ''}${f(g.change)}</strong></td>
    <td>${g.test ? `[${f(g.test.low)} ; ${f(g.test.high)}]` : t('groupe trop petit', 'group too small')}</td>
    <td>${g.test ? formatNumber(g.test.effect, 2) : '—'}</td></tr>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-evaluation': EvaluationView;
  }
}
