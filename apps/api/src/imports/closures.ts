import type { Db } from '../db/types.js';

/**
 * Departures. An account whose owner left is closed at once (no sign-in, out of class lists) and its personal
 * data is removed by `purgeClosedAccounts` once `RETENTION_DAYS` have passed — well within the CNIL's three
 * months, even if the job misses a few days. Records others made stay (a teacher's séances, évaluations), signed
 * by an anonymous account.
 */
export const RETENTION_DAYS = 60;
const DAY_MS = 24 * 3600 * 1000;

export async function closeAccounts(
  tx: Db,
  accounts: { id: string; reason: string }[],
  now: Date,
): Promise<void> {
  if (!accounts.length) return;
  const ids = accounts.map((a) => a.id);
  const purgeAfter = new Date(now.getTime() + RETENTION_DAYS * DAY_MS);
  await tx.query('UPDATE users SET disabled_at = $2 WHERE id = ANY($1::text[])', [ids, now]);
  for (const a of accounts) {
    await tx.query(
      `INSERT INTO account_closures (user_id, closed_at, reason, purge_after) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET closed_at = EXCLUDED.closed_at, reason = EXCLUDED.reason,
         purge_after = EXCLUDED.purge_after, purged_at = NULL`,
      [a.id, now, a.reason, purgeAfter],
    );
  }
  await tx.query('DELETE FROM sessions WHERE user_id = ANY($1::text[])', [ids]);
  await tx.query('DELETE FROM cas_tickets WHERE user_id = ANY($1::text[])', [ids]);
  // Out of this year's classes and services: no roll call, no grade book line for someone who left.
  await tx.query(
    `DELETE FROM enrolments e USING classes c
      WHERE c.id = e.class_id AND e.student_id = ANY($1::text[])
        AND c.school_year = (SELECT max(school_year) FROM classes k WHERE k.uai = c.uai)`,
    [ids],
  );
  await tx.query(
    `DELETE FROM teaching_assignments t USING classes c
      WHERE c.id = t.class_id AND t.teacher_id = ANY($1::text[])
        AND c.school_year = (SELECT max(school_year) FROM classes k WHERE k.uai = c.uai)`,
    [ids],
  );
  await tx.query('UPDATE classes SET head_teacher_id = NULL WHERE head_teacher_id = ANY($1::text[])', [ids]);
}

/**
 * The retention job: removes the personal data of accounts closed more than `RETENTION_DAYS` ago. Idempotent,
 * bounded per call (`limit`), safe to run from several processes (each account is handled in its own
 * transaction under a row lock). Returns how many accounts were purged.
 */
export async function purgeClosedAccounts(db: Db, now: Date, limit = 500): Promise<number> {
  const due = await db.query<{ user_id: string }>(
    `SELECT user_id FROM account_closures WHERE purged_at IS NULL AND purge_after <= $1
      ORDER BY purge_after LIMIT $2`,
    [now, limit],
  );
  let purged = 0;
  for (const { user_id: id } of due) {
    const done = await db.transaction(async (tx) => {
      const locked = await tx.query(
        'SELECT user_id FROM account_closures WHERE user_id = $1 AND purged_at IS NULL FOR UPDATE SKIP LOCKED',
        [id],
      );
      if (!locked.length) return false;
      for (const sql of PERSONAL_DATA) await tx.query(sql, [id]);
      await tx.query(
        `UPDATE users SET login = 'compte-supprime-' || id, first_name = 'Compte', last_name = 'supprimé',
                password_hash = NULL, access_code_hash = NULL, functions = '{}', must_change_password = true
          WHERE id = $1`,
        [id],
      );
      await tx.query('UPDATE account_closures SET purged_at = $2, reason = $3 WHERE user_id = $1', [
        id,
        now,
        'Données personnelles supprimées',
      ]);
      return true;
    });
    if (done) purged++;
  }
  return purged;
}

/** What is about the person themselves: removed. (What they wrote about others stays, anonymous.) */
const PERSONAL_DATA = [
  'DELETE FROM person_details WHERE user_id = $1',
  "DELETE FROM external_ids WHERE record_id = $1 AND kind = 'user'",
  'DELETE FROM sessions WHERE user_id = $1',
  'DELETE FROM cas_tickets WHERE user_id = $1',
  'DELETE FROM marks WHERE student_id = $1',
  'DELETE FROM appreciations WHERE student_id = $1',
  'DELETE FROM competence_assessments WHERE student_id = $1',
  'DELETE FROM absence_justifications WHERE student_id = $1',
  'DELETE FROM attendance_entries WHERE student_id = $1',
  'DELETE FROM attendance_notices WHERE recipient_id = $1',
  'DELETE FROM enrolments WHERE student_id = $1',
  'DELETE FROM guardianships WHERE student_id = $1 OR guardian_id = $1',
];

/**
 * Runs the retention job now and then once a day, for a server's life. Several API processes may run it on one
 * database: each account is purged once (row lock, SKIP LOCKED). Returns the function that stops it.
 */
export function startRetentionJob(
  db: Db,
  clock: () => Date = () => new Date(),
  everyMs = 86_400_000,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = purgeClosedAccounts(db, clock()).catch((err: unknown) =>
      console.error('Purge des comptes fermés :', err),
    );
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
