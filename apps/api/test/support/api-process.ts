/**
 * An API server in a process of its own, for tests of several processes: the real `startServer` with the
 * environment's configuration and no demo data. Prints `READY <url>` once it listens; stops when its standard
 * input ends (so it never outlives the test that started it) or on SIGTERM.
 */
import { loadConfig } from '../../src/config.js';
import { startServer, stopWithParent } from '../../src/server.js';
import { workerUsage } from '../../src/workers.js';

// PREAU_USAGE_PORT / PREAU_USAGE_VIA: the parts `--workers` gives its processes in the event store.
const server = await startServer({ config: loadConfig(), seedScale: false, usage: workerUsage() });
process.stdout.write(`READY ${server.url.replace('localhost', '127.0.0.1')}\n`);

stopWithParent(server);
