// `npm start`: installs if needed, builds what is stale, then runs the API, the dashboard and the demo
// collège site on one server (embedded PGlite database under ./data unless DATABASE_URL is set).
import { spawn } from 'node:child_process';
import { buildIfStale } from './build-if-stale.mjs';
import { ensureInstall, ROOT } from './ensure-install.mjs';

ensureInstall();
buildIfStale();

const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
// Ctrl-C reaches the server too (same process group); it closes itself cleanly. Forward SIGTERM.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
