/**
 * `<preau-dashboard>`: the analysts' app — sign-in, one set of filters kept in the URL, four views (Déploiement,
 * Équipement, Usages, Évaluation) over DuckDB-wasm, and the loading progress of data and engine.
 */
import { USAGE_PROFILES, USAGE_SERVICES } from '@preau/core';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Api, type Me } from './data/api.js';
import { Store } from './data/store.js';
import { DEFAULT_FILTERS, type Filters, filtersFromSearch, filtersToSearch, type View } from './filters.js';
import { formatDate, formatNumber, parseDate } from './format.js';
import { type FranceMap, loadFrance } from './geo/geo.js';
import { lang, setLang, t } from './i18n.js';
import { academieLabel, profileLabel, serviceLabel } from './labels.js';
import type { FiltersChangeEvent } from './views/view-base.js';
import './views/deployment-view.js';
import './views/equipment-view.js';
import './views/usage-view.js';
import './views/evaluation-view.js';

const VIEW_LABELS: Record<View, [string, string]> = {
  deploiement: ['Déploiement', 'Deployment'],
  equipement: ['Équipement', 'Equipment'],
  usages: ['Usages', 'Usage'],
  evaluation: ['Évaluation', 'Evaluation'],
};

const LANG_KEY = 'preau-dashboard-lang';

interface TerritoryChoice {
  value: string;
  label: string;
  group: 'academies' | 'departements';
}

@customElement('preau-dashboard')
export class PreauDashboard extends LitElement {
  static override styles = css`
    :host { display: block; font-family: system-ui, sans-serif; color: #111; background: #f4f5f7; min-height: 100vh;
      font-size: 16px; }
    header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 1em;
      background: #1b2a4a; color: #fff; padding: 0.6em 1em; }
    header h1 { font-size: 1.2em; margin: 0; }
    header button { font: inherit; background: transparent; color: #fff; border: 1px solid #fff; border-radius: 0.3em;
      padding: 0.2em 0.7em; cursor: pointer; }
    nav { display: flex; gap: 0.25em; padding: 0.5em 1em 0; background: #e3e7ee; flex-wrap: wrap; }
    nav a { padding: 0.4em 0.9em; border-radius: 0.4em 0.4em 0 0; color: #1b2a4a; text-decoration: none; }
    nav a[aria-current='page'] { background: #f4f5f7; font-weight: 700; }
    .filters { display: flex; flex-wrap: wrap; gap: 0.75em; align-items: end; padding: 0.75em 1em;
      border-bottom: 1px solid #ccc; }
    .filters label { display: flex; flex-direction: column; font-size: 0.85em; gap: 0.2em; }
    select, input { font: inherit; font-size: 0.95em; padding: 0.2em; }
    main { padding: 1em; }
    .progress { padding: 0.5em 1em; background: #fff; border-bottom: 1px solid #ccc; font-size: 0.9em; }
    .progress ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 1em; }
    .signin { max-width: 24em; margin: 4em auto; background: #fff; padding: 1.5em; border-radius: 0.5em;
      border: 1px solid #ccc; }
    .signin h1 { font-size: 1.3em; }
    .signin label { display: flex; flex-direction: column; margin-bottom: 0.8em; gap: 0.3em; }
    .signin button, .filters button { font: inherit; padding: 0.35em 1em; background: #1b2a4a; color: #fff;
      border: none; border-radius: 0.3em; cursor: pointer; }
    .error { color: #a00; background: #fff0f0; border: 1px solid #a00; padding: 0.5em; border-radius: 0.3em; }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible {
      outline: 3px solid #E69F00; outline-offset: 2px; }
    @media print {
      header button, nav, .filters, .progress { display: none; }
      :host { background: #fff; }
      header { background: none; color: #000; border-bottom: 2px solid #000; }
    }
  `;

  /** API root (same origin). */
  @property({ attribute: 'api-base' }) apiBase = '/api/v1';
  /** Where the DuckDB-wasm files are (default: beside the app). */
  @property({ attribute: 'engine-base' }) engineBase?: string;
  @property({ attribute: 'geo-url' }) geoUrl?: string;

