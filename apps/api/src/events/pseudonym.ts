/**
 * Pseudonymous visitor ids: HMAC-SHA-256 of an account key with a secret that changes every calendar month.
 * The secret lives in `<dataDir>/usage-secrets/YYYY-MM.key`, is created when missing, and the previous months'
 * secrets are deleted, so a stored id can no longer be linked back to an account once its month is over
 * (CNIL: first-party, anonymous statistics, no cross-referencing). The account id itself is never stored.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class VisitorPseudonymizer {
  readonly #dir: string;
  /** The current month's bounds (epoch ms), so that most calls skip date formatting. */
  #monthFrom = 0;
  #monthTo = 0;
  #secret: Buffer = Buffer.alloc(0);
  /** Recent ids of the current month: forwarded logs repeat the same people within and across batches. */
  #cache = new Map<string, string>();

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'usage-secrets');
  }

  /** The visitor id of an account key at `now` (64 hex characters). */
  visitorId(accountKey: string, now: Date): string {
    const secret = this.secretFor(now);
    let id = this.#cache.get(accountKey);
    if (id === undefined) {
      id = createHmac('sha256', secret).update(accountKey).digest('hex');
      if (this.#cache.size >= 200_000) this.#cache.clear();
      this.#cache.set(accountKey, id);
    }
    return id;
  }

  /** The month's secret, created on first use; older months' secrets are removed. */
  secretFor(now: Date): Buffer {
    const t = now.getTime();
    if (t >= this.#monthFrom && t < this.#monthTo) return this.#secret;
    const month = now.toISOString().slice(0, 7);
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    const file = join(this.#dir, `${month}.key`);
    let secret: Buffer;
    try {
      secret = readFileSync(file);
    } catch {
      secret = randomBytes(32);
      // 'wx': if another process created it meanwhile, keep theirs.
      try {
        writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      } catch {
        secret = readFileSync(file);
      }
    }
    for (const name of readdirSync(this.#dir)) {
      if (name.endsWith('.key') && name < `${month}.key`) rmSync(join(this.#dir, name), { force: true });
    }
    this.#monthFrom = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    this.#monthTo = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    this.#secret = secret;
    this.#cache.clear();
    return secret;
  }
}
