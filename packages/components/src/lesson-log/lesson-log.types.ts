/**
 * The data `<preau-lesson-log>` shows (shapes from `@preau/core`'s lesson-log views), the readers that make any
 * untrusted value safe to render (what is unusable is dropped, never thrown on), and what the view modules need
 * from the element.
 */
import type {
  ClassLessonLogView,
  LessonAttachmentView,
  LessonEntryView,
  LessonLogContextView,
  LessonVisaOverviewView,
  LessonVisaView,
  LessonWorkView,
  StudentAgendaView,
  StudentWorkItemView,
  WorkloadView,
} from '@preau/core/lesson-log/views';
import { WORK_TYPES, type WorkType } from '@preau/core/lesson-log/work-types';
import type { PreauElement } from '../base/preau-element.js';
import type { SaveQueue } from '../base/save-queue.js';
import type { StatusController } from '../base/status.js';
import type { LessonLogMessageKey } from './lesson-log.messages.js';
import type { RichText } from './rich-text.js';

export type LessonLogView = 'teacher' | 'student' | 'family' | 'direction';
export const LESSON_LOG_VIEWS: readonly LessonLogView[] = ['teacher', 'student', 'family', 'direction'];

export type LessonLogData = ClassLessonLogView | StudentAgendaView | LessonVisaOverviewView;

export type {
  ClassLessonLogView,
  LessonAttachmentView,
  LessonEntryView,
  LessonLogContextView,
  LessonVisaOverviewView,
  LessonVisaView,
  LessonWorkView,
  StudentAgendaView,
  StudentWorkItemView,
  WorkloadView,
};

/** What a view module uses of the element. */
export interface LessonLogHost extends PreauElement {
  view: LessonLogView;
  src: string | null;
  readonly status: StatusController;
  readonly saves: SaveQueue;
  readonly richText: RichText;
  /** The viewer's classes, children, établissements (connected mode loads it; property mode may set it). */
  context: LessonLogContextView | null;
  msg(key: LessonLogMessageKey, vars?: Record<string, unknown>): string;
  /** The API root in connected mode (`/api/v1`), or null in property mode. */
  apiBase(): string | null;
  /** Reads the view's data again without the loading message. */
  refresh(): Promise<void>;
  /** Today in Paris, from the element's clock. */
  today(): string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const list = <T>(v: unknown, read: (x: unknown) => T | null): T[] =>
  Array.isArray(v) ? v.map(read).filter((x): x is T => x !== null) : [];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: unknown): string | null => (typeof v === 'string' && DAY.test(v) ? v : null);
const person = (v: unknown) => (isObject(v) ? { id: str(v.id), name: str(v.name) } : { id: '', name: '' });
const classRef = (v: unknown) =>
  isObject(v)
    ? {
        id: str(v.id),
        name: str(v.name),
        kind: v.kind === 'groupe' ? ('groupe' as const) : ('classe' as const),
      }
    : { id: '', name: '', kind: 'classe' as const };
const subjectRef = (v: unknown) =>
  isObject(v) ? { id: str(v.id), code: str(v.code), name: str(v.name) } : { id: '', code: '', name: '' };
const workType = (v: unknown): WorkType =>
  (WORK_TYPES as readonly unknown[]).includes(v) ? (v as WorkType) : 'autre';

function attachment(v: unknown): LessonAttachmentView | null {
  if (!isObject(v) || typeof v.id !== 'string') return null;
  return {
    id: v.id,
    name: str(v.name, v.id),
    mediaType: str(v.mediaType),
    size: num(v.size),
    workId: strOrNull(v.workId),
    href: str(v.href),
  };
}

function work(v: unknown): LessonWorkView | null {
  if (!isObject(v) || typeof v.id !== 'string') return null;
  const dueOn = day(v.dueOn);
  if (!dueOn) return null;
  return {
    id: v.id,
    entryId: str(v.entryId),
    type: workType(v.type),
    title: str(v.title),
    instructionsHtml: str(v.instructionsHtml),
    givenOn: day(v.givenOn) ?? dueOn,
    dueOn,
    estimatedMinutes: Math.max(0, num(v.estimatedMinutes)),
    target: classRef(v.target),
    attachments: list(v.attachments, attachment),
    version: num(v.version, 1),
  };
}

