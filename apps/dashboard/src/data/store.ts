/**
 * The dashboard's data: datasets fetched once each from the API (already narrowed by the server to what the
 * analyst may see), kept in DuckDB-wasm as `<name>__all`, and exposed under their contract names as views that
 * apply the page's filters (territory, profile, service). Indicators from @preau/analytics then run unchanged; a
 * filter change only redefines the views — no new download.
 */
import { DATASETS, type DatasetName, type IndicatorName, type IndicatorParams, indicator } from '@preau/analytics';
import type { Filters } from '../filters.js';
import { type Api, ApiError } from './api.js';
import { t } from '../i18n.js';
import { Database, type EngineProgress, type Row } from './db.js';

export interface LoadStep {
  id: string;
  label: string;
  loaded: number;
  total: number;
  done: boolean;
}

export type ViewFilters = Pick<Filters, 'territory' | 'profile' | 'service'>;

/** What the progress bar calls each dataset (others by their name). */
const LABELS: Partial<Record<DatasetName, [string, string]>> = {
  etablissements: ['Établissements', 'Schools'],
  usage_daily: ['Usages par jour', 'Daily usage'],
  usage_weekly: ['Usages par semaine', 'Weekly usage'],
  usage_logins: ['Connexions', 'Sign-ins'],
  usage_hourly: ['Usages par heure', 'Hourly usage'],
  usage_devices: ['Équipements des visiteurs', 'Visitors’ devices'],
  usage_visitor_days: ['Visiteurs distincts', 'Distinct visitors'],
  accounts: ['Comptes', 'Accounts'],
  deployment_states: ['États du déploiement', 'Deployment states'],
  hardware: ['Matériel', 'Hardware'],
};
const labelOf = (name: DatasetName) => {
  const l = LABELS[name];
  return l ? t(...l) : name;
};
const engineLabel = () => t('Moteur de calcul (DuckDB)', 'Query engine (DuckDB)');

export class Store extends EventTarget {
  private db: Promise<Database> | undefined;
  private readonly loading = new Map<DatasetName, Promise<void>>();
  private filters: ViewFilters = { territory: null, profile: null, service: null };
  readonly steps = new Map<string, LoadStep>();

  constructor(
    readonly api: Api,
    private readonly engineBase?: string,
  ) {
    super();
  }

  private step(id: string, label: string, loaded: number, total: number, done = false) {
    this.steps.set(id, { id, label, loaded, total, done });
    this.dispatchEvent(new Event('progress'));
  }

  /** Starts the engine (once). */
  database(): Promise<Database> {
    this.db ??= (async () => {
      this.step('engine', engineLabel(), 0, 0);
      let downloaded!: () => void;
      this.engineDownloaded = new Promise<void>((resolve) => {
        downloaded = resolve;
      });
      try {
        const db = await Database.open(this.engineBase, (p: EngineProgress) => {
          this.step('engine', engineLabel(), p.loaded, p.total);
          if (p.total > 0 && p.loaded >= p.total) downloaded();
        });
        this.step('engine', engineLabel(), 1, 1, true);
        return db;
      } catch (e) {
        this.db = undefined;
        throw new ApiError(
          `${t('Le moteur de calcul n’a pas pu démarrer', 'The query engine could not start')} : ${(e as Error).message}`,
          0,
        );
      } finally {
        downloaded();
      }
    })();
    return this.db;
  }

  /** Resolves once the engine's WebAssembly is downloaded (it compiles while the data downloads). */
  private engineDownloaded: Promise<void> = Promise.resolve();

  /** Fetches and loads datasets not loaded yet (in parallel with the engine start). */
  async ensure(names: readonly DatasetName[]): Promise<void> {
    await Promise.all(
      names.map((name) => {
        let p = this.loading.get(name);
        if (!p) {
          p = this.load(name).catch((e) => {
            this.loading.delete(name);
            throw e;
          });
          this.loading.set(name, p);
        }
        return p;
      }),
    );
  }

