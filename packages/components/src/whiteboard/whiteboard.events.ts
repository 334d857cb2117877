import { PreauEvent } from '../base/events.js';
import type { Annotations } from './annotations.js';
import type { DocumentFormat, DocumentRefusal } from './document/types.js';

export interface AnnotationChangeDetail {
  /** All the annotations of the document (a new object at each change). */
  annotations: Annotations;
  /** The page whose annotations changed. */
  pageId: string;
}

/** The user drew, erased, undid or redid: property-mode hosts save `detail.annotations`. */
export class PreauAnnotationChangeEvent extends PreauEvent<AnnotationChangeDetail> {
  static readonly eventName = 'preau-annotation-change';
  constructor(detail: AnnotationChangeDetail) {
    super(PreauAnnotationChangeEvent.eventName, detail);
  }
}

export interface PageChangeDetail {
  /** 0-based index. */
  index: number;
  pageId: string;
}

export class PreauPageChangeEvent extends PreauEvent<PageChangeDetail> {
  static readonly eventName = 'preau-page-change';
  constructor(detail: PageChangeDetail) {
    super(PreauPageChangeEvent.eventName, detail);
  }
}

export interface DocumentLoadDetail {
  title: string;
  format: DocumentFormat;
  pageCount: number;
}

export class PreauDocumentLoadEvent extends PreauEvent<DocumentLoadDetail> {
  static readonly eventName = 'preau-document-load';
  constructor(detail: DocumentLoadDetail) {
    super(PreauDocumentLoadEvent.eventName, detail);
  }
}

export interface DocumentErrorDetail {
  /** Why the document was refused (`suspicious-ratio`, `unsafe-name`…) or `load-failed`. */
  reason: DocumentRefusal | 'load-failed';
  /** The sentence shown to the user, in the element's language. */
  message: string;
}

export class PreauDocumentErrorEvent extends PreauEvent<DocumentErrorDetail> {
  static readonly eventName = 'preau-document-error';
  constructor(detail: DocumentErrorDetail) {
    super(PreauDocumentErrorEvent.eventName, detail);
  }
}

export interface TraceSaveDetail {
  title: string;
  annotations: Annotations;
}

/**
 * The teacher asked to save the class trace. Cancelable: a property-mode host that stores it itself calls
 * `preventDefault()`; in connected mode the element posts it to `trace-src` unless prevented.
 */
export class PreauTraceSaveEvent extends PreauEvent<TraceSaveDetail> {
  static readonly eventName = 'preau-trace-save';
  constructor(detail: TraceSaveDetail) {
    super(PreauTraceSaveEvent.eventName, detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-annotation-change': PreauAnnotationChangeEvent;
    'preau-page-change': PreauPageChangeEvent;
    'preau-document-load': PreauDocumentLoadEvent;
    'preau-document-error': PreauDocumentErrorEvent;
    'preau-trace-save': PreauTraceSaveEvent;
  }
}
