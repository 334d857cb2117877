/** The folder holding initdb and pg_ctl, if this machine has one. */
export function findPostgresBin(): string | undefined;
/**
 * A PostgreSQL server on loopback (a throwaway cluster, or `data` kept between runs), or why there is none on
 * this machine.
 */
export function startPostgres(options?: {
  data?: string;
}): Promise<{ url: string; stop(): Promise<void> } | { skipped: string }>;
