import type { Context, MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../deps.js';

/** Something checked or loaded before the handler, and nothing after it: a Promise only when it has to wait. */
export type BeforeStep = (c: Context<ApiEnv>) => void | Promise<void>;

/**
 * Steps run in order as one layer: each of Hono's layers costs a step of its own on every request, and these
 * seldom wait (a session already in the cache, a read without a token), so they run without waiting when none has to.
 */
export function beforeHandler(...steps: BeforeStep[]): MiddlewareHandler<ApiEnv> {
  return (c, next) => {
    for (let i = 0; i < steps.length; i++) {
      const pending = steps[i]!(c);
      if (pending) return pending.then(() => rest(steps, i + 1, c)).then(() => next());
    }
    return next();
  };
}

async function rest(steps: readonly BeforeStep[], from: number, c: Context<ApiEnv>): Promise<void> {
  for (let i = from; i < steps.length; i++) await steps[i]!(c);
}
