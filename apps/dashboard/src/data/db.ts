/**
 * The dashboard's database: DuckDB-wasm in a worker, served from the app's own files (no CDN), holding the
 * analytics datasets as tables under their contract names so that @preau/analytics' SQL runs unchanged.
 */
import * as duckdb from '@duckdb/duckdb-wasm';

export type Row = Record<string, string | number | boolean | null>;

export interface EngineProgress {
  /** Bytes of the engine downloaded so far, and in all (0 when unknown). */
  loaded: number;
  total: number;
}

/** Where the engine files are: dist/duckdb/ beside app.js once built; tests point at node_modules. */
export function defaultEngineBase(): string {
  return new URL('./duckdb/', import.meta.url).href;
}

export class Database {
  private constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
    private readonly worker: Worker,
  ) {}

  /** Downloads and starts the engine (~1 s once cached), reporting download progress. */
  static async open(base = defaultEngineBase(), onProgress?: (p: EngineProgress) => void): Promise<Database> {
    const root = base.endsWith('/') ? base : `${base}/`;
    const bundle = await duckdb.selectBundle({
      mvp: { mainModule: `${root}duckdb-mvp.wasm`, mainWorker: `${root}duckdb-browser-mvp.worker.js` },
      eh: { mainModule: `${root}duckdb-eh.wasm`, mainWorker: `${root}duckdb-browser-eh.worker.js` },
    });
    const worker = new Worker(bundle.mainWorker!);
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) =>
      onProgress?.({ loaded: p.bytesLoaded, total: p.bytesTotal }),
    );
    // Extensions would be fetched from the internet: refuse clearly instead of hanging.
    const conn = await db.connect();
    await conn.query('SET autoload_known_extensions = false');
    await conn.query('SET autoinstall_known_extensions = false');
    return new Database(db, conn, worker);
  }

  /** Replaces table `name` with the rows of an Arrow IPC stream. */
  async loadIpc(name: string, bytes: Uint8Array): Promise<void> {
    await this.conn.query(`DROP TABLE IF EXISTS "${name}"`);
    await this.conn.insertArrowFromIPCStream(bytes, { name, create: true });
  }

  async hasTable(name: string): Promise<boolean> {
    const rows = await this.query(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = '${name}'`);
    return (rows[0]?.n as number) > 0;
  }

  /** Runs SQL and returns plain rows (dates as ISO strings, big integers as numbers). */
  async query(sql: string): Promise<Row[]> {
    const table = await this.conn.query(sql);
    return arrowRows(table);
  }

  async close(): Promise<void> {
    await this.conn.close();
    await this.db.terminate();
    this.worker.terminate();
  }
}

interface ArrowLike {
  schema: { fields: { name: string; type: { typeId: number; toString(): string } }[] };
  numRows: number;
  getChild(name: string): { get(i: number): unknown } | null;
}

/** Arrow table → plain rows. DATE arrives as epoch milliseconds and is turned into an ISO day. */
export function arrowRows(table: ArrowLike): Row[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => ({
    name: f.name,
    isDate: /^Date/.test(f.type.toString()),
    isTimestamp: /^Timestamp/.test(f.type.toString()),
    vector: table.getChild(f.name)!,
  }));
  const rows: Row[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    for (const c of columns) {
      const v = c.vector.get(i);
      if (v === null || v === undefined) row[c.name] = null;
      else if (typeof v === 'bigint') row[c.name] = Number(v);
      else if (c.isDate || c.isTimestamp)
        row[c.name] = new Date(v instanceof Date ? v.getTime() : Number(v)).toISOString().slice(0, c.isDate ? 10 : 19);
      else if (typeof v === 'object') row[c.name] = String(v);
      else row[c.name] = v as string | number | boolean;
    }
    rows[i] = row;
  }
  return rows;
}
