import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { ApiEnv, RouteDeps } from '../deps.js';
import type { Viewer } from '../policies/index.js';
import { isUnsafeMethod } from './csrf.js';
import { claimKey, findKey, purgeKeys, releaseKey, retakeKey, storeAnswer } from './idempotency-store.js';
import { problem } from './problem.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Set on an answer given again for a key already used. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** How long a key is remembered: an offline queue may send again on the next visit, days later. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 3600 * 1000;
/** A first request still unanswered after this long is taken as lost (its process died): a retry runs it. */
const ABANDONED_AFTER_MS = 60 * 1000;
/** Refusals that say the same thing whenever the request is sent again; anything else may go otherwise later. */
const REPLAYED_REFUSALS = new Set([400, 404, 410, 413, 415, 422]);
const KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

/**
 * `Idempotency-Key` on writes (draft-ietf-httpapi-idempotency-key-header): for a signed-in user, the first request
 * with a key runs and its answer is kept; the same key with the same request gets that answer again
 * (`Idempotent-Replayed: true`) and changes nothing; the same key with another request is refused (422); while the
 * first is under way, a second waits its turn (409, `Retry-After: 1`). Answers that may differ later (401, 403,
 * 409, 429, 5xx) are not kept: the key may be used again. Without the header nothing changes.
 */
export function idempotency(deps: Pick<RouteDeps, 'db' | 'clock'>): MiddlewareHandler<ApiEnv> {
  const { db, clock } = deps;
  const guarded = async (c: Context<ApiEnv>, next: Next, viewer: Viewer, key: string) => {
    if (!KEY.test(key)) {
      throw problem(400, 'bad-request', {
        detail: `${IDEMPOTENCY_HEADER} : de 8 à 200 caractères parmi lettres, chiffres, « - », « _ », « . » et « : ».`,
        errors: [{ field: `headers.${IDEMPOTENCY_HEADER}`, message: 'clé mal formée' }],
      });
    }
    const url = new URL(c.req.url);
    const body = new Uint8Array(await c.req.raw.clone().arrayBuffer());
    const fingerprint = createHash('sha256')
      .update(`${c.req.method} ${url.pathname}${url.search}\n`)
      .update(body)
      .digest('hex');
    const now = clock();
    let claimed = await claimKey(db, viewer.id, key, fingerprint, now);
    if (claimed) await purgeKeys(db, new Date(now.getTime() - IDEMPOTENCY_TTL_MS));
    else {
      const row = await findKey(db, viewer.id, key);
      if (!row) claimed = await claimKey(db, viewer.id, key, fingerprint, now);
      else if (row.fingerprint !== fingerprint) {
        throw problem(422, 'idempotency-key-reused', {
          detail: `Cette clé ${IDEMPOTENCY_HEADER} a déjà servi pour une autre requête : rien n'a été fait.`,
        });
      } else if (row.status !== null) {
        return new Response(row.body ?? '', {
          status: row.status,
          headers: {
            ...(row.content_type ? { 'Content-Type': row.content_type } : {}),
            [REPLAYED_HEADER]: 'true',
          },
        });
      } else if (now.getTime() - new Date(row.created_at).getTime() >= ABANDONED_AFTER_MS) {
        claimed = await retakeKey(db, viewer.id, key, new Date(row.created_at), now);
      }
      if (!claimed) {
        throw problem(409, 'idempotency-key-in-progress', {
          detail: 'La même requête est en cours de traitement : réessayez dans un instant.',
          headers: { 'Retry-After': '1' },
        });
      }
    }
    try {
      await next();
    } finally {
      const res = c.res;
      if (res.status < 400 || REPLAYED_REFUSALS.has(res.status)) {
        await storeAnswer(db, viewer.id, key, {
          status: res.status,
          contentType: res.headers.get('content-type'),
          body: await res.clone().text(),
        });
      } else await releaseKey(db, viewer.id, key);
    }
  };
  // Reads and writes without a key pass through without waiting.
  return (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER);
    const viewer = c.get('viewer');
    if (key === undefined || !viewer || !isUnsafeMethod(c.req.method)) return next();
    return guarded(c, next, viewer, key);
  };
}
