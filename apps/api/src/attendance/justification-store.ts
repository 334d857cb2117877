/** The SQL of justifications: what families send, the CPE's queue and decisions, the attachment's owner. */
import type { AttendanceStatus, JustificationState } from '@preau/core';
import type { Db } from '../db/types.js';
import { CLASS_OF } from './store.js';

export interface JustificationRow {
  id: string;
  uai: string;
  student_id: string;
  first_name: string;
  last_name: string;
  class_name: string | null;
  submitted_by: string;
  submitted_at: Date;
  motif: string;
  comment: string;
  file_id: string | null;
  media_type: string | null;
  state: JustificationState;
  justifies: boolean | null;
  decided_at: Date | null;
  decision_comment: string | null;
  entry_ids: string[];
}

const JUSTIFICATION_SELECT = `
  SELECT j.id, j.uai, j.student_id, u.first_name, u.last_name, ${CLASS_OF('u', 'name')} AS class_name,
         j.submitted_by, j.submitted_at, j.motif, j.comment, j.file_id, f.media_type, j.state, j.justifies,
         j.decided_at, j.decision_comment,
         ARRAY(SELECT je.entry_id FROM absence_justification_entries je WHERE je.justification_id = j.id
               ORDER BY je.entry_id) AS entry_ids
    FROM absence_justifications j JOIN users u ON u.id = j.student_id LEFT JOIN files f ON f.id = j.file_id`;

export async function justificationById(db: Db, id: string): Promise<JustificationRow | undefined> {
  const [row] = await db.query<JustificationRow>(`${JUSTIFICATION_SELECT} WHERE j.id = $1`, [id]);
  return row;
}

export async function justificationsOfStudent(db: Db, studentId: string): Promise<JustificationRow[]> {
  return db.query<JustificationRow>(
    `${JUSTIFICATION_SELECT} WHERE j.student_id = $1 ORDER BY j.submitted_at DESC LIMIT 200`,
    [studentId],
  );
}

/** An établissement's justifications, pending first, then oldest first. */
export async function justificationQueueOf(
  db: Db,
  uai: string,
  state: JustificationState | null,
  limit: number,
): Promise<JustificationRow[]> {
  return db.query<JustificationRow>(
    `${JUSTIFICATION_SELECT} WHERE j.uai = $1 AND ($2::text IS NULL OR j.state = $2)
      ORDER BY (j.state = 'en_attente') DESC, j.submitted_at LIMIT $3`,
    [uai, state, limit],
  );
}

/** A justification's owner, state and motif (before deciding it). */
export async function justificationHead(
  db: Db,
  id: string,
): Promise<{ uai: string; student_id: string; state: JustificationState; motif: string } | undefined> {
  const [row] = await db.query<{ uai: string; student_id: string; state: JustificationState; motif: string }>(
    'SELECT uai, student_id, state, motif FROM absence_justifications WHERE id = $1',
    [id],
  );
  return row;
}

/** The entries a justification would cover, each with whether a pending or accepted one covers it already. */
export async function entriesToJustify(
  db: Db,
  entryIds: readonly string[],
): Promise<
  { id: string; student_id: string; status: AttendanceStatus; erroneous: boolean; covered: boolean }[]
> {
  return db.query(
    `SELECT e.id, e.student_id, e.status, e.erroneous,
            EXISTS (SELECT 1 FROM absence_justification_entries je
                      JOIN absence_justifications j ON j.id = je.justification_id
                     WHERE je.entry_id = e.id AND j.state IN ('en_attente', 'validee')) AS covered
       FROM attendance_entries e WHERE e.id = ANY($1::text[])`,
    [entryIds],
  );
}

/** The upload a justification would attach: whose, what type, and whether it is attached already. */
export async function uploadedFile(
  db: Db,
  fileId: string,
): Promise<
  { owner_id: string; media_type: string; record_type: string | null; record_id: string | null } | undefined
> {
  const [row] = await db.query<{
    owner_id: string;
    media_type: string;
    record_type: string | null;
    record_id: string | null;
  }>('SELECT owner_id, media_type, record_type, record_id FROM files WHERE id = $1', [fileId]);
  return row;
}

export async function insertJustification(
  tx: Db,
  j: {
    id: string;
    uai: string;
    studentId: string;
    submittedBy: string;
    motif: string;
    comment: string;
    fileId: string | null;
    entryIds: readonly string[];
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO absence_justifications (id, uai, student_id, submitted_by, motif, comment, file_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [j.id, j.uai, j.studentId, j.submittedBy, j.motif, j.comment, j.fileId],
  );
  await tx.query(
    `INSERT INTO absence_justification_entries (justification_id, entry_id)
     SELECT $1, unnest($2::text[])`,
    [j.id, j.entryIds],
  );
}

/** Decides a pending justification; false when it was decided already. */
export async function decidePending(
  tx: Db,
  id: string,
  d: { state: 'validee' | 'refusee'; motif: string; justifies: boolean; decidedBy: string; comment: string },
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE absence_justifications
        SET state = $2, motif = $3, justifies = $4, decided_by = $5, decided_at = now(), decision_comment = $6
      WHERE id = $1 AND state = 'en_attente' RETURNING id`,
    [id, d.state, d.motif, d.justifies, d.decidedBy, d.comment],
  );
  return rows.length > 0;
}

/** The établissement and student of a justification (to check who may read its file). */
export async function justificationOwner(
  db: Db,
  id: string,
): Promise<{ student_id: string; uai: string } | undefined> {
  const [row] = await db.query<{ student_id: string; uai: string }>(
    'SELECT student_id, uai FROM absence_justifications WHERE id = $1',
    [id],
  );
  return row;
}
