/** The cahier de textes' SQL: entries, work, attachments, notes, amendments, visas, ticks and settings. */
import { type LessonLogSettings, resolveLessonLogSettings, type WorkType } from '@preau/core';
import { insertRows } from '../db/index.js';
import type { Db } from '../db/types.js';

export interface EntryRow {
  id: string;
  uai: string;
  class_id: string;
  class_name: string;
  class_kind: 'classe' | 'groupe';
  subject_id: string;
  subject_code: string;
  subject_name: string;
  teacher_id: string;
  teacher_first_name: string;
  teacher_last_name: string;
  seance_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  date: string;
  title: string;
  content_html: string;
  content_text: string;
  links: { url: string; label: string }[];
  publish_at: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const ENTRY_SELECT = `
  SELECT e.id, e.uai, e.class_id, c.name AS class_name, c.kind AS class_kind, e.subject_id, sub.code AS subject_code,
         sub.name AS subject_name, e.teacher_id, t.first_name AS teacher_first_name, t.last_name AS teacher_last_name,
         e.seance_id, s.starts_at, s.ends_at, to_char(e.date, 'YYYY-MM-DD') AS date, e.title, e.content_html,
         e.content_text, e.links, e.publish_at, e.version, e.created_at, e.updated_at
    FROM lesson_entries e
    JOIN classes c ON c.id = e.class_id
    JOIN subjects sub ON sub.id = e.subject_id
    JOIN users t ON t.id = e.teacher_id
    LEFT JOIN seances s ON s.id = e.seance_id`;

const ENTRY_ORDER = 'ORDER BY e.date, s.starts_at NULLS LAST, e.created_at, e.id';

/** A class's entries dated within [from, to]; `publishedBy`: only those published at that instant. */
export function entriesOfClass(
  db: Db,
  classId: string,
  range: { from: string; to: string },
  publishedBy: Date | null,
): Promise<EntryRow[]> {
  return db.query<EntryRow>(
    `${ENTRY_SELECT}
      WHERE e.class_id = $1 AND e.date BETWEEN $2::date AND $3::date
        AND ($4::timestamptz IS NULL OR e.publish_at <= $4::timestamptz)
      ${ENTRY_ORDER}`,
    [classId, range.from, range.to, publishedBy],
  );
}

export async function entryById(db: Db, id: string): Promise<EntryRow | undefined> {
  return (await db.query<EntryRow>(`${ENTRY_SELECT} WHERE e.id = $1`, [id]))[0];
}

export interface WorkRow {
  id: string;
  entry_id: string;
  class_id: string;
  target_name: string;
  target_kind: 'classe' | 'groupe';
  position: number;
  type: WorkType;
  title: string;
  instructions_html: string;
  instructions_text: string;
  given_on: string;
  due_on: string;
  estimated_minutes: number;
  version: number;
  updated_at: Date;
}

const WORK_COLUMNS = `w.id, w.entry_id, w.class_id, tc.name AS target_name, tc.kind AS target_kind, w.position, w.type,
  w.title, w.instructions_html, w.instructions_text, to_char(w.given_on, 'YYYY-MM-DD') AS given_on,
  to_char(w.due_on, 'YYYY-MM-DD') AS due_on, w.estimated_minutes, w.version, w.updated_at`;

export function workOfEntries(db: Db, entryIds: readonly string[]): Promise<WorkRow[]> {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db.query<WorkRow>(
    `SELECT ${WORK_COLUMNS} FROM lesson_work w JOIN classes tc ON tc.id = w.class_id
      WHERE w.entry_id = ANY($1::text[]) ORDER BY w.entry_id, w.position, w.id`,
    [entryIds],
  );
}

export interface AttachmentRow {
  file_id: string;
  entry_id: string;
  work_id: string | null;
  name: string;
  media_type: string;
  size: number;
}

export function attachmentsOfEntries(db: Db, entryIds: readonly string[]): Promise<AttachmentRow[]> {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db.query<AttachmentRow>(
    `SELECT a.file_id, a.entry_id, a.work_id, f.original_name AS name, f.media_type, f.size_bytes AS size
       FROM lesson_attachments a JOIN files f ON f.id = a.file_id
      WHERE a.entry_id = ANY($1::text[]) ORDER BY a.entry_id, a.position, a.file_id`,
    [entryIds],
  );
}

export interface AmendmentRow {
  entry_id: string;
  version: number;
  snapshot: unknown;
  reason: string | null;
  changed_at: Date;
  changed_by: string;
  changer_first_name: string;
  changer_last_name: string;
  visa_up_to: string | null;
}

export function amendmentsOfEntries(db: Db, entryIds: readonly string[]): Promise<AmendmentRow[]> {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db.query<AmendmentRow>(
    `SELECT r.entry_id, r.version, r.snapshot, r.reason, r.changed_at, r.changed_by,
            u.first_name AS changer_first_name, u.last_name AS changer_last_name,
            to_char(v.up_to, 'YYYY-MM-DD') AS visa_up_to
       FROM lesson_entry_revisions r JOIN users u ON u.id = r.changed_by
       LEFT JOIN lesson_visas v ON v.id = r.visa_id
      WHERE r.entry_id = ANY($1::text[]) AND r.amendment ORDER BY r.entry_id, r.version`,
    [entryIds],
  );
}

/** The author's own notes on the entries; nobody else's are ever read. */
export async function privateNotesOf(
  db: Db,
  entryIds: readonly string[],
  authorId: string,
): Promise<Map<string, string>> {
  if (entryIds.length === 0) return new Map();
  const rows = await db.query<{ entry_id: string; note: string }>(
    'SELECT entry_id, note FROM lesson_private_notes WHERE entry_id = ANY($1::text[]) AND author_id = $2',
    [entryIds, authorId],
  );
  return new Map(rows.map((r) => [r.entry_id, r.note]));
}

export interface VisaRow {
  id: string;
  class_id: string;
  up_to: string;
  comment: string;
  visaed_at: Date;
  visaed_by: string;
  visaer_first_name: string;
  visaer_last_name: string;
}

export function visasOfClasses(db: Db, classIds: readonly string[]): Promise<VisaRow[]> {
  if (classIds.length === 0) return Promise.resolve([]);
  return db.query<VisaRow>(
    `SELECT v.id, v.class_id, to_char(v.up_to, 'YYYY-MM-DD') AS up_to, v.comment, v.visaed_at, v.visaed_by,
            u.first_name AS visaer_first_name, u.last_name AS visaer_last_name
       FROM lesson_visas v JOIN users u ON u.id = v.visaed_by
      WHERE v.class_id = ANY($1::text[]) ORDER BY v.class_id, v.up_to`,
    [classIds],
  );
}

export async function insertVisa(
  db: Db,
  v: { id: string; uai: string; classId: string; upTo: string; comment: string; by: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO lesson_visas (id, uai, class_id, up_to, comment, visaed_by, visaed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [v.id, v.uai, v.classId, v.upTo, v.comment, v.by, v.at],
  );
}

/** The latest visa of a class (its day locks every entry dated up to it). */
export async function latestVisa(db: Db, classId: string): Promise<{ id: string; upTo: string } | undefined> {
  return (
    await db.query<{ id: string; upTo: string }>(
      `SELECT id, to_char(up_to, 'YYYY-MM-DD') AS "upTo" FROM lesson_visas WHERE class_id = $1
        ORDER BY up_to DESC LIMIT 1`,
      [classId],
    )
  )[0];
}

export interface SeanceSlotRow {
  id: string;
  subject_id: string;
  subject_name: string;
  teacher_id: string;
  teacher_first_name: string;
  teacher_last_name: string;
  starts_at: Date;
  ends_at: Date;
  room: string | null;
  entry_id: string | null;
  entry_publish_at: Date | null;
}

/** A class's timetable slots between two instants, with the entry filling each. */
export function seancesOfClass(db: Db, classId: string, from: Date, to: Date): Promise<SeanceSlotRow[]> {
  return db.query<SeanceSlotRow>(
    `SELECT s.id, s.subject_id, sub.name AS subject_name, s.teacher_id, t.first_name AS teacher_first_name,
            t.last_name AS teacher_last_name, s.starts_at, s.ends_at, s.room, e.id AS entry_id,
            e.publish_at AS entry_publish_at
       FROM seances s JOIN subjects sub ON sub.id = s.subject_id JOIN users t ON t.id = s.teacher_id
       LEFT JOIN lesson_entries e ON e.seance_id = s.id
      WHERE s.class_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
      ORDER BY s.starts_at, s.id`,
    [classId, from, to],
  );
}

export interface SeanceFactsRow {
  id: string;
  class_id: string;
  subject_id: string;
  teacher_id: string;
  starts_at: Date;
  has_entry: string | null;
}

export async function seanceFacts(db: Db, seanceId: string): Promise<SeanceFactsRow | undefined> {
  return (
    await db.query<SeanceFactsRow>(
      `SELECT s.id, s.class_id, s.subject_id, s.teacher_id, s.starts_at,
              (SELECT e.id FROM lesson_entries e WHERE e.seance_id = s.id) AS has_entry
         FROM seances s WHERE s.id = $1`,
      [seanceId],
    )
  )[0];
}

/** Classes and groups a work item may be given to: the entry's class and the teacher's groups sharing students. */
export async function allowedTargets(db: Db, classId: string, teacherId: string): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    `SELECT DISTINCT g.id FROM classes g JOIN teaching_assignments ta ON ta.class_id = g.id AND ta.teacher_id = $2
      WHERE g.kind = 'groupe' AND EXISTS (
        SELECT 1 FROM enrolments a JOIN enrolments b ON b.student_id = a.student_id
         WHERE a.class_id = g.id AND b.class_id = $1)`,
    [classId, teacherId],
  );
  return new Set([classId, ...rows.map((r) => r.id)]);
}

