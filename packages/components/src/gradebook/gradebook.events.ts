import type { MarkValue } from '@preau/core/gradebook/marks';
import type { EvaluationInput } from '@preau/core/gradebook/types';
import { PreauEvent } from '../base/events.js';

/** One cell changed in the grade book. */
export interface MarkChange {
  studentId: string;
  evaluationId: string;
  /** The value before the change (null: empty cell). */
  previous: MarkValue | null;
  /** The new value (null clears the cell). */
  value: MarkValue | null;
}

/** What caused a change: typing in a cell, a pasted block, undo or redo, or the server refusing a save. */
export type MarkChangeOrigin = 'edit' | 'paste' | 'undo' | 'redo' | 'rollback';

export interface MarkChangeDetail {
  changes: MarkChange[];
  origin: MarkChangeOrigin;
}

/**
 * Marks changed in the teacher view. Cancelable: a host that calls `preventDefault()` keeps the cells as they were
 * (nothing is saved in connected mode either). Not fired for a rollback after a failed save (see
 * `preau-mark-save-error`).
 */
export class PreauMarkChangeEvent extends PreauEvent<MarkChangeDetail> {
  static readonly eventName = 'preau-mark-change';
  constructor(detail: MarkChangeDetail) {
    super(PreauMarkChangeEvent.eventName, detail, { cancelable: true });
  }
}

/** The évaluation a teacher filled in with the element's form (ids of class, subject and period included). */
export interface EvaluationCreateDetail {
  evaluation: EvaluationInput;
}

/**
 * The teacher submitted the "new évaluation" form. Cancelable: in connected mode `preventDefault()` stops the
 * element from creating it on the server. In property mode the host creates it and sets new `.data`.
 */
export class PreauEvaluationCreateEvent extends PreauEvent<EvaluationCreateDetail> {
  static readonly eventName = 'preau-evaluation-create';
  constructor(detail: EvaluationCreateDetail) {
    super(PreauEvaluationCreateEvent.eventName, detail, { cancelable: true });
  }
}

/** The fields of an évaluation a teacher changed with the element's form (title, date, coefficient…). */
export interface EvaluationUpdateDetail {
  evaluationId: string;
  changes: Partial<Pick<EvaluationInput, 'title' | 'date' | 'coefficient' | 'outOf' | 'publishOn'>>;
}

/** The teacher changed an évaluation (renamed it…). Cancelable: `preventDefault()` keeps it as it was. */
export class PreauEvaluationUpdateEvent extends PreauEvent<EvaluationUpdateDetail> {
  static readonly eventName = 'preau-evaluation-update';
  constructor(detail: EvaluationUpdateDetail) {
    super(PreauEvaluationUpdateEvent.eventName, detail, { cancelable: true });
  }
}

/** The teacher confirmed deleting an évaluation and its marks. Cancelable. */
export class PreauEvaluationDeleteEvent extends PreauEvent<{ evaluationId: string }> {
  static readonly eventName = 'preau-evaluation-delete';
  constructor(detail: { evaluationId: string }) {
    super(PreauEvaluationDeleteEvent.eventName, detail, { cancelable: true });
  }
}

/** Another period was chosen in the period list. Cancelable: in property mode the host loads it. */
export class PreauPeriodChangeEvent extends PreauEvent<{ periodId: string }> {
  static readonly eventName = 'preau-period-change';
  constructor(detail: { periodId: string }) {
    super(PreauPeriodChangeEvent.eventName, detail, { cancelable: true });
  }
}

/** Appréciations written in the element (subject ones, or the head teacher's general ones: `subjectId` null). */
export interface AppreciationSaveDetail {
  periodId: string;
  subjectId: string | null;
  items: { studentId: string; text: string }[];
}

/** The teacher saved appréciations. Cancelable: in property mode the host saves them. */
export class PreauAppreciationSaveEvent extends PreauEvent<AppreciationSaveDetail> {
  static readonly eventName = 'preau-appreciation-save';
  constructor(detail: AppreciationSaveDetail) {
    super(PreauAppreciationSaveEvent.eventName, detail, { cancelable: true });
  }
}

/** Connected mode: a batch of marks was saved by the server. */
export class PreauMarkSaveEvent extends PreauEvent<{ changes: MarkChange[] }> {
  static readonly eventName = 'preau-mark-save';
  constructor(detail: { changes: MarkChange[] }) {
    super(PreauMarkSaveEvent.eventName, detail);
  }
}

/** Connected mode: the server refused a batch; the cells were put back and `message` is shown. */
export class PreauMarkSaveErrorEvent extends PreauEvent<{
  changes: MarkChange[];
  message: string;
  status: number;
}> {
  static readonly eventName = 'preau-mark-save-error';
  constructor(detail: { changes: MarkChange[]; message: string; status: number }) {
    super(PreauMarkSaveErrorEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-mark-change': PreauMarkChangeEvent;
    'preau-evaluation-create': PreauEvaluationCreateEvent;
    'preau-mark-save': PreauMarkSaveEvent;
    'preau-mark-save-error': PreauMarkSaveErrorEvent;
    'preau-evaluation-update': PreauEvaluationUpdateEvent;
    'preau-evaluation-delete': PreauEvaluationDeleteEvent;
    'preau-period-change': PreauPeriodChangeEvent;
    'preau-appreciation-save': PreauAppreciationSaveEvent;
  }
}
