import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../apps/api/src/config.js';
import { type RunningServer, startServer } from '../../../apps/api/src/server.js';
import { freePort } from './server.js';

/** The collège of a test's own server (the Collège Terres Rouges in Épernay, académie de Reims). */
export const OWN_COLLEGE_UAI = '0511327R';

/**
 * A Préau of a test's own, in this process, for the tests that import a directory: no demo data, only the
 * collège's académie, département and établissement rows; its data folder (`dir`, where a test may also write the
 * sign-in settings) and its port are chosen first, so that `origin` is known before `start`. The shared server's
 * demo school stays as it is.
 */
export async function ownServer(prefix: string, clock: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const port = await freePort();
  let server: RunningServer | undefined;
  return {
    dir,
    origin: `http://localhost:${port}`,
    /** Starts the server at `clock`, with more settings in `env` (e.g. `PREAU_SSO_CONFIG`). */
    async start(env: Record<string, string> = {}): Promise<RunningServer> {
      const config = loadConfig({
        PORT: String(port),
        PREAU_DATA_DIR: join(dir, 'data'),
        PREAU_CLOCK: clock,
        ...env,
      });
      server = await startServer({ config, seedScale: false });
      await server.db.exec(`
        INSERT INTO academies (code, name) VALUES ('19', 'Reims');
        INSERT INTO departements (code, name, academie_code, region_code, region_name) VALUES ('051', 'Marne', '19', '44', 'Grand Est');
        INSERT INTO etablissements (uai, name, kind, sector, commune, departement_code) VALUES ('${OWN_COLLEGE_UAI}', 'Collège Terres Rouges', 'college', 'public', 'Épernay', '051');`);
      return server;
    },
    /** Stops the server and removes its data folder. */
    async close(): Promise<void> {
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
