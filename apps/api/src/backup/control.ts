/**
 * The control socket of a running server: `<dataDir>/preau.sock`, a Unix socket (never a network port) whose
 * file permissions are its access control — whoever may read the data folder may save it. `npm run backup`
 * asks the running server through it, since only the process holding the embedded database can dump it
 * consistently; `npm run restore` uses it to refuse restoring under a running server.
 */
import { existsSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type BackupSources, backupStream, CONTROL_SOCKET } from './snapshot.js';

export interface ControlSocket {
  close(): Promise<void>;
}

/**
 * Listens on the data directory's control socket: `GET /backup` answers the archive. When another live server
 * already holds the socket (processes sharing a PostgreSQL database and a data folder), that one answers.
 */
export async function openControlSocket(sources: BackupSources): Promise<ControlSocket | null> {
  const path = join(sources.dataDir, CONTROL_SOCKET);
  if (await isServerRunning(path)) return null;
  await rm(path, { force: true }); // a socket left by a server that did not stop cleanly
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/backup') {
      res.writeHead(404).end();
      return;
    }
    backupStream(sources)
      .then(async (stream) => {
        res.writeHead(200, { 'Content-Type': 'application/gzip' });
        await pipeline(stream, res);
      })
      .catch((err: Error) => {
        console.error(`Sauvegarde impossible : ${err.message}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(err.message);
        else res.destroy(err);
      });
  });
  try {
    await listen(server, path);
  } catch (err) {
    console.warn(
      `Pas de socket de contrôle (${path}) : ${(err as Error).message}. « npm run backup » ne pourra pas joindre ce serveur.`,
    );
    return null;
  }
  await chmod(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => rm(path, { force: true })),
  };
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Whether a server answers on the control socket at `path`. */
export async function isServerRunning(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  return new Promise((resolve) => {
    const req = request({ socketPath: path, path: '/', method: 'GET', timeout: 5000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

/** Asks the server on the control socket at `path` for a backup; resolves with the archive's stream. */
export function requestBackup(path: string): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: path, path: '/backup', method: 'GET' }, (res) => {
      if (res.statusCode === 200) {
        resolve(res);
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
      });
      res.on('end', () => reject(new Error(text || `HTTP ${res.statusCode}`)));
    });
    req.once('error', reject);
    req.end();
  });
}
