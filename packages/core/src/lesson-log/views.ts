import type { ClassKind } from '../school.js';
import type { WorkType } from './work-types.js';

/**
 * What the cahier de textes API answers, shared by the API (which builds them) and the <preau-lesson-log> element
 * (which shows them, in connected or property mode). Instants are ISO 8601 strings (UTC), dates YYYY-MM-DD
 * (a day in Paris). Rich text (`contentHtml`, `instructionsHtml`) has been sanitized by the server.
 */

export interface LessonClassRef {
  id: string;
  name: string;
  kind: ClassKind;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface LessonLinkView {
  url: string;
  label: string;
}

export interface LessonAttachmentView {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  /** The work item it goes with, or null for the séance itself. */
  workId: string | null;
  /** Download address (always as an attachment). */
  href: string;
}

export interface LessonWorkView {
  /** Stable: the calendar UID of the work is built from it. */
  id: string;
  entryId: string;
  type: WorkType;
  title: string;
  instructionsHtml: string;
  givenOn: string;
  dueOn: string;
  estimatedMinutes: number;
  /** The whole class, or one of its groups. */
  target: LessonClassRef;
  attachments: LessonAttachmentView[];
  version: number;
}

/** What an entry looked like before a change (kept in its history). */
export interface LessonSnapshot {
  title: string;
  contentHtml: string;
  links: LessonLinkView[];
  publishAt: string;
  work: Omit<LessonWorkView, 'entryId' | 'attachments' | 'version'>[];
  attachments: { id: string; name: string }[];
}

/** A visible correction of an entry made after a visa covered it. */
export interface LessonAmendmentView {
  at: string;
  by: PersonRef;
  reason: string | null;
  /** The visa the entry was under. */
  visaUpTo: string;
  /** The entry before the change; null when the entry itself was added after the visa. */
  previous: LessonSnapshot | null;
}

export interface LessonVisaView {
  id: string;
  classId: string;
  /** Entries dated up to this day (included) are locked. */
  upTo: string;
  comment: string;
  visaedAt: string;
  visaedBy: PersonRef;
}

export interface LessonEntryView {
  id: string;
  uai: string;
  class: LessonClassRef;
  subject: { id: string; code: string; name: string };
  teacher: PersonRef;
  seanceId: string | null;
  /** The séance's day. */
  date: string;
  /** The séance's times, when the entry fills a timetable slot. */
  startsAt: string | null;
  endsAt: string | null;
  title: string;
  contentHtml: string;
  links: LessonLinkView[];
  /** Files of the séance itself (work items carry their own). */
  attachments: LessonAttachmentView[];
  work: LessonWorkView[];
  publishAt: string;
  /** Students and parents see it (they never receive an unpublished entry). */
  published: boolean;
  /** Under a visa: a change becomes a visible amendment. */
  locked: boolean;
  amendments: LessonAmendmentView[];
  /** Present for the author only. */
  privateNote?: string | null;
  /** The viewer wrote it and may change it. */
  canEdit: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface LessonSeanceSlot {
  id: string;
  subjectId: string;
  subjectName: string;
  teacher: PersonRef;
  startsAt: string;
  endsAt: string;
  room: string | null;
  /** The entry filling it, if the viewer may see one. */
  entryId: string | null;
}

/** A class's (or group's) cahier over a date range. */
export interface ClassLessonLogView {
  class: LessonClassRef & { uai: string; level: string | null; schoolYear: number };
  from: string;
  to: string;
  entries: LessonEntryView[];
  seances: LessonSeanceSlot[];
  visas: LessonVisaView[];
  /** The latest visa's day: entries up to it are locked. */
  lockedUntil: string | null;
}

export interface StudentWorkItemView extends LessonWorkView {
  subject: { id: string; code: string; name: string };
  teacher: PersonRef;
  entryTitle: string;
  entryDate: string;
  done: boolean;
  doneAt: string | null;
}

/** A student's agenda: work by due date, with "pour demain". */
export interface StudentAgendaView {
  student: { id: string; firstName: string; lastName: string };
  today: string;
  /** The next class day: its work is "pour demain". */
  nextClassDay: string | null;
  from: string;
  to: string;
  /** Sorted by due date, then subject. */
  work: StudentWorkItemView[];
  /** The student may tick (their own agenda); a parent reads. */
  canTick: boolean;
}

export interface WorkloadItemView {
  workId: string;
  entryId: string;
  subject: { id: string; name: string };
  type: WorkType;
  title: string;
  dueOn: string;
  estimatedMinutes: number;
  target: LessonClassRef;
  /** Share of the class's students concerned (1 for whole-class work). */
  share: number;
  published: boolean;
}

export interface WorkloadView {
  class: LessonClassRef;
  /** The day asked for, and its week (Monday to Sunday). */
  date: string;
  weekStart: string;
  days: { date: string; minutes: number; count: number; overLimit: boolean }[];
  /** The day asked for. */
  day: { date: string; minutes: number; count: number; overLimit: boolean };
  weekMinutes: number;
  limits: { dailyMinutes: number; weeklyMinutes: number };
  /** A day or the week is above a limit: the editor warns before more work is given. */
  overLimit: boolean;
  bySubject: { subjectId: string; subjectName: string; minutes: number }[];
  items: WorkloadItemView[];
}

export interface LessonFeedView {
  id: string;
  kind: 'student' | 'guardian' | 'teacher';
  /** The child a parent's feed is for (a student's own feed: themselves). */
  student: PersonRef | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Answered once, at creation: the secret address is not shown again. */
export interface LessonFeedCreatedView extends LessonFeedView {
  url: string;
  webcalUrl: string;
}

/** What the viewer reaches in the cahier de textes (pickers of the element). */
export interface LessonLogContextView {
  today: string;
  nextClassDay: string | null;
  schoolYear: number;
  /** A teacher's classes and groups with the subjects they teach there. */
  teaching: (LessonClassRef & { subjects: { id: string; code: string; name: string }[] })[];
  /** A student: themselves; a parent: their children; with their classes and groups. */
  students: { id: string; firstName: string; lastName: string; classes: LessonClassRef[] }[];
  /** Direction and inspectors: the établissements whose cahiers they read. */
  etablissements: { uai: string; name: string }[];
}

/** The direction's overview of an établissement: each class's cahier and its visa. */
export interface LessonVisaOverviewView {
  uai: string;
  classes: (LessonClassRef & {
    level: string | null;
    entries: number;
    lastEntryDate: string | null;
    visa: LessonVisaView | null;
    entriesSinceVisa: number;
    /** Amendments made to its entries after a visa. */
    amendments: number;
  })[];
}