  isLoaded(name: DatasetName): boolean {
    return this.loading.has(name) && this.steps.get(name)?.done === true;
  }

  private async load(name: DatasetName): Promise<void> {
    const label = labelOf(name);
    this.step(name, label, 0, 0);
    const dbp = this.database();
    // The engine (the largest download, needed by every view) goes first; data follows while it compiles.
    await Promise.race([this.engineDownloaded, dbp.then(() => undefined)]);
    const bytes = await this.api.dataset(name, {}, (p) => this.step(name, label, p.loaded, p.total));
    const db = await dbp;
    await db.loadIpc(`${name}__all`, bytes);
    await this.defineView(db, name);
    this.step(name, label, bytes.byteLength, bytes.byteLength, true);
  }

  /** Loads a dataset from bytes already at hand (tests, benchmarks). */
  async loadBytes(name: DatasetName, bytes: Uint8Array): Promise<void> {
    const db = await this.database();
    await db.loadIpc(`${name}__all`, bytes);
    await this.defineView(db, name);
    this.loading.set(name, Promise.resolve());
    this.step(name, labelOf(name), bytes.byteLength, bytes.byteLength, true);
  }

  /** Defines a dataset's filtered view, again if the filters changed meanwhile. */
  private async defineView(db: Database, name: DatasetName): Promise<void> {
    let sql: string;
    do {
      sql = this.viewSql(name);
      await db.query(sql);
    } while (sql !== this.viewSql(name));
  }

  /** Applies the page's filters to every loaded dataset. Queries asked meanwhile wait for it (never stale). */
  setFilters(filters: ViewFilters): Promise<void> {
    this.filters = { territory: filters.territory, profile: filters.profile, service: filters.service };
    const previous = this.redefining;
    this.redefining = (async () => {
      await previous.catch(() => undefined);
      const db = await this.database();
      // Datasets still downloading define their view with the new filters when they arrive.
      for (const name of this.loading.keys()) {
        if (this.steps.get(name)?.done) await db.query(this.viewSql(name));
      }
    })();
    return this.redefining;
  }

  /** The latest redefinition of the filtered views. */
  private redefining: Promise<void> = Promise.resolve();

  /** The view that stands for dataset `name`: its rows within the current filters. */
  viewSql(name: DatasetName): string {
    const cols = new Set(DATASETS[name].columns.map((c) => c.name));
    const where: string[] = [];
    const t = this.filters.territory?.split(':');
    if (t && cols.has('uai')) {
      const [kind, code] = t as [string, string];
      if (/^[0-9A-Z]{1,8}$/.test(code) && ['academie', 'departement', 'uai'].includes(kind))
        where.push(`"${kind}" = '${code}'`);
    }
    if (this.filters.profile && cols.has('profile') && /^[A-Z_]+$/.test(this.filters.profile))
      where.push(`profile = '${this.filters.profile}'`);
    if (this.filters.service && cols.has('service') && /^[a-z_]+$/.test(this.filters.service))
      where.push(`service = '${this.filters.service}'`);
    return `CREATE OR REPLACE VIEW "${name}" AS SELECT * FROM "${name}__all"${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  }

  /** Runs one @preau/analytics indicator over the filtered data. */
  async indicator(name: IndicatorName, params: IndicatorParams): Promise<Row[]> {
    const { sql, datasets } = indicator(name, params);
    await this.ensure(datasets);
    await this.redefining;
    return (await this.database()).query(sql);
  }

  /** Runs dashboard SQL over the filtered data (after loading the datasets it reads). */
  async query(sql: string, datasets: readonly DatasetName[]): Promise<Row[]> {
    await this.ensure(datasets);
    await this.redefining;
    return (await this.database()).query(sql);
  }

  async close(): Promise<void> {
    if (this.db) await (await this.db).close();
  }
}
