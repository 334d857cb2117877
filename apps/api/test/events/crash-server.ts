// The API server as a separate process for the crash test: no demo data, port and data directory from the
// environment. Prints "ready" once listening.
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/server.js';

const server = await startServer({ config: loadConfig(), seedScale: false });
console.log(`ready ${server.url}`);
