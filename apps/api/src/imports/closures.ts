import type { Db } from '../db/types.js';
import type { FileStore } from '../files/store.js';

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
 * The retention job: removes the personal data of accounts closed more than `RETENTION_DAYS` ago, and the files
 * that were theirs alone (justification documents). Idempotent, bounded per call (`limit`), safe to run from
 * several processes (each account is handled in its own transaction under a row lock). Returns how many
 * accounts were purged.
 */
export async function purgeClosedAccounts(
  deps: { db: Db; files?: Pick<FileStore, 'delete'> },
  now: Date,
  limit = 500,
): Promise<number> {
  const { db } = deps;
  const due = await db.query<{ user_id: string }>(
    `SELECT user_id FROM account_closures WHERE purged_at IS NULL AND purge_after <= $1
      ORDER BY purge_after LIMIT $2`,
    [now, limit],
  );
  let purged = 0;
  for (const { user_id: id } of due) {
    const files = await db.transaction(async (tx) => {
      const locked = await tx.query(
        'SELECT user_id FROM account_closures WHERE user_id = $1 AND purged_at IS NULL FOR UPDATE SKIP LOCKED',
        [id],
      );
      if (!locked.length) return null;
      const ownFiles = await tx.query<{ id: string }>(
        `SELECT file_id AS id FROM absence_justifications WHERE student_id = $1 AND file_id IS NOT NULL
         UNION SELECT f.id FROM files f JOIN absence_justifications j
            ON f.record_type = 'absence_justification' AND f.record_id = j.id WHERE j.student_id = $1
         UNION SELECT id FROM files WHERE owner_id = $1 AND record_id IS NULL`,
        [id],
      );
      for (const { table, column } of PERSONAL_DATA)
        await tx.query(`DELETE FROM ${table} WHERE ${column} = $1`, [id]);
      await tx.query("DELETE FROM external_ids WHERE record_id = $1 AND kind = 'user'", [id]);
      const fileIds = ownFiles.map((f) => f.id);
      await tx.query('DELETE FROM files WHERE id = ANY($1::text[])', [fileIds]);
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
      return fileIds;
    });
    if (!files) continue;
    purged++;
    // The rows are gone with the commit; the bytes follow (a crash here leaves bytes no row names, never a row).
    for (const fileId of files) await deps.files?.delete(fileId);
  }
  return purged;
}

/**
 * The rows about the person themselves, removed at purge, in this order (children first). Every column that
 * names a user is either here or in `KEPT_REFERENCES` (a test checks the schema against both lists).
 */
export const PERSONAL_DATA: readonly { table: string; column: string }[] = [
  { table: 'person_details', column: 'user_id' },
  { table: 'sessions', column: 'user_id' },
  { table: 'cas_tickets', column: 'user_id' },
  { table: 'live_notices', column: 'recipient_id' },
  { table: 'whiteboard_annotations', column: 'user_id' },
  { table: 'marks', column: 'student_id' },
  { table: 'appreciations', column: 'student_id' },
  { table: 'competence_assessments', column: 'student_id' },
  { table: 'absence_justifications', column: 'student_id' },
  { table: 'attendance_entries', column: 'student_id' },
  { table: 'enrolments', column: 'student_id' },
  { table: 'guardianships', column: 'student_id' },
  { table: 'guardianships', column: 'guardian_id' },
  { table: 'idempotency_keys', column: 'user_id' },
  // Their own side of the cahier de textes and of the messagerie: notes, ticks, feeds, mailbox, settings.
  { table: 'lesson_private_notes', column: 'author_id' },
  { table: 'lesson_work_done', column: 'student_id' },
  { table: 'lesson_feeds', column: 'user_id' },
  { table: 'lesson_feeds', column: 'student_id' },
  { table: 'message_mail_queue', column: 'user_id' },
  { table: 'mailbox_entries', column: 'user_id' },
  { table: 'message_folders', column: 'user_id' },
  { table: 'message_preferences', column: 'user_id' },
];

/**
 * Columns naming a user that stay after the purge: what the person did for others (a teacher's séances, marks
 * and appréciations they wrote, roll calls, decisions, documents shown to a class, imports applied), signed by
 * the anonymous account; and the closure's own record.
 */
export const KEPT_REFERENCES: readonly string[] = [
  'account_closures.user_id',
  'classes.head_teacher_id',
  'teaching_assignments.teacher_id',
  'seances.teacher_id',
  'files.owner_id',
  'evaluations.created_by',
  'marks.updated_by',
  'appreciations.author_id',
  'competence_assessments.assessed_by',
  'roll_calls.opened_by',
  'roll_calls.closed_by',
  'attendance_entries.recorded_by',
  'attendance_entry_history.recorded_by',
  'attendance_entry_history.changed_by',
  'absence_justifications.submitted_by',
  'absence_justifications.decided_by',
  'whiteboard_traces.author_id',
  'directory_imports.applied_by',
  // The cahier de textes is the class's record: its entries, their amendments and the direction's visas stay.
  'lesson_entries.teacher_id',
  'lesson_entry_revisions.changed_by',
  'lesson_visas.visaed_by',
  // Messages sent stay in their readers' mailboxes; who a message went to, and the moderation's records, too.
  'messages.sender_id',
  'message_addressees.user_id',
  'message_reports.reporter_id',
  'message_reports.closed_by',
];
