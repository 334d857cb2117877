// The API server as its own process for the usage benchmarks (no demo data): port and data directory from the
// environment; prints "ready <url>", stops cleanly on SIGTERM.
import { loadConfig } from '../apps/api/src/config.js';
import { startServer } from '../apps/api/src/server.js';

const server = await startServer({ config: loadConfig(), seedScale: false });
console.log(`ready ${server.url}`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
