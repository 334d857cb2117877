/** Builds what the cahier de textes API answers from its rows (one batch of queries for any number of entries). */
import {
  type LessonAmendmentView,
  type LessonAttachmentView,
  type LessonEntryView,
  type LessonSnapshot,
  type LessonVisaView,
  type LessonWorkView,
  personName,
} from '@preau/core';
import type { Db } from '../db/types.js';
import type { Viewer } from '../policies/index.js';
import {
  type AttachmentRow,
  amendmentsOfEntries,
  attachmentsOfEntries,
  type EntryRow,
  privateNotesOf,
  type VisaRow,
  visasOfClasses,
  type WorkRow,
  workOfEntries,
} from './store.js';

export const iso = (d: Date | string) => new Date(d).toISOString();
const person = (id: string, first: string, last: string) => ({
  id,
  name: personName({ firstName: first, lastName: last }),
});

export const fileHref = (fileId: string) => `/api/v1/files/${fileId}`;

export function attachmentView(a: AttachmentRow): LessonAttachmentView {
  return {
    id: a.file_id,
    name: a.name,
    mediaType: a.media_type,
    size: a.size,
    workId: a.work_id,
    href: fileHref(a.file_id),
  };
}

export function workView(w: WorkRow, attachments: readonly AttachmentRow[]): LessonWorkView {
  return {
    id: w.id,
    entryId: w.entry_id,
    type: w.type,
    title: w.title,
    instructionsHtml: w.instructions_html,
    givenOn: w.given_on,
    dueOn: w.due_on,
    estimatedMinutes: w.estimated_minutes,
    target: { id: w.class_id, name: w.target_name, kind: w.target_kind },
    attachments: attachments.filter((a) => a.work_id === w.id).map(attachmentView),
    version: w.version,
  };
}

export function visaView(v: VisaRow): LessonVisaView {
  return {
    id: v.id,
    classId: v.class_id,
    upTo: v.up_to,
    comment: v.comment,
    visaedAt: iso(v.visaed_at),
    visaedBy: person(v.visaed_by, v.visaer_first_name, v.visaer_last_name),
  };
}

/** The latest visa day per class. */
export function lockDays(visas: readonly VisaRow[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of visas) if (v.up_to > (map.get(v.class_id) ?? '')) map.set(v.class_id, v.up_to);
  return map;
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** What an entry is now, as kept in its history before a change. */
export function snapshotOf(view: LessonEntryView): LessonSnapshot {
  return {
    title: view.title,
    contentHtml: view.contentHtml,
    links: view.links,
    publishAt: view.publishAt,
    work: view.work.map(({ entryId: _e, attachments: _a, version: _v, ...w }) => w),
    attachments: [...view.attachments, ...view.work.flatMap((w) => w.attachments)].map((a) => ({
      id: a.id,
      name: a.name,
    })),
  };
}

/**
 * The views of entries for a viewer: work, attachments, amendments, lock state; the private note for its author
 * only (the key is absent for anyone else).
 */
export async function entryViews(
  db: Db,
  rows: readonly EntryRow[],
  viewer: Viewer,
  now: Date,
): Promise<LessonEntryView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [work, attachments, amendments, notes, visas] = await Promise.all([
    workOfEntries(db, ids),
    attachmentsOfEntries(db, ids),
    amendmentsOfEntries(db, ids),
    privateNotesOf(db, ids, viewer.id),
    visasOfClasses(db, [...new Set(rows.map((r) => r.class_id))]),
  ]);
  const workBy = groupBy(work, (w) => w.entry_id);
  const filesBy = groupBy(attachments, (a) => a.entry_id);
  const amendBy = groupBy(amendments, (a) => a.entry_id);
  const locks = lockDays(visas);
  return rows.map((r) => {
    const files = filesBy.get(r.id) ?? [];
    const lockedUntil = locks.get(r.class_id);
    const isAuthor = r.teacher_id === viewer.id;
    const view: LessonEntryView = {
      id: r.id,
      uai: r.uai,
      class: { id: r.class_id, name: r.class_name, kind: r.class_kind },
      subject: { id: r.subject_id, code: r.subject_code, name: r.subject_name },
      teacher: person(r.teacher_id, r.teacher_first_name, r.teacher_last_name),
      seanceId: r.seance_id,
      date: r.date,
      startsAt: r.starts_at ? iso(r.starts_at) : null,
      endsAt: r.ends_at ? iso(r.ends_at) : null,
      title: r.title,
      contentHtml: r.content_html,
      links: r.links,
      attachments: files.filter((a) => a.work_id === null).map(attachmentView),
      work: (workBy.get(r.id) ?? []).map((w) => workView(w, files)),
      publishAt: iso(r.publish_at),
      published: new Date(r.publish_at).getTime() <= now.getTime(),
      locked: lockedUntil !== undefined && r.date <= lockedUntil,
      amendments: (amendBy.get(r.id) ?? []).map(
        (a): LessonAmendmentView => ({
          at: iso(a.changed_at),
          by: person(a.changed_by, a.changer_first_name, a.changer_last_name),
          reason: a.reason,
          visaUpTo: a.visa_up_to ?? '',
          previous: (a.snapshot as LessonSnapshot | null) ?? null,
        }),
      ),
      canEdit: isAuthor && viewer.profile === 'teacher',
      version: r.version,
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    };
    if (isAuthor) view.privateNote = notes.get(r.id) ?? null;
    return view;
  });
}
