/** Usages: visits and visitors over time by profile, top services, hour × weekday peaks, devices, accounts. */
import { USAGE_PROFILES } from '@preau/core';
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import '../charts/chart-frame.js';
import { barAspect, drawBars, drawHeatmap, drawLines } from '../charts/draw.js';
import type { Row } from '../data/db.js';
import type { Filters } from '../filters.js';
import { formatDate, formatNumber, formatPercent, numberCell } from '../format.js';
import { t } from '../i18n.js';
import { profileLabel, serviceLabel, weekdays } from '../labels.js';
import {
  devices,
  heatmap,
  topServices,
  weeklyServices,
  weeklyVisitorsSql,
  weeklyVisits,
} from './usage-queries.js';
import { ViewBase, viewStyles } from './view-base.js';

@customElement('dash-usage')
export class UsageView extends ViewBase {
  static override styles = [
    viewStyles,
    css`
      .placeholder { border: 1px solid #ccc; border-radius: 0.4em; padding: 0.75em; background: #fff; min-height: 8em; }
      .placeholder h3 { font-size: 1.05em; margin: 0; }
    `,
  ];
  protected readonly watches: (keyof Filters)[] = ['territory', 'from', 'to', 'profile', 'service'];

  @state() private weekly: Row[] = [];
  @state() private byService: Row[] = [];
  @state() private visitors: Row[] = [];
  @state() private top: Row[] = [];
  @state() private heat: Row[] = [];
  @state() private devices: Row[] = [];
  @state() private accounts: Row[] = [];
  @state() private win = { from: '', to: '' };

  /** Which charts have their data: each appears as soon as its own query is done. */
  @state() private ready = new Set<string>();

  protected async refresh(): Promise<void> {
    const { from, to } = this.window();
    const p = { from, to, asOf: to };
    this.win = { from, to };
    this.ready = new Set();
    const put =
      (key: 'weekly' | 'byService' | 'visitors' | 'top' | 'heat' | 'devices' | 'accounts') =>
      (rows: Row[]) => {
        this[key] = rows;
        this.ready = new Set([...this.ready, key]);
      };
    // The server's figures first, drawn while the engine loads (only without a profile or service filter, which
    // they do not apply); each chart is replaced by the engine's as soon as it has it.
    if (!this.filters.profile && !this.filters.service) {
      void this.store.api
        .usageSummary({ from, to, territory: this.filters.territory })
        .then((summary) => {
          if (this.win.from !== from || this.win.to !== to) return;
          if (!this.ready.has('top')) put('top')(summary.services.slice(0, 10));
          if (!this.ready.has('weekly')) put('weekly')(summary.weekly);
        })
        .catch(() => undefined);
    }
    await Promise.all([
      this.store.aggregate(weeklyVisits(from, to)).then(put('weekly')),
      this.store.aggregate(weeklyServices(from, to)).then(put('byService')),
      this.store.indicator('activation_rate', { ...p, by: 'profile' }).then(put('accounts')),
      this.store.aggregate(topServices(from, to)).then(put('top')),
      this.store.aggregate(heatmap(from, to)).then(put('heat')),
      this.store.aggregate(devices(from, to)).then(put('devices')),
      this.store.query(weeklyVisitorsSql(from, to), ['usage_visitor_days']).then(put('visitors')),
    ]);
  }

  /** A chart once its data is there, else a placeholder with its title. */
  private when(key: string, heading: string, chart: unknown, wide = false) {
    if (this.ready.has(key)) return chart;
    return html`<section class="placeholder ${wide ? 'wide' : ''}" aria-busy="true">
      <h3>${heading}</h3><p class="busy">${t('Chargement…', 'Loading…')}</p></section>`;
  }

