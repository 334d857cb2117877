// The embedded database's own thread: it owns the PGlite instance, and the API's thread sends it statements
// (`./pglite.ts`). A slow statement then holds this thread, never the one answering HTTP requests.
// Plain JavaScript: a worker thread starts without the TypeScript loader of its parent (tsx, vitest).
//
// Messages in: { id, op: 'query'|'exec', sql, params?, tx?, prepared? } | { op: 'begin', tx }
//              | { id, op: 'commit'|'rollback', tx }
//              | { id, op: 'dump' } | { id, op: 'close' }
// Messages out: { id, ok: true, value } | { id, ok: false, error: { message, ...fields } } | { ready: true }
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, parse, protocol, types } from '@electric-sql/pglite';

/** Values come back in the same shapes as from a PostgreSQL server (see `./postgres.ts`). */
const parsers = {
  [types.NUMERIC]: (v) => Number(v),
  [types.DATE]: (v) => v,
};

const { dataDir, loadDataDir } = workerData ?? {};
const pg = await PGlite.create({
  parsers,
  ...(dataDir ? { dataDir } : {}),
  ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
});

/** Open transactions: their statements wait in a queue read by the transaction's own callback. */
const transactions = new Map();
const ROLLBACK = Symbol('rollback');

const reply = (id, value, transfer) => parentPort.postMessage({ id, ok: true, value }, transfer);
const fail = (id, err) => parentPort.postMessage({ id, ok: false, error: plainError(err) });

/** What a database error carries (SQLSTATE code, detail, constraint…), as plain data for the other thread. */
function plainError(err) {
  if (!(err instanceof Error)) return { message: String(err) };
  const fields = { message: err.message, name: err.name };
  for (const key of Object.keys(err)) {
    const value = err[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
    fields[key] = value;
  }
  return fields;
}

/**
 * Statements kept prepared (`planOnce`, outside transactions): parsed and analysed once, as a named statement,
 * rather than at each call (two thirds of a roll-call save's time on this engine), then planned as PostgreSQL's
 * plan cache decides. Run through PGlite's own wire-protocol calls, as `pg.query` runs an unnamed one: values
 * serialized for the parameter types the server inferred, rows parsed by the same parsers.
 */
const statements = new Map();
let named = 0;

/** Runs `fn` with the database to itself, as `pg.query` does: after any open transaction, before the next. */
const alone = (fn) => pg._runExclusiveTransaction(() => pg.runExclusive(fn));

/** Sends extended-protocol messages, then Sync whatever happens (ending an error's state); their replies. */
async function exchange(messages) {
  const replies = [];
  try {
    for (const m of messages) replies.push(...(await pg.execProtocol(m, { syncToFs: false })).messages);
  } finally {
    replies.push(...(await pg.execProtocol(protocol.serialize.sync())).messages);
  }
  return replies;
}

function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    const name = `preau_${++named}`;
    statement = alone(async () => {
      const replies = await exchange([
        protocol.serialize.parse({ name, text: sql }),
        protocol.serialize.describe({ type: 'S', name }),
      ]);
      return { name, types: parse.parseDescribeStatementResults(replies) };
    });
    // One that cannot be prepared fails as it would have run; the next call tries again.
    statement.catch(() => statements.delete(sql));
    statements.set(sql, statement);
  }
  return statement;
}

async function queryPrepared(sql, params = []) {
  const { name, types } = await prepared(sql);
  const values = params.map((v, i) => (v == null ? null : (pg.serializers[types[i]] ?? String)(v)));
  const replies = await alone(() =>
    exchange([
      protocol.serialize.bind({ statement: name, values }),
      protocol.serialize.describe({ type: 'P' }),
      protocol.serialize.execute({}),
    ]),
  );
  return parse.parseResults(replies, pg.parsers)[0].rows;
}

async function run(target, msg) {
  try {
    if (msg.op === 'query') {
      const rows = msg.prepared
        ? await queryPrepared(msg.sql, msg.params)
        : (await target.query(msg.sql, msg.params)).rows;
      reply(msg.id, rows);
    } else {
      await target.exec(msg.sql);
      reply(msg.id, null);
    }
  } catch (err) {
    fail(msg.id, err);
  }
}

/** A queue that a transaction's callback awaits, message by message. */
function channel() {
  const waiting = [];
  const readers = [];
  return {
    push(msg) {
      const reader = readers.shift();
      if (reader) reader(msg);
      else waiting.push(msg);
    },
    next() {
      const msg = waiting.shift();
      return msg ? Promise.resolve(msg) : new Promise((resolve) => readers.push(resolve));
    },
    /** The messages nobody will read. */
    drain() {
      return waiting.splice(0);
    },
  };
}

/**
 * Opens transaction `msg.tx` (numbered by the API's thread, which sends its first statement without waiting for
 * an answer: one crossing less per transaction). Its statements queue from now on, and run once PGlite grants it.
 */
function begin(msg) {
  const tx = msg.tx;
  const queue = channel();
  transactions.set(tx, queue);
  let end;
  // PGlite runs one transaction at a time and queues other statements behind it, as a server's lock would.
  pg.transaction(async (t) => {
    for (;;) {
      const next = await queue.next();
      if (next.op === 'commit' || next.op === 'rollback') {
        end = next;
        if (next.op === 'rollback') throw ROLLBACK;
        return;
      }
      await run(t, next);
    }
  })
    .then(
      () => reply(end.id, null),
      (err) => {
        if (err === ROLLBACK) reply(end.id, null);
        else if (end) fail(end.id, err);
        else {
          // It could not begin: whatever was sent for it fails, and so will what comes next.
          transactions.delete(tx);
          for (const waiting of queue.drain()) fail(waiting.id, err);
        }
      },
    )
    .finally(() => transactions.delete(tx));
}

parentPort.on('message', (msg) => {
  if (msg.op === 'begin') {
    begin(msg);
    return;
  }
  if (msg.tx !== undefined) {
    const queue = transactions.get(msg.tx);
    if (queue) queue.push(msg);
    else fail(msg.id, new Error(`PGlite: transaction ${msg.tx} is not open`));
    return;
  }
  switch (msg.op) {
    case 'query':
    case 'exec':
      void run(pg, msg);
      return;
    case 'dump':
      // A consistent copy: taken when no transaction is open (PGlite's own transaction lock), after a checkpoint
      // so that the copy starts without replaying much of the log.
      pg.exec('CHECKPOINT')
        .then(() => pg._runExclusiveTransaction(() => pg.dumpDataDir('none')))
        .then(
          async (blob) => {
            const bytes = await blob.arrayBuffer();
            reply(msg.id, bytes, [bytes]);
          },
          (err) => fail(msg.id, err),
        );
      return;
    case 'close':
      pg.close().then(
        () => {
          reply(msg.id, null);
          parentPort.close();
        },
        (err) => fail(msg.id, err),
      );
      return;
    default:
      fail(msg.id, new Error(`PGlite: unknown operation ${msg.op}`));
  }
});
parentPort.postMessage({ ready: true });
