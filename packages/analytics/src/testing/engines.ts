/**
 * The two DuckDB engines the indicators run in, loaded with the same dataset rows: @duckdb/node-api (the server)
 * and DuckDB-wasm's blocking Node build (the dashboard's engine), fed through Arrow IPC as the browser is.
 * Shared by the indicator tests and the benchmarks.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createDuckDB, NODE_RUNTIME, VoidLogger } from '@duckdb/duckdb-wasm/blocking';
import { DuckDBInstance } from '@duckdb/node-api';
import { type ColumnValues, datasetTable, encodeIpc, isoToEpochDay } from '../arrow.js';
import { createTableSql, DATASETS, type DatasetName } from '../datasets.js';

export type Row = Record<string, string | number | boolean | null>;
export type Rows = Partial<Record<DatasetName, Row[]>>;

export interface Engine {
  name: 'node' | 'wasm';
  query(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

function sqlLiteral(value: string | number | boolean | null, type: string): string {
  if (value === null) return 'NULL';
  if (type === 'VARCHAR') return `'${String(value).replaceAll("'", "''")}'`;
  if (type === 'DATE') return `DATE '${value}'`;
  return String(value);
}

/** Columns of a dataset from row objects (DATE given as ISO strings), for `datasetTable`. */
export function rowsToColumns(name: DatasetName, rows: readonly Row[]): Record<string, ColumnValues> {
  const columns: Record<string, ColumnValues> = {};
  for (const col of DATASETS[name].columns) {
    columns[col.name] =
      col.type === 'DATE'
        ? Int32Array.from(rows, (r) => isoToEpochDay(String(r[col.name])))
        : rows.map((r) => (r[col.name] ?? null) as string | number | null);
  }
  return columns;
}

/** Plain JS values: bigint → number, Date → ISO date (results compare equal across engines). */
function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') return String(value);
  return value as string | number | boolean;
}
const plainRow = (r: Record<string, unknown>): Row =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)]));

export async function nodeEngine(data: Rows): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  for (const [name, rows] of Object.entries(data) as [DatasetName, Row[]][]) {
    await conn.run(createTableSql(name));
    const cols = DATASETS[name].columns;
    for (let i = 0; i < rows.length; i += 1000) {
      const values = rows
        .slice(i, i + 1000)
        .map((r) => `(${cols.map((c) => sqlLiteral(r[c.name] ?? null, c.type)).join(', ')})`);
      if (values.length) await conn.run(`INSERT INTO "${name}" VALUES ${values.join(', ')}`);
    }
  }
  return {
    name: 'node',
    async query(sql) {
      const reader = await conn.runAndReadAll(sql);
      return (reader.getRowObjectsJS() as Record<string, unknown>[]).map(plainRow);
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** DuckDB-wasm in Node, datasets inserted from Arrow IPC streams (as the dashboard does). */
export async function wasmEngine(data: Rows | Partial<Record<DatasetName, Uint8Array>>): Promise<Engine> {
  const dist = dirname(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'));
  const db = await createDuckDB(
    {
      mvp: {
        mainModule: join(dist, 'duckdb-mvp.wasm'),
        mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs'),
      },
      eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new VoidLogger(),
    NODE_RUNTIME,
  );
  await db.instantiate();
  const conn = db.connect();
  for (const [name, value] of Object.entries(data) as [DatasetName, Row[] | Uint8Array][]) {
    const bytes =
      value instanceof Uint8Array ? value : encodeIpc(datasetTable(name, rowsToColumns(name, value)));
    conn.insertArrowFromIPCStream(bytes, { name, create: true });
  }
  return {
    name: 'wasm',
    async query(sql) {
      const table = conn.query(sql);
      return table.toArray().map((r: { toJSON(): Record<string, unknown> }) => plainRow(r.toJSON()));
    },
    async close() {
      conn.close();
      db.reset();
    },
  };
}
