/**
 * The data `<preau-attendance>` shows (shapes from `@preau/core`'s attendance views), and what its view modules
 * need from the element.
 */
import type {
  JustificationView,
  RollCallView,
  StudentAttendanceView,
  WeekGridView,
} from '@preau/core/attendance/views';
import type { Catalog } from '../base/i18n.js';
import type { PreauElement } from '../base/preau-element.js';
import type { SaveQueue } from '../base/save-queue.js';
import type { StatusController } from '../base/status.js';
import type { AttendanceMessageKey } from './attendance.messages.js';

export type AttendanceView = 'roll-call' | 'week' | 'parent';

/** A justification in the CPE's queue; `covers` lists the séances it justifies (dates shown to the CPE). */
export interface QueueItem extends JustificationView {
  covers?: { startsAt: string; endsAt: string; subject?: string }[];
}

/** Data of the vie-scolaire view: the week grid, and optionally the justification queue. */
export interface WeekData extends WeekGridView {
  queue?: QueueItem[];
}

/** One séance of the teacher's day, as `GET /api/v1/attendance/seances?date=` lists them. */
export interface SeanceListItem {
  id: string;
  start: string;
  end: string;
  label: string;
  classId: string;
  subject: string;
  rollCall: 'todo' | 'in_progress' | 'done';
  started: boolean;
}

/** `GET /api/v1/attendance/seances?date=YYYY-MM-DD`. */
export interface SeanceList {
  date: string;
  seances: SeanceListItem[];
}

export type AttendanceData = RollCallView | WeekData | StudentAttendanceView;

/** What a view module uses of the element. */
export interface AttendanceHost extends PreauElement {
  view: AttendanceView;
  src: string | null;
  data: AttendanceData | null;
  seances: SeanceList | null;
  showPhotos: boolean;
  /** Connected mode: the séance picked, or the week moved to, read instead of `src`. */
  rollCallPath: string | null;
  weekPath: string | null;
  readonly status: StatusController;
  readonly saves: SaveQueue;
  msg(key: AttendanceMessageKey, vars?: Record<string, unknown>): string;
  /** Reads the data again without the loading message (after a save, a decision, a live notice). */
  refresh(): Promise<void>;
}

export type { Catalog, JustificationView, RollCallView, StudentAttendanceView };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The roll call in `data`, or null when `data` is not one (bad data shows a message, never throws). */
export function asRollCall(d: unknown): RollCallView | null {
  if (!isObject(d) || !isObject(d.seance) || !Array.isArray(d.students)) return null;
  const v = d as unknown as RollCallView;
  return {
    ...v,
    students: v.students.filter((s) => isObject(s) && typeof s.id === 'string'),
    entries: Array.isArray(v.entries)
      ? v.entries.filter((e) => isObject(e) && typeof e.studentId === 'string')
      : [],
  };
}

export function asWeek(d: unknown): WeekData | null {
  if (!isObject(d) || !Array.isArray(d.cells) || !Array.isArray(d.days) || !Array.isArray(d.students))
    return null;
  const w = d as unknown as WeekData;
  const n = w.students.length;
  return {
    ...w,
    slots: Array.isArray(w.slots) ? w.slots.map(String) : [],
    students: w.students.map((s) => (isObject(s) ? s : { id: '', name: '', className: null })),
    cells: w.cells.filter((c) => Array.isArray(c) && Number.isInteger(c[0]) && c[0] >= 0 && c[0] < n),
    queue: Array.isArray(w.queue)
      ? w.queue.filter((j) => isObject(j) && typeof j.id === 'string')
      : undefined,
  };
}

export function asParent(d: unknown): StudentAttendanceView | null {
  if (!isObject(d) || !isObject(d.student) || !Array.isArray(d.entries)) return null;
  const v = d as unknown as StudentAttendanceView;
  return {
    ...v,
    entries: v.entries.filter((e) => isObject(e) && typeof e.id === 'string'),
    motifs: Array.isArray(v.motifs) ? v.motifs.filter((m) => isObject(m) && typeof m.code === 'string') : [],
    tally: isObject(v.tally) ? v.tally : ({} as StudentAttendanceView['tally']),
  };
}
