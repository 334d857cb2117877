import { resolve } from 'node:path';

/** Server settings, read once from the environment. */
export interface Config {
  port: number;
  /** Interface to listen on: loopback by default; HOST=0.0.0.0 to serve a network. */
  host: string;
  /** Where the embedded database, the event store and uploaded files live. */
  dataDir: string;
  /** A PostgreSQL server; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  /** School-site origins allowed to call the API with credentials (CORS), besides the API's own. */
  allowedOrigins: string[];
  /** The public origin of this server, e.g. http://localhost:8787 (used for Origin checks and links). */
  publicOrigin: string;
  /** Session lifetime in seconds. */
  sessionTtlSeconds: number;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** Secure cookies (behind HTTPS). */
  secureCookies: boolean;
  /**
   * Behind a reverse proxy: take the client address (sign-in throttling) from the last X-Forwarded-For entry,
   * the one the proxy appended. Off by default: a client could otherwise pick its own address.
   */
  trustProxy?: boolean;
  /** Federated sign-in (SAML service provider, CAS server) settings file; none: local passwords only. */
  ssoConfigFile?: string;
  /**
   * Run as if it were this instant when the server starts (demos, end-to-end tests at a fixed date): the demo
   * data is generated for that day and the server's one clock moves on from there. Absent: the real time.
   */
  clockStart?: Date;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8787);
  const publicOrigin = env.PREAU_PUBLIC_ORIGIN ?? `http://localhost:${port}`;
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.PREAU_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    allowedOrigins: (env.PREAU_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    publicOrigin,
    sessionTtlSeconds: Number(env.PREAU_SESSION_TTL ?? 8 * 3600),
    maxUploadBytes: Number(env.PREAU_MAX_UPLOAD_BYTES ?? 5 * 1024 * 1024),
    secureCookies: publicOrigin.startsWith('https://'),
    trustProxy: env.PREAU_TRUST_PROXY === '1' || env.PREAU_TRUST_PROXY === 'true',
    ssoConfigFile: env.PREAU_SSO_CONFIG || undefined,
    clockStart: clockStartOf(env.PREAU_CLOCK),
  };
}

function clockStartOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const start = new Date(value);
  if (Number.isNaN(start.getTime())) throw new Error(`PREAU_CLOCK: not an ISO 8601 instant: "${value}"`);
  return start;
}
