import { type AttendanceStatus, isNotifiable, parisLocalTime } from '@preau/core';
import type { Db } from '../db/types.js';
import type { LiveService, Publication } from '../live/service.js';
import type { PolicyContext } from '../policies/index.js';
import { guardiansOf } from './store.js';

/** What an attendance operation needs: who acts, when, and where its notices go. */
export interface AttendanceContext extends PolicyContext {
  /** The platform's live notices (`deps.live`). */
  live: Pick<LiveService, 'publish' | 'publishAll' | 'prepare' | 'published'>;
  /** The time of the request, from the injected clock. */
  now: Date;
}

/** A family notice about one entry: which kind, and what the parent view shows. */
export interface EntryNotice {
  studentId: string;
  /** The status before the change (none for a new entry). */
  before?: AttendanceStatus;
  after: AttendanceStatus;
  /** The entry is now marked erroneous. */
  erroneous?: boolean;
  payload: Record<string, unknown>;
}

/**
 * Tells the guardians of each student about new or changed absences, lateness… and their corrections.
 *
 * Quiet hours: on the day of the séance a notice goes out at once, whatever the hour (a Saturday-morning
 * class, a roll call taken late in the evening): the family must learn now that the child is not where they
 * think, and the CPE counts on that call being made; it is a safety notice, not a work message. Anything that
 * can wait — an entry or a correction recorded on a later day — waits for the établissement's quiet hours to end.
 */
export async function tellFamilies(
  ctx: AttendanceContext,
  tx: Db,
  seance: { uai: string; starts_at: Date },
  changes: readonly EntryNotice[],
): Promise<void> {
  const publications = await familyPublications(ctx, tx, seance, changes);
  if (publications.length) await ctx.live.publishAll(tx, publications);
}

/**
 * What `tellFamilies` publishes, for a save that writes the notices in its own statement; `known`: the guardians
 * already read by the caller, by student (else they are read here).
 */
export async function familyPublications(
  ctx: AttendanceContext,
  db: Db,
  seance: { uai: string; starts_at: Date },
  changes: readonly EntryNotice[],
  known?: Readonly<Record<string, readonly string[]>>,
): Promise<Publication[]> {
  const notable = changes.filter(
    (c) => isNotifiable(c.after) || (c.before !== undefined && isNotifiable(c.before)),
  );
  if (notable.length === 0) return [];
  const guardians: Map<string, readonly string[]> = known
    ? new Map(notable.map((c) => [c.studentId, known[c.studentId] ?? []]))
    : await guardiansOf(
        db,
        notable.map((c) => c.studentId),
      );
  const sameDay = parisLocalTime(seance.starts_at).date === parisLocalTime(ctx.now).date;
  return notable.map((c) => ({
    audience: guardians.get(c.studentId) ?? [],
    kind: isNotifiable(c.after) && !c.erroneous ? 'attendance.entry' : 'attendance.correction',
    payload: c.payload,
    uai: seance.uai,
    quietHours: sameDay ? 'bypass' : 'respect',
  }));
}