  @state() private me: Me | null | undefined;
  @state() private filters: Filters = filtersFromSearch(location.search);
  @state() private france?: FranceMap;
  @state() private signInError = '';
  @state() private signingIn = false;
  @state() private territories: TerritoryChoice[] = [];
  @state() private dataStart?: string;
  @state() private dataEnd?: string;
  @state() private steps: { id: string; label: string; loaded: number; total: number; done: boolean }[] = [];
  @state() private fatal = '';

  private api!: Api;
  store?: Store;

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = setLang(
      localStorage.getItem(LANG_KEY) ?? this.getAttribute('lang') ?? document.documentElement.lang,
    );
    this.api = new Api(this.apiBase);
    window.addEventListener('popstate', this.onPopState);
    this.api.me().then(
      (me) => this.signedIn(me),
      (e) => {
        this.me = null;
        this.signInError = (e as Error).message;
      },
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPopState);
    void this.store?.close();
  }

  private onPopState = () => {
    this.filters = filtersFromSearch(location.search);
    void this.store?.setFilters(this.filters);
  };

  private signedIn(me: Me | null) {
    if (me && me.profile !== 'analyst') {
      this.me = null;
      this.signInError = t(
        'Ce tableau de bord est réservé aux analystes (rectorat, département, ministère).',
        'This dashboard is for analysts (rectorat, département, ministry) only.',
      );
      void this.api.logout();
      return;
    }
    this.me = me;
    if (!me) return;
    const store = new Store(this.api, this.engineBase);
    store.addEventListener('progress', () => {
      this.steps = [...store.steps.values()];
    });
    this.store = store;
    void store.setFilters(this.filters);
    // The first view computes from its own small datasets; the rest loads once it is on screen, so that large
    // downloads do not hold the engine while it draws.
    const firstView = new Promise((resolve) => this.addEventListener('view-ready', resolve, { once: true }));
    loadFrance(this.geoUrl).then(
      (f) => {
        this.france = f;
        void firstView.then(() => this.loadChoices());
      },
      (e) => {
        this.fatal = (e as Error).message;
      },
    );
  }

  /** Territory choices: only those of the établissements the analyst may see. */
  private async loadChoices() {
    const store = this.store!;
    try {
      const rows = await store.query(
        'SELECT DISTINCT academie, departement FROM etablissements__all ORDER BY academie, departement',
        ['etablissements'],
      );
      const f = this.france!;
      const academies = [...new Set(rows.map((r) => r.academie as string))];
      const choices: TerritoryChoice[] = academies.map((a) => ({
        value: `academie:${a}`,
        label: academieLabel(f.academieName.get(a) ?? a),
        group: 'academies',
      }));
      for (const r of rows) {
        const d = r.departement as string;
        choices.push({
          value: `departement:${d}`,
          label: `${d.replace(/^0/, '')} — ${f.departementName.get(d) ?? d}`,
          group: 'departements',
        });
      }
      this.territories = choices;
      const range = await store.query(
        'SELECT min(week) AS a, CAST(max(week) + INTERVAL 6 DAY AS DATE) AS b FROM usage_weekly__all',
        ['usage_weekly'],
      );
      this.dataStart = (range[0]?.a as string | null) ?? undefined;
      this.dataEnd = (range[0]?.b as string | null) ?? undefined;
    } catch (e) {
      this.fatal = (e as Error).message;
    }
  }

  private async onSignIn(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.signingIn = true;
    this.signInError = '';
    try {
      const me = await this.api.login(String(data.get('login') ?? ''), String(data.get('password') ?? ''));
      this.signedIn(me);
    } catch (err) {
      this.signInError = (err as Error).message;
    } finally {
      this.signingIn = false;
    }
  }

  /** French ⇄ English; the choice is remembered on this browser. */
  private switchLang() {
    const next = setLang(lang() === 'fr' ? 'en' : 'fr');
    localStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next;
    // A new filters object re-renders every view (and redraws charts) without recomputing.
    this.filters = { ...this.filters };
  }

  private async signOut() {
    await this.api.logout();
    await this.store?.close();
    this.store = undefined;
    this.me = null;
  }

  /** Merges filter changes, writes them to the URL (shareable) and to the database views. */
  setFilters(changes: Partial<Filters>, push = true) {
    this.filters = { ...this.filters, ...changes };
    const url = `${location.pathname}${filtersToSearch(this.filters)}${location.hash}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    // Views re-run their queries at once; the store makes them wait for the redefined filtered views.
    void this.store?.setFilters(this.filters);
  }

  override render() {
    if (this.me === undefined) return html`<p role="status">${t('Chargement…', 'Loading…')}</p>`;
    if (this.me === null) return this.renderSignIn();
    const name = `${this.me.firstName} ${this.me.lastName}`.trim() || this.me.login;
    const scope = this.me.scope;
    const where = !scope
      ? ''
      : scope.kind === 'national'
        ? t('France entière', 'All of France')
        : scope.kind === 'academie'
          ? academieLabel(scope.name)
          : scope.name;
    return html`<header>
        <h1>${t('Préau — tableau de bord des ENT', 'Préau — ENT dashboard')}</h1>
        <div><span data-testid="who">${name}${where ? ` — ${where}` : ''}</span> <button type="button" lang=${lang() === 'fr' ? 'en' : 'fr'} @click=${this.switchLang}>${t('English', 'Français')}</button>
          <button type="button" @click=${this.signOut}>${t('Se déconnecter', 'Sign out')}</button></div>
      </header>
      <nav aria-label=${t('Vues', 'Views')}>
        ${(Object.keys(VIEW_LABELS) as View[]).map(
          (v) => html`<a href=${filtersToSearch({ ...this.filters, view: v }) || '?'}
            aria-current=${this.filters.view === v ? 'page' : 'false'}
            @click=${(e: Event) => {
              e.preventDefault();
              this.setFilters({ view: v });
            }}>${t(...VIEW_LABELS[v])}</a>`,
        )}
      </nav>
      ${this.renderFilters()} ${this.renderProgress()}
      ${this.fatal ? html`<p class="error" role="alert">${this.fatal}</p>` : nothing}
      <main @filters-change=${(e: FiltersChangeEvent) => this.setFilters(e.changes)}>${this.renderView()}</main>`;
  }

  private renderView() {
    const common = { store: this.store, filters: this.filters, france: this.france, dataEnd: this.dataEnd };
    switch (this.filters.view) {
      case 'deploiement':
        return html`<dash-deployment .store=${common.store} .filters=${common.filters} .france=${common.france}
          .dataEnd=${common.dataEnd}></dash-deployment>`;
      case 'equipement':
        return html`<dash-equipment .store=${common.store} .filters=${common.filters} .france=${common.france}
          .dataEnd=${common.dataEnd}></dash-equipment>`;
      case 'usages':
        return html`<dash-usage .store=${common.store} .filters=${common.filters} .france=${common.france}
          .dataEnd=${common.dataEnd}></dash-usage>`;
      case 'evaluation':
        return html`<dash-evaluation .store=${common.store} .filters=${common.filters} .france=${common.france}
          .dataStart=${this.dataStart} .dataEnd=${common.dataEnd}></dash-evaluation>`;
    }
  }

  private renderFilters() {
    const f = this.filters;
    const groups = [
      ['academies', t('Académies', 'Académies')],
      ['departements', t('Départements', 'Départements')],
    ] as const;
    return html`<form class="filters" aria-label=${t('Filtres', 'Filters')} @submit=${(e: Event) => e.preventDefault()}>
      <label>${t('Territoire', 'Territory')}
        <select name="territoire" @change=${(e: Event) => this.setFilters({ territory: (e.target as HTMLSelectElement).value || null })}>
          <option value="" ?selected=${!f.territory}>${t('Tout mon territoire', 'All my territory')}</option>
          ${groups.map(
            ([g, label]) =>
              html`<optgroup label=${label}>${this.territories
                .filter((c) => c.group === g)
                .map(
                  (c) =>
                    html`<option value=${c.value} ?selected=${f.territory === c.value}>${c.label}</option>`,
                )}</optgroup>`,
          )}
          ${
            f.territory?.startsWith('uai:')
              ? html`<option value=${f.territory} selected>${t('Établissement', 'School')} ${f.territory.slice(4)}</option>`
              : nothing
          }
        </select></label>
      ${this.dateInput('du', t('Du', 'From'), f.from, (from) => this.setFilters({ from }))}
      ${this.dateInput('au', t('Au', 'To'), f.to, (to) => this.setFilters({ to }))}
      <label>${t('Profil', 'Profile')}
        <select name="profil" @change=${(e: Event) => this.setFilters({ profile: ((e.target as HTMLSelectElement).value || null) as Filters['profile'] })}>
          <option value="" ?selected=${!f.profile}>${t('Tous les profils', 'All profiles')}</option>
          ${USAGE_PROFILES.map((p) => html`<option value=${p} ?selected=${f.profile === p}>${profileLabel(p)}</option>`)}
        </select></label>
      <label>Service
        <select name="service" @change=${(e: Event) => this.setFilters({ service: ((e.target as HTMLSelectElement).value || null) as Filters['service'] })}>
          <option value="" ?selected=${!f.service}>${t('Tous les services', 'All services')}</option>
          ${USAGE_SERVICES.map((s) => html`<option value=${s} ?selected=${f.service === s}>${serviceLabel(s)}</option>`)}
        </select></label>
      <button type="button" @click=${() => this.setFilters({ ...DEFAULT_FILTERS, view: f.view })}>${t('Réinitialiser', 'Reset')}</button>
    </form>`;
  }

  /**
   * A date typed in the page's language (jj/mm/aaaa in French, dd/mm/yyyy in English) rather than the browser's
   * date picker, which follows the browser's language whatever the page says.
   */
  private dateInput(name: string, label: string, value: string | null, set: (iso: string | null) => void) {
    const shown = value ? formatDate(value, 'short') : '';
    return html`<label>${label} <input type="text" name=${name} inputmode="numeric" autocomplete="off" size="10"
      placeholder=${t('jj/mm/aaaa', 'dd/mm/yyyy')} .value=${shown}
      @change=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        const iso = parseDate(input.value);
        input.setCustomValidity(
          iso === undefined ? t('Date attendue : jj/mm/aaaa.', 'Expected date: dd/mm/yyyy.') : '',
        );
        input.reportValidity();
        if (iso !== undefined) set(iso);
      }} /></label>`;
  }

  private renderProgress() {
    const pending = this.steps.filter((s) => !s.done);
    if (!pending.length) return nothing;
    return html`<div class="progress" role="status" aria-live="polite">
      <ul>${pending.map(
        (s) => html`<li>${s.label} :
          ${
            s.total
              ? html`<progress max=${s.total} value=${s.loaded} aria-label=${s.label}></progress>
                  ${formatNumber((100 * s.loaded) / s.total, 0)} %`
              : html`<progress aria-label=${s.label}></progress>
                  ${s.loaded ? `${formatNumber(s.loaded / 1048576, 1)} ${t('Mo', 'MB')}` : t('en attente', 'waiting')}`
          }</li>`,
      )}</ul>
    </div>`;
  }

  private renderSignIn() {
    return html`<form class="signin" @submit=${this.onSignIn} aria-labelledby="signin-title">
      <h1 id="signin-title">${t('Préau — tableau de bord des ENT', 'Préau — ENT dashboard')}</h1>
      <p>${t('Connexion réservée aux analystes (rectorat, département, national).', 'For analysts only (rectorat, département, national).')}</p>
      <label>${t('Identifiant', 'Login')} <input name="login" autocomplete="username" required /></label>
      <label>${t('Mot de passe', 'Password')} <input name="password" type="password" autocomplete="current-password" required /></label>
      ${this.signInError ? html`<p class="error" role="alert">${this.signInError}</p>` : nothing}
      <button type="submit" ?disabled=${this.signingIn}>${this.signingIn ? t('Connexion…', 'Signing in…') : t('Se connecter', 'Sign in')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'preau-dashboard': PreauDashboard;
  }
}
