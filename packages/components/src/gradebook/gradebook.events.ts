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
  }
}
