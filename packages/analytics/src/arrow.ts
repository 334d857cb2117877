/**
 * Arrow IPC encoding and decoding for the datasets of `datasets.ts` (VARCHAR columns travel dictionary-encoded):
 * the server encodes columns it read from DuckDB, the dashboard decodes them or hands the bytes straight to
 * DuckDB-wasm's `insertArrowFromIPCStream`.
 */
import {
  Table as ArrowTable,
  DateDay,
  Dictionary,
  Float64,
  Int32,
  makeData,
  makeVector,
  type Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { type ColumnType, DATASETS, type DatasetName } from './datasets.js';

/**
 * Column values as the encoder takes them: VARCHAR as (string | null)[], INTEGER as Int32Array or number[],
 * DOUBLE as Float64Array or number[], DATE as days since 1970-01-01 (Int32Array, or (number | null)[]).
 */
export type ColumnValues = ArrayLike<string | number | null>;

function vectorFor(type: ColumnType, values: ColumnValues): Vector {
  switch (type) {
    case 'VARCHAR':
      // Dictionary-encoded: codes, services and profiles repeat on every row (5–10× smaller streams); DuckDB
      // reads them back as plain VARCHAR. An empty column is plain Utf8: a stream without rows carries no
      // dictionary batch, which DuckDB-wasm refuses for dictionary-typed fields.
      if (values.length === 0) return vectorFromArray([], new Utf8());
      return vectorFromArray(
        Array.from(values as ArrayLike<string | null>),
        new Dictionary(new Utf8(), new Int32()),
      );
    case 'INTEGER':
      return values instanceof Int32Array
        ? makeVector(values)
        : vectorFromArray(Array.from(values as ArrayLike<number | null>), new Int32());
    case 'DOUBLE':
      return values instanceof Float64Array
        ? makeVector(values)
        : vectorFromArray(Array.from(values as ArrayLike<number | null>), new Float64());
    case 'DATE': {
      if (values instanceof Int32Array) {
        return makeVector(makeData({ type: new DateDay(), length: values.length, data: values }));
      }
      // nulls: a validity bitmap beside the day numbers
      const days = new Int32Array(values.length);
      const valid = new Uint8Array(Math.ceil(values.length / 8));
      let nullCount = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === null || v === undefined) nullCount++;
        else {
          days[i] = Number(v);
          valid[i >> 3]! |= 1 << (i & 7);
        }
      }
      return makeVector(
        makeData({ type: new DateDay(), length: days.length, data: days, nullBitmap: valid, nullCount }),
      );
    }
  }
}

/** Builds a dataset's Arrow table from its columns (every contract column must be given, same length). */
export function datasetTable(name: DatasetName, columns: Record<string, ColumnValues>): Table {
  const vectors: Record<string, Vector> = {};
  for (const col of DATASETS[name].columns) {
    const values = columns[col.name];
    if (!values) throw new RangeError(`${name}: colonne manquante / missing column ${col.name}`);
    vectors[col.name] = vectorFor(col.type, values);
  }
  return new ArrowTable(vectors);
}

/** Encodes a table as an Arrow IPC stream (the format of the `.arrow` endpoints). */
export function encodeIpc(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

/** Decodes an Arrow IPC stream or file. */
export function decodeIpc(bytes: Uint8Array | ArrayBuffer): Table {
  return tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
}

/** Days since 1970-01-01 of an ISO date (the DATE encoding used by `datasetTable`). */
export function isoToEpochDay(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
export function epochDayToIso(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
