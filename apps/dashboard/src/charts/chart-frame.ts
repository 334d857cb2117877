/**
 * `<dash-chart>`: the frame every chart sits in — a heading, a text alternative, the chart or its data table
 * (toggle), and exports (CSV of the data, SVG and PNG of the chart). The drawing itself is a function the view
 * passes in (`draw`), so one frame serves bars, lines, heatmaps and the map.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type Column, downloadCsv, downloadPng, downloadSvg, slug } from '../export.js';
import { formatNumber } from '../format.js';
import { t } from '../i18n.js';

export type Draw = (svg: SVGSVGElement, width: number) => void;

let nextId = 0;

@customElement('dash-chart')
export class DashChart extends LitElement {
  static override styles = css`
    :host { display: block; }
    figure { margin: 0; border: 1px solid #ccc; border-radius: 0.4em; padding: 0.75em; background: #fff; }
    .head { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: baseline; justify-content: space-between; }
    h3 { font-size: 1.05em; margin: 0; }
    .tools { display: flex; gap: 0.25em; flex-wrap: wrap; }
    button { font: inherit; font-size: 0.85em; padding: 0.2em 0.6em; border: 1px solid #555; background: #f6f6f6;
      border-radius: 0.3em; cursor: pointer; color: #111; }
    button:focus-visible { outline: 3px solid #0072B2; outline-offset: 1px; }
    .summary { font-size: 0.9em; color: #333; margin: 0.4em 0; }
    svg { display: block; width: 100%; height: auto; overflow: visible; }
    svg[hidden] { display: none; }
    .table-wrap { max-height: 28em; overflow: auto; }
    table { border-collapse: collapse; font-size: 0.9em; width: 100%; }
    th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.5em; text-align: left; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: 0.25em 0; }
    .empty { color: #555; font-style: italic; }
    button.link { border: none; background: none; padding: 0; color: #0b4f8a; text-decoration: underline;
      font-size: 1em; cursor: pointer; }
    @media print {
      .tools { display: none; }
      figure { break-inside: avoid; border-color: #999; }
      /* Every row on paper, not the first screenful. */
      .table-wrap { max-height: none; overflow: visible; }
    }
  `;

  @property() heading = '';
  /** Text alternative: what the chart says, in a sentence or two. */
  @property() summary = '';
  @property({ attribute: false }) columns: Column[] = [];
  @property({ attribute: false }) rows: Record<string, unknown>[] = [];
  @property({ attribute: false }) draw?: Draw;
  /** Height / width of the drawing. */
  @property({ type: Number }) aspect = 0.5;
  @property({ type: Boolean, attribute: 'table-only' }) tableOnly = false;
  @property({ type: Boolean, attribute: 'show-table' }) showTable = false;
  @property() filename = '';
  /** The drawing holds focusable parts (map territories): exposed as a group, not as one image. */
  @property({ type: Boolean }) interactive = false;
  @state() private error = '';

  private readonly uid = `chart-${++nextId}`;

  /** Drawing width = the width on screen, so that text keeps its size whatever the column width. */
  @state() private width = 800;
  private resize?: ResizeObserver;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0) - 26;
      // Redrawn at the next frame, not inside the observer (a redraw there would resize it again).
      if (w > 0 && Math.abs(w - this.width) > 8)
        requestAnimationFrame(() => {
          this.width = Math.max(320, w);
        });
    });
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
  }

  override render() {
    const file = this.filename || slug(this.heading);
    const table = this.tableOnly || this.showTable;
    return html`<figure aria-labelledby="${this.uid}-h">
      <div class="head">
        <h3 id="${this.uid}-h">${this.heading}</h3>
        <div class="tools" role="group" aria-label="${t('Exporter', 'Export')} ${this.heading}">
          ${
            this.tableOnly
              ? nothing
              : html`<button type="button" part="toggle" aria-pressed=${table ? 'true' : 'false'}
                  @click=${() => {
                    this.showTable = !this.showTable;
                  }}>${table ? t('Graphique', 'Chart') : t('Tableau de données', 'Data table')}</button>
                <button type="button" part="svg" @click=${() => this.exportSvg(file)}>SVG</button>
                <button type="button" part="png" @click=${() => this.exportPng(file)}>PNG</button>`
          }
          <button type="button" part="csv" @click=${() => downloadCsv(file, this.columns, this.rows)}>CSV</button>
        </div>
      </div>
      ${this.summary ? html`<p class="summary" id="${this.uid}-d">${this.summary}</p>` : nothing}
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      <svg part="chart" ?hidden=${table} role=${this.interactive ? 'group' : 'img'} aria-labelledby="${this.uid}-h"
        aria-describedby=${this.summary ? `${this.uid}-d` : nothing}
        viewBox="0 0 ${this.width} ${Math.round(this.width * this.aspect)}"></svg>
      ${table ? this.renderTable() : nothing}
      <slot></slot>
    </figure>`;
  }

  private renderTable() {
    if (!this.rows.length)
      return html`<p class="empty">${t('Aucune donnée pour cette période.', 'No data for this period.')}</p>`;
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${t('Données', 'Data')} : ${this.heading}">
      <table part="table">
        <caption>${this.heading}</caption>
        <thead><tr>${this.columns.map((c) => html`<th scope="col" class=${c.numeric ? 'num' : ''}>${c.label}</th>`)}</tr></thead>
        <tbody>${this.rows.map(
          (r) =>
            html`<tr>${this.columns.map((c) => {
              const v = r[c.key];
              const text = c.format
                ? c.format(v, r)
                : typeof v === 'number'
                  ? formatNumber(v, 2)
                  : (v ?? '—');
              return html`<td class=${c.numeric ? 'num' : ''}>${
                c.activate
                  ? html`<button type="button" class="link" aria-label=${c.activateLabel ? `${text} — ${c.activateLabel(r)}` : nothing}
                      @click=${() => c.activate!(r)}>${text}</button>`
                  : text
              }</td>`;
            })}</tr>`,
        )}</tbody>
      </table>
    </div>`;
  }

  get svg(): SVGSVGElement {
    return this.renderRoot.querySelector('svg')!;
  }

  protected override updated(changed: PropertyValues): void {
    if (this.tableOnly || !this.draw) return;
    if (
      changed.has('rows') ||
      changed.has('draw') ||
      changed.has('aspect') ||
      changed.has('showTable') ||
      changed.has('width')
    ) {
      const svg = this.svg;
      while (svg.firstChild) svg.firstChild.remove();
      try {
        this.draw(svg, this.width);
        this.error = '';
      } catch (e) {
        this.error = `${t('Le graphique n’a pas pu être dessiné', 'The chart could not be drawn')} : ${(e as Error).message}`;
      }
    }
  }

  private exportSvg(file: string) {
    downloadSvg(file, this.svg, this.heading);
  }

  private async exportPng(file: string) {
    try {
      await downloadPng(file, this.svg, this.heading);
    } catch (e) {
      this.error = `${t('Export PNG impossible', 'PNG export failed')} : ${(e as Error).message}`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-chart': DashChart;
  }
}
