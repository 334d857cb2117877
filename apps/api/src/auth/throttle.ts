/**
 * Sign-in throttling: failures counted per identifier and per client address over a sliding window.
 * Kept in memory (one API process); the clock is injected so tests move time instead of waiting.
 */
export interface ThrottleLimits {
  /** Failures allowed per window before refusing. */
  max: number;
  windowMs: number;
}

export interface LoginThrottleOptions {
  clock: () => Date;
  perLogin?: ThrottleLimits;
  perAddress?: ThrottleLimits;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;
/** Bounds memory under a flood of distinct identifiers: the oldest keys are dropped first. */
const MAX_KEYS = 100_000;

class FailureWindow {
  private readonly failures = new Map<string, number[]>();
  constructor(private readonly limits: ThrottleLimits) {}

  /** Milliseconds until another attempt is allowed, 0 when allowed now. */
  waitMs(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limits.max) return 0;
    return recent[recent.length - this.limits.max]! + this.limits.windowMs - now;
  }

  fail(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.delete(key); // re-insert: Map order is then least-recently-failed first
    this.failures.set(key, recent.slice(-this.limits.max));
    if (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
  }
}

export class LoginThrottle {
  private readonly clock: () => Date;
  private readonly logins: FailureWindow;
  private readonly addresses: FailureWindow;

  constructor(options: LoginThrottleOptions) {
    this.clock = options.clock;
    this.logins = new FailureWindow(options.perLogin ?? { max: 5, windowMs: FIFTEEN_MINUTES });
    this.addresses = new FailureWindow(options.perAddress ?? { max: 20, windowMs: FIFTEEN_MINUTES });
  }

  /** Seconds to wait before trying again (for Retry-After), or 0 when the attempt may proceed. */
  retryAfterSeconds(login: string, address: string): number {
    const now = this.clock().getTime();
    const wait = Math.max(this.logins.waitMs(normalize(login), now), this.addresses.waitMs(address, now));
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  recordFailure(login: string, address: string): void {
    const now = this.clock().getTime();
    this.logins.fail(normalize(login), now);
    this.addresses.fail(address, now);
  }

  /** A successful sign-in clears the identifier's failures (not the address's: one address, many people). */
  recordSuccess(login: string): void {
    this.logins.clear(normalize(login));
  }
}

const normalize = (login: string) => login.trim().toLowerCase();
