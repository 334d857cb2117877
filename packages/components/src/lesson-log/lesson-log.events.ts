import { PreauEvent } from '../base/events.js';

/** The entry as the API takes it (`POST /lesson-log/entries`, `PUT /lesson-log/entries/{id}`). */
export interface LessonEntryBody {
  classId?: string;
  subjectId?: string;
  date: string;
  seanceId: string | null;
  title: string;
  contentHtml: string;
  links: { url: string; label: string }[];
  attachmentIds: string[];
  privateNote: string | null;
  publishAt: string | null;
  reason: string | null;
  version?: number;
  work: {
    id?: string;
    type: string;
    title: string;
    instructionsHtml: string;
    givenOn?: string;
    dueOn: string;
    estimatedMinutes: number;
    targetClassId?: string;
    attachmentIds: string[];
  }[];
}

export interface EntrySaveDetail {
  /** Null for a new entry. */
  entryId: string | null;
  body: LessonEntryBody;
}

/** An entry is about to be saved; cancelable. */
export class PreauEntrySaveEvent extends PreauEvent<EntrySaveDetail> {
  static readonly eventName = 'preau-entry-save';
  constructor(detail: EntrySaveDetail) {
    super(PreauEntrySaveEvent.eventName, detail, { cancelable: true });
  }
}

/** An entry is about to be deleted; cancelable. */
export class PreauEntryDeleteEvent extends PreauEvent<{ entryId: string }> {
  static readonly eventName = 'preau-entry-delete';
  constructor(detail: { entryId: string }) {
    super(PreauEntryDeleteEvent.eventName, detail, { cancelable: true });
  }
}

export interface EntryDuplicateDetail {
  entryId: string;
  classId: string;
  date: string;
}

/** An entry is about to be copied to another class; cancelable. */
export class PreauEntryDuplicateEvent extends PreauEvent<EntryDuplicateDetail> {
  static readonly eventName = 'preau-entry-duplicate';
  constructor(detail: EntryDuplicateDetail) {
    super(PreauEntryDuplicateEvent.eventName, detail, { cancelable: true });
  }
}

export interface WorkDoneDetail {
  workId: string;
  studentId: string;
  done: boolean;
}

/** A student ticks (or unticks) work done; cancelable. */
export class PreauWorkDoneEvent extends PreauEvent<WorkDoneDetail> {
  static readonly eventName = 'preau-work-done';
  constructor(detail: WorkDoneDetail) {
    super(PreauWorkDoneEvent.eventName, detail, { cancelable: true });
  }
}

export interface VisaCreateDetail {
  classId: string;
  upTo: string;
  comment: string;
}

/** The direction visas a class's cahier up to a date; cancelable. */
export class PreauVisaCreateEvent extends PreauEvent<VisaCreateDetail> {
  static readonly eventName = 'preau-visa-create';
  constructor(detail: VisaCreateDetail) {
    super(PreauVisaCreateEvent.eventName, detail, { cancelable: true });
  }
}

export interface ClassSelectDetail {
  classId: string;
  subjectId: string | null;
}

/** Another class (and subject), child or établissement was picked; cancelable. */
export class PreauClassSelectEvent extends PreauEvent<ClassSelectDetail> {
  static readonly eventName = 'preau-class-select';
  constructor(detail: ClassSelectDetail) {
    super(PreauClassSelectEvent.eventName, detail, { cancelable: true });
  }
}

/** The teacher shows a séance on the whiteboard (board mode), or leaves it (`entryId: null`); cancelable. */
export class PreauBoardShowEvent extends PreauEvent<{ entryId: string | null }> {
  static readonly eventName = 'preau-board-show';
  constructor(detail: { entryId: string | null }) {
    super(PreauBoardShowEvent.eventName, detail, { cancelable: true });
  }
}

/** Connected mode: a live notice arrived (new, changed or removed work, a tick). */
export class PreauLessonLogNoticeEvent extends PreauEvent<{
  kind: string;
  payload: Record<string, unknown>;
}> {
  static readonly eventName = 'preau-lesson-log-notice';
  constructor(detail: { kind: string; payload: Record<string, unknown> }) {
    super(PreauLessonLogNoticeEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-entry-save': PreauEntrySaveEvent;
    'preau-entry-delete': PreauEntryDeleteEvent;
    'preau-entry-duplicate': PreauEntryDuplicateEvent;
    'preau-work-done': PreauWorkDoneEvent;
    'preau-visa-create': PreauVisaCreateEvent;
    'preau-class-select': PreauClassSelectEvent;
    'preau-board-show': PreauBoardShowEvent;
    'preau-lesson-log-notice': PreauLessonLogNoticeEvent;
  }
}
