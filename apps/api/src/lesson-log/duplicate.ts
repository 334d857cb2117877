/**
 * Duplicating an entry of the cahier de textes to another class of its author: the entry is written like a new one
 * (`createEntry`), with copies of its files.
 */
import {
  addDays,
  daysBetween,
  type LessonEntryView,
  type lessonDuplicateSchema,
  type WorkType,
} from '@preau/core';
import type { z } from 'zod';
import { conflict, invalid } from '../http/problem.js';
import { newId } from '../ids.js';
import { requireEntryAuthor, requireLessonWriter } from '../policies/lesson-log.js';
import { createEntry, type EntryFields, type LessonLogContext, readEntry } from './entries.js';
import { deleteFileRows } from './store.js';

/**
 * Copies an entry of the author to another of their classes in the same subject: content, links, private note,
 * files (new copies), and work given to the new class with its dates shifted by the same number of days.
 */
export async function duplicateEntry(
  ctx: LessonLogContext,
  entryId: string,
  input: z.output<typeof lessonDuplicateSchema>,
): Promise<LessonEntryView> {
  const facts = await requireEntryAuthor(ctx, entryId);
  const source = await readEntry(ctx, entryId);
  if (input.classId === facts.classId) {
    throw invalid([{ field: 'body.classId', message: 'Choisissez une autre classe que celle de l’entrée.' }]);
  }
  const cls = await requireLessonWriter(ctx, input.classId, facts.subjectId);
  const date = input.date ?? source.date;
  const shift = daysBetween(source.date, date);
  const copies = new Map<string, string>();
  for (const a of [...source.attachments, ...source.work.flatMap((w) => w.attachments)]) {
    copies.set(a.id, newId('f'));
  }
  const fields: EntryFields = {
    date,
    seanceId: input.seanceId ?? null,
    title: source.title,
    contentHtml: source.contentHtml,
    links: source.links,
    attachmentIds: source.attachments.map((a) => copies.get(a.id)!),
    privateNote: source.privateNote ?? null,
    publishAt: input.publishAt ?? null,
    reason: null,
    work: source.work.map((w) => ({
      type: w.type as WorkType,
      title: w.title,
      instructionsHtml: w.instructionsHtml,
      givenOn: addDays(w.givenOn, shift),
      dueOn: addDays(w.dueOn, shift),
      estimatedMinutes: w.estimatedMinutes,
      attachmentIds: w.attachments.map((a) => copies.get(a.id)!),
    })),
  };
  // The copies are made as pending uploads of the author, then attached like any new file.
  const written: string[] = [];
  try {
    for (const [from, to] of copies) {
      const bytes = await ctx.files.get(from);
      if (!bytes)
        throw conflict(
          "Un fichier de l'entrée n'est plus disponible : retirez-le de l'entrée avant de la dupliquer.",
        );
      await ctx.files.put(to, bytes);
      written.push(to);
      await ctx.db.query(
        `INSERT INTO files (id, uai, owner_id, media_type, size_bytes, sha256, original_name, record_type, created_at)
         SELECT $2, uai, $3, media_type, size_bytes, sha256, original_name, record_type, $4 FROM files WHERE id = $1`,
        [from, to, ctx.viewer.id, ctx.now],
      );
    }
    return await createEntry(ctx, { classId: cls.id, subjectId: facts.subjectId, ...fields });
  } catch (err) {
    await deleteFileRows(ctx.db, written);
    for (const id of written) await ctx.files.delete(id);
    throw err;
  }
}
