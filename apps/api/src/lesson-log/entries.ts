/**
 * Writing the cahier de textes: an entry (a séance's content) with its work, links, attachments and private note,
 * created, changed or deleted (`duplicate.ts` copies one to another class). Every request is checked whole before
 * anything is written, then written in one transaction. An entry under a visa is never silently changed: the
 * change is kept as a visible amendment with the entry's previous state.
 */
import {
  type LessonEntryInput,
  type LessonEntryUpdate,
  type LessonEntryView,
  type lessonEntryInputSchema,
  type lessonEntryUpdateSchema,
  parisLocalTime,
  schoolYearOf,
} from '@preau/core';
import type { z } from 'zod';
import { htmlToText, sanitizeRichText } from '../content/rich-text.js';
import type { Db } from '../db/types.js';
import type { FileStore } from '../files/store.js';
import { attachFile } from '../files/uploads.js';
import { conflict, type FieldError, invalid } from '../http/problem.js';
import { newId } from '../ids.js';
import type { LiveService } from '../live/service.js';
import type { PolicyContext } from '../policies/index.js';
import {
  type LessonClassFacts,
  outOfReach,
  requireEntryAuthor,
  requireEntryReader,
  requireLessonWriter,
} from '../policies/lesson-log.js';
import { defaultPublishAt, type WorkChange, workNotices } from './publication.js';
import {
  allowedTargets,
  deleteEntry,
  deleteFileRows,
  deleteWork,
  type EntryWrite,
  entryById,
  filesOfEntry,
  insertEntry,
  insertRevision,
  latestVisa,
  replaceAttachmentLinks,
  seanceFacts,
  setPrivateNote,
  updateEntry,
  upsertWork,
  type WorkWrite,
  workOfEntries,
} from './store.js';
import { entryViews, snapshotOf } from './views.js';

/** The upload kind of the cahier de textes' attachments (files.record_type; record_id = the entry). */
export const LESSON_FILE_KIND = 'lesson_entry';
/** What a teacher attaches: documents and images, recognised from their content. */
export const LESSON_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.presentation',
] as const;

const SEANCE_TAKEN = 'Cette séance a déjà son entrée dans le cahier de textes : modifiez-la.';

/**
 * A transaction whose only unique constraint at risk is the one the checks before it looked at: losing a race to
 * another request (unique_violation) is the same 409 the check gives.
 */
export async function inTransaction<T>(
  db: Db,
  conflictDetail: string,
  fn: (tx: Db) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(fn);
  } catch (err) {
    if ((err as { code?: unknown }).code === '23505') throw conflict(conflictDetail);
    throw err;
  }
}

/**
 * What a service call needs: who acts, the time, the file bytes (removed attachments are deleted), the live service
 * (students and parents are told of their work).
 */
export interface LessonLogContext extends PolicyContext {
  now: Date;
  files: FileStore;
  live: LiveService;
}

/** A work item that changed in a write, for the notices. */
interface WorkChangeOf {
  change: WorkChange;
  work: { id: string; classId: string; title: string; dueOn: string };
}

type EntryInput = z.output<typeof lessonEntryInputSchema>;
type EntryUpdate = z.output<typeof lessonEntryUpdateSchema>;
export type EntryFields = Omit<EntryInput, 'classId' | 'subjectId'>;

/** What an existing entry brings to a check: its work and files may be kept. */
interface Existing {
  entryId: string;
  workIds: Set<string>;
  fileIds: Set<string>;
}

interface Prepared {
  entry: Omit<EntryWrite, 'id'>;
  work: (Omit<WorkWrite, 'entryId' | 'version' | 'updatedAt'> & { attachmentIds: string[] })[];
  attachmentIds: string[];
  privateNote: string | null;
  reason: string | null;
  /** Pending uploads to link to the entry. */
  newFileIds: string[];
}

