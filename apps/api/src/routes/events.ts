/**
 * Usage event ingestion: `POST /api/v1/events`.
 *
 * Two callers:
 * - the beacon of Préau's elements, with the session cookie (sent by `sendBeacon`, so no CSRF header: events are
 *   statistics only, and the session cookie is SameSite=Lax). UAI, profile, class and visitor come from the
 *   session, never from the body; device families from the User-Agent header.
 * - a server forwarding another ENT's logs, with `Authorization: Bearer <platform token>`; it supplies uai,
 *   profile, visitor (its own key, hashed again here) and the device per event.
 *
 * The body is a JSON array or NDJSON (one event per line), as application/json, application/x-ndjson or
 * text/plain (what `sendBeacon` sends for a string). Valid events are kept, invalid ones are counted and
 * explained (index, field, message). The reply is sent once the kept events are committed.
 */
import { z } from '@hono/zod-openapi';
import { BeaconEventSchema, ForwardedEventSchema, usageProfileOf } from '@preau/core';
import type { Db } from '../db/types.js';
import { deviceFamilies } from '../events/device.js';
import { IngestBusy, toStoredEvent } from '../events/ingest.js';
import { usageServiceFor } from '../events/service.js';
import type { StoredEvent } from '../events/store.js';
import { type FieldError, fieldErrors, problem } from '../http/problem.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { USAGE_INGEST } from '../policies/index.js';

/** Most events in one request. */
export const MAX_EVENTS_PER_BATCH = 10_000;
/** Rejections explained in one reply (the count covers all). */
const MAX_EXPLAINED = 100;

const IngestReplySchema = z
  .object({
    accepted: z.number().int().openapi({ example: 998 }),
    rejected: z.number().int().openapi({ example: 2 }),
    errors: z
      .array(
        z.object({
          index: z
            .number()
            .int()
            .openapi({ description: "Position de l'événement dans le lot (à partir de 0)" }),
          field: z.string().openapi({ example: 'body.17.service' }),
          message: z.string(),
        }),
      )
      .openapi({ description: `Les ${MAX_EXPLAINED} premiers refus, expliqués` }),
  })
  .openapi('UsageIngestReply');

/** The current class of a student, cached a few minutes (sign-ins by class). */
const classCache = new Map<string, { name: string | null; until: number }>();
async function classOf(db: Db, studentId: string, now: number): Promise<string | null> {
  const hit = classCache.get(studentId);
  if (hit && hit.until > now) return hit.name;
  const rows = await db.query<{ name: string }>(
    `SELECT c.name FROM enrolments e JOIN classes c ON c.id = e.class_id
      WHERE e.student_id = $1 AND c.kind = 'classe' ORDER BY c.school_year DESC LIMIT 1`,
    [studentId],
  );
  const name = rows[0]?.name ?? null;
  if (classCache.size > 50_000) classCache.clear();
  classCache.set(studentId, { name, until: now + 300_000 });
  return name;
}

/** Splits a JSON array or NDJSON body into raw events; a body that is neither is one error. */
export function parseBatch(text: string): { items: unknown[] } | { error: FieldError } {
  const trimmed = text.trim();
  if (trimmed === '') return { items: [] };
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return { items: parsed };
    } catch {}
    return { error: { field: 'body', message: 'JSON mal formé : un tableau d’événements est attendu.' } };
  }
  const items: unknown[] = [];
  const lines = trimmed.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      items.push(JSON.parse(line));
    } catch {
      return {
        error: { field: `body.line${i + 1}`, message: `Ligne ${i + 1} : JSON mal formé (NDJSON attendu).` },
      };
    }
  }
  return { items };
}

