import { resolve } from 'node:path';
import { instantFromEnv } from '@preau/core';
import { type UploadQuota, uploadQuotaFromEnv } from './files/quota.js';

/** Server settings, read once from the environment. */
export interface Config {
  port: number;
  /** Interface to listen on: loopback by default; HOST=0.0.0.0 to serve a network. */
  host: string;
  /** Where the embedded database, the event store and uploaded files live. */
  dataDir: string;
  /** A PostgreSQL server; when absent the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string;
  /** Connections of this process to the PostgreSQL server (default `DEFAULT_CONNECTIONS`). */
  databaseConnections?: number;
  /** School-site origins allowed to call the API with credentials (CORS), besides the API's own. */
  allowedOrigins: string[];
  /** The public origin of this server, e.g. http://localhost:8787 (used for Origin checks and links). */
  publicOrigin: string;
  /** Session lifetime in seconds. */
  sessionTtlSeconds: number;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** Upload quotas per person (24 hours) and per établissement (`PREAU_UPLOAD_QUOTA`); defaults when absent. */
  uploadQuota?: UploadQuota;
  /** Secure cookies (behind HTTPS). */
  secureCookies: boolean;
  /**
   * Behind a reverse proxy: take the client address (sign-in throttling) from the last X-Forwarded-For entry,
   * the one the proxy appended. Off by default: a client could otherwise pick its own address.
   */
  trustProxy?: boolean;
  /** Notification e-mails go to this SMTP server (`smtp://user:pass@host:587`); without it, to `<dataDir>/outbox`. */
  smtpUrl?: string;
  /** The From of notification e-mails. */
  mailFrom?: string;
  /** Federated sign-in (SAML service provider, CAS server) settings file; none: local passwords only. */
  ssoConfigFile?: string;
  /**
   * Run as if it were this instant when the server starts (demos, end-to-end tests at a fixed date): the demo
   * data is generated for that day and the server's one clock moves on from there. Absent: the real time.
   */
  clockStart?: Date;
  /**
   * How long a process may serve a session or a user's `/me` details without reading them again (default 10 s).
   * Sign-out, password changes and closures are heard at once, from every process (NOTIFY on PostgreSQL).
   */
  sessionCacheMs?: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8787);
  const publicOrigin = env.PREAU_PUBLIC_ORIGIN ?? `http://localhost:${port}`;
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.PREAU_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    databaseConnections: countFromEnv('PREAU_DB_CONNECTIONS', env.PREAU_DB_CONNECTIONS, 1, 100),
    allowedOrigins: (env.PREAU_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    publicOrigin,
    sessionTtlSeconds: Number(env.PREAU_SESSION_TTL ?? 8 * 3600),
    maxUploadBytes: Number(env.PREAU_MAX_UPLOAD_BYTES ?? 5 * 1024 * 1024),
    uploadQuota: uploadQuotaFromEnv(env.PREAU_UPLOAD_QUOTA),
    secureCookies: publicOrigin.startsWith('https://'),
    trustProxy: env.PREAU_TRUST_PROXY === '1' || env.PREAU_TRUST_PROXY === 'true',
    smtpUrl: env.PREAU_SMTP_URL || undefined,
    mailFrom: env.PREAU_MAIL_FROM || undefined,
    clockStart: instantFromEnv('PREAU_CLOCK', env.PREAU_CLOCK),
    sessionCacheMs: env.PREAU_SESSION_CACHE_MS ? Number(env.PREAU_SESSION_CACHE_MS) : undefined,
    ssoConfigFile: env.PREAU_SSO_CONFIG || undefined,
  };
}

/** A whole number between `min` and `max` from the environment, undefined when unset; else a clear error. */
function countFromEnv(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name}: a whole number from ${min} to ${max} is expected, not "${value}"`);
  }
  return n;
}
