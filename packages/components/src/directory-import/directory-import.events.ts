import { PreauEvent } from '../base/events.js';

/** The files the direction chose: SIECLE and STS-web exports, or the files of an AAF feed. */
export interface DirectoryFilesDetail {
  files: File[];
}

/** The direction asks what an import of these files would do; cancelable (a host can preview by itself). */
export class PreauDirectoryPreviewEvent extends PreauEvent<DirectoryFilesDetail> {
  static readonly eventName = 'preau-directory-preview';
  constructor(detail: DirectoryFilesDetail) {
    super(PreauDirectoryPreviewEvent.eventName, detail, { cancelable: true });
  }
}

/** The direction confirms the previewed import; cancelable. */
export class PreauDirectoryImportEvent extends PreauEvent<DirectoryFilesDetail> {
  static readonly eventName = 'preau-directory-import';
  constructor(detail: DirectoryFilesDetail) {
    super(PreauDirectoryImportEvent.eventName, detail, { cancelable: true });
  }
}

/** The direction asks for a class's credential sheet (new access codes, PDF); cancelable. */
export class PreauCredentialsPrintEvent extends PreauEvent<{ classId: string; className: string }> {
  static readonly eventName = 'preau-credentials-print';
  constructor(detail: { classId: string; className: string }) {
    super(PreauCredentialsPrintEvent.eventName, detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-directory-preview': PreauDirectoryPreviewEvent;
    'preau-directory-import': PreauDirectoryImportEvent;
    'preau-credentials-print': PreauCredentialsPrintEvent;
  }
}
