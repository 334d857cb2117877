import type { AttendanceStatus } from '@preau/core/attendance/statuses';
import { PreauEvent } from '../base/events.js';

/** One student's mark in the roll call. */
export interface AttendanceMark {
  studentId: string;
  status: AttendanceStatus;
  lateMinutes?: number | null;
}

export interface AttendanceChangeDetail {
  seanceId: string;
  marks: AttendanceMark[];
}

/** Marks changed in the roll call (a tap, a key, "tous présents"). Cancelable: the host may refuse the change. */
export class PreauAttendanceChangeEvent extends PreauEvent<AttendanceChangeDetail> {
  static readonly eventName = 'preau-attendance-change';
  constructor(detail: AttendanceChangeDetail) {
    super(PreauAttendanceChangeEvent.eventName, detail, { cancelable: true });
  }
}

export interface AttendanceSaveDetail {
  seanceId: string;
  marks: AttendanceMark[];
  close: boolean;
}

/**
 * The teacher saved (or closed) the roll call. Cancelable: in connected mode `preventDefault()` stops the request;
 * in property mode the host saves it.
 */
export class PreauAttendanceSaveEvent extends PreauEvent<AttendanceSaveDetail> {
  static readonly eventName = 'preau-attendance-save';
  constructor(detail: AttendanceSaveDetail) {
    super(PreauAttendanceSaveEvent.eventName, detail, { cancelable: true });
  }
}

export interface JustificationSubmitDetail {
  studentId: string;
  entryIds: string[];
  motif: string;
  comment: string;
  file: File | null;
}

/** A family sent the justification form. Cancelable, like the save. */
export class PreauJustificationSubmitEvent extends PreauEvent<JustificationSubmitDetail> {
  static readonly eventName = 'preau-justification-submit';
  constructor(detail: JustificationSubmitDetail) {
    super(PreauJustificationSubmitEvent.eventName, detail, { cancelable: true });
  }
}

export interface JustificationDecideDetail {
  justificationId: string;
  decision: 'validee' | 'refusee';
  /** The reason given for a refusal (read by the family). */
  comment?: string;
}

/** The CPE accepted or refused a justification from the queue. Cancelable, like the save. */
export class PreauJustificationDecideEvent extends PreauEvent<JustificationDecideDetail> {
  static readonly eventName = 'preau-justification-decide';
  constructor(detail: JustificationDecideDetail) {
    super(PreauJustificationDecideEvent.eventName, detail, { cancelable: true });
  }
}

/** The teacher picked another séance in the roll call's picker. Cancelable: in property mode the host loads it. */
export class PreauSeanceSelectEvent extends PreauEvent<{ seanceId: string }> {
  static readonly eventName = 'preau-seance-select';
  constructor(detail: { seanceId: string }) {
    super(PreauSeanceSelectEvent.eventName, detail, { cancelable: true });
  }
}

/** The vie scolaire moved to another week (property mode: the host loads it). Cancelable. */
export class PreauWeekChangeEvent extends PreauEvent<{ weekStart: string }> {
  static readonly eventName = 'preau-week-change';
  constructor(detail: { weekStart: string }) {
    super(PreauWeekChangeEvent.eventName, detail, { cancelable: true });
  }
}

/** A live notice arrived over the stream (connected mode). */
export interface AttendanceNoticeDetail {
  kind: string;
  payload: Record<string, unknown>;
}

export class PreauAttendanceNoticeEvent extends PreauEvent<AttendanceNoticeDetail> {
  static readonly eventName = 'preau-attendance-notice';
  constructor(detail: AttendanceNoticeDetail) {
    super(PreauAttendanceNoticeEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-attendance-change': PreauAttendanceChangeEvent;
    'preau-attendance-save': PreauAttendanceSaveEvent;
    'preau-justification-submit': PreauJustificationSubmitEvent;
    'preau-justification-decide': PreauJustificationDecideEvent;
    'preau-attendance-notice': PreauAttendanceNoticeEvent;
    'preau-seance-select': PreauSeanceSelectEvent;
    'preau-week-change': PreauWeekChangeEvent;
  }
}
