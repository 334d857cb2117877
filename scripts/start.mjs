// `npm start`: installs if needed, builds what is stale, then runs the API, the dashboard and the demo
// collège site on one server (embedded PGlite database under ./data unless DATABASE_URL is set).
// `npm run dev` (--dev): the same, restarting the server whenever its code changes.
// `npm start -- --workers N`: N server processes on one port (PostgreSQL only; see README).
import { spawn } from 'node:child_process';
import { buildIfStale } from './build-if-stale.mjs';
import { ensureInstall, ROOT } from './ensure-install.mjs';

ensureInstall();
buildIfStale();

const dev = process.argv.includes('--dev');
// Anything else is the server's (`npm start -- --workers 4`).
const serverArgs = process.argv.slice(2).filter((a) => a !== '--dev');
const args = [...(dev ? ['--watch'] : []), '--import', 'tsx', 'apps/api/src/main.ts', ...serverArgs];
const child = spawn(process.execPath, args, {
  cwd: ROOT,
  stdio: 'inherit',
});
// Ctrl-C reaches the server too (same process group); it closes itself cleanly. Forward SIGTERM.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
