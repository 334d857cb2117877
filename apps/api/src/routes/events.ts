/**
 * Usage event ingestion: `POST /api/v1/events`, and the visits the beacon asks for, `POST /api/v1/events/visits`.
 *
 * The server owns identity and time (`events/admission.ts`). Two callers:
 * - the beacon of Préau's elements, with the session cookie (sent by `sendBeacon`, so no CSRF header: events are
 *   statistics only, the session cookie is SameSite=Lax and the Origin is checked). UAI, profile, class and
 *   visitor come from the session, the device from the User-Agent header, never from the body; each event names
 *   a visit the server issued to this same session; its time lies within that visit, the account's life and the
 *   ingestion window. An account that must still choose its password sends nothing.
 * - a server forwarding another ENT's logs, with `Authorization: Bearer <platform token>`; it supplies uai,
 *   profile, visitor (its own key, hashed again here), visit and device per event, within a week.
 * Volume is limited per session and per platform token, per hour, in the database (all processes share it).
 *
 * The body is a JSON array or NDJSON (one event per line), as application/json, application/x-ndjson or
 * text/plain (what `sendBeacon` sends for a string). Valid events are kept, invalid ones are counted and
 * explained (index, field, message). The reply is sent once the kept events are committed.
 */
import { z } from '@hono/zod-openapi';
import { BeaconEventSchema, ForwardedEventSchema, usageProfileOf } from '@preau/core';
import type { Db } from '../db/types.js';
import {
  ADMISSION,
  eventsPerSession,
  eventsPerToken,
  timeProblem,
  visitsPerSession,
  visitsPerUser,
} from '../events/admission.js';
import { deviceFamilies } from '../events/device.js';
import { IngestBusy, toStoredEvent } from '../events/ingest.js';
import { usageServiceFor } from '../events/service.js';
import type { StoredEvent } from '../events/store.js';
import { issueVisit, visitsOf } from '../events/visits.js';
import { type FieldError, fieldErrors, forbidden, problem } from '../http/problem.js';
import { requireAllowance } from '../http/rate-limit.js';
import { type ApiApp, defineRoute, type RouteDeps } from '../http/route.js';
import { derivedId } from '../ids.js';
import { USAGE_INGEST, USAGE_VISIT, type Viewer } from '../policies/index.js';

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

/** The session behind a beacon request, refused with the right problem when it may not send events. */
function beaconCaller(
  viewer: Viewer | null,
  session: { id: string } | null,
): { viewer: Viewer; sessionId: string } {
  if (!viewer || !session) {
    throw problem(401, 'unauthenticated', {
      detail: 'Connectez-vous, ou envoyez un jeton de plateforme (Authorization: Bearer …).',
    });
  }
  if (viewer.mustChangePassword) {
    throw problem(403, 'password-change-required', {
      detail: 'Choisissez un nouveau mot de passe avant de continuer (POST /api/v1/auth/password).',
    });
  }
  return { viewer, sessionId: session.id };
}

const VisitReplySchema = z
  .object({
    visitId: z.string().openapi({ example: 'vis_h3Kq9c0rZb1Yt6dW2mXoPA' }),
    expiresAt: z.string().openapi({ description: 'Au plus tard (la visite finit aussi avec la session).' }),
    now: z.string().openapi({ description: "L'heure du serveur : la balise date ses événements sur elle." }),
  })
  .openapi('UsageVisit');

