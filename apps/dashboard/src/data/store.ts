/**
 * The dashboard's data: datasets fetched once each from the API (already narrowed by the server to what the
 * analyst may see), kept in DuckDB-wasm as `<name>__all`, and exposed under their contract names as views that
 * apply the page's filters (territory, profile, service). Indicators from @preau/analytics then run unchanged; a
 * filter change only redefines the views — no new download.
 *
 * Charts over the large usage rollups go through `aggregate` instead (as Mosaic's pre-aggregator does): one table
 * per chart holding its figures already summed over the date window, per profile and service, so that changing
 * the profile or the service filter sums a few thousand rows instead of scanning the rollup again.
 */
import {
  createTableSql,
  DATASETS,
  type DatasetName,
  decodeIpc,
  type IndicatorName,
  type IndicatorParams,
  indicator,
} from '@preau/analytics';
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

/** A chart's query over one dataset, answered from a pre-aggregated table. */
export interface AggregateSpec {
  dataset: DatasetName;
  /** Grouping columns of the chart: output name → SQL over the dataset's columns. */
  dims: Record<string, string>;
  /** Additive measures: output name → aggregate over the dataset's rows (`sum(visits)`). */
  measures: Record<string, string>;
  /** Rows kept (the date window), over the dataset's columns. */
  where: string;
  /** The chart's SQL over `rel`, a relation with the dims, the measures already summed, filtered. */
  query(rel: string): string;
}

/** Filter columns a pre-aggregate keeps so that a filter change is answered from it. */
const FILTER_DIMS = ['profile', 'service'] as const;
const MAX_AGGREGATES = 32;

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
    await this.loadTable(db, name, bytes);
    await this.defineView(db, name);
    this.step(name, label, bytes.byteLength, bytes.byteLength, true);
  }

  /** Loads a dataset's stream as `<name>__all`; a stream without rows becomes an empty table of the contract. */
  private async loadTable(db: Database, name: DatasetName, bytes: Uint8Array): Promise<void> {
    const rows = bytes.byteLength < 1_000_000 ? decodeIpc(bytes).numRows : -1;
    if (rows === 0) {
      await db.query(`DROP TABLE IF EXISTS "${name}__all"`);
      await db.query(createTableSql(name, `${name}__all`));
    } else {
      await db.loadIpc(`${name}__all`, bytes);
    }
  }

  /** Loads a dataset from bytes already at hand (tests, benchmarks). */
  async loadBytes(name: DatasetName, bytes: Uint8Array): Promise<void> {
    const db = await this.database();
    await this.loadTable(db, name, bytes);
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

  /**
   * Takes the page's filters. The filtered views are redefined when a query next reads them (charts answered from
   * their pre-aggregates never wait for it); queries always see the latest filters.
   */
  setFilters(filters: ViewFilters): Promise<void> {
    this.filters = { territory: filters.territory, profile: filters.profile, service: filters.service };
    this.viewsStale = true;
    return Promise.resolve();
  }

  private viewsStale = false;
  /** The latest redefinition of the filtered views. */
  private redefining: Promise<void> = Promise.resolve();

  /** Redefines the filtered views of the loaded datasets if the filters changed since. */
  private syncViews(): Promise<void> {
    if (!this.viewsStale) return this.redefining;
    this.viewsStale = false;
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

  /** The view that stands for dataset `name`: its rows within the current filters. */
  viewSql(name: DatasetName): string {
    const cols = new Set(DATASETS[name].columns.map((c) => c.name));
    const where: string[] = [];
    const territory = this.territoryCondition(name);
    if (territory) where.push(territory);
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
    await this.syncViews();
    return (await this.database()).query(sql);
  }

  private readonly aggregates = new Map<string, Promise<string>>();
  private aggregateCount = 0;

  /**
   * A chart's rows from its pre-aggregated table: built once per chart, window and territory (one scan of the
   * dataset), then every profile or service filter is answered from it.
   */
  async aggregate(spec: AggregateSpec): Promise<Row[]> {
    await this.ensure([spec.dataset]);
    const db = await this.database();
    const cols = new Set(DATASETS[spec.dataset].columns.map((c) => c.name));
    const filterDims = FILTER_DIMS.filter((d) => cols.has(d));
    const territory = this.territoryCondition(spec.dataset);
    const key = JSON.stringify([spec.dataset, spec.dims, spec.measures, spec.where, territory]);
    let table = this.aggregates.get(key);
    if (!table) {
      const name = `preagg_${++this.aggregateCount}`;
      const select = [
        ...Object.entries(spec.dims).map(([k, e]) => `${e} AS "${k}"`),
        ...filterDims.filter((d) => !(d in spec.dims)),
        ...Object.entries(spec.measures).map(([k, e]) => `${e} AS "${k}"`),
      ].join(', ');
      const where = [spec.where, ...(territory ? [territory] : [])].join(' AND ');
      table = db
        .query(`CREATE TABLE ${name} AS SELECT ${select} FROM "${spec.dataset}__all" WHERE ${where} GROUP BY ALL`)
        .then(() => name);
      table.catch(() => this.aggregates.delete(key));
      this.aggregates.set(key, table);
      if (this.aggregates.size > MAX_AGGREGATES) {
        const [oldKey, old] = this.aggregates.entries().next().value!;
        this.aggregates.delete(oldKey);
        void old.then((t) => db.query(`DROP TABLE IF EXISTS ${t}`)).catch(() => undefined);
      }
    }
    const conds = filterDims.flatMap((d) => {
      const v = this.filters[d];
      return v && /^[A-Za-z_]+$/.test(v) ? [`${d} = '${v}'`] : [];
    });
    const rel = `(SELECT * FROM ${await table}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''})`;
    return db.query(spec.query(rel));
  }

  /** The territory filter on a dataset's place columns, or ''. */
  private territoryCondition(name: DatasetName): string {
    const cols = new Set(DATASETS[name].columns.map((c) => c.name));
    const t = this.filters.territory?.split(':');
    if (!t || !cols.has('uai')) return '';
    const [kind, code] = t as [string, string];
    return /^[0-9A-Z]{1,8}$/.test(code) && ['academie', 'departement', 'uai'].includes(kind)
      ? `"${kind}" = '${code}'`
      : '';
  }

  /** Runs dashboard SQL over the filtered data (after loading the datasets it reads). */
  async query(sql: string, datasets: readonly DatasetName[]): Promise<Row[]> {
    await this.ensure(datasets);
    await this.syncViews();
    return (await this.database()).query(sql);
  }

  async close(): Promise<void> {
    if (this.db) await (await this.db).close();
  }
}
