/**
 * Sign-in throttling that slows guessing down without letting anyone lock a person out.
 *
 * Attempts are counted per identifier × place, where the place is the browser (a `preau_device` cookie set at a
 * successful sign-in) when it has signed this identifier in before, else the client address. A place where the
 * identifier signed in successfully within 90 days is *known*:
 * - from a known place only that place's own counter applies (`perPlace`), so someone failing elsewhere — another
 *   address, or another browser on the same school network — never stops the person from their own;
 * - from an unknown place, three counters apply: the place's (`perPlace`), the identifier's over all unknown
 *   places (`perLogin`: an attacker rotating addresses), and the address's over all identifiers it does not know
 *   (`perAddress`: one address trying many identifiers).
 * An attempt is counted before the password is checked (so parallel requests on several API processes cannot
 * pass a limit), and given back when the password was right. Counters live in the database (`rate_counters`,
 * fixed windows), so every API process shares them and a restart forgets nothing. Keys hold SHA-256 digests,
 * never a login or an address.
 *
 * Use: `const attempt = await throttle.admit(login, { address, device })` (throws 429 with Retry-After when
 * over a limit), check the password, then `await throttle.succeeded(attempt)` → the device token to set.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/types.js';
import { problem } from '../http/problem.js';
import { consume, type RateLimit, refund } from '../http/rate-limit.js';

export interface SignInLimits {
  /** Attempts per identifier × place in a window (the place's own allowance). */
  perPlace: number;
  /** Attempts per identifier from all the places it does not know. */
  perLogin: number;
  /** Attempts per address on identifiers that do not know it. */
  perAddress: number;
  windowMs: number;
  /** How long a place stays known after its last successful sign-in. */
  rememberMs: number;
}

const MINUTE = 60_000;
export const SIGN_IN_LIMITS: SignInLimits = {
  perPlace: 5,
  perLogin: 20,
  perAddress: 50,
  windowMs: 15 * MINUTE,
  rememberMs: 90 * 24 * 60 * MINUTE,
};

/** Where an attempt comes from: the client address, and the `preau_device` cookie when the browser has one. */
export interface SignInPlace {
  address: string;
  device?: string;
}

/** An admitted attempt, to hand back to `succeeded` once the password is right. */
export interface SignInAttempt {
  readonly login: string;
  readonly place: SignInPlace;
  readonly now: Date;
  readonly counted: readonly RateLimit[];
  readonly pair: RateLimit;
}

/** Fixed start of the rows that remember a known place (their end moves with each success). */
const REMEMBERED = new Date(0);

export class SignInThrottle {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    readonly limits: SignInLimits = SIGN_IN_LIMITS,
  ) {}

  /** Counts one attempt before the password is checked; a 429 problem (with Retry-After) when over a limit. */
  async admit(login: string, place: SignInPlace): Promise<SignInAttempt> {
    const now = this.clock();
    const id = normalize(login);
    const knownDevice = place.device !== undefined && (await this.known(id, `d:${place.device}`, now));
    const known = knownDevice || (await this.known(id, `a:${place.address}`, now));
    const { perPlace, perLogin, perAddress, windowMs } = this.limits;
    const pair = rule(
      `signin:place:${digest(id, knownDevice ? `d:${place.device}` : `a:${place.address}`)}`,
      perPlace,
      windowMs,
    );
    const rules = known
      ? [pair]
      : [
          pair,
          rule(`signin:login:${digest(id)}`, perLogin, windowMs),
          rule(`signin:address:${digest(place.address)}`, perAddress, windowMs),
        ];
    const counted: RateLimit[] = [];
    let wait = 0;
    for (const r of rules) {
      const decision = await consume(this.db, r, 1, now);
      if (decision.allowed) counted.push(r);
      else wait = Math.max(wait, decision.retryAfterSeconds);
    }
    if (wait > 0) {
      // A refused attempt counts nowhere: the counters it passed are given back.
      for (const r of counted) await refund(this.db, r, 1, now);
      const minutes = Math.ceil(wait / 60);
      throw problem(429, 'too-many-requests', {
        detail: `Trop de tentatives de connexion. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
        headers: { 'Retry-After': String(wait) },
      });
    }
    return { login: id, place, now, counted, pair };
  }

  /**
   * The password was right: the attempt is given back, the place's failures are forgotten, and the place (the
   * address and the browser) is remembered for `rememberMs`. Returns the device token for the cookie.
   */
  async succeeded(attempt: SignInAttempt): Promise<string> {
    const { login, place, now } = attempt;
    for (const r of attempt.counted) await refund(this.db, r, 1, now);
    await this.db.query('DELETE FROM rate_counters WHERE key = $1', [attempt.pair.key]);
    const device = place.device && DEVICE_TOKEN.test(place.device) ? place.device : newDeviceToken();
    const until = new Date(now.getTime() + this.limits.rememberMs);
    for (const where of [`a:${place.address}`, `d:${device}`]) {
      await this.db.query(
        `INSERT INTO rate_counters AS r (key, window_start, window_end, count) VALUES ($1, $2, $3, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET window_end = EXCLUDED.window_end, count = r.count + 1`,
        [`signin:known:${digest(login, where)}`, REMEMBERED, until],
      );
    }
    return device;
  }

  private async known(login: string, where: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM rate_counters WHERE key = $1 AND window_start = $2 AND window_end > $3',
      [`signin:known:${digest(login, where)}`, REMEMBERED, now],
    );
    return rows.length > 0;
  }
}

export const DEVICE_COOKIE = 'preau_device';
/** The `preau_device` cookie's value: 128 random bits, base64url. */
export const DEVICE_TOKEN = /^[A-Za-z0-9_-]{22}$/;
const newDeviceToken = () => randomBytes(16).toString('base64url');

const rule = (key: string, limit: number, windowMs: number): RateLimit => ({ key, limit, windowMs });
const normalize = (login: string) => login.trim().toLowerCase();
const digest = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32);