/** Checks an entry's fields against the database (séance, targets, files) and sanitizes its rich text. */
async function prepare(
  ctx: LessonLogContext,
  cls: LessonClassFacts,
  subjectId: string,
  input: EntryFields,
  existing: Existing | null,
): Promise<Prepared> {
  const { db, viewer } = ctx;
  const errors: FieldError[] = [];
  if (schoolYearOf(input.date) !== cls.schoolYear) {
    errors.push({
      field: 'body.date',
      message: `Date hors de l'année scolaire ${cls.schoolYear}-${cls.schoolYear + 1} de la classe.`,
    });
  }
  let seanceTaken = false;
  if (input.seanceId) {
    const s = await seanceFacts(db, input.seanceId);
    if (!s || s.class_id !== cls.id || s.subject_id !== subjectId || s.teacher_id !== viewer.id) {
      errors.push({
        field: 'body.seanceId',
        message: 'Séance inconnue, ou d’une autre classe, matière ou enseignant.',
      });
    } else {
      if (parisLocalTime(s.starts_at).date !== input.date) {
        errors.push({
          field: 'body.date',
          message: `La séance a lieu le ${parisLocalTime(s.starts_at).date}.`,
        });
      }
      seanceTaken = s.has_entry !== null && s.has_entry !== existing?.entryId;
    }
  }
  const targets = await allowedTargets(db, cls.id, viewer.id);
  input.work.forEach((w, i) => {
    if (w.targetClassId && !targets.has(w.targetClassId)) {
      errors.push({
        field: `body.work.${i}.targetClassId`,
        message: 'Donnez le travail à la classe ou à l’un de vos groupes qui en comptent des élèves.',
      });
    }
    if (w.id && !existing?.workIds.has(w.id)) {
      errors.push({ field: `body.work.${i}.id`, message: 'Ce travail n’appartient pas à cette entrée.' });
    }
  });
  // Files: already attached to this entry, or uploaded by the author and not yet attached.
  const listed = [
    ...input.attachmentIds.map((id, j) => ({ id, field: `body.attachmentIds.${j}` })),
    ...input.work.flatMap((w, i) =>
      w.attachmentIds.map((id, j) => ({ id, field: `body.work.${i}.attachmentIds.${j}` })),
    ),
  ];
  const pending = new Set(
    (
      await db.query<{ id: string }>(
        `SELECT id FROM files WHERE id = ANY($1::text[]) AND owner_id = $2 AND record_type = $3
            AND record_id IS NULL`,
        [listed.map((l) => l.id), viewer.id, LESSON_FILE_KIND],
      )
    ).map((r) => r.id),
  );
  const seen = new Set<string>();
  for (const { id, field } of listed) {
    if (seen.has(id)) errors.push({ field, message: 'Ce fichier est déjà joint ailleurs dans l’entrée.' });
    else if (!pending.has(id) && !existing?.fileIds.has(id)) {
      errors.push({
        field,
        message: "Ce fichier n'existe pas, ne vous appartient pas ou est déjà rattaché.",
      });
    }
    seen.add(id);
  }
  if (listed.length > 10) {
    errors.push({ field: 'body.attachmentIds', message: '10 fichiers au plus par entrée, travail compris.' });
  }
  if (errors.length) throw invalid(errors);
  if (seanceTaken) throw conflict(SEANCE_TAKEN);

  const contentHtml = sanitizeRichText(input.contentHtml);
  const publishAt = input.publishAt
    ? new Date(input.publishAt)
    : await defaultPublishAt(db, cls.uai, ctx.now);
  return {
    entry: {
      uai: cls.uai,
      classId: cls.id,
      subjectId,
      teacherId: viewer.id,
      seanceId: input.seanceId ?? null,
      date: input.date,
      title: input.title,
      contentHtml,
      contentText: htmlToText(contentHtml),
      links: input.links.map((l) => ({ url: l.url, label: l.label })),
      publishAt,
    },
    work: input.work.map((w, position) => {
      const instructionsHtml = sanitizeRichText(w.instructionsHtml);
      return {
        id: w.id ?? newId('wk'),
        classId: w.targetClassId ?? cls.id,
        position,
        type: w.type,
        title: w.title,
        instructionsHtml,
        instructionsText: htmlToText(instructionsHtml),
        givenOn: w.givenOn ?? input.date,
        dueOn: w.dueOn,
        estimatedMinutes: w.estimatedMinutes,
        attachmentIds: w.attachmentIds,
      };
    }),
    attachmentIds: input.attachmentIds,
    privateNote: input.privateNote?.trim() ? input.privateNote : null,
    reason: input.reason?.trim() ? input.reason.trim() : null,
    newFileIds: listed.map((l) => l.id).filter((id) => pending.has(id)),
  };
}