export function registerEventRoutes(app: ApiApp, deps: RouteDeps): void {
  const { db } = deps;

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/events/visits',
      tags: ['Mesure d’audience'],
      summary: 'Ouvrir une visite (balise des éléments)',
      description:
        'La balise en demande une au début de chaque visite ; ses événements la nomment (`visitId`). Une visite ' +
        'appartient à la session qui l’a ouverte et finit avec elle. Nombre limité par session et par compte.',
      access: USAGE_VISIT,
      responses: {
        200: { description: 'La visite', content: { 'application/json': { schema: VisitReplySchema } } },
        429: { description: 'Trop de visites ouvertes : réessayer après Retry-After secondes' },
      },
    },
    async (c) => {
      const { viewer, sessionId } = beaconCaller(c.get('viewer'), c.get('session'));
      if (!viewer.uai) throw forbidden('Compte sans établissement : pas de mesure d’audience.');
      const now = deps.clock();
      await requireAllowance(
        db,
        visitsPerSession(sessionId),
        1,
        now,
        'Trop de visites ouvertes pour cette session.',
      );
      await requireAllowance(
        db,
        visitsPerUser(viewer.id),
        1,
        now,
        'Trop de visites ouvertes aujourd’hui pour ce compte.',
      );
      const visit = await issueVisit(db, sessionId, now);
      return c.json(
        { visitId: visit.visitId, expiresAt: visit.expiresAt.toISOString(), now: now.toISOString() },
        200,
      );
    },
  );

  defineRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/events',
      tags: ['Mesure d’audience'],
      summary: 'Recevoir un lot d’événements d’usage',
      description:
        'Lot en tableau JSON ou NDJSON (application/json, application/x-ndjson ou text/plain). Les événements ' +
        'valides sont conservés, les autres comptés et expliqués. Une session nomme dans chaque événement une ' +
        'visite ouverte par POST /api/v1/events/visits ; les heures sont bornées (pas avant la visite, le compte ' +
        'ou la fenêtre de collecte, pas dans le futur). Volume limité par session et par jeton, par heure. ' +
        'Réponse envoyée une fois les événements enregistrés durablement ; 429 avec Retry-After au-delà.',
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
        429: { description: 'Volume dépassé, ou stockage en retard : réessayer après Retry-After secondes' },
      },
    },
    async (c) => {
      const usage = await usageServiceFor(deps.config.dataDir, deps.clock);
      const now = deps.clock();
      const nowMs = now.getTime();
      const auth = c.req.header('authorization');
      let forwarder: string | null = null;
      let caller: { viewer: Viewer; sessionId: string } | null = null;
      if (auth) {
        const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
        forwarder = token ? usage.tokenName(token) : null;
        if (!forwarder) throw problem(401, 'unauthenticated', { detail: 'Jeton de plateforme inconnu.' });
      } else {
        caller = beaconCaller(c.get('viewer'), c.get('session'));
      }

      const parsed = parseBatch(await c.req.text());
      if ('error' in parsed) throw problem(400, 'malformed-json', { errors: [parsed.error] });
      const { items } = parsed;
      if (items.length > MAX_EVENTS_PER_BATCH) {
        throw problem(413, 'payload-too-large', {
          detail: `Au plus ${MAX_EVENTS_PER_BATCH} événements par lot (reçu : ${items.length}).`,
        });
      }
      // Every event sent counts, valid or not: a refused batch counts nothing, so a flood stops at the limit.
      if (forwarder) {
        await requireAllowance(
          db,
          eventsPerToken(forwarder),
          items.length,
          now,
          'Trop d’événements pour ce jeton de plateforme cette heure-ci.',
        );
      } else {
        await requireAllowance(
          db,
          eventsPerSession(caller!.sessionId),
          items.length,
          now,
          'Trop d’événements pour cette session cette heure-ci.',
        );
      }

      const kept: StoredEvent[] = [];
      const errors: (FieldError & { index: number })[] = [];
      let rejected = 0;
      const reject = (index: number, list: FieldError[]) => {
        rejected++;
        for (const e of list) if (errors.length < MAX_EXPLAINED) errors.push({ index, ...e });
      };
      const badTime = (i: number, timeMs: number, notBefore: number) => {
        const message = timeProblem(timeMs, nowMs, notBefore);
        if (message) reject(i, [{ field: `body.${i}.time`, message }]);
        return message !== null;
      };

      if (forwarder) {
        const notBefore = nowMs - ADMISSION.forwardWindowMs;
        for (let i = 0; i < items.length; i++) {
          const r = ForwardedEventSchema.safeParse(items[i]);
          if (!r.success) {
            reject(i, fieldErrors(r.error, `body.${i}`));
            continue;
          }
          const e = r.data;
          if (badTime(i, Date.parse(e.time), notBefore)) continue;
          const parsedUa = e.userAgent ? deviceFamilies(e.userAgent) : undefined;
          kept.push(
            toStoredEvent(
              // The forwarder's visits, apart from the beacon's and from other forwarders'.
              { ...e, visitId: derivedId('fwd', `${forwarder}:${e.visitId}`) },
              {
                uai: e.uai,
                profile: e.profile,
                visitor: usage.pseudonymizer.visitorId(`${forwarder}:${e.visitor}`, now),
                classe: null,
                families: {
                  device: e.device ?? parsedUa?.device ?? 'autre',
                  os: e.os ?? parsedUa?.os ?? 'autre',
                  browser: e.browser ?? parsedUa?.browser ?? 'autre',
                },
              },
            ),
          );
        }
      } else {
        const { viewer: v, sessionId } = caller!;
        const events = items.map((item) => BeaconEventSchema.safeParse(item));
        const visits = await visitsOf(
          db,
          sessionId,
          events.flatMap((r) => (r.success ? [r.data.visitId] : [])),
          now,
        );
        const createdMs = await accountCreatedMs(db, v.id);
        const origin = {
          uai: v.uai ?? '',
          profile: usageProfileOf(v.profile),
          visitor: usage.pseudonymizer.visitorId(`user:${v.id}`, now),
          classe: v.profile === 'student' ? await classOf(db, v.id, nowMs) : null,
          families: deviceFamilies(c.req.header('user-agent')),
        };
        events.forEach((r, i) => {
          if (!v.uai) {
            reject(i, [
              { field: `body.${i}`, message: 'Compte sans établissement : pas de mesure d’audience.' },
            ]);
            return;
          }
          if (!r.success) {
            reject(i, fieldErrors(r.error, `body.${i}`));
            return;
          }
          const visit = visits.get(r.data.visitId);
          if (!visit) {
            reject(i, [
              {
                field: `body.${i}.visitId`,
                message: 'Visite inconnue ou terminée : la balise en ouvre une (POST /api/v1/events/visits).',
              },
            ]);
            return;
          }
          const notBefore = Math.max(visit.issuedAt.getTime(), createdMs, nowMs - ADMISSION.beaconWindowMs);
          if (badTime(i, Date.parse(r.data.time), notBefore)) return;
          kept.push(toStoredEvent({ ...r.data, visitId: visit.visitKey }, origin));
        });
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

/** When the account was opened (its events may not be older). */
async function accountCreatedMs(db: Db, userId: string): Promise<number> {
  const row = (
    await db.query<{ created_at: string | Date }>('SELECT created_at FROM users WHERE id = $1', [userId])
  )[0];
  return row ? new Date(row.created_at).getTime() : 0;
}
