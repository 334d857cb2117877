/**
 * Visits of the usage beacon. The beacon asks for one (`POST /api/v1/events/visits`) when it starts a visit;
 * the server records it against the session and answers a token, which the beacon sends with each event. The
 * event store keeps another random key for the visit, so its events cannot be tied back to the session. A visit
 * ends with its session (ON DELETE CASCADE) and after `ADMISSION.visitLifetimeMs`.
 */
import type { Db } from '../db/types.js';
import { newId } from '../ids.js';
import { ADMISSION } from './admission.js';

export interface IssuedVisit {
  visitId: string;
  expiresAt: Date;
}

export interface SessionVisit {
  visitKey: string;
  issuedAt: Date;
}

export async function issueVisit(db: Db, sessionId: string, now: Date): Promise<IssuedVisit> {
  const visitId = newId('vis');
  const expiresAt = new Date(now.getTime() + ADMISSION.visitLifetimeMs);
  await db.query(
    `INSERT INTO usage_visits (id, session_id, visit_key, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [visitId, sessionId, newId('v'), now, expiresAt],
  );
  // Expired visits of any session go a few at a time.
  await db.query(
    'DELETE FROM usage_visits WHERE id IN (SELECT id FROM usage_visits WHERE expires_at < $1 LIMIT 20)',
    [now],
  );
  return { visitId, expiresAt };
}

/** The session's visits still valid at `now`, by token, among `tokens` (those a batch names). */
export async function visitsOf(
  db: Db,
  sessionId: string,
  tokens: readonly string[],
  now: Date,
): Promise<Map<string, SessionVisit>> {
  if (tokens.length === 0) return new Map();
  const rows = await db.query<{ id: string; visit_key: string; issued_at: string | Date }>(
    `SELECT id, visit_key, issued_at FROM usage_visits
      WHERE session_id = $1 AND id = ANY($2::text[]) AND expires_at > $3`,
    [sessionId, [...new Set(tokens)], now],
  );
  return new Map(rows.map((r) => [r.id, { visitKey: r.visit_key, issuedAt: new Date(r.issued_at) }]));
}