/** Writes the entry's work, file links and private note (inside the caller's transaction); says what work changed. */
async function writeParts(
  tx: Db,
  ctx: LessonLogContext,
  entryId: string,
  p: Prepared,
  previousWork: Map<string, WorkWrite>,
): Promise<WorkChangeOf[]> {
  const work: WorkWrite[] = p.work.map(({ attachmentIds: _, ...w }) => {
    const before = previousWork.get(w.id);
    const same =
      before &&
      (
        ['classId', 'type', 'title', 'instructionsHtml', 'givenOn', 'dueOn', 'estimatedMinutes'] as const
      ).every((k) => before[k] === w[k]);
    return {
      ...w,
      entryId,
      version: before ? before.version + (same ? 0 : 1) : 1,
      updatedAt: same ? before.updatedAt : ctx.now,
    };
  });
  const removed = [...previousWork.values()].filter((b) => !work.some((w) => w.id === b.id));
  await deleteWork(
    tx,
    removed.map((w) => w.id),
  );
  await upsertWork(tx, work);
  for (const fileId of p.newFileIds) {
    await attachFile(tx, { fileId, ownerId: ctx.viewer.id, recordType: LESSON_FILE_KIND, recordId: entryId });
  }
  await replaceAttachmentLinks(tx, entryId, [
    ...p.attachmentIds.map((fileId) => ({ fileId, workId: null })),
    ...p.work.flatMap((w) => w.attachmentIds.map((fileId) => ({ fileId, workId: w.id }))),
  ]);
  await setPrivateNote(tx, entryId, ctx.viewer.id, p.privateNote, ctx.now);
  return [
    ...work.flatMap((w): WorkChangeOf[] => {
      const before = previousWork.get(w.id);
      if (before && before.version === w.version) return [];
      return [{ change: before ? 'changed' : 'new', work: w }];
    }),
    ...removed.map((w): WorkChangeOf => ({ change: 'removed', work: w })),
  ];
}

/**
 * Tells the students and parents concerned about work that changed, through the live service: new and changed work
 * at the entry's publication (`publishAt`, within the établissement's quiet hours), removed work only if they had
 * seen it. The last write of the caller's transaction.
 */
async function publishWork(
  tx: Db,
  ctx: LessonLogContext,
  entry: { id: string; uai: string; subjectId: string; publishAt: Date; wasPublished: boolean },
  changes: readonly WorkChangeOf[],
): Promise<void> {
  const told = changes.filter((c) => c.change !== 'removed' || entry.wasPublished);
  if (told.length === 0) return;
  const [subject] = await tx.query<{ name: string }>('SELECT name FROM subjects WHERE id = $1', [
    entry.subjectId,
  ]);
  const publications = [];
  for (const { change, work } of told) {
    const deliverAt = change === 'removed' ? ctx.now : entry.publishAt;
    const notice = { ...work, entryId: entry.id, subject: subject?.name ?? '' };
    publications.push(...(await workNotices(tx, change, notice, deliverAt, entry.uai)));
  }
  await ctx.live.publishAll(tx, publications);
}

/** One entry as the viewer may see it (404 for an unpublished one to a student or parent). */
export async function readEntry(ctx: LessonLogContext, entryId: string): Promise<LessonEntryView> {
  await requireEntryReader(ctx, entryId, ctx.now);
  const row = await entryById(ctx.db, entryId);
  if (!row) throw outOfReach();
  return (await entryViews(ctx.db, [row], ctx.viewer, ctx.now))[0]!;
}

export async function createEntry(ctx: LessonLogContext, input: EntryInput): Promise<LessonEntryView> {
  const cls = await requireLessonWriter(ctx, input.classId, input.subjectId);
  const p = await prepare(ctx, cls, input.subjectId, input, null);
  const id = newId('les');
  await inTransaction(ctx.db, SEANCE_TAKEN, async (tx) => {
    // Inside the transaction: a visa given meanwhile still makes this a visible addition.
    const visa = await latestVisa(tx, cls.id);
    await insertEntry(tx, { ...p.entry, id }, ctx.now);
    const changes = await writeParts(tx, ctx, id, p, new Map());
    if (visa && p.entry.date <= visa.upTo) {
      await insertRevision(tx, {
        entryId: id,
        version: 0,
        snapshot: null,
        visaId: visa.id,
        reason: p.reason,
        by: ctx.viewer.id,
        at: ctx.now,
      });
    }
    await publishWork(tx, ctx, { id, ...p.entry, wasPublished: false }, changes);
  });
  return readEntry(ctx, id);
}

