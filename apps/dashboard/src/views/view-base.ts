/** What every view shares: the store, the filters, a refresh on change, and a visible French error. */
import { schoolYearStartOf } from '@preau/core';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiError } from '../data/api.js';
import type { Store } from '../data/store.js';
import { DEFAULT_FILTERS, type Filters } from '../filters.js';
import type { FranceMap } from '../geo/geo.js';
import { t } from '../i18n.js';

/** Fired by a view to change filters (merged into the page's filters and written to the URL). */
export class FiltersChangeEvent extends Event {
  constructor(readonly changes: Partial<Filters>) {
    super('filters-change', { bubbles: true, composed: true });
  }
}

export const viewStyles = css`
  :host { display: block; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(28em, 1fr)); gap: 1em; }
  .wide { grid-column: 1 / -1; }
  .kpis { display: flex; flex-wrap: wrap; gap: 0.75em; margin: 0 0 1em; padding: 0; list-style: none; }
  .kpis li { border: 1px solid #ccc; border-radius: 0.4em; padding: 0.5em 0.8em; background: #fff; min-width: 10em; }
  .kpis .v { display: block; font-size: 1.5em; font-weight: 700; font-variant-numeric: tabular-nums; }
  .kpis .l { font-size: 0.85em; color: #333; }
  .error { color: #a00; background: #fff0f0; border: 1px solid #a00; padding: 0.5em; border-radius: 0.3em; }
  .busy { color: #333; font-style: italic; }
  h2 { font-size: 1.3em; margin: 0 0 0.5em; }
  label { font-size: 0.9em; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  button { font: inherit; }
  button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #0072B2; outline-offset: 1px; }
`;

export abstract class ViewBase extends LitElement {
  @property({ attribute: false }) store!: Store;
  @property({ attribute: false }) filters: Filters = DEFAULT_FILTERS;
  @property({ attribute: false }) france?: FranceMap;
  /** The latest usage day in the data (defaults for date windows). */
  @property({ attribute: false }) dataEnd?: string;
  /** The first usage week in the data. */
  @property({ attribute: false }) dataStart?: string;
  @state() protected error = '';
  @state() protected busy = false;
  /** False until the view's data has been computed once: nothing is shown as 0 while it loads. */
  @state() protected loaded = false;
  private run = 0;

  /** Which filter changes this view reacts to. */
  protected abstract readonly watches: (keyof Filters)[];
  protected abstract refresh(): Promise<void>;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.store || !this.filters) return;
    const prev = changed.get('filters') as Filters | undefined;
    const relevant =
      changed.has('store') ||
      changed.has('dataEnd') ||
      changed.has('dataStart') ||
      (changed.has('filters') &&
        (!prev || this.watches.some((k) => String(prev[k]) !== String(this.filters[k]))));
    if (relevant) void this.reload();
  }

  /** Runs the view's queries again (the retry button of an error). */
  protected async reload() {
    const run = ++this.run;
    this.busy = true;
    try {
      await this.refresh();
      if (run === this.run) {
        this.error = '';
        this.loaded = true;
      }
    } catch (e) {
      // Messages of the API are written for people; the engine's own are not shown as they are.
      if (run === this.run) {
        const readable = e instanceof ApiError || e instanceof RangeError;
        this.error = readable
          ? e.message
          : t('Le calcul n’a pas pu être fait.', 'The figures could not be computed.');
        if (!readable) console.warn('dashboard view:', e);
      }
    } finally {
      if (run === this.run) this.busy = false;
      this.dispatchEvent(new Event('view-ready', { bubbles: true, composed: true }));
    }
  }

  protected change(changes: Partial<Filters>) {
    this.dispatchEvent(new FiltersChangeEvent(changes));
  }

  protected renderStatus() {
    return html`${
      this.error
        ? html`<p class="error" role="alert">${this.error}
            <button type="button" class="retry" @click=${() => void this.reload()}>${t('Réessayer', 'Retry')}</button></p>`
        : nothing
    }
      ${
        this.busy
          ? html`<p class="busy" role="status">${this.loaded ? t('Calcul en cours…', 'Computing…') : t('Chargement des données…', 'Loading data…')}</p>`
          : nothing
      }`;
  }

  /** Window of usage indicators: the filters' dates, else the school year up to the last day of data. */
  protected window(): { from: string; to: string } {
    const to = this.filters.to ?? this.dataEnd ?? new Date().toISOString().slice(0, 10);
    const from = this.filters.from ?? schoolYearStartOf(to);
    if (from > to) {
      throw new RangeError(
        t(
          'La date de fin précède la date de début : corrigez la période.',
          'The end date is before the start date: correct the period.',
        ),
      );
    }
    return { from, to };
  }
}
