import type { Db } from '../db/types.js';
import type { AnnotationsValue } from './schemas.js';

/** SQL of the whiteboard area: annotations per user and document, class traces per séance. */

export async function readAnnotations(
  db: Db,
  fileId: string,
  userId: string,
): Promise<{ annotations: AnnotationsValue; updatedAt: Date } | null> {
  const [row] = await db.query<{ annotations: AnnotationsValue; updated_at: Date }>(
    'SELECT annotations, updated_at FROM whiteboard_annotations WHERE file_id = $1 AND user_id = $2',
    [fileId, userId],
  );
  return row ? { annotations: row.annotations, updatedAt: new Date(row.updated_at) } : null;
}

export async function writeAnnotations(
  db: Db,
  row: { fileId: string; userId: string; annotations: AnnotationsValue; strokeCount: number; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO whiteboard_annotations (file_id, user_id, annotations, stroke_count, updated_at)
     VALUES ($1, $2, $3::text::jsonb, $4, $5)
     ON CONFLICT (file_id, user_id)
     DO UPDATE SET annotations = excluded.annotations, stroke_count = excluded.stroke_count, updated_at = excluded.updated_at`,
    [row.fileId, row.userId, JSON.stringify(row.annotations), row.strokeCount, row.now],
  );
}

export interface TraceRow {
  id: string;
  seanceId: string;
  fileId: string;
  title: string;
  author: string;
  strokeCount: number;
  createdAt: Date;
  annotations?: AnnotationsValue;
}

const TRACE_COLUMNS = `t.id, t.seance_id AS "seanceId", t.file_id AS "fileId", t.title,
  u.first_name || ' ' || u.last_name AS author, t.stroke_count AS "strokeCount", t.created_at AS "createdAt"`;

export async function insertTrace(
  db: Db,
  row: Omit<TraceRow, 'author' | 'annotations'> & { authorId: string; annotations: AnnotationsValue },
): Promise<void> {
  await db.query(
    `INSERT INTO whiteboard_traces (id, seance_id, file_id, author_id, title, annotations, stroke_count, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8)`,
    [
      row.id,
      row.seanceId,
      row.fileId,
      row.authorId,
      row.title,
      JSON.stringify(row.annotations),
      row.strokeCount,
      row.createdAt,
    ],
  );
}

export async function readTrace(db: Db, id: string): Promise<TraceRow | null> {
  const [row] = await db.query<TraceRow>(
    `SELECT ${TRACE_COLUMNS}, t.annotations FROM whiteboard_traces t JOIN users u ON u.id = t.author_id WHERE t.id = $1`,
    [id],
  );
  return row ?? null;
}

export function listTraces(db: Db, seanceId: string): Promise<TraceRow[]> {
  return db.query<TraceRow>(
    `SELECT ${TRACE_COLUMNS} FROM whiteboard_traces t JOIN users u ON u.id = t.author_id
      WHERE t.seance_id = $1 ORDER BY t.created_at, t.id`,
    [seanceId],
  );
}

export function listSeanceDocuments(
  db: Db,
  seanceId: string,
  recordType: string,
): Promise<{ fileId: string; name: string; size: number; createdAt: Date }[]> {
  return db.query(
    `SELECT id AS "fileId", original_name AS name, size_bytes AS size, created_at AS "createdAt"
       FROM files WHERE record_type = $1 AND record_id = $2 ORDER BY created_at, id`,
    [recordType, seanceId],
  );
}

/** Keeps the document's own extension (.ubz, .iwb, .notebook): the content check names every zip `.zip`. */
export async function renameStoredFile(db: Db, fileId: string, name: string): Promise<void> {
  await db.query('UPDATE files SET original_name = $2 WHERE id = $1', [fileId, name]);
}