function visa(v: unknown): LessonVisaView | null {
  if (!isObject(v) || typeof v.id !== 'string' || !day(v.upTo)) return null;
  return {
    id: v.id,
    classId: str(v.classId),
    upTo: v.upTo as string,
    comment: str(v.comment),
    visaedAt: str(v.visaedAt),
    visaedBy: person(v.visaedBy),
  };
}

export function asEntry(v: unknown): LessonEntryView | null {
  if (!isObject(v) || typeof v.id !== 'string' || !day(v.date)) return null;
  return {
    id: v.id,
    uai: str(v.uai),
    class: classRef(v.class),
    subject: subjectRef(v.subject),
    teacher: person(v.teacher),
    seanceId: strOrNull(v.seanceId),
    date: v.date as string,
    startsAt: strOrNull(v.startsAt),
    endsAt: strOrNull(v.endsAt),
    title: str(v.title),
    contentHtml: str(v.contentHtml),
    links: list(v.links, (l) =>
      isObject(l) && typeof l.url === 'string' ? { url: l.url, label: str(l.label, l.url) } : null,
    ),
    attachments: list(v.attachments, attachment),
    work: list(v.work, work),
    publishAt: str(v.publishAt),
    published: v.published !== false,
    locked: v.locked === true,
    amendments: list(v.amendments, (a) =>
      isObject(a)
        ? {
            at: str(a.at),
            by: person(a.by),
            reason: strOrNull(a.reason),
            visaUpTo: str(a.visaUpTo),
            previous: null,
          }
        : null,
    ),
    privateNote: strOrNull(v.privateNote),
    canEdit: v.canEdit === true,
    version: num(v.version, 1),
    createdAt: str(v.createdAt),
    updatedAt: str(v.updatedAt),
  };
}

/** A class's cahier, or null when `d` is not one (bad data shows a message, never throws). */
export function asClassLog(d: unknown): ClassLessonLogView | null {
  if (!isObject(d) || !isObject(d.class) || !Array.isArray(d.entries)) return null;
  const from = day(d.from);
  const to = day(d.to);
  if (!from || !to) return null;
  return {
    class: {
      ...classRef(d.class),
      uai: str(d.class.uai),
      level: strOrNull(d.class.level),
      schoolYear: num(d.class.schoolYear),
    },
    from,
    to,
    entries: list(d.entries, asEntry),
    seances: list(d.seances, (s) =>
      isObject(s) && typeof s.id === 'string' && typeof s.startsAt === 'string'
        ? {
            id: s.id,
            subjectId: str(s.subjectId),
            subjectName: str(s.subjectName),
            teacher: person(s.teacher),
            startsAt: s.startsAt,
            endsAt: str(s.endsAt, s.startsAt),
            room: strOrNull(s.room),
            entryId: strOrNull(s.entryId),
          }
        : null,
    ),
    visas: list(d.visas, visa),
    lockedUntil: day(d.lockedUntil),
  };
}

function studentWork(v: unknown): StudentWorkItemView | null {
  const w = work(v);
  if (!w || !isObject(v)) return null;
  return {
    ...w,
    subject: subjectRef(v.subject),
    teacher: person(v.teacher),
    entryTitle: str(v.entryTitle),
    entryDate: day(v.entryDate) ?? w.givenOn,
    done: v.done === true,
    doneAt: strOrNull(v.doneAt),
  };
}