  override render() {
    const totalVisits = this.weekly.reduce((a, r) => a + (r.visits as number), 0);
    const opened = this.accounts.reduce((a, r) => a + (r.opened as number), 0);
    const activated = this.accounts.reduce((a, r) => a + (r.activated as number), 0);
    const series = USAGE_PROFILES.map((p) => ({
      name: profileLabel(p),
      points: this.weekly
        .filter((r) => r.profile === p)
        .map((r) => ({ date: r.week as string, value: r.visits as number })),
    })).filter((s) => s.points.length);
    const period = `${t('du', 'from')} ${formatDate(this.win.from)} ${t('au', 'to')} ${formatDate(this.win.to)}`;
    const peak = this.heat.reduce<Row | undefined>(
      (a, r) => (!a || (r.visits as number) > (a.visits as number) ? r : a),
      undefined,
    );
    const int0 = numberCell(0);
    const acc = this.ready.has('accounts');
    const days = weekdays();
    const serviceSeries = [...new Set(this.byService.map((r) => r.service as string))].map((service) => ({
      name: serviceLabel(service),
      points: this.byService
        .filter((r) => r.service === service)
        .map((r) => ({ date: r.week as string, value: r.visits as number })),
    }));
    const empty = (['weekly', 'top', 'devices', 'heat'] as const).every(
      (k) => this.ready.has(k) && this[k].length === 0,
    );
    if (empty || this.error) {
      return html`<h2>${t('Usages de l’ENT', 'ENT usage')}</h2>
        ${this.renderStatus()}
        ${
          empty && !this.error
            ? html`<p data-testid="no-data">${t('Aucune donnée pour cette période', 'No data for this period')}
                (${period}).</p>`
            : nothing
        }`;
    }
    return html`<h2>${t('Usages de l’ENT', 'ENT usage')}</h2>
      <p>${t('Période', 'Period')} : ${period}.</p>
      ${this.renderStatus()}
      <ul class="kpis" aria-label=${t('Chiffres clés', 'Key figures')}>
        <li data-kpi="visits"><span class="v">${this.ready.has('weekly') ? int0(totalVisits) : '…'}</span><span class="l">${t('Visites', 'Visits')}</span></li>
        <li data-kpi="opened"><span class="v">${acc ? int0(opened) : '…'}</span><span class="l">${t('Comptes ouverts', 'Accounts opened')}</span></li>
        <li data-kpi="activated"><span class="v">${acc ? int0(activated) : '…'}</span><span class="l">${t('Comptes activés', 'Accounts activated')}</span></li>
        <li data-kpi="activation"><span class="v">${acc ? formatPercent(opened ? activated / opened : null) : '…'}</span>
          <span class="l">${t('Taux d’activation', 'Activation rate')}</span></li>
      </ul>
      <div class="grid">
        ${this.when(
          'weekly',
          t('Visites par semaine et par profil', 'Weekly visits by profile'),
          html`<dash-chart class="wide" heading=${t('Visites par semaine et par profil', 'Weekly visits by profile')} .aspect=${0.35}
          .summary=${`${int0(totalVisits)} ${t('visites', 'visits')} ${period}, ${t('réparties par profil', 'by profile')} : ${series.map((s) => `${s.name} ${int0(s.points.reduce((a, p) => a + p.value, 0))}`).join(', ')}.`}
          .columns=${[
            {
              key: 'week',
              label: t('Semaine du', 'Week of'),
              format: (v: unknown) => formatDate(v as string, 'short'),
            },
            { key: 'profile', label: t('Profil', 'Profile'), format: profileLabel },
            { key: 'visits', label: t('Visites', 'Visits'), numeric: true, format: int0 },
          ]}
          .rows=${this.weekly}
          .draw=${(svg: SVGSVGElement, w: number) => drawLines(svg, w, series)}></dash-chart>`,
          true,
        )}
        ${this.when(
          'byService',
          t('Visites par semaine des cinq services principaux', 'Weekly visits of the five main services'),
          html`<dash-chart class="wide" heading=${t('Visites par semaine des cinq services principaux', 'Weekly visits of the five main services')} .aspect=${0.35}
          .summary=${serviceSeries.map((x) => `${x.name} ${int0(x.points.reduce((a, p) => a + p.value, 0))}`).join(', ')}
          .columns=${[
            {
              key: 'week',
              label: t('Semaine du', 'Week of'),
              format: (v: unknown) => formatDate(v as string, 'short'),
            },
            { key: 'service', label: 'Service', format: serviceLabel },
            { key: 'visits', label: t('Visites', 'Visits'), numeric: true, format: int0 },
          ]}
          .rows=${this.byService}
          .draw=${(svg: SVGSVGElement, w: number) => drawLines(svg, w, serviceSeries)}></dash-chart>`,
          true,
        )}
        ${this.when(
          'visitors',
          t('Visiteurs distincts par semaine', 'Distinct visitors per week'),
          html`<dash-chart heading=${t('Visiteurs distincts par semaine', 'Distinct visitors per week')} .aspect=${0.45}
          .summary=${`${t('Au plus', 'At most')} ${int0(Math.max(0, ...this.visitors.map((r) => r.visitors as number)))} ${t('visiteurs distincts sur une semaine', 'distinct visitors in a week')} ${period}.`}
          .columns=${[
            {
              key: 'week',
              label: t('Semaine du', 'Week of'),
              format: (v: unknown) => formatDate(v as string, 'short'),
            },
            {
              key: 'visitors',
              label: t('Visiteurs distincts', 'Distinct visitors'),
              numeric: true,
              format: int0,
            },
          ]}
          .rows=${this.visitors}
          .draw=${(svg: SVGSVGElement, w: number) =>
            drawLines(svg, w, [
              {
                name: t('Visiteurs distincts', 'Distinct visitors'),
                points: this.visitors.map((r) => ({ date: r.week as string, value: r.visitors as number })),
              },
            ])}></dash-chart>`,
          false,
        )}
        ${this.when(
          'top',
          t('Services les plus utilisés', 'Most used services'),
          html`<dash-chart heading=${t('Services les plus utilisés', 'Most used services')} .aspect=${barAspect(this.top.length)}
          .summary=${`${t('Par visites', 'By visits')} : ${this.top
            .slice(0, 3)
            .map((r) => `${serviceLabel(r.service)} (${int0(r.visits)})`)
            .join(', ')}…`}
          .columns=${[
            { key: 'service', label: 'Service', format: serviceLabel },
            { key: 'visits', label: t('Visites', 'Visits'), numeric: true, format: int0 },
            { key: 'events', label: t('Actions', 'Actions'), numeric: true, format: int0 },
            {
              key: 'duration_s',
              label: t('Durée (h)', 'Duration (h)'),
              numeric: true,
              format: (v: unknown) => formatNumber((v as number) / 3600, 1),
            },
          ]}
          .rows=${this.top}
          .draw=${(svg: SVGSVGElement, w: number) =>
            drawBars(
              svg,
              w,
              this.top.map((r) => ({ label: serviceLabel(r.service), value: r.visits as number })),
            )}></dash-chart>`,
          false,
        )}
        ${this.when(
          'heat',
          t('Visites par jour et par heure', 'Visits by day and hour'),
          html`<dash-chart heading=${t('Visites par jour et par heure', 'Visits by day and hour')} .aspect=${0.4}
          .summary=${peak ? t(`Pic d’activité le ${days[(peak.weekday as number) - 1]} à ${peak.hour} h (${int0(peak.visits)} visites).`, `Busiest on ${days[(peak.weekday as number) - 1]} at ${peak.hour}:00 (${int0(peak.visits)} visits).`) : t('Aucune visite.', 'No visits.')}
          .columns=${[
            {
              key: 'weekday',
              label: t('Jour', 'Day'),
              format: (v: unknown) => days[(v as number) - 1] ?? String(v),
            },
            { key: 'hour', label: t('Heure', 'Hour'), format: (v: unknown) => `${v} h` },
            { key: 'visits', label: t('Visites', 'Visits'), numeric: true, format: int0 },
          ]}
          .rows=${this.heat}
          .draw=${(svg: SVGSVGElement, w: number) =>
            drawHeatmap(
              svg,
              w,
              this.heat.map((r) => ({
                row: days[(r.weekday as number) - 1]!,
                col: `${r.hour}`,
                value: r.visits as number,
              })),
              days,
              Array.from({ length: 24 }, (_, h) => `${h}`),
            )}></dash-chart>`,
          false,
        )}
        ${this.when(
          'devices',
          t('Visites par type d’appareil', 'Visits by device type'),
          html`<dash-chart heading=${t('Visites par type d’appareil', 'Visits by device type')} .aspect=${barAspect(this.devices.length)}
          .summary=${this.devices.map((r) => `${r.key} ${formatPercent(r.share as number)}`).join(', ')}
          .columns=${[
            { key: 'key', label: t('Appareil', 'Device') },
            { key: 'visits', label: t('Visites', 'Visits'), numeric: true, format: int0 },
            {
              key: 'share',
              label: t('Part', 'Share'),
              numeric: true,
              format: (v: unknown) => formatPercent(v as number),
            },
          ]}
          .rows=${this.devices}
          .draw=${(svg: SVGSVGElement, w: number) =>
            drawBars(
              svg,
              w,
              this.devices.map((r) => ({ label: String(r.key), value: r.visits as number })),
            )}></dash-chart>`,
          false,
        )}
        ${this.when(
          'accounts',
          t('Comptes ouverts et activés par profil', 'Accounts opened and activated by profile'),
          html`<dash-chart heading=${t('Comptes ouverts et activés par profil', 'Accounts opened and activated by profile')} .aspect=${barAspect(this.accounts.length)}
          .summary=${`${int0(activated)} ${t('comptes activés sur', 'accounts activated of')} ${int0(opened)} ${t('ouverts', 'opened')}.`}
          .columns=${[
            { key: 'key', label: t('Profil', 'Profile'), format: profileLabel },
            { key: 'opened', label: t('Ouverts', 'Opened'), numeric: true, format: int0 },
            { key: 'activated', label: t('Activés', 'Activated'), numeric: true, format: int0 },
            {
              key: 'rate',
              label: t('Taux d’activation', 'Activation rate'),
              numeric: true,
              format: (v: unknown) => formatPercent(v as number),
            },
          ]}
          .rows=${this.accounts}
          .draw=${(svg: SVGSVGElement, w: number) =>
            drawBars(
              svg,
              w,
              this.accounts.map((r) => ({
                label: profileLabel(r.key),
                value: 100 * ((r.rate as number) ?? 0),
              })),
              ' %',
            )}></dash-chart>`,
          false,
        )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-usage': UsageView;
  }
}