export function registerEventRoutes(app: ApiApp, deps: RouteDeps): void {
  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/events',
      tags: ['Mesure d’audience'],
      summary: 'Recevoir un lot d’événements d’usage',
      description:
        'Lot en tableau JSON ou NDJSON (application/json, application/x-ndjson ou text/plain). Les événements ' +
        'valides sont conservés, les autres comptés et expliqués. Réponse envoyée une fois les événements ' +
        'enregistrés durablement ; 429 avec Retry-After quand le stockage est en retard.',
      access: USAGE_INGEST,
      maxBodyBytes: 8 * 1024 * 1024,
      request: {
        headers: z.object({
          authorization: z
            .string()
            .optional()
            .openapi({ description: 'Bearer <jeton de plateforme> pour un serveur qui relaie un autre ENT' }),
        }),
      },
      responses: {
        200: {
          description: 'Lot traité (au moins un événement conservé, ou lot vide)',
          content: { 'application/json': { schema: IngestReplySchema } },
        },
        400: { description: 'Aucun événement valide' },
        401: { description: 'Ni session ni jeton de plateforme valide' },
        429: { description: 'Stockage en retard : réessayer après Retry-After secondes' },
      },
    },
    async (c) => {
      const usage = await usageServiceFor(deps.config.dataDir);
      const now = deps.clock();
      const auth = c.req.header('authorization');
      const viewer = c.get('viewer');
      let forwarder: string | null = null;
      if (auth) {
        const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
        forwarder = token ? usage.tokenName(token) : null;
        if (!forwarder) throw problem(401, 'unauthenticated', { detail: 'Jeton de plateforme inconnu.' });
      } else if (!viewer) {
        throw problem(401, 'unauthenticated', {
          detail: 'Connectez-vous, ou envoyez un jeton de plateforme (Authorization: Bearer …).',
        });
      }

      const parsed = parseBatch(await c.req.text());
      if ('error' in parsed) throw problem(400, 'malformed-json', { errors: [parsed.error] });
      const { items } = parsed;
      if (items.length > MAX_EVENTS_PER_BATCH) {
        throw problem(413, 'payload-too-large', {
          detail: `Au plus ${MAX_EVENTS_PER_BATCH} événements par lot (reçu : ${items.length}).`,
        });
      }

      const kept: StoredEvent[] = [];
      const errors: (FieldError & { index: number })[] = [];
      let rejected = 0;
      const reject = (index: number, list: FieldError[]) => {
        rejected++;
        for (const e of list) if (errors.length < MAX_EXPLAINED) errors.push({ index, ...e });
      };

      if (forwarder) {
        for (let i = 0; i < items.length; i++) {
          const r = ForwardedEventSchema.safeParse(items[i]);
          if (!r.success) {
            reject(i, fieldErrors(r.error, `body.${i}`));
            continue;
          }
          const e = r.data;
          const parsedUa = e.userAgent ? deviceFamilies(e.userAgent) : undefined;
          kept.push(
            toStoredEvent(e, {
              uai: e.uai,
              profile: e.profile,
              visitor: usage.pseudonymizer.visitorId(`${forwarder}:${e.visitor}`, now),
              classe: null,
              families: {
                device: e.device ?? parsedUa?.device ?? 'autre',
                os: e.os ?? parsedUa?.os ?? 'autre',
                browser: e.browser ?? parsedUa?.browser ?? 'autre',
              },
            }),
          );
        }
      } else {
        const v = viewer!;
        const profile = usageProfileOf(v.profile);
        const origin = {
          uai: v.uai ?? '',
          profile,
          visitor: usage.pseudonymizer.visitorId(`user:${v.id}`, now),
          classe: v.profile === 'student' ? await classOf(deps.db, v.id, now.getTime()) : null,
          families: deviceFamilies(c.req.header('user-agent')),
        };
        for (let i = 0; i < items.length; i++) {
          if (!v.uai) {
            reject(i, [
              { field: `body.${i}`, message: 'Compte sans établissement : pas de mesure d’audience.' },
            ]);
            continue;
          }
          const r = BeaconEventSchema.safeParse(items[i]);
          if (!r.success) {
            reject(i, fieldErrors(r.error, `body.${i}`));
            continue;
          }
          kept.push(toStoredEvent(r.data, origin));
        }
      }

      if (kept.length === 0 && rejected > 0) {
        throw problem(400, 'validation', {
          detail: `Aucun des ${rejected} événements n’est valide.`,
          errors: errors.map(({ field, message }) => ({ field, message })),
        });
      }
      try {
        await usage.queue.submit(kept);
      } catch (error) {
        if (error instanceof IngestBusy) {
          throw problem(429, 'too-many-requests', {
            detail: 'Le stockage des événements est momentanément en retard ; renvoyez ce lot plus tard.',
            headers: { 'Retry-After': String(error.retryAfterSeconds) },
          });
        }
        throw error;
      }
      return c.json({ accepted: kept.length, rejected, errors }, 200);
    },
  );
}
