import { parisLocalTime } from '@preau/core/attendance/half-days';
import { LESSON_LIMITS, type WorkType } from '@preau/core/lesson-log/work-types';
import type { LessonEntryBody } from './lesson-log.events.js';
import type { LessonLogMessageKey } from './lesson-log.messages.js';
import type { LessonEntryView } from './lesson-log.types.js';
import { parisInstant } from './time.js';

/** What the editor holds while a teacher writes (kept on the device), and how it becomes the API's body. */

export interface FileRef {
  id: string;
  name: string;
}

export interface WorkDraft {
  key: string;
  id?: string;
  type: WorkType;
  title: string;
  instructionsHtml: string;
  dueOn: string;
  estimatedMinutes: number;
  targetClassId: string;
  attachments: FileRef[];
}

/** What the teacher is writing, as kept on the device between keystrokes. */
export interface EntryDraft {
  entryId: string | null;
  version?: number;
  classId: string;
  subjectId: string;
  seanceId: string | null;
  date: string;
  title: string;
  contentHtml: string;
  links: { url: string; label: string }[];
  attachments: FileRef[];
  work: WorkDraft[];
  privateNote: string;
  /** `auto`: at once, or when the établissement's quiet hours open; `at`: the chosen local time. */
  publishMode: 'auto' | 'at';
  publishAt: string;
  reason: string;
  locked: boolean;
}

/** Where an editor opens: an existing entry, a séance of the timetable, or a free date. */
export interface EditorTarget {
  entry?: LessonEntryView;
  classId: string;
  subjectId: string;
  seanceId: string | null;
  date: string;
  /** Groups the work may be given to (the class first). */
  targets: { id: string; name: string }[];
}

let serial = 0;

/** A key unique in the page (editor fields, work items). */
export function nextKey(prefix: string): string {
  return `${prefix}${++serial}`;
}

export function fromEntry(t: EditorTarget): EntryDraft {
  const e = t.entry;
  return {
    entryId: e?.id ?? null,
    version: e?.version,
    classId: t.classId,
    subjectId: t.subjectId,
    seanceId: e ? e.seanceId : t.seanceId,
    date: e?.date ?? t.date,
    title: e?.title ?? '',
    contentHtml: e?.contentHtml ?? '',
    links: e?.links.map((l) => ({ ...l })) ?? [],
    attachments: e?.attachments.map((a) => ({ id: a.id, name: a.name })) ?? [],
    work:
      e?.work.map((w) => ({
        key: nextKey('w'),
        id: w.id,
        type: w.type,
        title: w.title,
        instructionsHtml: w.instructionsHtml,
        dueOn: w.dueOn,
        estimatedMinutes: w.estimatedMinutes,
        targetClassId: w.target.id || t.classId,
        attachments: w.attachments.map((a) => ({ id: a.id, name: a.name })),
      })) ?? [],
    privateNote: e?.privateNote ?? '',
    publishMode: e && !e.published ? 'at' : 'auto',
    publishAt: e && !e.published ? localInput(e.publishAt) : '',
    reason: '',
    locked: e?.locked ?? false,
  };
}

/** `YYYY-MM-DDTHH:MM` in Paris, for a datetime-local field. */
function localInput(instant: string): string {
  if (Number.isNaN(Date.parse(instant))) return '';
  const t = parisLocalTime(instant);
  const hh = String(Math.floor(t.minutes / 60)).padStart(2, '0');
  const mm = String(t.minutes % 60).padStart(2, '0');
  return `${t.date}T${hh}:${mm}`;
}

export function validateDraft(
  d: EntryDraft,
  m: (key: LessonLogMessageKey, vars?: Record<string, unknown>) => string,
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!d.title.trim()) errors.title = m('titleRequired');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) errors.date = m('dateRequired');
  if (d.contentHtml.length > LESSON_LIMITS.contentHtml) errors.content = m('tooLong');
  d.links.forEach((l, i) => {
    if (!/^https?:\/\/\S+$/i.test(l.url.trim())) errors[`link-${i}`] = m('linkInvalid');
  });
  if (d.publishMode === 'at' && !parisInstant(d.publishAt)) errors.publishAt = m('publishAtRequired');
  d.work.forEach((w) => {
    if (!w.title.trim()) errors[`${w.key}-title`] = m('titleRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(w.dueOn)) errors[`${w.key}-due`] = m('dueRequired');
    else if (w.dueOn < d.date) errors[`${w.key}-due`] = m('dueBeforeGiven');
    if (!(w.estimatedMinutes >= 0 && w.estimatedMinutes <= LESSON_LIMITS.estimatedMinutes))
      errors[`${w.key}-minutes`] = m('minutesRange', { max: LESSON_LIMITS.estimatedMinutes });
  });
  return errors;
}

export function bodyOf(d: EntryDraft): LessonEntryBody {
  return {
    ...(d.entryId ? { version: d.version } : { classId: d.classId, subjectId: d.subjectId }),
    date: d.date,
    seanceId: d.seanceId,
    title: d.title.trim(),
    contentHtml: d.contentHtml,
    links: d.links.map((l) => ({ url: l.url.trim(), label: l.label.trim() || l.url.trim() })),
    attachmentIds: d.attachments.map((a) => a.id),
    privateNote: d.privateNote.trim() ? d.privateNote : null,
    publishAt: d.publishMode === 'at' ? parisInstant(d.publishAt) : null,
    reason: d.reason.trim() ? d.reason.trim() : null,
    work: d.work.map((w) => ({
      ...(w.id ? { id: w.id } : {}),
      type: w.type,
      title: w.title.trim(),
      instructionsHtml: w.instructionsHtml,
      dueOn: w.dueOn,
      estimatedMinutes: Math.round(w.estimatedMinutes),
      ...(w.targetClassId && w.targetClassId !== d.classId ? { targetClassId: w.targetClassId } : {}),
      attachmentIds: w.attachments.map((a) => a.id),
    })),
  };
}

/** Where a server-named field (`body.work.0.dueOn`) shows its message in the form. */
export function fieldKey(field: string, d: EntryDraft): string {
  const w = /^body\.work\.(\d+)\.(\w+)/.exec(field);
  if (w) {
    const key = d.work[Number(w[1])]?.key ?? '';
    return `${key}-${w[2] === 'dueOn' ? 'due' : w[2] === 'estimatedMinutes' ? 'minutes' : 'title'}`;
  }
  const l = /^body\.links\.(\d+)/.exec(field);
  if (l) return `link-${l[1]}`;
  const name = field.replace(/^body\./, '');
  return name === 'contentHtml' ? 'content' : name;
}
