/**
 * Rate limits counted in the database, so that every API process shares them and a restart forgets nothing:
 * a fixed window per key (`events:session:<id>`, `visits:user:<id>`…), counted up by a cost (events in a batch,
 * one visit). `consume` counts and answers in one statement; a request over the limit counts nothing, so a
 * refused batch does not eat the next window's allowance. Expired windows are deleted a few at a time.
 */
import type { Db } from '../db/types.js';
import { problem } from './problem.js';

export interface RateLimit {
  /** What is counted, e.g. `events:session:<session id>`. */
  key: string;
  /** Most units per window. */
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Units counted in the window, this request included when allowed. */
  count: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/** Counts `cost` units against `rule` at `now`; refused (nothing counted) when the window would pass its limit. */
export async function consume(db: Db, rule: RateLimit, cost: number, now: Date): Promise<RateDecision> {
  const start = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  const end = start + rule.windowMs;
  const retryAfterSeconds = Math.max(1, Math.ceil((end - now.getTime()) / 1000));
  if (cost > rule.limit) return { allowed: false, count: cost, retryAfterSeconds };
  const rows = await db.query<{ count: string | number }>(
    `INSERT INTO rate_counters AS r (key, window_start, window_end, count) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key, window_start) DO UPDATE SET count = r.count + EXCLUDED.count
       WHERE r.count + EXCLUDED.count <= $5
     RETURNING count`,
    [rule.key, new Date(start), new Date(end), cost, rule.limit],
  );
  await db.query(
    'DELETE FROM rate_counters WHERE ctid IN (SELECT ctid FROM rate_counters WHERE window_end < $1 LIMIT 20)',
    [now],
  );
  if (rows.length === 0) return { allowed: false, count: rule.limit, retryAfterSeconds };
  return { allowed: true, count: Number(rows[0]!.count), retryAfterSeconds };
}

/** `consume`, turned into a 429 problem (with Retry-After) when refused; `what` says what is limited, in French. */
export async function requireAllowance(
  db: Db,
  rule: RateLimit,
  cost: number,
  now: Date,
  what: string,
): Promise<void> {
  const decision = await consume(db, rule, cost, now);
  if (!decision.allowed) {
    throw problem(429, 'too-many-requests', {
      detail: `${what} Réessayez dans ${Math.ceil(decision.retryAfterSeconds / 60)} min.`,
      headers: { 'Retry-After': String(decision.retryAfterSeconds) },
    });
  }
}

/** Gives back `cost` units counted by `consume` at `now` (an attempt that turned out not to count). */
export async function refund(db: Db, rule: RateLimit, cost: number, now: Date): Promise<void> {
  const start = Math.floor(now.getTime() / rule.windowMs) * rule.windowMs;
  await db.query(
    'UPDATE rate_counters SET count = GREATEST(count - $3, 0) WHERE key = $1 AND window_start = $2',
    [rule.key, new Date(start), cost],
  );
}
