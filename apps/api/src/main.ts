// The server of `npm start`: API, dashboard and demo collège site on one port; `--workers N` runs N processes
// on that port (see workers.ts).
import cluster from 'node:cluster';
import { loadConfig } from './config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/index.js';
import { startServer } from './server.js';
import { reportReady, runPrimary, workersOption, workersRefusal, workerUsage } from './workers.js';

const config = loadConfig();
const started = performance.now(); // a duration: the monotonic clock, not the date
let workers = 1;
try {
  workers = cluster.isPrimary ? workersOption(process.argv.slice(2)) : 1;
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
if (workers > 1) {
  const refusal = workersRefusal(config);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  console.log(`Base PostgreSQL (DATABASE_URL), ${workers} processus sur le port ${config.port}.`);
  const { url } = await runPrimary(workers).catch((err: Error) => {
    console.error(`Préau n'a pas pu démarrer : ${err.message}`);
    return new Promise<never>(() => {}); // the primary exits once the processes have stopped
  });
  console.log(`Préau écoute sur ${url} avec ${workers} processus (prêt en ${((performance.now() - started) / 1000).toFixed(1)} s).
Ctrl-C pour arrêter.`);
} else {
  await serveHere();
}

async function serveHere() {
  const worker = cluster.isWorker ? Number(process.env.PREAU_WORKER) : 0;
  if (worker <= 1) {
    console.log(
      config.databaseUrl ? 'Base PostgreSQL (DATABASE_URL).' : `Base embarquée : ${config.dataDir}`,
    );
    if (config.clockStart)
      console.log(`Horloge : ${config.clockStart.toISOString()} au démarrage (PREAU_CLOCK).`);
  }
  const server = await startServer({ config, usage: workerUsage() }).catch((err: NodeJS.ErrnoException) => {
    console.error(
      err.code === 'EADDRINUSE'
        ? `Le port ${config.port} est déjà utilisé (un autre Préau ?) : arrêtez-le, ou choisissez un autre port, ` +
            `par exemple PORT=${config.port + 1} npm start.`
        : `Le serveur n'a pas pu démarrer : ${err.message}`,
    );
    process.exit(1);
  });
  if (server.seeded) {
    const { counts, timings } = server.seeded;
    console.log(
      `Données de démonstration chargées en ${(timings.total / 1000).toFixed(1)} s ` +
        `(${counts.users ?? 0} comptes, ${counts.seances ?? 0} séances).`,
    );
  }
  reportReady(server.url);
  // One process of several: the first says where to go; the primary handles Ctrl-C and sends each a SIGTERM.
  if (worker > 1) return stopOn(server, ['SIGTERM']);
  const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.login.length));
  console.log(`
Préau écoute sur ${server.url}  (prêt en ${((performance.now() - started) / 1000).toFixed(1)} s)
  Site du collège (démo)   ${server.url}/
  API                      ${server.url}/api/v1/
  Référence de l'API       ${server.url}/api/docs
  Tableau de bord          ${server.url}/dashboard/

Comptes de démonstration — mot de passe : ${DEMO_PASSWORD}
${DEMO_ACCOUNTS.map((a) => `  ${a.login.padEnd(width)}  ${a.label.fr}`).join('\n')}

${cluster.isWorker ? '' : 'Ctrl-C pour arrêter.'}`);
  stopOn(server, cluster.isWorker ? ['SIGTERM'] : ['SIGINT', 'SIGTERM']);
}

function stopOn(server: { close(): Promise<void> }, signals: NodeJS.Signals[]) {
  if (cluster.isWorker) process.on('SIGINT', () => {}); // Ctrl-C reaches the whole group: the primary decides
  let stopping = false;
  for (const signal of signals) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second Ctrl-C does not wait
      stopping = true;
      console.log('\nArrêt…');
      server.close().then(
        () => process.exit(0),
        (err: Error) => {
          console.error(err.message);
          process.exit(1);
        },
      );
    });
  }
}