export function asAgenda(d: unknown): StudentAgendaView | null {
  if (!isObject(d) || !isObject(d.student) || !Array.isArray(d.work)) return null;
  const today = day(d.today);
  if (!today) return null;
  return {
    student: {
      id: str(d.student.id),
      firstName: str(d.student.firstName),
      lastName: str(d.student.lastName),
    },
    today,
    nextClassDay: day(d.nextClassDay),
    from: day(d.from) ?? today,
    to: day(d.to) ?? today,
    work: list(d.work, studentWork),
    canTick: d.canTick === true,
  };
}

export function asOverview(d: unknown): LessonVisaOverviewView | null {
  if (!isObject(d) || !Array.isArray(d.classes)) return null;
  return {
    uai: str(d.uai),
    classes: list(d.classes, (c) =>
      isObject(c) && typeof c.id === 'string'
        ? {
            ...classRef(c),
            level: strOrNull(c.level),
            entries: num(c.entries),
            lastEntryDate: day(c.lastEntryDate),
            visa: visa(c.visa),
            entriesSinceVisa: num(c.entriesSinceVisa),
            amendments: num(c.amendments),
          }
        : null,
    ),
  };
}

export function asContext(d: unknown): LessonLogContextView | null {
  if (!isObject(d)) return null;
  const today = day(d.today);
  if (!today) return null;
  return {
    today,
    nextClassDay: day(d.nextClassDay),
    schoolYear: num(d.schoolYear),
    teaching: list(d.teaching, (t) =>
      isObject(t) && typeof t.id === 'string'
        ? { ...classRef(t), subjects: list(t.subjects, (s) => (isObject(s) ? subjectRef(s) : null)) }
        : null,
    ),
    students: list(d.students, (s) =>
      isObject(s) && typeof s.id === 'string'
        ? {
            id: s.id,
            firstName: str(s.firstName),
            lastName: str(s.lastName),
            classes: list(s.classes, (c) => (isObject(c) ? classRef(c) : null)),
          }
        : null,
    ),
    etablissements: list(d.etablissements, (e) =>
      isObject(e) && typeof e.uai === 'string' ? { uai: e.uai, name: str(e.name, e.uai) } : null,
    ),
  };
}

export function asWorkload(d: unknown): WorkloadView | null {
  if (!isObject(d) || !isObject(d.day) || !Array.isArray(d.days) || !isObject(d.limits)) return null;
  const dayFigure = (v: unknown) =>
    isObject(v) && day(v.date)
      ? {
          date: v.date as string,
          minutes: num(v.minutes),
          count: num(v.count),
          overLimit: v.overLimit === true,
        }
      : null;
  const today = dayFigure(d.day);
  if (!today) return null;
  return {
    class: classRef(d.class),
    date: today.date,
    weekStart: day(d.weekStart) ?? today.date,
    days: list(d.days, dayFigure),
    day: today,
    weekMinutes: num(d.weekMinutes),
    limits: { dailyMinutes: num(d.limits.dailyMinutes, 90), weeklyMinutes: num(d.limits.weeklyMinutes, 360) },
    overLimit: d.overLimit === true,
    bySubject: list(d.bySubject, (s) =>
      isObject(s)
        ? { subjectId: str(s.subjectId), subjectName: str(s.subjectName), minutes: num(s.minutes) }
        : null,
    ),
    items: list(d.items, (i) =>
      isObject(i) && typeof i.workId === 'string' && day(i.dueOn)
        ? {
            workId: i.workId,
            entryId: str(i.entryId),
            subject: isObject(i.subject)
              ? { id: str(i.subject.id), name: str(i.subject.name) }
              : { id: '', name: '' },
            type: workType(i.type),
            title: str(i.title),
            dueOn: i.dueOn as string,
            estimatedMinutes: num(i.estimatedMinutes),
            target: classRef(i.target),
            share: num(i.share, 1),
            published: i.published !== false,
          }
        : null,
    ),
  };
}

/** The data matching a view, read safely; null when `d` is not the view's. */
export function dataFor(view: LessonLogView, d: unknown): LessonLogData | null {
  if (view === 'teacher') return asClassLog(d);
  if (view === 'direction') return asOverview(d);
  return asAgenda(d);
}
