import { Worker } from 'node:worker_threads';
import { type CommitHooks, runCommitHooks } from './commit-hooks.js';
import type { Db, QueryOptions } from './types.js';

/**
 * The embedded database (PGlite) on a thread of its own (`./pglite-worker.mjs`): the API's thread sends each
 * statement there and awaits its rows, so a slow query delays its caller only, never the other requests. One
 * thread owns the data directory (PGlite is one PostgreSQL backend): statements run one at a time, and a
 * transaction holds the database until it ends, as a server's locks would make them wait.
 */
class PgliteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;
  private nextTx = 1;
  private failure: Error | undefined;

  constructor(workerData: { dataDir?: string; loadDataDir?: ArrayBuffer }) {
    this.worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
      workerData,
      transferList: workerData.loadDataDir ? [workerData.loadDataDir] : [],
      // The worker is plain JavaScript: no TypeScript loader to inherit.
      execArgv: [],
    });
    this.worker.on('message', (msg: Reply) => this.receive(msg));
    this.worker.on('error', (err) => this.broken(err));
    this.worker.on('exit', (code) => this.broken(new Error(`PGlite thread exited (${code})`)));
  }

  /** Resolves once the database is open (or rejects with why it could not be). */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.set(0, { resolve: () => resolve(), reject });
    });
  }

  send<T>(msg: Request): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  /** Opens a transaction without waiting: its statements, sent next, queue behind its opening on the thread. */
  begin(): number {
    const tx = this.nextTx++;
    if (!this.failure) this.worker.postMessage({ op: 'begin', tx });
    return tx;
  }

  private receive(msg: Reply): void {
    if ('ready' in msg) {
      this.pending.get(0)?.resolve(undefined);
      this.pending.delete(0);
      return;
    }
    const waiter = this.pending.get(msg.id);
    if (!waiter) return;
    this.pending.delete(msg.id);
    // An idle database does not keep the process alive (as an in-thread one would not).
    if (this.pending.size === 0) this.worker.unref();
    if (msg.ok) waiter.resolve(msg.value);
    else waiter.reject(databaseError(msg.error));
  }

  private broken(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}

type Request =
  | { op: 'query'; sql: string; params?: readonly unknown[]; tx?: number; prepared?: boolean }
  | { op: 'exec'; sql: string; tx?: number }
  | { op: 'commit' | 'rollback'; tx: number }
  | { op: 'dump' }
  | { op: 'close' };
type Reply =
  | { ready: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string } & Record<string, unknown> };

/** The database's error as thrown on its own thread: message, SQLSTATE `code`, detail, constraint… */
function databaseError(fields: { message: string } & Record<string, unknown>): Error {
  const err = new Error(fields.message);
  Object.assign(err, fields);
  return err;
}

/**
 * Opens the embedded database: in a directory, or in memory when `dir` is undefined. `from` starts it from a
 * dump of another one (`dumpPglite`), which skips PostgreSQL's initialisation.
 */
export async function openPglite(dir?: string, { from }: { from?: Blob } = {}): Promise<Db> {
  const thread = new PgliteThread({
    ...(dir ? { dataDir: dir } : {}),
    ...(from ? { loadDataDir: await from.arrayBuffer() } : {}),
  });
  await thread.ready();
  return wrap(thread, undefined, 0, null);
}

const dumps = new WeakMap<object, () => Promise<Blob>>();

/**
 * A copy of a PGlite database's whole data directory, taken between transactions (consistent while the server
 * runs): to start others from (`openPglite(…, { from })`), or to back it up.
 */
export async function dumpPglite(db: Db): Promise<Blob> {
  const dump = db.engine === 'pglite' ? dumps.get(db) : undefined;
  if (!dump) throw new Error('dumpPglite: not a PGlite database opened by openPglite');
  return dump();
}

function wrap(thread: PgliteThread, tx: number | undefined, depth: number, hooks: CommitHooks | null): Db {
  const db: Db = {
    engine: 'pglite',
    query<T>(sql: string, params?: readonly unknown[], options?: QueryOptions) {
      const prepared = options?.planOnce === true && tx === undefined;
      return thread.send<T[]>({ op: 'query', sql, params, tx, prepared });
    },
    async exec(sql: string) {
      await thread.send({ op: 'exec', sql, tx });
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      const mine: CommitHooks = [];
      if (depth > 0) {
        const result = await savepoint(db, depth, () => fn(wrap(thread, tx, depth + 1, mine)));
        hooks?.push(...mine);
        return result;
      }
      const id = thread.begin();
      let result: T;
      try {
        result = await fn(wrap(thread, id, 1, mine));
      } catch (err) {
        await thread.send({ op: 'rollback', tx: id });
        throw err;
      }
      await thread.send({ op: 'commit', tx: id });
      runCommitHooks(mine);
      return result;
    },
    afterCommit(fn) {
      if (hooks) hooks.push(fn);
      else runCommitHooks([fn]);
    },
    async close() {
      if (depth === 0) await thread.send({ op: 'close' });
    },
  };
  if (depth === 0) {
    dumps.set(db, async () => new Blob([await thread.send<ArrayBuffer>({ op: 'dump' })]));
  }
  return db;
}

async function savepoint<T>(db: Db, depth: number, fn: () => Promise<T>): Promise<T> {
  const name = `sp_${depth}`;
  await db.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await db.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await db.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    throw err;
  }
}