// ---------------------------------------------------------------- writes

export interface EntryWrite {
  id: string;
  uai: string;
  classId: string;
  subjectId: string;
  teacherId: string;
  seanceId: string | null;
  date: string;
  title: string;
  contentHtml: string;
  contentText: string;
  links: { url: string; label: string }[];
  publishAt: Date;
}

export async function insertEntry(db: Db, e: EntryWrite, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO lesson_entries (id, uai, class_id, subject_id, teacher_id, seance_id, date, title, content_html,
       content_text, links, publish_at, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, 1, $13, $13)`,
    [
      e.id,
      e.uai,
      e.classId,
      e.subjectId,
      e.teacherId,
      e.seanceId,
      e.date,
      e.title,
      e.contentHtml,
      e.contentText,
      JSON.stringify(e.links),
      e.publishAt,
      now,
    ],
  );
}

export async function updateEntry(db: Db, e: EntryWrite, now: Date): Promise<void> {
  await db.query(
    `UPDATE lesson_entries SET seance_id = $2, date = $3, title = $4, content_html = $5, content_text = $6,
            links = $7::text::jsonb, publish_at = $8, version = version + 1, updated_at = $9
      WHERE id = $1`,
    [
      e.id,
      e.seanceId,
      e.date,
      e.title,
      e.contentHtml,
      e.contentText,
      JSON.stringify(e.links),
      e.publishAt,
      now,
    ],
  );
}

export interface WorkWrite {
  id: string;
  entryId: string;
  classId: string;
  position: number;
  type: WorkType;
  title: string;
  instructionsHtml: string;
  instructionsText: string;
  givenOn: string;
  dueOn: string;
  estimatedMinutes: number;
  version: number;
  updatedAt: Date;
}

const WORK_TABLE_COLUMNS = [
  'id',
  'entry_id',
  'class_id',
  'position',
  'type',
  'title',
  'instructions_html',
  'instructions_text',
  'given_on',
  'due_on',
  'estimated_minutes',
  'version',
  'updated_at',
] as const;

export const workRow = (w: WorkWrite): unknown[] => [
  w.id,
  w.entryId,
  w.classId,
  w.position,
  w.type,
  w.title,
  w.instructionsHtml,
  w.instructionsText,
  w.givenOn,
  w.dueOn,
  w.estimatedMinutes,
  w.version,
  w.updatedAt,
];

/** Inserts new work and rewrites existing work of the entry (same id: the calendar UID stays). */
export async function upsertWork(db: Db, items: readonly WorkWrite[]): Promise<void> {
  if (items.length === 0) return;
  const updates = WORK_TABLE_COLUMNS.filter((c) => c !== 'id' && c !== 'entry_id')
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', ');
  await insertRows(db, 'lesson_work', WORK_TABLE_COLUMNS, items.map(workRow), {
    suffix: `ON CONFLICT (id) DO UPDATE SET ${updates}`,
  });
}

export async function deleteWork(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.query('DELETE FROM lesson_work WHERE id = ANY($1::text[])', [ids]);
}

export async function replaceAttachmentLinks(
  db: Db,
  entryId: string,
  links: readonly { fileId: string; workId: string | null }[],
): Promise<void> {
  await db.query('DELETE FROM lesson_attachments WHERE entry_id = $1', [entryId]);
  if (links.length === 0) return;
  await insertRows(
    db,
    'lesson_attachments',
    ['file_id', 'entry_id', 'work_id', 'position'],
    links.map((l, i) => [l.fileId, entryId, l.workId, i]),
  );
}

export async function setPrivateNote(
  db: Db,
  entryId: string,
  authorId: string,
  note: string | null,
  now: Date,
): Promise<void> {
  if (note === null || note.trim() === '') {
    await db.query('DELETE FROM lesson_private_notes WHERE entry_id = $1 AND author_id = $2', [
      entryId,
      authorId,
    ]);
    return;
  }
  await db.query(
    `INSERT INTO lesson_private_notes (entry_id, author_id, note, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (entry_id, author_id) DO UPDATE SET note = EXCLUDED.note, updated_at = EXCLUDED.updated_at`,
    [entryId, authorId, note, now],
  );
}

export async function insertRevision(
  db: Db,
  r: {
    entryId: string;
    version: number;
    snapshot: unknown;
    visaId: string;
    reason: string | null;
    by: string;
    at: Date;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO lesson_entry_revisions (entry_id, version, snapshot, amendment, visa_id, reason, changed_by,
       changed_at)
     VALUES ($1, $2, $3::text::jsonb, true, $4, $5, $6, $7)`,
    [
      r.entryId,
      r.version,
      r.snapshot === null ? null : JSON.stringify(r.snapshot),
      r.visaId,
      r.reason,
      r.by,
      r.at,
    ],
  );
}

export async function deleteEntry(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM lesson_entries WHERE id = $1', [id]);
}

/** Files attached to an entry at any time (its current ones and those an amendment removed). */
export async function filesOfEntry(db: Db, entryId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    "SELECT id FROM files WHERE record_type = 'lesson_entry' AND record_id = $1",
    [entryId],
  );
  return rows.map((r) => r.id);
}

export async function deleteFileRows(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.query('DELETE FROM files WHERE id = ANY($1::text[])', [ids]);
}

// ---------------------------------------------------------------- settings

export async function lessonLogSettings(db: Db, uai: string): Promise<LessonLogSettings> {
  const [row] = await db.query<{ settings: Record<string, unknown> | null }>(
    'SELECT settings FROM etablissements WHERE uai = $1',
    [uai],
  );
  return resolveLessonLogSettings(row?.settings?.lessonLog);
}

export async function saveLessonLogSettings(db: Db, uai: string, settings: LessonLogSettings): Promise<void> {
  await db.query(
    `UPDATE etablissements SET settings = jsonb_set(settings, '{lessonLog}', $2::text::jsonb) WHERE uai = $1`,
    [uai, JSON.stringify(settings)],
  );
}
