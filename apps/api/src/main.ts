// The server of `npm start`: API, dashboard and demo collège site on one port.
import { loadConfig } from './config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/index.js';
import { startServer } from './server.js';

const config = loadConfig();
const started = performance.now(); // a duration: the monotonic clock, not the date
console.log(config.databaseUrl ? 'Base PostgreSQL (DATABASE_URL).' : `Base embarquée : ${config.dataDir}`);
if (config.clockStart)
  console.log(`Horloge : ${config.clockStart.toISOString()} au démarrage (PREAU_CLOCK).`);
const server = await startServer({ config }).catch((err: NodeJS.ErrnoException) => {
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
const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.login.length));
console.log(`
Préau écoute sur ${server.url}  (prêt en ${((performance.now() - started) / 1000).toFixed(1)} s)
  Site du collège (démo)   ${server.url}/
  API                      ${server.url}/api/v1/
  Référence de l'API       ${server.url}/api/docs
  Tableau de bord          ${server.url}/dashboard/

Comptes de démonstration — mot de passe : ${DEMO_PASSWORD}
${DEMO_ACCOUNTS.map((a) => `  ${a.login.padEnd(width)}  ${a.label.fr}`).join('\n')}

Ctrl-C pour arrêter.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
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