export async function updateEntryContent(
  ctx: LessonLogContext,
  entryId: string,
  input: EntryUpdate,
): Promise<LessonEntryView> {
  const facts = await requireEntryAuthor(ctx, entryId);
  const cls = await requireLessonWriter(ctx, facts.classId, facts.subjectId);
  const before = await readEntry(ctx, entryId);
  if (input.version !== undefined && input.version !== before.version) {
    throw conflict(
      `Cette entrée a été modifiée entre-temps (version ${before.version}) : rechargez-la avant de l’enregistrer.`,
    );
  }
  const fileIds = new Set(
    [...before.attachments, ...before.work.flatMap((w) => w.attachments)].map((a) => a.id),
  );
  const p = await prepare(ctx, cls, facts.subjectId, input, {
    entryId,
    workIds: new Set(before.work.map((w) => w.id)),
    fileIds,
  });
  const previousWork = new Map(
    (await workOfEntries(ctx.db, [entryId])).map((w) => [
      w.id,
      {
        id: w.id,
        entryId,
        classId: w.class_id,
        position: w.position,
        type: w.type,
        title: w.title,
        instructionsHtml: w.instructions_html,
        instructionsText: w.instructions_text,
        givenOn: w.given_on,
        dueOn: w.due_on,
        estimatedMinutes: w.estimated_minutes,
        version: w.version,
        updatedAt: new Date(w.updated_at),
      } satisfies WorkWrite,
    ]),
  );
  const kept = new Set([...p.attachmentIds, ...p.work.flatMap((w) => w.attachmentIds)]);
  const removedFiles = [...fileIds].filter((id) => !kept.has(id));
  let locked = false;
  await ctx.db.transaction(async (tx) => {
    // The row stays locked until the commit: a concurrent save waits, then finds another version.
    const [current] = await tx.query<{ version: number }>(
      'SELECT version FROM lesson_entries WHERE id = $1 FOR UPDATE',
      [entryId],
    );
    if (current?.version !== before.version) {
      throw conflict('Cette entrée a été modifiée entre-temps : rechargez-la.');
    }
    const visa = await latestVisa(tx, cls.id);
    locked = visa !== undefined && (before.date <= visa.upTo || p.entry.date <= visa.upTo);
    if (visa && locked) {
      await insertRevision(tx, {
        entryId,
        version: before.version,
        snapshot: snapshotOf(before),
        visaId: visa.id,
        reason: p.reason,
        by: ctx.viewer.id,
        at: ctx.now,
      });
    }
    await updateEntry(tx, { ...p.entry, id: entryId }, ctx.now);
    const changes = await writeParts(tx, ctx, entryId, p, previousWork);
    // Under a visa, removed files stay with the history; otherwise they go.
    if (!locked) await deleteFileRows(tx, removedFiles);
    const wasPublished = new Date(before.publishAt) <= ctx.now;
    await publishWork(tx, ctx, { id: entryId, ...p.entry, wasPublished }, changes);
  });
  if (!locked) for (const id of removedFiles) await ctx.files.delete(id);
  return readEntry(ctx, entryId);
}

/** Deletes an entry that no visa covers (a visaed one is corrected, never removed), with its files. */
export async function removeEntry(ctx: LessonLogContext, entryId: string): Promise<void> {
  const facts = await requireEntryAuthor(ctx, entryId);
  let fileIds: string[] = [];
  await ctx.db.transaction(async (tx) => {
    const visa = await latestVisa(tx, facts.classId);
    const row = await entryById(tx, entryId);
    if (!row) throw outOfReach();
    if (visa && row.date <= visa.upTo) {
      throw conflict(
        `Cette entrée est couverte par le visa du ${visa.upTo} : elle ne peut plus être supprimée, seulement rectifiée.`,
      );
    }
    fileIds = await filesOfEntry(tx, entryId);
    const work = await workOfEntries(tx, [entryId]);
    await deleteEntry(tx, entryId);
    await deleteFileRows(tx, fileIds);
    const removed = work.map(
      (w): WorkChangeOf => ({
        change: 'removed',
        work: { id: w.id, classId: w.class_id, title: w.title, dueOn: w.due_on },
      }),
    );
    const entry = {
      id: entryId,
      uai: row.uai,
      subjectId: row.subject_id,
      publishAt: new Date(row.publish_at),
      wasPublished: new Date(row.publish_at) <= ctx.now,
    };
    await publishWork(tx, ctx, entry, removed);
  });
  for (const id of fileIds) await ctx.files.delete(id);
}

export type { LessonEntryInput, LessonEntryUpdate };
